"""Prepare the briefing in the background when the schedule says so, while the app runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.core import schedule as sched
from engines.errors import DaycastError

Clock = Callable[[], datetime]


class DailyScheduler(QObject):
    """Checks every ``interval_ms``; ``due`` fires once per scheduled moment that passed while running, and
    never twice on one day: the clock in the machine's zone (not today's fixed offset) repeats an hour when
    summer time ends, and a clock put back repeats the morning."""

    due = Signal()

    def __init__(self, text: str = "", parent: QObject | None = None, clock: Clock | None = None,
                 interval_ms: int = 30_000) -> None:
        super().__init__(parent)
        self._clock = clock or sched.local_now
        self._last_check = self._clock()
        self._fired_on: date | None = None
        self.schedule: sched.Schedule | None = None
        self.problem = ""
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.set_text(text)
        self.timer.start()

    def set_text(self, text: str) -> None:
        try:
            self.schedule = sched.parse(text)
            self.problem = ""
        except DaycastError as exc:
            self.schedule = None
            self.problem = str(exc)

    def next_run(self) -> datetime | None:
        return sched.next_run(self.schedule, self._clock()) if self.schedule else None

    def check(self) -> bool:
        now = self._clock()
        moment = sched.due_between(self.schedule, self._last_check, now) if self.schedule else None
        self._last_check = now
        if moment is None or moment.date() == self._fired_on:
            return False
        self._fired_on = moment.date()
        self.due.emit()
        return True
