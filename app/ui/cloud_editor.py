"""The optional cloud endpoint: base URL and model in settings, the API key in the OS keyring only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.core.settings import CloudSettings
from engines import secrets
from engines.errors import DaycastError


def _store_key(key: str) -> str:
    secrets.set_api_key(key)
    return QCoreApplication.translate("CloudEditor", "Saved in the OS keyring ({backend}); it is never written to the "
                                      "settings file.").format(backend=secrets.keyring_backend())


class CloudEditor(QWidget):
    """``changed(dict)`` with the CloudSettings fields after an edit; the key goes to ``key_saver``."""

    changed = Signal(dict)

    def __init__(self, cloud: CloudSettings, parent: QWidget | None = None,
                 key_saver: Callable[[str], str] | None = None) -> None:
        super().__init__(parent)
        self._key_saver = key_saver or _store_key
        self.enabled = QCheckBox(self.tr("Allow a cloud model when the policy permits"))
        self.enabled.setAccessibleName(self.tr("Allow the cloud endpoint"))
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText(self.tr("https://api.example.com/v1"))
        self.base_url.setAccessibleName(self.tr("Cloud endpoint base URL"))
        self.model = QLineEdit()
        self.model.setPlaceholderText(self.tr("model name"))
        self.model.setAccessibleName(self.tr("Cloud model name"))
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("paste a key to store it in the keyring"))
        self.key.setAccessibleName(self.tr("Cloud API key"))
        self.save_key = QPushButton(self.tr("Save key"))
        self.save_key.setAccessibleName(self.tr("Save the API key to the OS keyring"))
        self.key_status = QLabel(self.tr("The key is kept in the OS keyring (or DAYCAST_API_KEY), never in files."))
        self.key_status.setProperty("role", "muted")
        self.key_status.setWordWrap(True)
        self.key_status.setAccessibleName(self.tr("API key status"))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.save_key)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.enabled)
        form.addRow(self.tr("Base URL"), self.base_url)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("API key"), key_row)
        form.addRow("", self.key_status)
        self.set_cloud(cloud)
        self.enabled.toggled.connect(self._emit)
        self.base_url.editingFinished.connect(self._emit)
        self.model.editingFinished.connect(self._emit)
        self.save_key.clicked.connect(self.store_key)
        self.key.returnPressed.connect(self.store_key)

    def set_cloud(self, cloud: CloudSettings) -> None:
        self.enabled.blockSignals(True)
        self.enabled.setChecked(cloud.enabled)
        self.enabled.blockSignals(False)
        if not self.base_url.hasFocus():
            self.base_url.setText(cloud.base_url)
        if not self.model.hasFocus():
            self.model.setText(cloud.model)

    def _emit(self) -> None:
        self.changed.emit({"enabled": self.enabled.isChecked(), "base_url": self.base_url.text().strip(),
                           "model": self.model.text().strip()})

    def store_key(self) -> None:
        key = self.key.text().strip()
        if not key:
            self.key_status.setText(self.tr("Paste a key first."))
            return
        try:
            self.key_status.setText(self._key_saver(key))
        except DaycastError as exc:
            self.key_status.setText(self.tr("Not saved: {reason}").format(reason=exc))
        finally:
            self.key.clear()  # never keep the secret in the widget
