"""What a soak measures about this process: resident memory, live threads, open file descriptors.

``LeakCheck`` takes a baseline after warm-up and, at the end, lets short-lived threads finish (polling,
with a deadline) before comparing: no thread alive that was not alive at the baseline, no descriptor
open that was not open then (compared by what they point at), and RSS growth within a bound. Threads or
descriptors that *ended* meanwhile (a library's idle monitor thread) are not leaks.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from engines.memory import process_rss

CHILD = "DAYCAST_SOAK_CHILD"
"""Set in a soak's own process: its test runs only there (see :func:`run_in_own_process`)."""
MB = 1024 * 1024


def fd_targets() -> Counter[str]:
    """What each open descriptor points at (files, pipes, sockets), counted."""
    found: Counter[str] = Counter()
    for name in os.listdir("/proc/self/fd"):
        try:
            found[os.readlink(f"/proc/self/fd/{name}")] += 1
        except OSError:  # closed between listing and reading (the listing's own descriptor)
            continue
    return found


@dataclass
class Sample:
    rss: int
    threads: dict[int, str]
    fds: Counter[str]


def release_free_memory() -> None:
    """Give memory that is already free back to the system first, so RSS counts what is in use.

    glibc keeps freed memory in per-thread arenas: every new speech thread can land in a fresh arena and
    step RSS up by tens of MB that are free, not leaked (seen here: +50..100 MB in 3 briefings, then flat).
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: measure as is
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def sample() -> Sample:
    release_free_memory()
    return Sample(process_rss(), {t.ident or 0: t.name for t in threading.enumerate()}, fd_targets())


@dataclass
class LeakCheck:
    """Baseline now; ``finish`` compares.

    ``rss_bound``: growth allowed from the baseline to the end. ``late_bound``: steady growth allowed over
    the second half of the iterations (see :meth:`late_growth`): a leak grows at every iteration, while an
    allocator's high-water mark steps up now and then, once or twice in a short run.
    """

    rss_bound: int
    late_bound: int | None = None
    settle_seconds: float = 10.0
    baseline: Sample = field(default_factory=sample)
    trace: list[int] = field(default_factory=list)

    def note(self) -> None:
        """Record the RSS after one iteration (for the report and for spotting steady growth)."""
        release_free_memory()
        self.trace.append(process_rss())

    def new_threads(self, now: Sample) -> list[str]:
        return sorted(name for ident, name in now.threads.items() if ident not in self.baseline.threads)

    def new_fds(self, now: Sample) -> list[str]:
        return sorted((now.fds - self.baseline.fds).elements())

    def finish(self) -> Sample:
        """Wait for threads to wind down (up to ``settle_seconds``), then raise AssertionError on a leak."""
        deadline = time.monotonic() + self.settle_seconds
        pause = threading.Event()
        end = sample()
        while (self.new_threads(end) or self.new_fds(end)) and time.monotonic() < deadline:
            pause.wait(0.05)
            end = sample()
        problems = []
        if self.new_threads(end):
            problems.append(f"threads still alive that were not at the baseline: {self.new_threads(end)}")
        if self.new_fds(end):
            problems.append(f"file descriptors still open that were not at the baseline: {self.new_fds(end)}")
        growth = end.rss - self.baseline.rss
        if growth > self.rss_bound:
            steps = ", ".join(f"{value / MB:.0f}" for value in self.trace)
            problems.append(f"RSS grew {growth / MB:.1f} MB ({self.baseline.rss / MB:.1f} -> {end.rss / MB:.1f} MB), "
                            f"bound {self.rss_bound / MB:.0f} MB; MB after each iteration: [{steps}]")
        late = self.late_growth(end)
        if self.late_bound is not None and late is not None and late > self.late_bound:
            steps = ", ".join(f"{value / MB:.0f}" for value in self.trace)
            problems.append(f"RSS grew steadily, {late / MB:.1f} MB over the second half of the run, bound "
                            f"{self.late_bound / MB:.0f} MB; MB after each iteration: [{steps}]")
        if problems:
            raise AssertionError("leak: " + "; ".join(problems))
        return end

    def late_growth(self, end: Sample) -> int | None:
        """Steady RSS growth over the second half of the run (None with fewer than two iterations): the
        median step of the high-water mark, times the number of steps. A leak grows at every iteration;
        an allocator steps up once or twice (the median ignores those), and a reading that dips and comes
        back is no growth at all (the high-water mark ignores it; seen in CI: 975, 958, 971 MB)."""
        if len(self.trace) < 2:
            return None
        marks = list(itertools.accumulate([*self.trace, end.rss], max))
        late = marks[len(self.trace) // 2 - 1:]
        steps = [after - before for before, after in itertools.pairwise(late)]
        return int(statistics.median(steps)) * len(steps)

    def report(self, end: Sample, label: str) -> str:
        base = self.baseline
        line = (f"{label}: RSS {base.rss / MB:.1f} -> {end.rss / MB:.1f} MB (+{(end.rss - base.rss) / MB:.1f}, "
                f"bound {self.rss_bound / MB:.0f}), threads {len(base.threads)} -> {len(end.threads)}, "
                f"fds {sum(base.fds.values())} -> {sum(end.fds.values())}")
        late = self.late_growth(end)
        if late is not None:
            line += f", second half +{late / MB:.1f} MB"
            line += f" (bound {self.late_bound / MB:.0f})" if self.late_bound is not None else ""
        if self.trace:
            line += f", RSS max {max(self.trace) / MB:.1f} MB over {len(self.trace)} iterations"
        return line


def run_in_own_process(test_id: str, timeout: float = 600) -> str:
    """Run one soak test in a fresh pytest process and return what it printed; AssertionError if it failed.

    A soak measures one Daycast process, as the kiosk runs it. Inside the whole suite the process already
    holds gigabytes of other tests' models and freed memory, and where the allocator reuses or grows that
    is decided by everything that ran before, not by the code under test.
    """
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-m", "", test_id]
    done = subprocess.run(command, cwd=root, env={**os.environ, CHILD: "1"}, capture_output=True, text=True,
                          timeout=timeout, check=False)
    output = done.stdout + done.stderr
    if done.returncode != 0 or " passed" not in output:
        raise AssertionError(f"{test_id} failed in its own process (exit {done.returncode}):\n{output[-4000:]}")
    return output
