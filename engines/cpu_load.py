"""How much CPU other programs are using, this process left out (Linux /proc; None elsewhere).

The load average cannot tell: it counts this process's own recent work (a voice turn's recognition and
generation), so after a few turns it reads "busy" on an otherwise idle machine.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_BUSY_FIELDS = (0, 1, 2, 5, 6, 7)  # user nice system irq softirq steal (guest time is inside user)


@dataclass(frozen=True)
class CpuSample:
    at: float
    busy_ticks: int
    """Non-idle clock ticks of all CPUs (/proc/stat)."""
    own_ticks: int
    """This process's user + system ticks, all threads (/proc/self/stat)."""


def cpu_sample() -> CpuSample | None:
    try:
        first = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
        own = Path("/proc/self/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        busy = sum(int(first[1 + i]) for i in _BUSY_FIELDS)
        return CpuSample(time.monotonic(), busy, int(own[11]) + int(own[12]))  # utime, stime
    except (OSError, ValueError, IndexError):
        return None


class OtherLoad:
    """Cores' worth of CPU that other processes used since the previous reading."""

    def __init__(self, min_window: float = 0.5) -> None:
        self.min_window = min_window
        self._last = cpu_sample()
        self._value: float | None = None

    def cores_busy(self) -> float | None:
        """None until a window of ``min_window`` seconds has passed (or without /proc)."""
        now = cpu_sample()
        if now is None or self._last is None:
            return None
        elapsed = now.at - self._last.at
        if elapsed < self.min_window:
            return self._value  # too short to tell: the previous reading stands
        others = (now.busy_ticks - self._last.busy_ticks) - (now.own_ticks - self._last.own_ticks)
        self._last = now
        self._value = max(0.0, others / os.sysconf("SC_CLK_TCK") / elapsed)
        return self._value
