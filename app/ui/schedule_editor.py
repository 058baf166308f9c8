"""The daily schedule: which days, what time, and the optional systemd user timer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import time

from PySide6.QtCore import QTime, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QTimeEdit, QVBoxLayout, QWidget

from app.core import schedule as sched
from app.ui.i18n import QT_TRANSLATE_NOOP
from engines.errors import DaycastError

DAY_CHOICES = ((QT_TRANSLATE_NOOP("ScheduleEditor", "Weekdays"), "weekdays"),
               (QT_TRANSLATE_NOOP("ScheduleEditor", "Every day"), "daily"),
               (QT_TRANSLATE_NOOP("ScheduleEditor", "Weekends"), "weekends"))


class ScheduleEditor(QWidget):
    """``changed(text)`` with the settings form (``""`` when off)."""

    changed = Signal(str)
    _synced = Signal(int, str)  # (which change, what was done), from the thread that ran systemctl

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 installer: Callable[[sched.Schedule], sched.TimerInstall] | None = None,
                 syncer: Callable[[sched.Schedule | None], str] | None = None) -> None:
        super().__init__(parent)
        self._installer = installer or sched.install_user_timer
        self._syncer = syncer or sched.sync_user_timer
        self._sync_lock = threading.Lock()
        self._changes = 0
        self.enabled = QCheckBox(self.tr("Prepare my briefing automatically"))
        self.enabled.setAccessibleName(self.tr("Prepare the briefing on a schedule"))
        self.days = QComboBox()
        self.days.setAccessibleName(self.tr("Schedule days"))
        for label, value in DAY_CHOICES:
            self.days.addItem(self.tr(label), value)
        self.at = QTimeEdit()
        self.at.setDisplayFormat("HH:mm")
        self.at.setAccessibleName(self.tr("Schedule time"))
        self.install = QPushButton(self.tr("Install user timer"))
        self.install.setAccessibleName(self.tr(
            "Install a user timer that prepares the briefing while Daycast is closed"))
        self.install.setToolTip(self.tr("Writes a systemd user timer that runs 'daycast brief' on this schedule"))
        self.result = QLabel("")
        self.result.setProperty("role", "muted")
        self.result.setWordWrap(True)
        self.result.setAccessibleName(self.tr("Timer installation result"))
        row = QHBoxLayout()
        row.addWidget(self.enabled)
        row.addWidget(self.days)
        row.addWidget(QLabel(self.tr("at")))
        row.addWidget(self.at)
        row.addStretch(1)
        row.addWidget(self.install)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.set_text(text)
        self.enabled.toggled.connect(self._emit)
        self.days.currentIndexChanged.connect(self._emit)
        self.at.editingFinished.connect(self._emit)
        self.install.clicked.connect(self.install_timer)
        self._synced.connect(self._show_synced)  # a method of this widget: delivered on the UI thread

    def set_text(self, text: str) -> None:
        try:
            parsed = sched.parse(text)
        except DaycastError:
            parsed = None
        for widget in (self.enabled, self.days, self.at):
            widget.blockSignals(True)
        self.enabled.setChecked(parsed is not None)
        shown = parsed or sched.Schedule(days=(0, 1, 2, 3, 4), at=time(7, 0))  # what "on" starts from
        label = shown.text().split(" ")[0]
        index = self.days.findData(label)
        if index < 0:  # a custom day list typed in the file: keep it selectable
            self.days.addItem(label, label)
            index = self.days.count() - 1
        self.days.setCurrentIndex(index)
        self.at.setTime(QTime(shown.at.hour, shown.at.minute))
        for widget in (self.enabled, self.days, self.at):
            widget.blockSignals(False)
        self._sync()

    def text(self) -> str:
        if not self.enabled.isChecked():
            return ""
        return f"{self.days.currentData()} {self.at.time().toString('HH:mm')}"

    def _sync(self) -> None:
        on = self.enabled.isChecked()
        self.days.setEnabled(on)
        self.at.setEnabled(on)
        self.install.setEnabled(on)

    def _emit(self) -> None:
        self._sync()
        self.changed.emit(self.text())
        # An installed user timer follows the schedule (moved with it, removed when it is turned off), off the UI
        # thread: systemctl may take its time. One change at a time, and only the latest one's result is shown.
        self._changes += 1
        threading.Thread(target=self._sync_timer, args=(self._changes, self.text()), name="daycast-timer-sync",
                         daemon=True).start()

    @Slot(int, str)
    def _show_synced(self, change: int, message: str) -> None:
        if message and change == self._changes:
            self.result.setText(message)

    def _sync_timer(self, change: int, text: str) -> None:
        with self._sync_lock:
            try:
                message = self._syncer(sched.parse(text))
            except DaycastError as exc:
                message = str(exc)
        self._synced.emit(change, message)

    def install_timer(self) -> sched.TimerInstall | None:
        try:
            parsed = sched.parse(self.text())
            if parsed is None:
                self.result.setText(self.tr("Turn the schedule on first."))
                return None
            report = self._installer(parsed)
        except DaycastError as exc:
            self.result.setText(str(exc))
            return None
        self.result.setText(report.message)
        return report
