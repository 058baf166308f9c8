"""One ``daycast serve`` process shared by the server tests: with an API key, as off loopback (the key is
enforced wherever one is set), so every test also checks that its client sends it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import _USER_MODELS
from tests.server.daycast_server import SERVER_KEY, DaycastServer


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaycastServer]:
    running = DaycastServer(tmp_path_factory.mktemp("daycast-serve"), _USER_MODELS,
                            env_extra={"DAYCAST_SERVER_KEY": SERVER_KEY}).start()
    yield running
    running.stop()


@pytest.fixture
def client_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Daycast as a client finds each route's key where a user keeps it (here: the route's own environment
    variable; DAYCAST_API_KEY alone is the cloud endpoint's and is sent to no other route)."""
    for route in ("GPU_BOX", "GPU_BOX_ASR", "GPU_BOX_TTS"):
        monkeypatch.setenv(f"DAYCAST_API_KEY_{route}", SERVER_KEY)
    return SERVER_KEY
