"""Cancellation shared by pipelines, engines and UI workers."""

from __future__ import annotations

import threading

from engines.errors import Cancelled


class CancelToken:
    """A thread-safe flag; long loops call :meth:`check` between small units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = ""

    def cancel(self, reason: str = "cancelled") -> None:
        self.reason = reason
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled(f"Stopped: {self.reason}")

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cancelled meanwhile."""
        return self._event.wait(seconds)


NEVER = CancelToken()
