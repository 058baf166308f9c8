"""One podcast host: the name spoken, the voice, and a button to hear the voice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.jobs.voices import known_voices, voice_label


class HostEditor(QWidget):
    """``changed(name, voice)`` after an edit; ``preview_requested(voice)`` from the Preview button."""

    changed = Signal(str, str)
    preview_requested = Signal(str)

    def __init__(self, label: str, name: str, voice: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(name)
        self.name.setAccessibleName(self.tr("{host} name").format(host=label))
        self.name.setFixedWidth(90)
        self.voice = QComboBox()
        self.voice.setAccessibleName(self.tr("{host} voice").format(host=label))
        self.voice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.voice.setMinimumContentsLength(12)
        for spec, voice_name in known_voices():
            self.voice.addItem(voice_name, spec)
        if self.voice.findData(voice) < 0:
            self.voice.addItem(voice_label(voice), voice)
        self.voice.setCurrentIndex(self.voice.findData(voice))
        self.voice.setToolTip(self.voice.currentText())
        self.voice.currentIndexChanged.connect(lambda _i: self.voice.setToolTip(self.voice.currentText()))
        self.preview = QPushButton(self.tr("Preview"))
        self.preview.setAccessibleName(self.tr("Hear the {host} voice").format(host=label))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        title = QLabel(label)
        title.setMinimumWidth(max(48, title.sizeHint().width()))  # "ホスト 1：" is wider than "Host 1"
        row.addWidget(title)
        row.addWidget(self.name)
        row.addWidget(self.voice, 1)
        row.addWidget(self.preview)
        self.name.editingFinished.connect(self._emit)
        self.voice.currentIndexChanged.connect(self._emit)
        self.preview.clicked.connect(lambda: self.preview_requested.emit(self.voice.currentData()))

    def _emit(self) -> None:
        self.changed.emit(self.name.text().strip() or "Host", self.voice.currentData())

    def host_name(self) -> str:
        return self.name.text().strip() or "Host"

    def voice_spec(self) -> str:
        return str(self.voice.currentData())
