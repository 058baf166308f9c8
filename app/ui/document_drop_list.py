"""Documents for an episode: drop files here, or pick them with a dialog. A dropped web link is refused with
the reason (an episode is made from files; a page or feed is followed under Sources)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class DocumentDropList(QListWidget):
    """``changed(list[str])`` after documents are added or removed; ``refused(str)`` says why a drop was not taken."""

    changed = Signal(list)
    refused = Signal(str)

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
    def _urls(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[QUrl]:
        mime = event.mimeData()
        return list(mime.urls()) if mime.hasUrls() else []

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._urls(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._urls(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = self._urls(event)
        files = [str(Path(u.toLocalFile())) for u in urls if u.isLocalFile()]
        links = [u.toString() for u in urls if not u.isLocalFile()]
        if files:
            self.add(*files)
        if links:
            self.refused.emit(self.tr("{link} is a web link, not a file: save the page (or its PDF) and drop the "
                                      "file, or follow it under Sources").format(link=links[0]))
        if urls:
            event.acceptProposedAction()
