"""The editable podcast script: one row per turn (chapter, speaker, line); edits become a new Script."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.podcast.script import Turn

CHAPTER, SPEAKER, LINE = range(3)


class _SpeakerDelegate(QStyledItemDelegate):
    """A combo box of the two host names, so a speaker can only be one of them."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem,
                     _index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName(self.tr("Speaker"))
        combo.addItems(self.names)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data()))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())


class ScriptEditor(QWidget):
    """``edited()`` after any change; :meth:`script` returns the edited script."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._script: Any = None
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Chapter"), self.tr("Speaker"), self.tr("Line")])
        self.table.setAccessibleName(self.tr("Script lines"))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CHAPTER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SPEAKER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LINE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(CHAPTER, 150)
        self.delegate = _SpeakerDelegate([], self.table)
        self.table.setItemDelegateForColumn(SPEAKER, self.delegate)
        self.summary = QLabel(self.tr("No script yet."))
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName(self.tr("Script length"))
        self.add_button = QPushButton(self.tr("Add line"))
        self.add_button.setAccessibleName(self.tr("Add a line after the selected one"))
        self.delete_button = QPushButton(self.tr("Delete line"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected line"))
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(self._changed)
        self.add_button.clicked.connect(self.add_line)
        self.delete_button.clicked.connect(self.delete_line)
        self._sync_buttons()

    def set_script(self, script: Any) -> None:
        self._script = script
        self.delegate.names = [h.name for h in script.hosts]
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        previous = -1
        for chapter_index, chapter, turn in script.turns():
            # the chapter's title on its first line only: repeated on every line it drowns the dialogue
            title = chapter.title if chapter_index != previous else ""
            self._insert_row(self.table.rowCount(), chapter_index, title, turn.speaker, turn.text)
            previous = chapter_index
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._update_summary()
        self._sync_buttons()
        self.edited.emit()

    def _insert_row(self, row: int, chapter_index: int, title: str, speaker: str, text: str) -> None:
        self.table.insertRow(row)
        chapter_item = QTableWidgetItem(title)
        chapter_item.setData(Qt.ItemDataRole.UserRole, chapter_index)
        if self._script is not None and 0 <= chapter_index < len(self._script.chapters):
            chapter_item.setToolTip(self._script.chapters[chapter_index].title)
        chapter_item.setFlags(chapter_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, CHAPTER, chapter_item)
        self.table.setItem(row, SPEAKER, QTableWidgetItem(speaker))
        self.table.setItem(row, LINE, QTableWidgetItem(text))

    def script(self) -> Any:
        """The script as edited (chapters keep their titles, kinds and sources)."""
        if self._script is None:
            return None

        turns: dict[int, list[Turn]] = {i: [] for i in range(len(self._script.chapters))}
        for row in range(self.table.rowCount()):
            chapter_index = int(self._cell(row, CHAPTER).data(Qt.ItemDataRole.UserRole))
            text = self._cell(row, LINE).text().strip()
            if text:
                turns[chapter_index].append(Turn(self._cell(row, SPEAKER).text(), text))
        chapters = tuple(replace(c, turns=tuple(turns[i])) for i, c in enumerate(self._script.chapters))
        return replace(self._script, chapters=tuple(c for c in chapters if c.turns))

    def add_line(self) -> None:
        if self._script is None:
            return
        row = self.table.currentRow() if self.table.currentRow() >= 0 else self.table.rowCount() - 1
        chapter = self.table.item(row, CHAPTER) if row >= 0 else None
        index = int(chapter.data(Qt.ItemDataRole.UserRole)) if chapter else 0
        title = ""
        other = self.delegate.names[0] if row < 0 else next(
            (n for n in self.delegate.names if n != self._cell(row, SPEAKER).text()), self.delegate.names[0])
        self.table.blockSignals(True)
        self._insert_row(row + 1, index, title, other, "")
        self.table.blockSignals(False)
        self.table.setCurrentCell(row + 1, LINE)
        self.table.editItem(self._cell(row + 1, LINE))
        self._changed()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        if item is None:  # every row is made with all its cells; an empty one reads as blank
            item = QTableWidgetItem("")
            self.table.setItem(row, column, item)
        return item

    def delete_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def _changed(self, *_: Any) -> None:
        self._update_summary()
        self.edited.emit()

    def _update_summary(self) -> None:
        script = self.script()
        if script is None:
            return
        self.summary.setText(self.tr("{title} · {chapters} chapters · {words} words · about {minutes} min").format(
            title=script.title, chapters=len(script.chapters), words=script.word_count,
            minutes=f"{script.estimated_minutes():.1f}"))

    def _sync_buttons(self) -> None:
        has = self._script is not None
        self.add_button.setEnabled(has)
        self.delete_button.setEnabled(has)
