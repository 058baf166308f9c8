"""The attract loop's screen: rotating "try saying…" cards and an invitation to touch."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.i18n import QT_TRANSLATE_NOOP

TRY_SAYING = QT_TRANSLATE_NOOP("AttractView", "Try saying…")
CARDS = (
    (TRY_SAYING, QT_TRANSLATE_NOOP("AttractView", "“What's my first meeting today?”")),
    (TRY_SAYING, QT_TRANSLATE_NOOP("AttractView", "“Brief me”")),
    (QT_TRANSLATE_NOOP("AttractView", "Press “Play today's briefing”"),
     QT_TRANSLATE_NOOP("AttractView", "A spoken round-up of a calendar, a news feed, an article and notes")),
    (TRY_SAYING, QT_TRANSLATE_NOOP("AttractView", "“What's on my to-do list?”")),
    (QT_TRANSLATE_NOOP("AttractView", "Press “Make a podcast”"),
     QT_TRANSLATE_NOOP("AttractView", "Two AI hosts talk through a local news story")),
    (QT_TRANSLATE_NOOP("AttractView", "Nothing leaves this computer"),
     QT_TRANSLATE_NOOP("AttractView", "Every voice and every answer is made right here, with no internet")),
)


def card(index: int) -> tuple[str, str]:
    """The attract card shown at step ``index`` (cycling), in English: the view translates it."""
    return CARDS[index % len(CARDS)]


class AttractView(QWidget):
    """``card_changed(index)`` each time a new card shows; ``start``/``stop`` run the rotation."""

    card_changed = Signal(int)

    def __init__(self, card_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attract")
        self.index = 0
        self.heading = QLabel("")
        self.heading.setProperty("role", "kioskHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QLabel("")
        self.body.setProperty("role", "kioskCard")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.hint = QLabel(self.tr("Touch anywhere to start"))
        self.hint.setProperty("role", "kioskHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._timer = QTimer(self)
        self._timer.setInterval(card_ms)
        self._timer.timeout.connect(self.next_card)
        column = QVBoxLayout(self)
        column.setContentsMargins(80, 60, 80, 60)
        column.addStretch(2)
        column.addWidget(self.heading)
        column.addSpacing(24)
        column.addWidget(self.body)
        column.addStretch(3)
        column.addWidget(self.hint)
        self._show(0)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._show(0)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def next_card(self) -> None:
        self._show(self.index + 1)

    def _show(self, index: int) -> None:
        self.index = index
        heading, body = card(index)
        self.heading.setText(self.tr(heading))
        self.body.setText(self.tr(body))
        self.card_changed.emit(index)
