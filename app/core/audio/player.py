"""Audio output: a sounddevice (PortAudio) player with a queue that ``stop()`` drops at once, and a
:class:`NullPlayer` that plays nothing and records what would have played (file mode, kiosks without
a speaker, tests).

Chunks are resampled to the device rate when queued, so the PortAudio callback only copies samples:
``stop()`` empties the queue under a lock and the callback outputs silence from its next block
(blocks are about 10 ms), so queued audio stops within the device latency (< 50 ms with ``low``).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from engines.audio import resample
from engines.errors import AudioDeviceError, UsageError
from engines.types import AudioChunk

BLOCK = 512
VOLUME_RANGE = (0.0, 2.0)
SPEED_RANGE = (0.5, 2.0)
SILENT_DB = -120.0
LEVEL_FRAME = 512
NO_AUDIO_HINT = "install PortAudio (e.g. `sudo apt install libportaudio2`) and connect a device, " \
                "or use file mode: daycast ask --audio question.wav --out reply.wav"


@runtime_checkable
class Player(Protocol):
    """Where replies are heard. ``play`` never blocks; ``stop`` drops everything queued."""

    volume: float
    speed: float

    @property
    def is_playing(self) -> bool: ...

    @property
    def played_seconds(self) -> float:
        """Seconds of audio that have come out since the player opened (stopped audio excluded)."""
        ...

    @property
    def last_stopped(self) -> tuple[AudioChunk, float] | None:
        """The chunk the last ``stop()`` cut, and how many seconds of it (at speed 1) had played."""
        ...

    def play(self, chunk: AudioChunk) -> None: ...

    def stop(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the queue has played out; False when ``timeout`` passed first."""
        ...

    def output_level(self, window: float = 0.15) -> float:
        """dBFS of the loudest ~30 ms that came out in the last ``window`` seconds (the echo reference)."""
        ...

    def close(self) -> None: ...


def rms_db(frame: np.ndarray) -> float:
    """Level of a frame in dBFS (-120 for digital silence)."""
    if not len(frame):
        return SILENT_DB
    power = float(np.mean(np.square(frame, dtype=np.float64)))
    return 10.0 * math.log10(power) if power > 1e-12 else SILENT_DB


def peak_frame_db(samples: np.ndarray, frame: int = LEVEL_FRAME) -> float:
    """The loudest ``frame``-sample stretch of ``samples``, in dBFS."""
    count = len(samples) // frame
    if count == 0:
        return rms_db(samples)
    blocks = samples[: count * frame].reshape(count, frame).astype(np.float64)
    power = float(np.max(np.mean(blocks * blocks, axis=1)))
    return 10.0 * math.log10(power) if power > 1e-12 else SILENT_DB


def check_volume(value: float) -> float:
    value = float(value)
    if not VOLUME_RANGE[0] <= value <= VOLUME_RANGE[1]:
        raise UsageError(f"Volume {value} is out of range; use {VOLUME_RANGE[0]} to {VOLUME_RANGE[1]}")
    return value


def check_playback_speed(value: float) -> float:
    value = float(value)
    if not SPEED_RANGE[0] <= value <= SPEED_RANGE[1]:
        raise UsageError(f"Playback speed {value} is out of range; use {SPEED_RANGE[0]} to {SPEED_RANGE[1]}")
    return value


def retime(samples: np.ndarray, rate: int, speed: float, target_rate: int) -> np.ndarray:
    """``samples`` at ``rate`` made ready for a ``target_rate`` output played ``speed`` times faster.

    Playback speed works like a tape: faster is also higher. (Reply speech changes speed in the TTS
    instead, which keeps the pitch; this is for pre-rendered audio such as an episode.)
    """
    source = round(rate * speed) if abs(speed - 1.0) > 1e-3 else rate
    return resample(np.asarray(samples, np.float32).reshape(-1), source, target_rate)


# -- sounddevice -------------------------------------------------------------------------------------


def import_sounddevice() -> Any:
    """The sounddevice module, or AudioDeviceError when PortAudio (the native library) is missing."""
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError("PortAudio library not found")
        raise AudioDeviceError(f"No audio devices: {exc}", hint=NO_AUDIO_HINT) from exc
    except ImportError as exc:
        raise AudioDeviceError("No audio devices: the sounddevice package is not installed",
                               hint=NO_AUDIO_HINT) from exc
    return sounddevice


def _devices(sd: Any) -> list[dict[str, Any]]:
    try:
        return [dict(d, index=i) for i, d in enumerate(sd.query_devices())]
    except Exception as exc:  # sd.PortAudioError when the host API cannot be queried
        raise AudioDeviceError(f"Cannot list audio devices: {exc}", hint=NO_AUDIO_HINT) from exc


def list_devices() -> tuple[list[str], list[str]]:
    """Names of the (inputs, outputs) PortAudio sees; two empty lists where there is no audio at all."""
    try:
        devices = _devices(import_sounddevice())
    except AudioDeviceError:
        return [], []
    inputs = [d["name"] for d in devices if d.get("max_input_channels", 0) > 0]
    outputs = [d["name"] for d in devices if d.get("max_output_channels", 0) > 0]
    return inputs, outputs


def find_device(sd: Any, name: str | None, kind: str) -> dict[str, Any]:
    """The input or output device called ``name`` (exact, else a unique case-insensitive part), or the
    default one; AudioDeviceError names what exists when there is no such device."""
    channels = "max_input_channels" if kind == "input" else "max_output_channels"
    usable = [d for d in _devices(sd) if d.get(channels, 0) > 0]
    what = "microphone" if kind == "input" else "audio output device"
    if not usable:
        raise AudioDeviceError(f"No {what} found", hint=NO_AUDIO_HINT if kind == "output" else
                               "connect a microphone, or use file mode: daycast ask --audio question.wav")
    if not name:
        default = _default_index(sd, kind)
        return next((d for d in usable if d["index"] == default), usable[0])
    exact = [d for d in usable if d["name"] == name]
    partial = [d for d in usable if name.casefold() in d["name"].casefold()]
    found = exact or partial
    if len(found) != 1 and not exact:
        names = ", ".join(repr(d["name"]) for d in usable)
        problem = "matches several" if found else "is not connected"
        raise AudioDeviceError(f"The {what} {name!r} {problem}; available: {names}",
                               hint="pick one by its full name in Settings, or with --input/--output")
    return found[0]


def _default_index(sd: Any, kind: str) -> int:
    try:
        pair = sd.default.device
        index = pair[0] if kind == "input" else pair[1]
        return int(index) if index is not None else -1
    except (TypeError, ValueError, IndexError):
        return -1


class SoundDevicePlayer:
    """A PortAudio output stream that always runs and plays whatever is queued (silence otherwise)."""

    def __init__(self, sd: Any, device: dict[str, Any], sample_rate: int) -> None:
        self.device_name: str = device["name"]
        self.sample_rate = sample_rate
        self.volume = 1.0
        self.speed = 1.0
        self._queue: deque[tuple[np.ndarray, AudioChunk, float]] = deque()
        self._current = np.zeros(0, np.float32)
        self._current_chunk: tuple[AudioChunk, float] | None = None
        self._offset = 0
        self.last_stopped: tuple[AudioChunk, float] | None = None
        self._played = 0
        self._levels: deque[tuple[float, float]] = deque(maxlen=64)
        self._lock = threading.Condition()
        try:
            self._stream = sd.OutputStream(
                samplerate=sample_rate, channels=1, dtype="float32", device=device["index"],
                blocksize=BLOCK, latency="low", callback=self._callback,
            )
            self._stream.start()
        except Exception as exc:  # sd.PortAudioError: busy, unplugged, unsupported rate
            raise AudioDeviceError(f"Cannot open the audio output {self.device_name!r}: {exc}",
                                   hint="choose another output device in Settings") from exc

    def _callback(self, outdata: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        out = outdata[:, 0]
        filled = 0
        with self._lock:
            while filled < frames:
                if self._offset >= len(self._current):
                    if not self._queue:
                        break
                    self._current, chunk, speed = self._queue.popleft()
                    self._current_chunk, self._offset = (chunk, speed), 0
                take = min(frames - filled, len(self._current) - self._offset)
                out[filled:filled + take] = self._current[self._offset:self._offset + take] * self.volume
                self._offset += take
                filled += take
            self._played += filled
            if not self.is_playing:
                self._lock.notify_all()
        out[filled:] = 0.0
        self._levels.append((time.monotonic(), rms_db(out)))

    def output_level(self, window: float = 0.15) -> float:
        since = time.monotonic() - window
        levels = [db for t, db in list(self._levels) if t >= since]
        return max(levels, default=SILENT_DB)

    @property
    def is_playing(self) -> bool:
        return self._offset < len(self._current) or bool(self._queue)

    @property
    def played_seconds(self) -> float:
        return self._played / self.sample_rate

    def play(self, chunk: AudioChunk) -> None:
        samples = retime(chunk.samples, chunk.sample_rate, self.speed, self.sample_rate)
        with self._lock:
            self._queue.append((samples, chunk, self.speed))

    def stop(self) -> None:
        with self._lock:
            if self._current_chunk is not None and self._offset < len(self._current):
                chunk, speed = self._current_chunk
                self.last_stopped = (chunk, self._offset / self.sample_rate * speed)
            self._queue.clear()
            self._current, self._offset, self._current_chunk = np.zeros(0, np.float32), 0, None
            self._lock.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: not self.is_playing, timeout)

    def close(self) -> None:
        self.stop()
        with contextlib.suppress(Exception):  # closing a stream whose device vanished can fail
            self._stream.close()


def open_player(device_name: str | None = None, *, sample_rate: int | None = None) -> SoundDevicePlayer:
    """The output device called ``device_name`` (or the default), as a started :class:`Player`.

    AudioDeviceError with a clear message when PortAudio is missing, there is no output device, or
    the named one is not connected.
    """
    sd = import_sounddevice()
    device = find_device(sd, device_name, "output")
    rate = int(sample_rate or device.get("default_samplerate") or 48000)
    return SoundDevicePlayer(sd, device, rate)


# -- file mode ---------------------------------------------------------------------------------------


@dataclass
class PlayedChunk:
    """One chunk as the null player "played" it: from ``start`` to ``end`` on its clock."""

    chunk: AudioChunk
    start: float
    end: float
    volume: float
    stopped: bool = False
    source: AudioChunk | None = None
    """The chunk as queued (``chunk`` is retimed for the playback speed)."""
    speed: float = 1.0

    @property
    def full_end(self) -> float:
        return self.start + self.chunk.duration


KEEP_CHUNKS = 512
"""Chunks a :class:`NullPlayer` keeps (about an hour of sentences): enough for any test or caption."""


class NullPlayer:
    """Plays nothing and records what would have played, when and how loud.

    Without a ``clock`` every chunk counts as played the moment it is queued (file mode: ``wait``
    returns at once). With a ``clock`` (seconds, e.g. the stream time of a recorded input) it keeps
    real-time playback positions, so ``is_playing``, ``stop()`` truncation and :meth:`output_between`
    (what a microphone next to the speaker would hear) behave like a device.

    A silent kiosk plays on one of these all day: only the latest :data:`KEEP_CHUNKS` finished chunks
    (and stops) are kept with their samples; :attr:`played_seconds` still counts all of them.
    """

    def __init__(self, *, clock: Callable[[], float] | None = None) -> None:
        self.clock = clock
        self.volume = 1.0
        self.speed = 1.0
        self.played: list[PlayedChunk] = []
        self.stops: list[float] = []
        self.last_stopped: tuple[AudioChunk, float] | None = None
        self.closed = False
        self._lock = threading.Lock()
        self._cache: dict[tuple[int, int], np.ndarray] = {}
        self._forgotten_seconds = 0.0

    def _now(self) -> float:
        return self.clock() if self.clock else 0.0

    def play(self, chunk: AudioChunk) -> None:
        retimed = AudioChunk(retime(chunk.samples, chunk.sample_rate, self.speed, chunk.sample_rate),
                             chunk.sample_rate, chunk.text)
        with self._lock:
            now = self._now()
            start = max([now, *(p.end for p in self.played[-1:])])
            self.played.append(PlayedChunk(retimed, start, start + retimed.duration, self.volume, source=chunk,
                                           speed=self.speed))
            self._forget_old(now)

    def _forget_old(self, now: float) -> None:
        """Drop the oldest finished chunks past :data:`KEEP_CHUNKS` (lock held), counting their seconds."""
        while len(self.played) > KEEP_CHUNKS and (self.clock is None or self.played[0].end <= now):
            old = self.played.pop(0)
            self._forgotten_seconds += old.end - old.start
            for key in [k for k in self._cache if k[0] == id(old.chunk.samples)]:
                del self._cache[key]

    @property
    def is_playing(self) -> bool:
        if self.clock is None:
            return False
        with self._lock:
            return bool(self.played) and self.played[-1].end > self._now()

    @property
    def played_seconds(self) -> float:
        now = self._now() if self.clock else float("inf")
        with self._lock:
            return self._forgotten_seconds + sum(max(0.0, min(p.end, now) - p.start) for p in self.played)

    def stop(self) -> None:
        with self._lock:
            now = self._now()
            self.stops.append(now)
            del self.stops[:-KEEP_CHUNKS]
            for played in self.played:
                if played.start <= now < played.end and self.clock is not None:
                    self.last_stopped = (played.source or played.chunk, (now - played.start) * played.speed)
                if played.end > now:  # cut where it was, or dropped (never heard) when still queued
                    played.start, played.end = min(played.start, now), now
                    played.stopped = True

    def wait(self, timeout: float | None = None) -> bool:
        return not self.is_playing

    def output_level(self, window: float = 0.15) -> float:
        if self.clock is None:
            return SILENT_DB
        now = self._now()
        return peak_frame_db(self.output_between(max(0.0, now - window), now))

    def close(self) -> None:
        if self.is_playing:
            self.stop()
        self.closed = True

    def audio(self) -> tuple[np.ndarray, int]:
        """Everything that played (stopped chunks cut where they stopped), joined, at the first chunk's rate."""
        with self._lock:
            played = list(self.played)
        if not played:
            return np.zeros(0, np.float32), 16000
        rate = played[0].chunk.sample_rate
        parts = [resample(p.chunk.samples, p.chunk.sample_rate, rate)[: round((p.end - p.start) * rate)] * p.volume
                 for p in played]
        return np.concatenate(parts).astype(np.float32), rate

    def output_between(self, t0: float, t1: float, rate: int = 16000) -> np.ndarray:
        """The samples that came out between clock times ``t0`` and ``t1`` at ``rate`` (silence elsewhere)."""
        out = np.zeros(max(0, round((t1 - t0) * rate)), np.float32)
        with self._lock:
            played = [p for p in self.played if p.end > t0 and p.start < t1]
        for p in played:
            samples = self._at_rate(p.chunk, rate)
            a, b = max(p.start, t0), min(p.end, t1)
            src0 = round((a - p.start) * rate)
            dst0 = round((a - t0) * rate)
            n = min(round((b - a) * rate), len(samples) - src0, len(out) - dst0)
            if n > 0:
                out[dst0:dst0 + n] += samples[src0:src0 + n] * p.volume
        return out

    def _at_rate(self, chunk: AudioChunk, rate: int) -> np.ndarray:
        key = (id(chunk.samples), rate)
        if key not in self._cache:
            self._cache[key] = resample(chunk.samples, chunk.sample_rate, rate)
        return self._cache[key]
