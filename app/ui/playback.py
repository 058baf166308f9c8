"""Audio playback: QtMultimedia when it loads and an output device exists, else a silent clock.

The silent clock keeps the rest of the window working where there is no sound (a server, a virtual
screen, a machine without libpulse): position advances in real time, the transcript follows it,
and the player says plainly that there is no audio output device.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, QTimer, QUrl, Signal

from app.ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

NO_DEVICE = QT_TRANSLATE_NOOP("Player", "No audio output device: playing silently, the transcript still follows along")
NO_MULTIMEDIA = QT_TRANSLATE_NOOP("Player", "Audio playback is unavailable: QtMultimedia did not load ({reason})")


@cache
def _multimedia() -> tuple[Any, str]:  # QtMultimedia is loaded lazily: it may be missing
    """The QtMultimedia module, or None and the import error (imported once, lazily)."""
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:
        return None, str(exc)
    return QtMultimedia, ""


def _multimedia_missing(reason: str) -> str:
    # translated on each call, not cached with the import: the window's language can change
    return QCoreApplication.translate("Player", NO_MULTIMEDIA).format(reason=reason)


def audio_outputs() -> list[str]:
    """Names of the audio output devices Qt can see (empty without QtMultimedia or devices)."""
    module, _ = _multimedia()
    if module is None:
        return []
    return [d.description() for d in module.QMediaDevices.audioOutputs()]


def audio_inputs() -> list[str]:
    module, _ = _multimedia()
    if module is None:
        return []
    return [d.description() for d in module.QMediaDevices.audioInputs()]


def media_duration(path: Path) -> float:
    """Seconds of audio in ``path`` read from its header (0.0 when unknown)."""
    try:
        import mutagen

        info = mutagen.File(str(path))
        return float(info.info.length) if info is not None and info.info else 0.0
    except Exception:  # an unreadable header only costs the duration display
        log.warning("could not read the duration of %s", path, exc_info=True)
        return 0.0


class Player(QObject):
    """play/pause/seek/speed over a file; positions and durations in seconds."""

    position_changed = Signal(float)
    duration_changed = Signal(float)
    playing_changed = Signal(bool)
    availability_changed = Signal(str)

    def __init__(self, output_device: str = "", *, force_silent: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._speed = 1.0
        self._duration = 0.0
        self._playing = False
        self.source: Path | None = None
        self._qt_player: Any = None
        self._qt_output: Any = None
        self._clock = QElapsedTimer()
        self._clock_base = 0.0
        self._ticker = QTimer(self)
        self._ticker.setInterval(50)
        self._ticker.timeout.connect(self._tick)
        self.message = ""
        self._setup(output_device, force_silent)

    # --- backend ---------------------------------------------------------------------------------

    def _setup(self, output_device: str, force_silent: bool) -> None:
        module, problem = _multimedia()
        if force_silent or module is None:
            self.message = _multimedia_missing(problem) if problem else self.tr(NO_DEVICE)
            return
        devices = module.QMediaDevices.audioOutputs()
        if not devices:
            self.message = self.tr(NO_DEVICE)
            return
        chosen = next((d for d in devices if d.description() == output_device), None)
        if output_device and chosen is None:
            self.message = self.tr("Audio output {device} is not connected; using the default device").format(
                device=repr(output_device))
        self._qt_output = module.QAudioOutput(chosen or module.QMediaDevices.defaultAudioOutput(), self)
        self._qt_player = module.QMediaPlayer(self)
        self._qt_player.setAudioOutput(self._qt_output)
        self._qt_player.positionChanged.connect(lambda ms: self.position_changed.emit(ms / 1000.0))
        self._qt_player.durationChanged.connect(self._on_qt_duration)
        self._qt_player.playbackStateChanged.connect(self._on_qt_state)
        failed = self.tr("Playback failed: {reason}")
        self._qt_player.errorOccurred.connect(lambda _e, text: self._set_message(failed.format(reason=text)))

    @property
    def silent(self) -> bool:
        return self._qt_player is None

    def _set_message(self, text: str) -> None:
        self.message = text
        self.availability_changed.emit(text)

    def _on_qt_duration(self, ms: int) -> None:
        if ms > 0:
            self._duration = ms / 1000.0
            self.duration_changed.emit(self._duration)

    def _on_qt_state(self, state: object) -> None:
        module, _ = _multimedia()
        playing = module is not None and state == module.QMediaPlayer.PlaybackState.PlayingState
        self._set_playing(playing)

    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self.playing_changed.emit(playing)

    # --- public API ------------------------------------------------------------------------------

    def load(self, path: Path, duration: float | None = None) -> None:
        self.stop()
        self.source = Path(path)
        self._duration = duration if duration else media_duration(self.source)
        self._clock_base = 0.0
        if self._qt_player is not None:
            self._qt_player.setSource(QUrl.fromLocalFile(str(self.source)))
        self.duration_changed.emit(self._duration)
        self.position_changed.emit(0.0)

    @property
    def duration(self) -> float:
        return self._duration

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    def position(self) -> float:
        if self._qt_player is not None:
            return self._qt_player.position() / 1000.0
        if self._playing:
            return min(self._duration, self._clock_base + self._clock.elapsed() / 1000.0 * self._speed)
        return self._clock_base

    def play(self) -> None:
        if self.source is None:
            return
        if self._qt_player is not None:
            self._qt_player.play()
            return
        if self._clock_base >= self._duration:
            self._clock_base = 0.0
        self._clock.restart()
        self._ticker.start()
        self._set_playing(True)

    def pause(self) -> None:
        if self._qt_player is not None:
            self._qt_player.pause()
            return
        self._clock_base = self.position()
        self._ticker.stop()
        self._set_playing(False)

    def toggle(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        if self._qt_player is not None:
            self._qt_player.stop()
        self._ticker.stop()
        self._clock_base = 0.0
        self._set_playing(False)

    def seek(self, seconds: float) -> None:
        target = max(0.0, min(seconds, self._duration or seconds))
        if self._qt_player is not None:
            self._qt_player.setPosition(int(target * 1000))
            return
        self._clock_base = target
        self._clock.restart()
        self.position_changed.emit(target)

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            return
        if self._qt_player is not None:
            self._qt_player.setPlaybackRate(speed)
        else:
            self._clock_base = self.position()
            self._clock.restart()
        self._speed = speed

    def _tick(self) -> None:
        position = self.position()
        self.position_changed.emit(position)
        if position >= self._duration:
            self._clock_base = self._duration
            self._ticker.stop()
            self._set_playing(False)


class LiveAudio(QObject):
    """Plays sentences as the pipeline makes them (QAudioSink in push mode), before the file exists.

    ``available`` is False (with ``message``) without QtMultimedia or an output device; pushes are
    then ignored, so callers need no special case.
    """

    def __init__(self, output_device: str = "", *, force_silent: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._module, problem = _multimedia()
        self._device_name = output_device
        self._sink: Any = None
        self._io: Any = None
        self._rate = 0
        self._pending = bytearray()
        self._feeder = QTimer(self)
        self._feeder.setInterval(20)
        self._feeder.timeout.connect(self._feed)
        outputs = [] if force_silent or self._module is None else self._module.QMediaDevices.audioOutputs()
        self.available = bool(outputs)
        self.message = "" if self.available else (
            _multimedia_missing(problem) if problem else self.tr("No audio output device"))

    def push(self, samples: object, rate: int) -> None:
        if not self.available:
            return
        import numpy as np

        if self._sink is None or rate != self._rate:
            self._open(rate)
        self._pending += np.asarray(samples, dtype="<f4").tobytes()
        self._feed()

    def _open(self, rate: int) -> None:
        self.stop()
        module = self._module
        fmt = module.QAudioFormat()
        fmt.setSampleRate(rate)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(module.QAudioFormat.SampleFormat.Float)
        devices = module.QMediaDevices.audioOutputs()
        device = next((d for d in devices if d.description() == self._device_name), None)
        self._sink = module.QAudioSink(device or module.QMediaDevices.defaultAudioOutput(), fmt, self)
        self._io = self._sink.start()
        self._rate = rate
        self._feeder.start()

    def _feed(self) -> None:
        if self._sink is None or self._io is None or not self._pending:
            return
        room = self._sink.bytesFree()
        if room <= 0:
            return
        take = min(room - room % 4, len(self._pending))
        if take:
            written = self._io.write(bytes(self._pending[:take]))
            if written > 0:
                del self._pending[:written]

    def stop(self) -> None:
        self._feeder.stop()
        self._pending.clear()
        if self._sink is not None:
            self._sink.stop()
            self._sink = None
            self._io = None
