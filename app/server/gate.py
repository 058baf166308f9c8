"""Per-model admission: one request runs on a model at a time, a bounded number wait, the rest get 503.

A local model answers one request at a time (llama.cpp's context, Whisper's and Piper's sessions are
used by one caller at once here), so concurrent requests queue per model. Past ``max_waiting`` the
server refuses at once with a clear message instead of letting latency grow without bound.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from engines.errors import DaycastError


class Busy(DaycastError):
    """Too many requests are already waiting for this model (HTTP 503)."""

    code = "server.busy"


class ModelGate:
    """``with gate.admit():`` runs the body when the model is free; raises :class:`Busy` when full."""

    def __init__(self, name: str, *, concurrency: int = 1, max_waiting: int = 8) -> None:
        self.name = name
        self.concurrency = concurrency
        self.max_waiting = max_waiting
        self._slots = threading.Semaphore(concurrency)
        self._lock = threading.Lock()
        self._pending = 0  # reserved: running or waiting
        self._running = 0
        self.refused = 0
        self.served = 0

    def status(self) -> dict[str, int]:
        with self._lock:
            return {"running": self._running, "waiting": self._pending - self._running,
                    "max_waiting": self.max_waiting, "served": self.served, "refused": self.refused}

    def reserve(self) -> None:
        """Take a place in the queue now (raises Busy when full); call :meth:`enter` later to run."""
        with self._lock:
            waiting = self._pending - self._running
            if self._pending >= self.concurrency + self.max_waiting:
                self.refused += 1
                raise Busy(
                    f"{self.name} is busy: {self._running} request(s) running and {waiting} waiting "
                    f"(the limit is {self.max_waiting} waiting)",
                    hint="retry in a few seconds, or start the server with a larger --queue",
                )
            self._pending += 1

    def enter(self) -> None:
        """Wait for the model (after :meth:`reserve`)."""
        self._slots.acquire()
        with self._lock:
            self._running += 1

    def leave(self) -> None:
        with self._lock:
            self._running -= 1
            self._pending -= 1
            self.served += 1
        self._slots.release()

    def cancel_reservation(self) -> None:
        with self._lock:
            self._pending -= 1

    @contextmanager
    def admit(self) -> Iterator[None]:
        self.reserve()
        self.enter()
        try:
            yield
        finally:
            self.leave()
