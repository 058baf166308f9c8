"""What the Today and Podcast pages share: one pipeline job at a time, and how its end is shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from app.ui.i18n import QT_TRANSLATE_NOOP


class JobPage:
    """Handlers for a ``PipelineWorker``'s failed / cancelled / done signals.

    Mixed into a QWidget page that has ``stages`` (StageProgressWidget), ``status`` and ``error``
    (QLabel), ``worker`` and ``_set_busy``.
    """

    failed_status = ""
    cancelled_status = QT_TRANSLATE_NOOP("JobPage", "Cancelled. Nothing half-written was left at the output path.")
    stages: Any
    status: Any
    error: Any
    worker: Any

    def _on_failed(self, _code: str, message: str) -> None:
        self.stages.stop_all(QCoreApplication.translate("JobPage", "stopped"))
        self._show_error(message)
        self.status.setText(QCoreApplication.translate(type(self).__name__, self.failed_status))

    def _on_cancelled(self, _message: str) -> None:
        self.stages.stop_all(QCoreApplication.translate("JobPage", "cancelled"))
        self.status.setText(QCoreApplication.translate("JobPage", self.cancelled_status))

    def _on_done(self) -> None:
        self.worker = None
        self._set_busy(False)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        raise NotImplementedError
