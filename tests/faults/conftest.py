"""Fault fixtures: a real tiny filesystem when one can be mounted, and a calendar-only source folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faults_util import CALENDAR, mount_tmpfs, unmount


@pytest.fixture
def calendar_sources(tmp_path: Path) -> Path:
    """A calendar-only source folder: a briefing from it needs no LLM call (quick CLI runs)."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "work.ics").write_text(CALENDAR, encoding="utf-8")
    return folder


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB filesystem (tmpfs); skipped where this process may not mount one (not root)."""
    folder = tmp_path / "tiny-disk"
    folder.mkdir()
    if not mount_tmpfs(folder, "256k"):
        pytest.skip("cannot mount a tmpfs here (needs root); the simulated full disk covers this")
    try:
        yield folder
    finally:
        unmount(folder)
