"""The kiosk's home screen: a big push-to-talk button, what was said, things to try, two demo flows."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.kiosk.state import KioskSession
from app.ui.i18n import QT_TRANSLATE_NOOP

NO_MIC = QT_TRANSLATE_NOOP("HomeView", "No microphone is connected, so tap a question below instead.")
TRY_SAYING = (  # asked in the window's language: what the chip says is what the assistant hears
    QT_TRANSLATE_NOOP("HomeView", "What's my first meeting today?"),
    QT_TRANSLATE_NOOP("HomeView", "What's in the news?"),
    QT_TRANSLATE_NOOP("HomeView", "Where is lunch today?"),
    QT_TRANSLATE_NOOP("HomeView", "What's on my to-do list?"),
    QT_TRANSLATE_NOOP("HomeView", "Will it rain this week?"),
)


class HomeView(QWidget):
    """Signals carry what the visitor asked for; the window decides what runs."""

    talk_pressed = Signal()
    talk_released = Signal()
    ask = Signal(str)
    play_briefing = Signal()
    make_podcast = Signal()
    admin = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        self.title = QLabel(self.tr("Daycast"))
        self.title.setProperty("role", "kioskHeading")
        self.subtitle = QLabel(self.tr("Your day, spoken. Made on this computer, with no internet."))
        self.subtitle.setProperty("role", "kioskHint")
        self.admin_button = QPushButton("⚙")
        self.admin_button.setAccessibleName(self.tr("Settings (admin PIN)"))
        self.admin_button.setObjectName("adminButton")
        self.admin_button.setFixedSize(56, 56)
        self.admin_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.talk_button = QPushButton(self.tr("Hold to talk"))
        self.talk_button.setObjectName("talkButton")
        self.talk_button.setAccessibleName(self.tr("Push to talk"))
        self.talk_button.setMinimumSize(300, 300)
        self.talk_button.setMaximumSize(340, 340)
        self.status = QLabel("")
        self.status.setProperty("role", "kioskStatus")
        self.status.setAccessibleName(self.tr("Microphone status"))
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.conversation = QLabel("")
        self.conversation.setProperty("role", "kioskConversation")
        self.conversation.setAccessibleName(self.tr("Conversation"))
        self.conversation.setWordWrap(True)
        self.conversation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.conversation.setTextFormat(Qt.TextFormat.RichText)
        self.examples = [QPushButton(self.tr(text)) for text in TRY_SAYING]
        for button in self.examples:
            button.setProperty("role", "kioskChip")
            button.setAccessibleName(self.tr("Ask: {question}").format(question=button.text()))
        self.briefing_button = QPushButton(self.tr("▶  Play today's briefing"))
        self.podcast_button = QPushButton(self.tr("Make a podcast from this sample"))
        for button in (self.briefing_button, self.podcast_button):
            button.setProperty("role", "kioskAction")
        self._layout()
        self._connect()
        self.show_session(KioskSession())

    def _layout(self) -> None:
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        top.addLayout(heading, 1)
        top.addWidget(self.admin_button, 0, Qt.AlignmentFlag.AlignTop)
        chips = QGridLayout()
        chips.setSpacing(12)
        for index, button in enumerate(self.examples):
            chips.addWidget(button, index // 3, index % 3)
        left = QVBoxLayout()
        left.addWidget(self.talk_button, 0, Qt.AlignmentFlag.AlignHCenter)
        left.addWidget(self.status)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.conversation, 1)
        right.addWidget(QLabel(self.tr("Try asking:")))
        right.addLayout(chips)
        middle = QHBoxLayout()
        middle.setSpacing(40)
        middle.addLayout(left, 2)
        middle.addLayout(right, 3)
        actions = QHBoxLayout()
        actions.setSpacing(24)
        actions.addWidget(self.briefing_button)
        actions.addWidget(self.podcast_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 32, 48, 36)
        column.setSpacing(24)
        column.addLayout(top)
        column.addLayout(middle, 1)
        column.addLayout(actions)

    def _connect(self) -> None:
        self.talk_button.pressed.connect(self.talk_pressed)
        self.talk_button.released.connect(self.talk_released)
        self.admin_button.clicked.connect(self.admin)
        self.briefing_button.clicked.connect(self.play_briefing)
        self.podcast_button.clicked.connect(self.make_podcast)
        for button in self.examples:
            button.clicked.connect(lambda _c=False, b=button: self.ask.emit(b.text()))

    def set_microphone(self, available: bool, message: str = "") -> None:
        self.talk_button.setEnabled(available)
        self.talk_button.setText(self.tr("Hold to talk") if available else self.tr("No microphone"))
        self.status.setText(message or (self.tr("Hold the button and ask about the day.") if available
                                        else self.tr(NO_MIC)))

    def set_listening(self, listening: bool) -> None:
        self.talk_button.setText(self.tr("Listening…\nlet go to ask") if listening else self.tr("Hold to talk"))

    def show_session(self, session: KioskSession) -> None:
        if not session.exchanges:
            self.conversation.setText(self.tr("<p>Ask me what's on today's calendar, what's in the news, "
                                      "or tap a question below.</p>"))
            return
        parts = []
        you = html.escape(self.tr("You:"), quote=False)
        for exchange in session.exchanges[-2:]:  # the last two: big type, no scrolling
            if exchange.question:
                parts.append(f"<p><b>{you}</b> {html.escape(exchange.question, quote=False)}</p>")
            if exchange.reply:
                parts.append(f"<p><b>Daycast:</b> {html.escape(exchange.reply.strip(), quote=False)}</p>")
        self.conversation.setText("".join(parts))
