"""The admin PIN dialog: a touch keypad, a masked field, and a lockout after repeated wrong PINs."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.kiosk.pin import MAX_DIGITS, PinGate
from app.ui.i18n import QT_TRANSLATE_NOOP

PURPOSES = {"exit": QT_TRANSLATE_NOOP("PinDialog", "Enter the admin PIN to leave the kiosk"),
            "settings": QT_TRANSLATE_NOOP("PinDialog", "Enter the admin PIN to open settings")}
ANY_PURPOSE = QT_TRANSLATE_NOOP("PinDialog", "Enter the admin PIN")


class PinDialog(QDialog):
    """``accepted`` only after the right PIN; ``rejected`` on Cancel (or when the kiosk resets it)."""

    def __init__(self, gate: PinGate, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.gate = gate
        self.purpose = purpose
        self.setObjectName("pinDialog")
        self.setAccessibleName(self.tr("Admin PIN"))
        self.setModal(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.title = QLabel(self.tr(PURPOSES.get(purpose, ANY_PURPOSE)))
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(MAX_DIGITS)
        self.pin_edit.setAccessibleName(self.tr("PIN"))
        self.pin_edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.pin_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_edit.returnPressed.connect(self.submit)
        self.message = QLabel("")
        self.message.setProperty("role", "error")
        self.message.setAccessibleName(self.tr("PIN message"))
        self.ok_button = QPushButton(self.tr("OK"))
        self.ok_button.setProperty("role", "primary")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self._unlock = QTimer(self)
        self._unlock.setSingleShot(True)
        self._unlock.timeout.connect(self._unlocked)
        self._layout()
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

    def _layout(self) -> None:
        keys = QGridLayout()
        keys.setSpacing(10)
        for index, label in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            button = self.ok_button if label == "OK" else QPushButton(label)
            button.setMinimumSize(84, 64)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if label.isdigit():
                button.setAccessibleName(self.tr("Digit {digit}").format(digit=label))
                button.clicked.connect(lambda _c=False, d=label: self.pin_edit.insert(d))
            elif label == "⌫":
                button.setAccessibleName(self.tr("Delete a digit"))
                button.clicked.connect(self.pin_edit.backspace)
            keys.addWidget(button, index // 3, index % 3)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 24)
        column.setSpacing(14)
        column.addWidget(self.title)
        column.addWidget(self.pin_edit)
        column.addWidget(self.message)
        column.addLayout(keys)
        column.addWidget(self.cancel_button)

    def submit(self) -> str:
        """Check what was typed; returns the outcome ("ok", "wrong", "locked")."""
        outcome = self.gate.attempt(self.pin_edit.text())
        self.pin_edit.clear()
        if outcome == "ok":
            self.accept()
        elif outcome == "wrong":
            self.message.setText(self.tr("Wrong PIN"))
        else:
            self._lock_out()
        return outcome

    def _lock_out(self) -> None:
        seconds = self.gate.locked_for()
        self.message.setText(self.tr("Too many wrong PINs. Try again in {seconds} s.").format(seconds=f"{seconds:.0f}"))
        self.pin_edit.setEnabled(False)
        self.ok_button.setEnabled(False)
        self._unlock.start(max(1, round(seconds * 1000)))

    def _unlocked(self) -> None:
        self.pin_edit.setEnabled(True)
        self.ok_button.setEnabled(True)
        self.message.setText("")
