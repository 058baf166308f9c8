"""What the Today and Podcast pages share: one pipeline job at a time, and how its end is shown."""

from __future__ import annotations

from typing import Any


class JobPage:
    """Handlers for a ``PipelineWorker``'s failed / cancelled / done signals.

    Mixed into a QWidget page that has ``stages`` (StageProgressWidget), ``status`` and ``error``
    (QLabel), ``worker`` and ``_set_busy``.
    """

    failed_status = ""
    cancelled_status = "Cancelled. Nothing half-written was left at the output path."
    stages: Any
    status: Any
    error: Any
    worker: Any

    def _on_failed(self, _code: str, message: str) -> None:
        self.stages.stop_all("stopped")
        self._show_error(message)
        self.status.setText(self.failed_status)

    def _on_cancelled(self, _message: str) -> None:
        self.stages.stop_all("cancelled")
        self.status.setText(self.cancelled_status)

    def _on_done(self) -> None:
        self.worker = None
        self._set_busy(False)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        raise NotImplementedError
