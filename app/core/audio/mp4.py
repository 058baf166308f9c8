"""Move an MP4's ``moov`` box in front of ``mdat`` ("fast start"), as qt-faststart does.

FFmpeg's own ``+faststart`` re-opens the output by name, which a temp file handle does not have,
so the few lines of box surgery live here. Podcast apps can then play while downloading.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

# Boxes on the way from moov down to the chunk-offset tables.
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


@dataclass(frozen=True)
class Box:
    kind: bytes
    start: int
    header: int
    size: int

    @property
    def end(self) -> int:
        return self.start + self.size


def boxes(data: bytes | bytearray, start: int = 0, end: int | None = None) -> list[Box]:
    """The boxes laid end to end in ``data[start:end]`` (ValueError if they do not fit)."""
    end = len(data) if end is None else end
    found: list[Box] = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise ValueError("truncated 64-bit box header")
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError(f"box {kind!r} at {pos} overruns its parent")
        found.append(Box(kind, pos, header, size))
        pos += size
    return found


def _shift_offsets(moov: bytearray, box: Box, delta: int) -> None:
    """Add ``delta`` to every stco/co64 entry below ``box`` (offsets relative to ``moov``)."""
    for child in boxes(moov, box.start + box.header, box.end):
        if child.kind in _CONTAINERS:
            _shift_offsets(moov, child, delta)
        elif child.kind in (b"stco", b"co64"):
            wide = child.kind == b"co64"
            count = struct.unpack_from(">I", moov, child.start + child.header + 4)[0]
            table = child.start + child.header + 8
            fmt = ">Q" if wide else ">I"
            step = 8 if wide else 4
            for i in range(count):
                value = struct.unpack_from(fmt, moov, table + i * step)[0] + delta
                if not wide and value >= 2**32:
                    raise ValueError("chunk offset no longer fits in 32 bits")
                struct.pack_into(fmt, moov, table + i * step, value)


def move_moov_first(handle: BinaryIO) -> bool:
    """Rewrite the file open in ``handle`` (read/write) with moov before mdat; False if nothing to do."""
    handle.seek(0)
    data = handle.read()
    top = boxes(data)
    moov = next((b for b in top if b.kind == b"moov"), None)
    mdat = next((b for b in top if b.kind == b"mdat"), None)
    if moov is None or mdat is None or moov.start < mdat.start:
        return False
    moov_bytes = bytearray(data[moov.start : moov.end])
    try:
        _shift_offsets(moov_bytes, Box(b"moov", 0, moov.header, moov.size), moov.size)
    except ValueError:
        return False  # a > 4 GB file would need co64 tables; leave it playable as it is
    head = data[: mdat.start]
    rest = data[mdat.start : moov.start] + data[moov.end :]
    handle.seek(0)
    handle.write(head + bytes(moov_bytes) + rest)
    handle.truncate()
    return True
