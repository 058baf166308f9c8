"""One ``daycast serve`` process shared by the server tests of a module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import _USER_MODELS
from tests.server.daycast_server import DaycastServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaycastServer]:
    running = DaycastServer(tmp_path_factory.mktemp("daycast-serve"), _USER_MODELS).start()
    yield running
    running.stop()
