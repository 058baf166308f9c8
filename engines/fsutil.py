"""File helpers: atomic writes (temp file + rename + folder fsync), file locks and hashing, used by every writer."""

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
import time
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


_FRESH_SECONDS = 3600.0
"""A ``.new`` temp file younger than this may belong to a writer that has not locked it yet."""


def fsync_dir(folder: str | Path) -> None:
    """Make a rename or a new file in ``folder`` durable: without this a power cut can lose the entry."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # not a real folder on this platform or file system: nothing more can be done
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def replace_durably(source: str | Path, target: str | Path) -> None:
    """``os.replace`` then fsync the target's folder (the one rename every writer in Daycast uses)."""
    os.replace(source, target)
    fsync_dir(Path(target).parent)


def _remove_orphans(target: Path) -> None:
    """Delete temp files of earlier writes of ``target`` whose process died (kill -9, power cut).

    A writer creates ``.<name>.<random>.new``, locks it, and only then renames it to ``….part``:
    every ``.part`` therefore was locked by its writer, and a lock we can take means that writer is
    gone. ``.new`` files are removed only when they are old (a crash between create and lock).
    """
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            with open(part, "rb") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                part.unlink()
        except OSError:  # held by a live writer, or already gone
            continue
    for fresh in target.parent.glob(f".{glob.escape(target.name)}.*.new"):
        with contextlib.suppress(OSError):
            if time.time() - fresh.stat().st_mtime > _FRESH_SECONDS:
                fresh.unlink()


def _locked_temp(target: Path) -> tuple[int, Path]:
    """A new temp file beside ``target``, locked before it gets the ``.part`` name orphan cleanup looks for."""
    fd, new_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the lock belongs to the open file and survives the rename
        part = Path(new_name[: -len(".new")] + ".part")
        os.rename(new_name, part)
    except BaseException:
        os.close(fd)
        Path(new_name).unlink(missing_ok=True)
        raise
    return fd, part


@contextlib.contextmanager
def file_lock(path: str | Path, *, shared: bool = False, blocking: bool = True) -> Iterator[None]:
    """Hold an advisory lock for a read-modify-write of ``path`` by the app, the CLI or the kiosk.

    The lock is taken on ``path``'s folder (no lock file is left beside a feed or a settings file,
    and a rename of ``path`` cannot split holders between two files); every read-modify-write of a
    file in that folder waits for the others. With ``blocking=False`` a lock held elsewhere raises
    BlockingIOError at once.
    """
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        _raise_write_error(folder, exc)
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if blocking else fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def atomic_writer(path: str | Path, mode: str = "wb", *, file_mode: int | None = None) -> Iterator[BinaryIO]:
    """Write to a temp file beside ``path`` and rename it over ``path`` only on success.

    A crash, a full disk or a cancel leaves the destination as it was (never half-written); after
    the rename the folder is fsynced so a power cut cannot lose the new file. ``file_mode`` (e.g.
    0o600 for files holding secrets) overrides the mode a plain ``open()`` would give.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_orphans(target)
        fd, tmp = _locked_temp(target)
    except OSError as exc:
        _raise_write_error(target, exc)
    try:
        with os.fdopen(fd, mode) as handle:  # the lock is held until we exit: tells a live writer from a killed one
            os.fchmod(handle.fileno(), _final_mode(target) if file_mode is None else file_mode)
            yield handle  # type: ignore[misc]
            handle.flush()
            os.fsync(handle.fileno())
        replace_durably(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _raise_write_error(target, exc)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | Path, data: bytes, *, file_mode: int | None = None) -> None:
    with atomic_writer(path, "wb", file_mode=file_mode) as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str, *, file_mode: int | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), file_mode=file_mode)


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
