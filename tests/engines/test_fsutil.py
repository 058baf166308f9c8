"""Atomic writes: the destination is whole or untouched, and gets the permissions a plain open() gives."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from engines.fsutil import _umask, atomic_write_text, atomic_writer


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_is_readable_by_others_as_the_umask_allows(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    atomic_write_text(target, "<rss/>")
    assert _umask() == int(Path("/proc/self/status").read_text().split("Umask:")[1].split()[0], 8)
    assert _mode(target) == 0o666 & ~_umask()  # mkstemp alone gives 0600: a web server could not serve it


def test_rewritten_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert (target.read_text(encoding="utf-8"), _mode(target)) == ("new", 0o640)


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "episode.mp3"
    target.write_bytes(b"old episode")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half of a new episode")
        raise RuntimeError("encoder crashed")
    assert target.read_bytes() == b"old episode"
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]


def test_a_live_writers_temp_file_is_not_swept_away(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    with atomic_writer(target) as outer:
        outer.write(b"<rss>outer</rss>")
        atomic_write_text(target, "<rss>inner</rss>")  # a second writer sweeps orphans: the outer one is alive
        assert target.read_text(encoding="utf-8") == "<rss>inner</rss>"
    assert target.read_text(encoding="utf-8") == "<rss>outer</rss>"  # the last to finish wins, whole
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]


def test_an_orphaned_temp_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "episode [1].mp3"  # glob characters in the name must not widen the sweep
    orphan = tmp_path / ".episode [1].mp3.abc123.part"
    other = tmp_path / ".other.mp3.abc123.part"
    orphan.write_bytes(b"half")
    other.write_bytes(b"someone else's")
    atomic_write_text(target, "ok")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, other.name])
