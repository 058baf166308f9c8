"""The soak's leak check can fail: a thread started and not joined, a file left open, memory kept."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from soak_probe import MB, LeakCheck, Sample

from engines.memory import process_rss


def test_a_thread_left_running_is_a_leak() -> None:
    check = LeakCheck(rss_bound=64 * MB, settle_seconds=0.3)
    stop = threading.Event()
    leaked = threading.Thread(target=stop.wait, name="forgotten-worker", daemon=True)
    leaked.start()
    try:
        with pytest.raises(AssertionError, match=r"threads still alive .*forgotten-worker"):
            check.finish()
    finally:
        stop.set()
        leaked.join()
    check.finish()  # joined: clean again


def test_a_thread_that_ends_on_its_own_is_waited_for() -> None:
    check = LeakCheck(rss_bound=64 * MB, settle_seconds=5.0)
    go = threading.Event()
    worker = threading.Thread(target=go.wait, args=(0.2,), name="short-lived")
    worker.start()
    check.finish()  # polls until it has ended: no leak
    worker.join()


def test_a_file_left_open_is_a_leak(tmp_path: Path) -> None:
    check = LeakCheck(rss_bound=64 * MB, settle_seconds=0.2)
    handle = open(tmp_path / "forgotten.txt", "w")  # noqa: SIM115 - the leak under test
    try:
        with pytest.raises(AssertionError, match=r"file descriptors still open .*forgotten\.txt"):
            check.finish()
    finally:
        handle.close()
    check.finish()


def test_memory_kept_beyond_the_bound_is_a_leak() -> None:
    check = LeakCheck(rss_bound=16 * MB, settle_seconds=0.1)
    kept = np.ones(48 * MB // 8)  # touched pages: resident
    assert process_rss() - check.baseline.rss > 32 * MB
    with pytest.raises(AssertionError, match=r"RSS grew .* bound 16 MB"):
        check.finish()
    del kept


def test_steady_growth_in_the_second_half_is_a_leak() -> None:
    check = LeakCheck(rss_bound=512 * MB, late_bound=8 * MB, settle_seconds=0.1)
    kept = []
    for _ in range(4):  # 12 MB more per iteration: a steady leak, inside the generous total bound
        kept.append(np.ones(12 * MB // 8))
        check.note()
    with pytest.raises(AssertionError, match=r"second half of the run, bound 8 MB"):
        check.finish()
    kept.clear()


def test_one_step_up_in_the_second_half_is_not_a_leak() -> None:
    check = LeakCheck(rss_bound=512 * MB, late_bound=8 * MB, settle_seconds=0.1)
    for _ in range(3):
        check.note()
    kept = np.ones(24 * MB // 8)  # one allocator high-water step, late in the run (seen in CI: +13 MB)
    for _ in range(3):
        check.note()
    check.finish()
    del kept


def _late_mb(readings_mb: list[int], end_mb: int) -> float:
    """The steady growth a check reports for iterations that read ``readings_mb`` and an end at ``end_mb``."""
    check = LeakCheck(rss_bound=512 * MB, late_bound=10 * MB, settle_seconds=0.1)
    check.trace = [value * MB for value in readings_mb]
    late = check.late_growth(Sample(end_mb * MB, check.baseline.threads, check.baseline.fds))
    assert late is not None
    return late / MB


def test_a_dip_then_one_step_is_not_steady_growth() -> None:
    # The reduced voice soak in CI: a reading dipped, came back, then the allocator stepped once.
    readings = [975, 975, 975, 975, 958, 971, 1048, 1049, 1049, 1049]
    assert _late_mb(readings, 1049) == 0


def test_two_allocator_steps_are_not_steady_growth() -> None:
    readings = [900, 900, 900, 900, 900, 945, 945, 1039, 1039, 1039]
    assert _late_mb(readings, 1039) == 0


def test_a_slow_steady_leak_is_measured_over_the_second_half() -> None:
    readings = [900 + 3 * index for index in range(10)]  # 3 MB more at every iteration
    assert _late_mb(readings, 930) == 3 * 6
