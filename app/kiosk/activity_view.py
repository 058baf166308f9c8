"""The kiosk's "something is happening" screen: progress while a demo is made, captions while it plays."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.ui.i18n import QT_TRANSLATE_NOOP

JOIN_QUESTION = QT_TRANSLATE_NOOP("ActivityView", "What is the main point of this episode?")


class ActivityView(QWidget):
    back = Signal()
    join_in = Signal(str)
    """A visitor asks the hosts of the playing episode (a question they can tap: kiosks have no keyboard)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activity")
        self.title = QLabel("")
        self.title.setProperty("role", "kioskHeading")
        self.stage = QLabel("")
        self.stage.setProperty("role", "kioskStatus")
        self.stage.setAccessibleName(self.tr("What is happening"))
        self.stage.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setTextVisible(False)
        self.speaker = QLabel("")
        self.speaker.setProperty("role", "kioskHint")
        self.caption = QLabel("")
        self.caption.setProperty("role", "kioskCaption")
        self.caption.setAccessibleName(self.tr("Caption"))
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button = QPushButton(self.tr("◀  Back"))
        self.back_button.setProperty("role", "kioskAction")
        self.back_button.clicked.connect(self.back)
        question = self.tr(JOIN_QUESTION)  # the hosts are asked what the button says
        self.join_button = QPushButton(self.tr("✋  Ask the hosts: {question}").format(question=question))
        self.join_button.setProperty("role", "kioskAction")
        self.join_button.setAccessibleName(self.tr("Join in: ask the hosts"))
        self.join_button.clicked.connect(lambda: self.join_in.emit(question))
        self.join_button.setVisible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.join_button)
        bottom.addStretch(1)
        bottom.addWidget(self.back_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(64, 40, 64, 36)
        column.setSpacing(20)
        column.addWidget(self.title)
        column.addWidget(self.stage)
        column.addWidget(self.progress)
        column.addStretch(1)
        column.addWidget(self.speaker, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.caption)
        column.addStretch(2)
        column.addLayout(bottom)

    def begin(self, title: str, stage: str) -> None:
        self.title.setText(title)
        self.stage.setText(stage)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.speaker.setText("")
        self.caption.setText("")
        self.join_button.setVisible(False)

    def set_progress(self, done: float, total: float, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(round(1000 * min(1.0, done / total)))
        if message:
            self.stage.setText(message)

    def playing(self, stage: str) -> None:
        self.stage.setText(stage)
        self.progress.setVisible(False)

    def show_caption(self, text: str, speaker: str = "") -> None:
        self.speaker.setText(speaker)
        self.caption.setText(text)

    def fail(self, message: str) -> None:
        self.progress.setVisible(False)
        self.stage.setText(message)
