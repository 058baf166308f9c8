"""Other programs' CPU use, our own left out: real busy loops, in a child process and in this one."""

from __future__ import annotations

import subprocess
import sys
import time

from engines.cpu_load import OtherLoad, cpu_sample

SPIN = "import time\nend = time.perf_counter() + {seconds}\nwhile time.perf_counter() < end:\n    pass\n"


def _spin_here(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_our_own_work_is_not_counted() -> None:
    load = OtherLoad(min_window=0.5)
    _spin_here(0.8)
    busy = load.cores_busy()
    assert busy is not None and busy < 0.4, busy  # a whole core of ours, not reported as someone else's


def test_another_process_spinning_is_counted() -> None:
    load = OtherLoad(min_window=0.5)
    child = subprocess.run([sys.executable, "-c", SPIN.format(seconds=1.0)], check=True, timeout=60)
    assert child.returncode == 0
    busy = load.cores_busy()
    assert busy is not None and busy > 0.6, busy


def test_a_short_window_keeps_the_previous_reading() -> None:
    load = OtherLoad(min_window=30.0)
    assert cpu_sample() is not None  # Linux: /proc is there
    assert load.cores_busy() is None  # nothing measured yet, and 30 s have not passed
