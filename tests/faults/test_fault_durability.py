"""Durability and write races: every atomic write fsyncs its folder after the rename, a live writer's
temp file is never swept away, and two processes never append to one download ``.part``."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.trust import keys
from engines import fsutil
from engines.download import DownloadRequest, download
from engines.errors import DownloadError
from engines.fsutil import atomic_write_text


@pytest.fixture
def synced_folders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every folder that gets an fsync (recorded by the fd's inode), files ignored."""
    real_fsync = os.fsync
    folders: list[Path] = []

    def recording_fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            folders.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    yield folders


def test_atomic_write_fsyncs_the_folder_after_the_rename(tmp_path: Path, synced_folders: list[Path]) -> None:
    atomic_write_text(tmp_path / "settings.json", "{}")
    assert synced_folders == [tmp_path]


def test_the_signing_key_folder_is_fsynced_when_the_key_is_made(tmp_path: Path, synced_folders: list[Path]) -> None:
    keys.load_or_create()  # DAYCAST_DATA points at a fresh folder in tests
    assert keys.keys_dir() in synced_folders


def test_cleanup_between_create_and_lock_spares_the_live_writer(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process's orphan sweep runs right after our temp file exists but before we lock it."""
    target = tmp_path / "episode.mp3"
    real_mkstemp: Callable[..., tuple[int, str]] = tempfile.mkstemp

    def mkstemp_then_sweep(*args: object, **kwargs: object) -> tuple[int, str]:
        made = real_mkstemp(*args, **kwargs)
        fsutil._remove_orphans(target)  # what a second writer of the same file does first
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_sweep)
    atomic_write_text(target, "whole episode")
    assert target.read_text() == "whole episode"


def test_two_downloads_never_share_one_part_file(tmp_path: Path) -> None:
    from engines.fsutil import file_lock

    dest = tmp_path / "m.bin"
    with file_lock(dest), pytest.raises(DownloadError, match="already being downloaded"):
        download(DownloadRequest("http://127.0.0.1:9/m.bin", dest, "0" * 64))
