"""File helpers: atomic writes (temp file + rename) and hashing, used by every writer in Daycast."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import glob
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from engines.errors import DiskFullError, OutputError

_HASH_BLOCK = 4 * 1024 * 1024


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _raise_write_error(path: Path, exc: OSError) -> None:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        raise DiskFullError(f"Disk full while writing {path}", hint="free some space and run again") from exc
    raise OutputError(f"Cannot write {path}: {exc.strerror or exc}") from exc


@functools.cache
def _umask() -> int:
    """The process umask, read without changing it (``os.umask`` would, for every thread, for a moment)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _final_mode(target: Path) -> int:
    """What a plain ``open()`` would have given: the old file's mode, else 0666 less the umask.

    ``mkstemp`` makes 0600 files, which a web server or a second user could not read (exported
    episodes and feeds are meant to be shared).
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _remove_orphans(target: Path) -> None:
    """Delete temp files of earlier writes of ``target`` whose process died (kill -9, power cut).

    A live writer holds a lock on its temp file, so only files nobody holds are removed.
    """
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            with open(part, "rb") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                part.unlink()
        except OSError:  # held by a live writer, or already gone
            continue


@contextlib.contextmanager
def atomic_writer(path: str | Path, mode: str = "wb") -> Iterator[BinaryIO]:
    """Write to a temp file beside ``path`` and rename it over ``path`` only on success.

    A crash, a full disk or a cancel leaves the destination as it was (never half-written).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_orphans(target)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        _raise_write_error(target, exc)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode) as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # held until we exit: tells a live writer from a killed one
            os.fchmod(handle.fileno(), _final_mode(target))
            yield handle  # type: ignore[misc]
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _raise_write_error(target, exc)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_writer(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def check_writable(path: str | Path) -> Path:
    """Fail fast, before any model work, when ``path`` cannot be written."""
    target = Path(path).expanduser().resolve()
    parent = target.parent
    if target.is_dir():
        raise OutputError(f"Output path {target} is a folder; give a file name such as briefing.mp3")
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Cannot create the folder {parent}: {exc.strerror or exc}") from exc
    if not os.access(parent, os.W_OK):
        raise OutputError(f"Cannot write to {parent}: permission denied")
    return target
