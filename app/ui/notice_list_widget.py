"""Things the user should know about a run (a skipped malformed file), listed readably."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

LEVEL_MARK = {"error": "✖", "warning": "⚠", "info": "ℹ"}


class NoticeListWidget(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = title or self.tr("Notes about this run")
        self.title = QLabel(title)
        self.title.setProperty("role", "section")
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.entries: list[tuple[str, str, str]] = []
        self.setVisible(False)

    def add(self, code: str, message: str, level: str = "warning") -> None:
        self.entries.append((code, message, level))
        item = QListWidgetItem(f"{LEVEL_MARK.get(level, '•')}  {message}")
        item.setToolTip(code)
        self.list.addItem(item)
        self.setVisible(True)

    def clear(self) -> None:
        self.entries.clear()
        self.list.clear()
        self.setVisible(False)

    def texts(self) -> list[str]:
        return [message for _, message, _ in self.entries]
