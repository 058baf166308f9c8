"""Play/pause, a seek slider, elapsed/total time and a speed choice, over a :class:`Player`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from app.ui.playback import Player

SPEEDS = (0.75, 1.0, 1.25, 1.5, 2.0)


def clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class PlayerWidget(QWidget):
    """``position_changed(seconds)`` follows playback so a transcript can highlight along."""

    position_changed = Signal(float)

    def __init__(self, player: Player, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self._dragging = False
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setAccessibleName(self.tr("Play or pause"))
        self.play_button.setToolTip(self.tr("Play or pause (Ctrl+P)"))
        self.play_button.setShortcut("Ctrl+P")
        self.play_button.setMinimumWidth(88)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(self.tr("Playback position"))
        self.slider.setRange(0, 0)
        self.slider.setSingleStep(5000)
        self.slider.setPageStep(15000)
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setAccessibleName(self.tr("Elapsed and total time"))
        self.time_label.setMinimumWidth(90)
        self.speed = QComboBox()
        self.speed.setAccessibleName(self.tr("Playback speed"))
        for value in SPEEDS:
            self.speed.addItem(f"{value:g}×", value)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.status = QLabel(player.message)
        self.status.setProperty("role", "muted")
        self.status.setAccessibleName(self.tr("Playback status"))
        self.status.setWordWrap(True)
        self.status.setVisible(bool(player.message))
        self._layout()
        self._connect()
        self.set_enabled_for_source()

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        row.addWidget(QLabel(self.tr("Speed")))
        row.addWidget(self.speed)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.status)

    def _connect(self) -> None:
        self.play_button.clicked.connect(self.player.toggle)
        self.slider.sliderPressed.connect(self._drag_start)
        self.slider.sliderReleased.connect(self._drag_end)
        self.slider.actionTriggered.connect(self._keyboard_seek)
        self.speed.currentIndexChanged.connect(lambda _i: self.player.set_speed(float(self.speed.currentData())))
        self.player.position_changed.connect(self._on_position)
        self.player.duration_changed.connect(self._on_duration)
        self.player.playing_changed.connect(self._on_playing)
        self.player.availability_changed.connect(self._on_availability)

    def load(self, path: Path, duration: float | None = None) -> None:
        self.player.load(path, duration)
        self.player.set_speed(float(self.speed.currentData()))
        self.set_enabled_for_source()

    def set_enabled_for_source(self) -> None:
        has_source = self.player.source is not None
        for widget in (self.play_button, self.slider, self.speed):
            widget.setEnabled(has_source)

    def _drag_start(self) -> None:
        self._dragging = True

    def _drag_end(self) -> None:
        self._dragging = False
        self.player.seek(self.slider.value() / 1000.0)

    def _keyboard_seek(self, action: int) -> None:
        if not self._dragging and action != QSlider.SliderAction.SliderMove.value:
            self.player.seek(self.slider.sliderPosition() / 1000.0)

    def _on_position(self, seconds: float) -> None:
        if not self._dragging:
            self.slider.blockSignals(True)
            self.slider.setValue(int(seconds * 1000))
            self.slider.blockSignals(False)
        self.time_label.setText(f"{clock(seconds)} / {clock(self.player.duration)}")
        self.position_changed.emit(seconds)

    def _on_duration(self, seconds: float) -> None:
        self.slider.setRange(0, int(seconds * 1000))
        self.time_label.setText(f"{clock(self.player.position())} / {clock(seconds)}")

    def _on_playing(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _on_availability(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))
