"""Remote routes for the LLM, speech recognition and speech synthesis: self-hosted servers and cloud APIs.

Each row is one OpenAI-compatible server. A self-hosted route must be at a private address or a host
listed as trusted, or it counts as cloud (privacy mode never uses cloud). A key, if the server needs
one, goes to the OS keyring under the route's name, never into the settings file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import RemoteRoute
from app.ui.i18n import QT_TRANSLATE_NOOP
from engines import secrets
from engines.errors import DaycastError

COLUMNS = (("name", QT_TRANSLATE_NOOP("RoutesEditor", "Name")),
           ("engine", QT_TRANSLATE_NOOP("RoutesEditor", "Engine (llm/asr/tts)")),
           ("kind", QT_TRANSLATE_NOOP("RoutesEditor", "Kind (self-hosted/cloud)")),
           ("base_url", QT_TRANSLATE_NOOP("RoutesEditor", "Base URL")),
           ("model", QT_TRANSLATE_NOOP("RoutesEditor", "Model")),
           ("voice", QT_TRANSLATE_NOOP("RoutesEditor", "Voice (TTS)")))


def _store_key(account: str, key: str) -> str:
    secrets.set_api_key(key, account=account)
    return QCoreApplication.translate("RoutesEditor", "Key for '{name}' saved in the OS keyring; never in the "
                                      "settings file.").format(name=account)


class RoutesEditor(QWidget):
    """``changed(dict)`` with ``routes`` (list of dicts) and ``trusted_hosts`` after an edit."""

    changed = Signal(dict)

    def __init__(self, routes: tuple[RemoteRoute, ...], trusted: tuple[str, ...], parent: QWidget | None = None,
                 key_saver: Callable[[str, str], str] | None = None) -> None:
        super().__init__(parent)
        self._key_saver = key_saver or _store_key
        self._extra: list[dict[str, Any]] = []  # fields the table does not show (timeouts, windows)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(title) for _f, title in COLUMNS])
        self.table.setAccessibleName(self.tr("Remote routes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(120)
        self.add = QPushButton(self.tr("Add route"))
        self.add.setAccessibleName(self.tr("Add a remote route"))
        self.remove = QPushButton(self.tr("Remove route"))
        self.remove.setAccessibleName(self.tr("Remove the selected route"))
        self.trusted = QLineEdit()
        self.trusted.setPlaceholderText("gpu-box.example.org, .home.example.org")
        self.trusted.setAccessibleName(self.tr("Trusted host names"))
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("key for the selected route (stored in the keyring)"))
        self.key.setAccessibleName(self.tr("API key for the selected route"))
        self.save_key = QPushButton(self.tr("Save key"))
        self.status = QLabel(self.tr("Private addresses (127.x, 10.x, 192.168.x, *.local) are self-hosted; other "
                                     "hosts only when listed as trusted."))
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Routes status"))
        self._layout()
        self.set_routes(routes, trusted)
        self.table.itemChanged.connect(lambda _item: self._emit())
        self.add.clicked.connect(self.add_route)
        self.remove.clicked.connect(self.remove_route)
        self.trusted.editingFinished.connect(self._emit)
        self.save_key.clicked.connect(self.store_key)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.save_key)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Trusted hosts"), self.trusted)
        form.addRow(self.tr("API key"), key_row)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(buttons)
        column.addLayout(form)
        column.addWidget(self.status)

    def set_routes(self, routes: tuple[RemoteRoute, ...], trusted: tuple[str, ...]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(routes))
        self._extra = []
        for r, route in enumerate(routes):
            for c, (field, _title) in enumerate(COLUMNS):
                self.table.setItem(r, c, QTableWidgetItem(str(getattr(route, field))))
            self._extra.append({"enabled": route.enabled, "context_window": route.context_window,
                                "timeout_s": route.timeout_s})
        self.table.blockSignals(False)
        if not self.trusted.hasFocus():
            self.trusted.setText(", ".join(trusted))

    def rows(self) -> list[dict[str, Any]]:
        """The complete rows (a half-filled new row is left out until it has a name, URL and model)."""
        found: list[dict[str, Any]] = []
        for r in range(self.table.rowCount()):
            values = {field: self._cell(r, c) for c, (field, _t) in enumerate(COLUMNS)}
            if values["name"] and values["base_url"] and values["model"]:
                extra = self._extra[r] if r < len(self._extra) else {}
                found.append({**values, **extra})
        return found

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _emit(self) -> None:
        hosts = [h.strip() for h in self.trusted.text().split(",") if h.strip()]
        self.changed.emit({"routes": self.rows(), "trusted_hosts": hosts})

    def add_route(self) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for c, value in enumerate(("", "llm", "self-hosted", "http://", "", "")):
            self.table.setItem(row, c, QTableWidgetItem(value))
        self.table.blockSignals(False)
        self._extra.append({})
        self.table.setCurrentCell(row, 0)

    def remove_route(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            if row < len(self._extra):
                del self._extra[row]
            self._emit()

    def store_key(self) -> None:
        row = self.table.currentRow()
        name = self._cell(row, 0) if row >= 0 else ""
        key = self.key.text().strip()
        if not name or not key:
            self.status.setText(self.tr("Select a route with a name and paste its key first."))
            self.key.clear()
            return
        try:
            self.status.setText(self._key_saver(name, key))
        except DaycastError as exc:
            self.status.setText(self.tr("Not saved: {reason}").format(reason=exc))
        finally:
            self.key.clear()  # never keep the secret in the widget
