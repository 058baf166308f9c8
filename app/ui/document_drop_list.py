"""Documents for an episode: drop files (or links) here, or pick them with a dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class DocumentDropList(QListWidget):
    """``changed(list[str])`` after documents are added or removed."""

    changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Documents for the episode"))
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)
        self.setToolTip(self.tr("Drop PDFs, Markdown, text, saved web pages or feeds here"))

    def documents(self) -> list[str]:
        return [str(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())]

    def add(self, *entries: str) -> int:
        current = self.documents()
        added = [e for e in entries if e and e not in current]
        for entry in added:
            name = entry if "://" in entry else (Path(entry).name or entry)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setToolTip(entry)
            self.addItem(item)
        if added:
            self.changed.emit(self.documents())
        return len(added)

    def remove_selected(self) -> None:
        for item in self.selectedItems() or ([self.currentItem()] if self.currentItem() else []):
            self.takeItem(self.row(item))
        self.changed.emit(self.documents())

    @staticmethod
    def _paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [str(Path(u.toLocalFile())) if u.isLocalFile() else u.toString() for u in mime.urls()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._paths(event)
        if paths:
            self.add(*paths)
            event.acceptProposedAction()
