"""The per-model queue: one runs, ``max_waiting`` wait, the next is refused at once."""

from __future__ import annotations

import threading

import pytest

from app.server.gate import Busy, ModelGate


def test_one_runs_some_wait_the_rest_are_refused() -> None:
    gate = ModelGate("llm", max_waiting=1)
    gate.reserve()
    gate.enter()  # running
    gate.reserve()  # waiting
    with pytest.raises(Busy, match="1 request\\(s\\) running and 1 waiting"):
        gate.reserve()
    assert gate.status() == {"running": 1, "waiting": 1, "max_waiting": 1, "served": 0, "refused": 1}
    entered = threading.Event()

    def waiter() -> None:
        gate.enter()
        entered.set()
        gate.leave()

    thread = threading.Thread(target=waiter)
    thread.start()
    assert not entered.wait(0.05)  # still queued behind the running one
    gate.leave()
    thread.join(5)
    assert entered.is_set() and gate.status()["served"] == 2 and gate.status()["running"] == 0
    with gate.admit():  # free again
        assert gate.status()["running"] == 1


def test_queue_zero_means_only_the_running_request() -> None:
    gate = ModelGate("tts", max_waiting=0)
    with gate.admit(), pytest.raises(Busy):
        gate.reserve()
    gate.reserve()
    gate.cancel_reservation()
    assert gate.status()["waiting"] == 0
