"""Edit the list of sources: files, folders and feed URLs (add, remove, reorder by drop)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import QT_TRANSLATE_NOOP

SOURCE_FILTER = QT_TRANSLATE_NOOP("SourceListEditor", "Sources (*.ics *.xml *.rss *.atom *.opml *.md *.txt *.pdf "
                                                      "*.html *.htm *.json *.eml *.mbox);;All files (*)")


def source_filter() -> str:
    """The file dialog's filter for sources and documents, in the window's language."""
    return QCoreApplication.translate("SourceListEditor", SOURCE_FILTER)


class SourceListEditor(QWidget):
    """``changed(list[str])`` after every add or remove."""

    changed = Signal(list)

    def __init__(self, sources: tuple[str, ...] = (), parent: QWidget | None = None,
                 pick_files: Callable[[], list[str]] | None = None,
                 pick_folder: Callable[[], str] | None = None) -> None:
        super().__init__(parent)
        self._pick_files = pick_files or self._dialog_files
        self._pick_folder = pick_folder or self._dialog_folder
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Sources"))
        self.list.setMinimumHeight(80)
        self.list.setMaximumHeight(150)
        self.add_files = QPushButton(self.tr("Add files…"))
        self.add_files.setAccessibleName(self.tr("Add source files"))
        self.add_folder = QPushButton(self.tr("Add folder…"))
        self.add_folder.setAccessibleName(self.tr("Add a folder of sources"))
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setAccessibleName(self.tr("Remove the selected source"))
        self.url = QLineEdit()
        self.url.setPlaceholderText(self.tr("https://example.org/feed.xml"))
        self.url.setAccessibleName(self.tr("Feed address"))
        self.add_url = QPushButton(self.tr("Add feed"))
        self.add_url.setAccessibleName(self.tr("Add the feed address"))
        buttons = QHBoxLayout()
        for button in (self.add_files, self.add_folder, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        feed_row = QHBoxLayout()
        feed_row.addWidget(self.url, 1)
        feed_row.addWidget(self.add_url)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(feed_row)
        self.add_files.clicked.connect(lambda: self.add(*self._pick_files()))
        self.add_folder.clicked.connect(lambda: self.add(self._pick_folder()))
        self.add_url.clicked.connect(self._add_url)
        self.url.returnPressed.connect(self._add_url)
        self.remove.clicked.connect(self.remove_selected)
        self.set_sources(sources)

    def sources(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_sources(self, sources: tuple[str, ...] | list[str]) -> None:
        if list(sources) == self.sources():
            return
        self.list.clear()
        self.list.addItems(list(sources))

    def add(self, *entries: str) -> None:
        current = self.sources()
        added = [e for e in entries if e and e not in current]
        if added:
            self.list.addItems(added)
            self.changed.emit(self.sources())

    def remove_selected(self) -> None:
        rows = sorted((self.list.row(i) for i in self.list.selectedItems()), reverse=True)
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self.changed.emit(self.sources())

    def _add_url(self) -> None:
        text = self.url.text().strip()
        if text:
            self.add(text)
            self.url.clear()

    def _dialog_files(self) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add sources"), str(Path.home()), source_filter())
        return files

    def _dialog_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Add a folder of sources"), str(Path.home()))
