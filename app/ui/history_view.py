"""History: past briefings and episodes found in the output folder, to replay with their transcript."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.core.events import Finished
from app.jobs.history import HistoryEntry, read_vtt, scan
from app.ui.i18n import QT_TRANSLATE_NOOP, core_text
from app.ui.page_header import PageHeader, muted
from app.ui.playback import Player
from app.ui.player_widget import PlayerWidget, clock
from app.ui.settings_store import SettingsStore
from app.ui.transcript_widget import TranscriptWidget
from app.ui.workers import PipelineWorker, WorkerSet
from engines.cancel import CancelToken

KINDS = {"briefing": QT_TRANSLATE_NOOP("HistoryView", "Briefing"),
         "episode": QT_TRANSLATE_NOOP("HistoryView", "Episode"),
         "podcast": QT_TRANSLATE_NOOP("HistoryView", "Episode"),  # an exported episode's sidecar says "podcast"
         "reply": QT_TRANSLATE_NOOP("HistoryView", "Reply")}  # daycast ask --out


class HistoryView(QWidget):
    def __init__(self, store: SettingsStore, workers: WorkerSet, parent: QWidget | None = None,
                 force_silent: bool = False, opener: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.workers = workers
        self.entries: list[HistoryEntry] = []
        self._scans = 0
        self.header = PageHeader(self.tr("History"), "")
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Past briefings and episodes"))
        self.list.setMinimumWidth(320)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Look for new briefings and episodes"))
        self.empty = muted("")
        self.player = Player(store.settings.output_device, force_silent=force_silent, parent=self)
        self.player_widget = PlayerWidget(self.player)
        self.details = muted(self.tr("Choose a briefing or episode on the left to play it."))
        self.details.setAccessibleName(self.tr("Details of the chosen item"))
        self.transcript = TranscriptWidget(opener=opener)
        self.transcript.set_placeholder(self.tr("The transcript of the chosen item appears here."))
        left = QWidget()
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        left_col.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        left_col.addLayout(buttons)
        right = QWidget()
        right_col = QVBoxLayout(right)
        right_col.setContentsMargins(12, 0, 0, 0)
        right_col.addWidget(self.details)
        right_col.addWidget(self.player_widget)
        right_col.addWidget(self.transcript, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([360, 700])
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.addWidget(self.header)
        column.addWidget(self.empty)
        column.addWidget(splitter, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.list.currentRowChanged.connect(self.open_entry)
        self.player_widget.position_changed.connect(self.transcript.set_position)
        self.transcript.seek_requested.connect(self.player.seek)
        self.store.changed.connect(lambda _s: self.refresh())

    def refresh(self) -> PipelineWorker:
        folder = self.store.settings.resolved_output_dir()
        self.header.set_subtitle(self.tr("From {folder}").format(folder=folder))
        self._scans += 1
        scan_number = self._scans

        def job(_cancel: CancelToken) -> Iterator[Any]:
            yield Finished(scan(folder))

        def shown(entries: list[HistoryEntry]) -> None:
            if scan_number == self._scans:  # a slower scan of an older folder must not replace the newer list
                self._show(entries)

        return self.workers.start(job, "history", lambda w: w.finished.connect(shown))

    def _show(self, entries: list[HistoryEntry]) -> None:
        row = self.list.currentRow()
        current = self.entries[row].audio if 0 <= row < len(self.entries) else None
        self.entries = entries
        self.list.blockSignals(True)
        self.list.clear()
        for entry in entries:
            length = f" · {clock(entry.duration)}" if entry.duration else ""
            kind = self.tr(KINDS[entry.kind]) if entry.kind in KINDS else entry.kind.capitalize()
            # the pattern is translated and QLocale names the day and month in the window's language
            created = QLocale().toString(QDateTime(entry.created), self.tr("ddd d MMM yyyy, HH:mm"))
            item = QListWidgetItem(f"{core_text(entry.title)}\n{kind} · {created}{length}")
            item.setToolTip(str(entry.audio))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.empty.setText("" if entries else self.tr("Nothing yet: briefings and episodes you make are listed here."))
        self.empty.setVisible(not entries)
        if current is not None:
            for row, entry in enumerate(entries):
                if entry.audio == current:  # selected again, not opened again: what is playing goes on playing
                    self.list.blockSignals(True)
                    self.list.setCurrentRow(row)
                    self.list.blockSignals(False)

    def open_entry(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        self.player_widget.load(entry.audio, entry.duration or None)
        self.transcript.set_lines(read_vtt(entry.vtt) if entry.vtt else [])
        made_by = self.tr("Made by: {models}").format(models="; ".join(entry.models)) if entry.models else ""
        self.details.setText(f"{entry.audio.name}\n{made_by}".strip())
