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
        self.max_waiting = max_waiting
        self._slots = threading.Semaphore(concurrency)
        self._lock = threading.Lock()
        self._waiting = 0
        self.refused = 0

    @property
    def waiting(self) -> int:
        return self._waiting

    def reserve(self) -> None:
        """Take a place in the queue now (raises Busy when full); call :meth:`enter` later to run."""
        with self._lock:
            if self._waiting >= self.max_waiting:
                self.refused += 1
                raise Busy(
                    f"{self.name} is busy: {self._waiting} requests are already waiting",
                    hint="retry in a few seconds, or start the server with a larger --queue",
                )
            self._waiting += 1

    def enter(self) -> None:
        """Wait for the model (after :meth:`reserve`)."""
        self._slots.acquire()
        with self._lock:
            self._waiting -= 1

    def leave(self) -> None:
        self._slots.release()

    def cancel_reservation(self) -> None:
        with self._lock:
            self._waiting -= 1

    @contextmanager
    def admit(self) -> Iterator[None]:
        self.reserve()
        self.enter()
        try:
            yield
        finally:
            self.leave()
