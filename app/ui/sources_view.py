"""Sources: every subscription with its kind, last fetch, status and item count; add, fetch, OPML.

Adding looks at the address in a worker thread and says what it found ("feed, 12 items");
fetching runs in a worker with progress and Cancel. The network switch lives here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.sources.cache import SourceCache
from app.core.sources.opml import write_opml
from app.core.sources.subscriptions import SubscriptionStore, password_account
from app.jobs.sources import Added, Login, add_job, fetch_job, import_opml, source_rows
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.page_header import PageHeader, error_label, muted
from app.ui.settings_store import SettingsStore
from app.ui.workers import PipelineWorker, WorkerSet
from engines.errors import DaycastError
from engines.fsutil import atomic_write_text
from engines.secrets import delete_secret

COLUMNS = (QT_TRANSLATE_NOOP("SourcesView", "Name"), QT_TRANSLATE_NOOP("SourcesView", "Kind"),
           QT_TRANSLATE_NOOP("SourcesView", "Last fetch"), QT_TRANSLATE_NOOP("SourcesView", "Status"),
           QT_TRANSLATE_NOOP("SourcesView", "Items"))
_ERROR_COLOUR = QColor("#c0392b")


class SourcesView(QWidget):
    def __init__(self, store: SettingsStore, workers: WorkerSet, parent: QWidget | None = None,
                 pick_opml: Callable[[], str] | None = None, pick_export: Callable[[], str] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.workers = workers
        self.subscriptions = SubscriptionStore()
        self.cache = SourceCache()
        self.worker: PipelineWorker | None = None
        self._looking = ""
        self._pick_opml = pick_opml or self._dialog_opml
        self._pick_export = pick_export or self._dialog_export
        self.header = PageHeader(self.tr("Sources"), self.tr(
            "Feeds, calendars, web pages, CalDAV and mail (folders or IMAP) your briefing and assistant read. "
            "They are fetched before each briefing and kept for offline use."))
        self.network = QCheckBox(self.tr("Fetch my sources from the network (allowed in privacy mode: nothing of "
                                         "yours is sent)"))
        self.network.setAccessibleName(self.tr("Fetch sources from the network"))
        self.network.setChecked(store.settings.fetch_sources)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("https://example.org/ (a feed, a page, an .ics or webcal address), "
                                                "imaps://mail.example.org/INBOX, or a path"))
        self.address.setAccessibleName(self.tr("Source address"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Name (optional)"))
        self.name.setAccessibleName(self.tr("Source name"))
        self.name.setMaximumWidth(220)
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("Login (CalDAV or IMAP)"))
        self.user.setAccessibleName(self.tr("Login user name"))
        self.user.setMinimumWidth(220)
        self.password = QLineEdit()
        self.password.setPlaceholderText(self.tr("Password (kept in the OS keyring)"))
        self.password.setAccessibleName(self.tr("Login password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(260)
        self.caldav = QCheckBox(self.tr("The address is a CalDAV calendar"))
        self.caldav.setAccessibleName(self.tr("CalDAV calendar"))
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setProperty("role", "primary")
        self.add_button.setAccessibleName(self.tr("Add the source"))
        self.found = muted("")
        self.found.setAccessibleName(self.tr("What was found"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Subscriptions"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in (0, 1, 2, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.fetch_button = QPushButton(self.tr("Fetch now"))
        self.fetch_button.setAccessibleName(self.tr("Fetch every source now"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel fetching"))
        self.cancel_button.setEnabled(False)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected source"))
        self.import_button = QPushButton(self.tr("Import OPML…"))
        self.import_button.setAccessibleName(self.tr("Import subscriptions from an OPML file"))
        self.export_button = QPushButton(self.tr("Export OPML…"))
        self.export_button.setAccessibleName(self.tr("Export subscriptions as OPML"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Fetch progress"))
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = muted("")
        self.status.setAccessibleName(self.tr("Sources status"))
        self.summary = muted("")
        self.summary.setAccessibleName(self.tr("Sources summary"))
        self.error = error_label()
        self._layout()
        self._connect()
        self.refresh()

    def _layout(self) -> None:
        add_row = QHBoxLayout()
        add_row.addWidget(self.address, 1)
        add_row.addWidget(self.name)
        add_row.addWidget(self.add_button)
        login_row = QHBoxLayout()
        login_row.addWidget(self.user)
        login_row.addWidget(self.password)
        login_row.addWidget(self.caldav)
        login_row.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.fetch_button, self.cancel_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.setSpacing(10)
        column.addWidget(self.header)
        column.addWidget(self.network)
        column.addLayout(add_row)
        column.addLayout(login_row)
        column.addWidget(self.found)
        column.addWidget(self.error)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addWidget(self.progress)
        column.addLayout(actions)
        column.addWidget(self.status)

    def _connect(self) -> None:
        self.network.toggled.connect(self._set_network)
        self.add_button.clicked.connect(self.add)
        self.address.returnPressed.connect(self.add)
        self.fetch_button.clicked.connect(self.fetch)
        self.cancel_button.clicked.connect(self.cancel)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(lambda: self.import_file(self._pick_opml()))
        self.export_button.clicked.connect(lambda: self.export_file(self._pick_export()))
        self.store.changed.connect(lambda s: self.network.setChecked(s.fetch_sources))

    # --- the list ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            rows = source_rows(self.subscriptions, self.cache)
        except DaycastError as exc:
            self._show_error(str(exc))
            return
        self.keys = [row.key for row in rows]
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            for col, value in enumerate((row.name, row.kind, row.last_fetch, row.status, row.items)):
                item = QTableWidgetItem(value)
                item.setToolTip(row.location if col == 0 else value)
                if col == 3 and row.failed:
                    item.setForeground(_ERROR_COLOUR)
                if col == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, col, item)
        failing = sum(1 for row in rows if row.failed)
        summary = self.tr("1 source") if len(rows) == 1 else self.tr("{count} sources").format(count=len(rows))
        if failing:
            summary += self.tr(", {count} failing (the briefing uses their last good copy)").format(count=failing)
        empty = self.tr("No sources yet: add a feed, page or calendar address above.")
        self.summary.setText(summary if rows else empty)

    def rows_text(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and accessibility checks)."""
        def text(row: int, col: int) -> str:
            item = self.table.item(row, col)
            return item.text() if item is not None else ""

        return [[text(r, c) for c in range(len(COLUMNS))] for r in range(self.table.rowCount())]

    # --- actions -----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def _set_network(self, on: bool) -> None:
        if on != self.store.settings.fetch_sources:
            self.store.update(fetch_sources=on)

    def add(self) -> bool:
        location = self.address.text().strip()
        if not location or self.busy:
            return False
        self.error.hide()
        self._looking = self.tr("Looking at {address}…").format(address=location)
        self.found.setText(self._looking)
        user = self.user.text().strip()
        login = Login(user, self.password.text()) if user else None
        job = add_job(location, self.name.text().strip(), self.subscriptions, self.cache,
                      caldav=self.caldav.isChecked(), login=login)
        self.password.clear()  # kept only in the keyring, once the job stores it
        self.worker = self.workers.start(job, "add-source", self._wire)
        self._set_busy(True)
        return True

    def fetch(self) -> bool:
        if self.busy:
            return False
        if not self.store.settings.fetch_sources:
            self._show_error(self.tr("Fetching is switched off. Tick the box above to fetch your sources."))
            return False
        self.error.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(self.tr("Fetching…"))
        self.worker = self.workers.start(fetch_job(cache=self.cache), "fetch-sources", self._wire)
        self._set_busy(True)
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.status.setText(self.tr("Cancelling…"))
            self.worker.cancel()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.keys):
            return
        removed = self.subscriptions.remove(self.keys[row])
        self.cache.remove(removed.key)
        delete_secret(password_account(removed.key))
        self.found.setText(self.tr("Removed {name}.").format(name=removed.label))
        self.refresh()

    def import_file(self, path: str) -> None:
        if not path:
            return
        try:
            self.found.setText(import_opml(Path(path), self.subscriptions) + self.tr(" Press Fetch now to fetch them."))
        except DaycastError as exc:
            self._show_error(str(exc))
        self.refresh()

    def export_file(self, path: str) -> None:
        if not path:
            return
        try:
            atomic_write_text(Path(path), write_opml(self.subscriptions.load()))
            self.found.setText(self.tr("Wrote {path}.").format(path=path))
        except DaycastError as exc:
            self._show_error(str(exc))

    # --- worker signals ----------------------------------------------------------------------------

    def _wire(self, worker: PipelineWorker) -> None:
        worker.progress.connect(self._on_progress)
        worker.notice.connect(lambda _code, message, _level: self.status.setText(message))
        worker.finished.connect(self._on_finished)
        worker.failed.connect(lambda _code, message: self._show_error(message))
        worker.cancelled.connect(lambda message: self.status.setText(message))
        worker.done.connect(self._on_done)

    def _on_progress(self, _stage: str, done: float, total: float, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, int(total))
            self.progress.setValue(int(done))
        self.status.setText(message)

    def _on_finished(self, result: Any) -> None:
        if isinstance(result, Added):
            added = self.tr("Added {name}: {found}.")
            self.found.setText(added.format(name=result.subscription.label, found=result.found))
            for field in (self.address, self.name, self.user):
                field.clear()
            self.caldav.setChecked(False)
        elif isinstance(result, list):
            failed = sum(1 for r in result if r.error is not None)
            done = self.tr("Fetched 1 source") if len(result) == 1 else \
                self.tr("Fetched {count} sources").format(count=len(result))
            self.status.setText(done + (self.tr("; {count} failed (see Status)").format(count=failed) if failed else "")
                                + ".")

    def _on_done(self) -> None:
        self.worker = None
        self.progress.hide()
        self._set_busy(False)
        self.refresh()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.add_button, self.fetch_button, self.remove_button, self.import_button):
            button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        if self.found.text() == self._looking:
            self.found.setText("")

    def _dialog_opml(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import OPML"), str(Path.home()),
                                              self.tr("OPML (*.opml *.xml);;All (*)"))
        return path

    def _dialog_export(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export OPML"), str(Path.home() / "daycast.opml"),
                                              self.tr("OPML (*.opml)"))
        return path
