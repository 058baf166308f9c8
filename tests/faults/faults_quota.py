"""A simulated full disk: files opened by ``engines.fsutil.atomic_writer`` inside one folder share a quota.

Used where a real size-limited filesystem (a tmpfs) cannot be mounted. Every writer in Daycast gets
its file object from ``os.fdopen`` inside ``atomic_writer``; this wraps the ones under ``folder`` so
that a write past ``capacity`` bytes raises ``OSError(ENOSPC)``, exactly what the kernel says. Importable
in a subprocess too (``install`` before running the CLI), so the CLI can be driven against it.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any


class Quota:
    """Bytes written so far under ``folder``, against ``capacity``."""

    def __init__(self, folder: Path, capacity: int) -> None:
        self.folder = folder.resolve()
        self.capacity = capacity
        self.used = 0
        self.refused = 0

    def take(self, count: int) -> None:
        if self.used + count > self.capacity:
            self.refused += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.used += count

    def covers(self, fd: int) -> bool:
        try:
            return Path(os.readlink(f"/proc/self/fd/{fd}")).is_relative_to(self.folder)
        except OSError:
            return False


class _QuotaFile(io.BufferedRandom):
    def __init__(self, raw: io.FileIO, quota: Quota) -> None:
        super().__init__(raw)
        self._quota = quota

    def write(self, data: Any) -> int:
        self._quota.take(memoryview(data).nbytes)
        return super().write(data)


def install(folder: Path, capacity: int, patch: Any = None) -> Quota:
    """Give ``folder`` a quota of ``capacity`` bytes. ``patch(obj, name, value)`` defaults to setattr
    (pass pytest's ``monkeypatch.setattr`` in a test so it is undone afterwards)."""
    quota = Quota(folder, capacity)
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "b" in mode and ("w" in mode or "+" in mode) and quota.covers(fd):
            return _QuotaFile(io.FileIO(fd, "r+b"), quota)
        return real_fdopen(fd, mode, *args, **kwargs)

    (patch or setattr)(os, "fdopen", fdopen)
    return quota
