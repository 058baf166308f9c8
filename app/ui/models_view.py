"""Models & backend: the device each engine uses and why, the CPU/GPU switch, the routes each engine kind
has (local, self-hosted, cloud) and which served last, models to install."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.events import Finished
from app.core.route_status import RouteRow, route_rows
from app.jobs.model_download import download_events
from app.jobs.model_rows import DeviceRow, ModelRow, bundled_rows, catalog_rows, device_rows, human_size
from app.ui.i18n import QT_TRANSLATE_NOOP, core_text
from app.ui.page_header import PageHeader, muted, section
from app.ui.settings_store import SettingsStore
from app.ui.workers import PipelineWorker, WorkerSet
from engines.cancel import CancelToken

DEVICE_CHOICES = ((QT_TRANSLATE_NOOP("ModelsView", "Automatic"), "auto",
                   QT_TRANSLATE_NOOP("ModelsView", "Use the GPU only where every check passes")),
                  (QT_TRANSLATE_NOOP("ModelsView", "CPU only"), "cpu",
                   QT_TRANSLATE_NOOP("ModelsView", "Always run on the processor")),
                  (QT_TRANSLATE_NOOP("ModelsView", "GPU"), "gpu",
                   QT_TRANSLATE_NOOP("ModelsView", "Use CUDA; falls back to the CPU with the reason shown")))
MODEL_COLUMNS = (QT_TRANSLATE_NOOP("ModelsView", "Model"), QT_TRANSLATE_NOOP("ModelsView", "Role"),
                 QT_TRANSLATE_NOOP("ModelsView", "Size"), QT_TRANSLATE_NOOP("ModelsView", "Licence"),
                 QT_TRANSLATE_NOOP("ModelsView", "Kind"), QT_TRANSLATE_NOOP("ModelsView", "Parameters"),
                 QT_TRANSLATE_NOOP("ModelsView", "Fits this machine"), QT_TRANSLATE_NOOP("ModelsView", "Status"))
ROUTE_COLUMNS = (QT_TRANSLATE_NOOP("ModelsView", "Engine"), QT_TRANSLATE_NOOP("ModelsView", "Route"),
                 QT_TRANSLATE_NOOP("ModelsView", "Kind"), QT_TRANSLATE_NOOP("ModelsView", "Where"),
                 QT_TRANSLATE_NOOP("ModelsView", "Model"), QT_TRANSLATE_NOOP("ModelsView", "Allowed"),
                 QT_TRANSLATE_NOOP("ModelsView", "Last served"))
DEVICE_COLUMNS = (QT_TRANSLATE_NOOP("ModelsView", "Engine"), QT_TRANSLATE_NOOP("ModelsView", "Runs on"),
                  QT_TRANSLATE_NOOP("ModelsView", "Why"))


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    """A read-only table; ``columns`` are the marked English headers, translated here."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([QCoreApplication.translate("ModelsView", c) for c in columns])
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    return table


class ModelsView(QWidget):
    def __init__(self, store: SettingsStore, workers: WorkerSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.workers = workers
        self._refreshes = 0  # which refresh is the newest (an older one's result is dropped)
        self.header = PageHeader(self.tr("Models & backend"), self.tr(
            "Everything runs on this computer unless you add a self-hosted server or allow a cloud model in Settings."))
        self.device_buttons = QButtonGroup(self)
        self.device_row = QHBoxLayout()
        for index, (label, value, tip) in enumerate(DEVICE_CHOICES):
            button = QRadioButton(self.tr(label))
            button.setToolTip(self.tr(tip))
            button.setAccessibleName(self.tr("Compute device: {device}").format(device=self.tr(label)))
            button.setProperty("value", value)
            self.device_buttons.addButton(button, index)
            self.device_row.addWidget(button)
        self.device_row.addStretch(1)
        self.device_table = _table(DEVICE_COLUMNS, self.tr("Devices per engine"))
        self.device_table.setMaximumHeight(150)
        self.device_note = muted(self.tr("Checking devices…"))
        self.routes_table = _table(ROUTE_COLUMNS, self.tr("Routes per engine"))
        self.routes_table.setMaximumHeight(180)
        self.routes: list[RouteRow] = []
        self.models_table = _table(MODEL_COLUMNS, self.tr("Models"))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setAccessibleName(self.tr("Download the selected model"))
        self.download_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the download"))
        self.cancel_button.setEnabled(False)
        self.download_bar = QProgressBar()
        self.download_bar.setAccessibleName(self.tr("Download progress"))
        self.download_bar.hide()
        self.download_bar.setMaximumWidth(420)
        self.download_status = muted("")
        self.download_status.setAccessibleName(self.tr("Download status"))
        self.rows: list[ModelRow] = []
        self.devices: list[DeviceRow] = []
        self._layout()
        self._connect()
        self._select_device(store.settings.device)
        self.loaded = False

    def _layout(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.download_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.download_bar, 1)
        actions.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.setSpacing(10)
        column.addWidget(self.header)
        column.addWidget(section(self.tr("Compute device")))
        column.addLayout(self.device_row)
        column.addWidget(self.device_table)
        column.addWidget(self.device_note)
        column.addWidget(section(self.tr("Routes: where each engine runs")))
        column.addWidget(self.routes_table)
        column.addWidget(section(self.tr("Models")))
        column.addWidget(self.models_table, 1)
        column.addLayout(actions)
        column.addWidget(self.download_status)

    def _connect(self) -> None:
        self.device_buttons.idClicked.connect(self._device_clicked)
        self.models_table.itemSelectionChanged.connect(self._selection_changed)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.store.changed.connect(lambda s: self._select_device(s.device))

    # --- device switch ---------------------------------------------------------------------------

    def _select_device(self, value: str) -> None:
        for button in self.device_buttons.buttons():
            if button.property("value") == value:
                button.setChecked(True)

    def _device_clicked(self, index: int) -> None:
        value = DEVICE_CHOICES[index][1]
        if self.store.update(device=value):
            self.refresh()

    # --- loading (in a worker) -------------------------------------------------------------------

    def refresh(self) -> PipelineWorker:
        requested = self.store.settings.device
        settings = self.store.settings
        self.device_note.setText(self.tr("Checking devices…"))
        self._refreshes += 1

        def job(cancel: CancelToken) -> Iterator[Any]:
            devices = device_rows(requested)
            cancel.check()
            models = bundled_rows()
            installed = {m.id for m in models if m.installed}
            yield Finished((devices, models + catalog_rows(installed), route_rows(settings)))

        return self.workers.start(job, "models", self._wire_refresh)

    def _wire_refresh(self, worker: PipelineWorker) -> None:
        number = self._refreshes  # a slow GPU probe finishing after a newer CPU one must not replace it
        worker.finished.connect(lambda payload: self._show(payload) if number == self._refreshes else None)
        unreadable = self.tr("Could not read the model list: {reason}")
        worker.failed.connect(lambda _c, m: self.device_note.setText(unreadable.format(reason=m)))

    def _show(self, payload: tuple[list[DeviceRow], list[ModelRow], list[RouteRow]]) -> None:
        self.devices, self.rows, self.routes = payload
        self.loaded = True
        self._show_routes()
        self.device_table.setRowCount(len(self.devices))
        for r, row in enumerate(self.devices):
            where = self.tr("GPU (CUDA)") if row.device == "cuda" else self.tr("CPU")
            for c, value in enumerate((row.engine, where, row.reason)):
                self.device_table.setItem(r, c, QTableWidgetItem(value))
        header = self.device_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.device_table.resizeRowsToContents()
        rows_height = sum(self.device_table.rowHeight(r) for r in range(self.device_table.rowCount()))
        self.device_table.setFixedHeight(rows_height + header.height() + 4)
        choice = self.store.settings.device
        self.device_note.setText(self.tr("Setting: {choice}. Engines fall back to the CPU when a GPU check fails; "
                                         "the reason is shown above.").format(choice=choice))
        self.models_table.setRowCount(len(self.rows))
        for r, m in enumerate(self.rows):
            status = self.tr("Installed") if m.installed else (
                self.tr("Included, not assembled") if m.origin == "bundled" else
                self.tr("Available to download") if m.verified else self.tr("Available, unverified"))
            values = (m.title or m.id, m.role, human_size(m.size_bytes), m.license,
                      self.tr("MoE") if m.architecture == "moe" else self.tr("Dense"), m.params, core_text(m.fits),
                      status)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value if c else f"{m.id}: {m.title}")
                self.models_table.setItem(r, c, item)
        header = self.models_table.horizontalHeader()
        for column in range(len(MODEL_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.models_table.setColumnWidth(3, 120)
        header.setStretchLastSection(False)

    def _show_routes(self) -> None:
        self.routes_table.setRowCount(len(self.routes))
        for r, route in enumerate(self.routes):
            reason = core_text(route.note)
            allowed = self.tr("Yes") if route.usable else self.tr("No: {reason}").format(reason=reason)
            values = (route.engine.upper(), route.name, route.kind, core_text(route.where), route.model, allowed,
                      core_text(route.last_served))
            for c, value in enumerate(values):
                self.routes_table.setItem(r, c, QTableWidgetItem(value))
        header = self.routes_table.horizontalHeader()
        for column in range(len(ROUTE_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    # --- downloads -------------------------------------------------------------------------------

    def selected(self) -> ModelRow | None:
        rows = self.models_table.selectionModel().selectedRows() if self.models_table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _downloading(self) -> bool:
        worker = getattr(self, "_download", None)
        return worker is not None and worker.running

    def _selection_changed(self) -> None:
        row = self.selected()  # one download at a time: its Cancel button and progress belong to it
        self.download_button.setEnabled(bool(row and row.origin == "catalog" and not row.installed)
                                        and not self._downloading())

    def download_selected(self) -> PipelineWorker | None:
        row = self.selected()
        if row is None or self._downloading():
            return None
        if not row.verified and not self.confirm_unverified(row):
            self.download_status.setText(self.tr("Not downloaded: {model} has no recorded checksum.").format(
                model=row.id))
            return None
        self.download_bar.show()
        self.download_bar.setRange(0, 0)
        self.download_status.setText(self.tr("Downloading {model}…").format(model=row.id))
        self.download_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

        def job(cancel: CancelToken) -> Iterator[Any]:
            yield from download_events(row.id, cancel, allow_unverified=not row.verified)

        self._download = self.workers.start(job, "download", lambda w: self._wire_download(w, row.verified))
        return self._download

    def confirm_unverified(self, row: ModelRow) -> bool:
        """Ask before installing files Daycast cannot check (the CLI asks for --allow-unverified)."""
        answer = QMessageBox.question(
            self, self.tr("Download without a checksum?"),
            self.tr("No SHA-256 is recorded for {model}, so Daycast cannot check that the files are the ones "
                    "published. Download them anyway?").format(model=row.title or row.id),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _wire_download(self, worker: PipelineWorker, verified: bool) -> None:
        worker.progress.connect(self._download_progress)
        installed = self.tr("Installed and verified.") if verified else self.tr(
            "Installed, unverified: no checksum is recorded for it.")
        worker.finished.connect(lambda _r: self.download_status.setText(installed))
        failed = self.tr("Download failed: {reason}")
        worker.failed.connect(lambda _c, m: self.download_status.setText(failed.format(reason=m)))
        worker.cancelled.connect(lambda _m: self.download_status.setText(self.tr(
            "Download cancelled; nothing installed.")))
        worker.done.connect(self._download_done)

    def _download_progress(self, _stage: str, done: float, total: float, message: str) -> None:
        if total > 0:
            self.download_bar.setRange(0, 1000)
            self.download_bar.setValue(int(1000 * done / total))
            self.download_status.setText(self.tr("{done} of {total} {message}").format(
                done=human_size(int(done)), total=human_size(int(total)), message=message).strip())

    def _download_done(self) -> None:
        self.cancel_button.setEnabled(False)
        self.download_bar.hide()
        self.refresh()

    def cancel_download(self) -> None:
        worker = getattr(self, "_download", None)
        if worker is not None and worker.running:
            worker.cancel()


__all__ = ["ModelsView"]
