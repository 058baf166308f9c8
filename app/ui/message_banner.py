"""A dismissable line at the top of a page for messages that need attention (not a modal dialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class MessageBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Message"))
        self.close_button = QPushButton(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str, level: str = "info") -> None:
        self.label.setText(text)
        self.label.setProperty("role", "error" if level == "error" else "")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.show()

    @property
    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
