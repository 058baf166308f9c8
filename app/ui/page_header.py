"""The title and one-line explanation at the top of every page."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PageHeader(QWidget):
    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setProperty("role", "title")
        self.title.setAccessibleName(self.tr("{title} page").format(title=title))
        self.subtitle = QLabel(subtitle)
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.subtitle.setVisible(bool(subtitle))

    def set_subtitle(self, text: str) -> None:
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))


def section(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "section")
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    """A page's error line: hidden until there is something to say."""
    label = QLabel("")
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setAccessibleName(QCoreApplication.translate("PageHeader", "Error"))
    label.hide()
    return label
