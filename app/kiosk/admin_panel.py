"""The operator's panel (only after the admin PIN): idle time, audio devices, PIN, refresh, exit."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.kiosk.config import KioskConfig
from app.core.kiosk.pin import check_pin
from app.ui.i18n import QT_TRANSLATE_NOOP
from engines.errors import DaycastError

DEFAULT_DEVICE = QT_TRANSLATE_NOOP("AdminPanel", "Default device")


class AdminPanel(QDialog):
    """``config_changed(KioskConfig)`` on Save, ``pin_changed(str)`` with a new PIN, ``exit_requested``,
    ``refresh_requested`` (make today's demo content again)."""

    config_changed = Signal(object)
    pin_changed = Signal(str)
    exit_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, config: KioskConfig, outputs: list[str], inputs: list[str], status: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("adminPanel")
        self.setAccessibleName(self.tr("Kiosk settings"))
        self.setModal(True)
        self.config = config
        self.idle = QDoubleSpinBox()
        self.idle.setRange(10, 3600)
        self.idle.setSuffix(self.tr(" s"))
        self.idle.setValue(config.idle_seconds)
        self.idle.setAccessibleName(self.tr("Idle time before the attract loop"))
        self.output = self._devices(outputs, config.output_device, self.tr("Speaker"))
        self.input = self._devices(inputs, config.input_device, self.tr("Microphone"))
        self.new_pin = QLineEdit()
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pin.setPlaceholderText(self.tr("new PIN (4–12 digits), leave empty to keep"))
        self.new_pin.setAccessibleName(self.tr("New PIN"))
        self.message = QLabel(status)
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setProperty("role", "primary")
        self.refresh_button = QPushButton(self.tr("Make today's demo again"))
        self.exit_button = QPushButton(self.tr("Exit kiosk"))
        self.close_button = QPushButton(self.tr("Back to the kiosk"))
        self._layout()
        self.save_button.clicked.connect(self.save)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.close_button.clicked.connect(self.reject)

    def _devices(self, names: list[str], current: str, label: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(label)
        box.addItem(self.tr(DEFAULT_DEVICE), "")
        for name in names:
            box.addItem(name, name)
        if current and current not in names:
            box.addItem(self.tr("{name} (not connected)").format(name=current), current)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Attract loop after"), self.idle)
        form.addRow(self.tr("Speaker"), self.output)
        form.addRow(self.tr("Microphone"), self.input)
        form.addRow(self.tr("Admin PIN"), self.new_pin)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.refresh_button, self.exit_button, self.close_button):
            buttons.addWidget(button)
        title = QLabel(self.tr("Kiosk settings"))
        title.setProperty("role", "title")
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 24)
        column.addWidget(title)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addLayout(buttons)

    def save(self) -> bool:
        """Validate and announce the changes; False (with the reason shown) when refused."""
        try:
            config = replace(self.config, idle_seconds=float(self.idle.value()),
                             output_device=str(self.output.currentData() or ""),
                             input_device=str(self.input.currentData() or ""))
            pin = self.new_pin.text().strip()
            if pin:
                check_pin(pin)
        except DaycastError as exc:
            self.message.setText(exc.message)
            return False
        self.config = config
        self.config_changed.emit(config)
        if pin:
            self.pin_changed.emit(pin)
            self.new_pin.clear()
        self.message.setText(self.tr("Saved."))
        return True
