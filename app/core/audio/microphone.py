"""Audio input: a sounddevice microphone, recovery when it disappears, and recorded input.

Everything here is an :class:`AudioInput`: ``frames()`` yields float32 mono blocks at
``sample_rate`` (16 kHz, 512 samples: one Silero VAD frame) until the input ends or is closed.
A microphone that is unplugged mid-session raises :class:`AudioDeviceError` from ``frames()``;
:class:`RecoveringInput` reports it, waits (with backoff, cancellable) and reopens the device by name.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from app.core.audio.player import find_device, import_sounddevice
from engines.audio import SAMPLE_RATE, to_mono
from engines.cancel import CancelToken
from engines.errors import AudioDeviceError

log = logging.getLogger(__name__)

BLOCK = 512
STALL_SECONDS = 2.0
"""A running stream that delivers nothing for this long is treated as lost."""
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0)


@runtime_checkable
class AudioInput(Protocol):
    sample_rate: int

    def frames(self) -> Iterator[np.ndarray]:
        """Float32 mono blocks until the input ends or is closed; AudioDeviceError when the device is lost."""
        ...

    def close(self) -> None: ...


class _StreamResampler:
    """Block-by-block resampling with state carried across blocks (no clicks at block edges)."""

    def __init__(self, source: int, target: int) -> None:
        from scipy.signal import butter, sosfilt_zi

        self.ratio = source / target
        self._sos = butter(8, 0.45 * target, fs=source, output="sos")
        self._zi = sosfilt_zi(self._sos) * 0.0
        self._phase = 0.0
        self._last = np.zeros(1, np.float32)

    def __call__(self, block: np.ndarray) -> np.ndarray:
        from scipy.signal import sosfilt

        filtered, self._zi = sosfilt(self._sos, block, zi=self._zi)
        data = np.concatenate([self._last, filtered.astype(np.float32)])
        positions = np.arange(self._phase, len(data) - 1, self.ratio)
        self._phase = positions[-1] + self.ratio - (len(data) - 1) if len(positions) else self._phase - len(block)
        self._last = data[-1:]
        return np.interp(positions, np.arange(len(data)), data).astype(np.float32)


class _Rebuffer:
    """Cuts a stream of arbitrary-length arrays into blocks of exactly ``block`` samples."""

    def __init__(self, block: int) -> None:
        self.block = block
        self._pending = np.zeros(0, np.float32)

    def __call__(self, samples: np.ndarray) -> list[np.ndarray]:
        self._pending = np.concatenate([self._pending, samples])
        count = len(self._pending) // self.block
        out = [self._pending[i * self.block:(i + 1) * self.block] for i in range(count)]
        self._pending = self._pending[count * self.block:]
        return out


class SoundDeviceMicrophone:
    """A PortAudio input stream; its callback only queues blocks (resampling happens in ``frames``)."""

    def __init__(self, sd: Any, device: dict[str, Any], *, sample_rate: int = SAMPLE_RATE, block: int = BLOCK) -> None:
        self.device_name: str = device["name"]
        self.sample_rate = sample_rate
        self.block = block
        self.overflows = 0
        self._queue: queue.Queue[np.ndarray] = queue.Queue(maxsize=int(10 * sample_rate / block))
        self._closed = threading.Event()
        native = self._native_rate(sd, device, sample_rate)
        self._resample = _StreamResampler(native, sample_rate) if native != sample_rate else None
        self._rebuffer = _Rebuffer(block)
        try:
            self._stream = sd.InputStream(
                samplerate=native, channels=1, dtype="float32", device=device["index"],
                blocksize=round(block * native / sample_rate), callback=self._callback,
            )
            self._stream.start()
        except Exception as exc:  # sd.PortAudioError: busy, unplugged, unsupported settings
            raise AudioDeviceError(f"Cannot open the microphone {self.device_name!r}: {exc}",
                                   hint="choose another input device in Settings") from exc

    @staticmethod
    def _native_rate(sd: Any, device: dict[str, Any], wanted: int) -> int:
        """16 kHz when the device takes it, else its own default rate (resampled here)."""
        try:
            sd.check_input_settings(device=device["index"], samplerate=wanted, channels=1, dtype="float32")
            return wanted
        except Exception:  # sd.PortAudioError: invalid sample rate
            return int(device.get("default_samplerate") or 48000)

    def _callback(self, indata: np.ndarray, _frames: int, _time: Any, status: Any) -> None:
        if status and getattr(status, "input_overflow", False):
            self.overflows += 1
        try:
            self._queue.put_nowait(indata[:, 0].copy())
        except queue.Full:  # the consumer is stalled: drop the oldest block, keep the newest
            self.overflows += 1
            with_dropped = self._queue.get_nowait()
            del with_dropped
            self._queue.put_nowait(indata[:, 0].copy())

    def frames(self) -> Iterator[np.ndarray]:
        waited = 0.0
        while not self._closed.is_set():
            try:
                raw = self._queue.get(timeout=0.25)
            except queue.Empty:
                waited += 0.25
                if self._closed.is_set():
                    return
                if not self._stream.active or waited >= STALL_SECONDS:
                    raise AudioDeviceError(f"The microphone {self.device_name!r} stopped delivering audio "
                                           "(unplugged or taken by another program)") from None
                continue
            waited = 0.0
            samples = self._resample(raw) if self._resample else raw
            yield from self._rebuffer(samples)

    def close(self) -> None:
        self._closed.set()
        with contextlib.suppress(Exception):  # the device may already be gone
            self._stream.close()


class RecoveringInput:
    """An :class:`AudioInput` that survives its device disappearing: it reports the loss through
    ``on_problem``, waits with backoff (``cancel.wait``, so stopping is immediate), reopens with
    ``reopen`` and carries on. ``reopens`` counts successful recoveries."""

    def __init__(
        self, first: AudioInput, reopen: Callable[[], AudioInput], *, cancel: CancelToken | None = None,
        on_problem: Callable[[str], None] | None = None, backoff: Sequence[float] = BACKOFF,
    ) -> None:
        self.sample_rate = first.sample_rate
        self.reopens = 0
        self.problems: list[str] = []
        self._input: AudioInput | None = first
        self._reopen = reopen
        self._cancel = cancel or CancelToken()
        self._on_problem = on_problem
        self._backoff = tuple(backoff) or (1.0,)

    def frames(self) -> Iterator[np.ndarray]:
        failures = 0
        while not self._cancel.cancelled:
            current = self._input or self._open(failures)
            if current is None:
                failures += 1
                continue
            try:
                for frame in current.frames():
                    failures = 0
                    yield frame
                return  # the input ended (a recording) or was closed
            except (AudioDeviceError, OSError) as exc:
                self._report(f"{exc}; trying to reopen it")
                self._drop(current)
                if self._cancel.wait(self._delay(failures)):
                    return
                failures += 1

    def _open(self, failures: int) -> AudioInput | None:
        try:
            self._input = self._reopen()
        except AudioDeviceError as exc:
            self._report(f"{exc.message}; retrying")
            self._cancel.wait(self._delay(failures))
            return None
        self.reopens += 1
        self._report("The microphone is back")
        return self._input

    def _delay(self, failures: int) -> float:
        return self._backoff[min(failures, len(self._backoff) - 1)]

    def _drop(self, current: AudioInput) -> None:
        self._input = None
        try:
            current.close()
        except Exception as exc:  # closing a vanished device may fail too; the loss is already reported
            log.debug("closing a lost input failed: %s", exc)

    def _report(self, message: str) -> None:
        self.problems.append(message)
        log.warning("%s", message)
        if self._on_problem is not None:
            self._on_problem(message)

    def close(self) -> None:
        self._cancel.cancel("microphone closed")
        if self._input is not None:
            self._input.close()


def open_microphone(
    device_name: str | None = None, *, sample_rate: int = SAMPLE_RATE, block: int = BLOCK,
    cancel: CancelToken | None = None, on_problem: Callable[[str], None] | None = None,
) -> RecoveringInput:
    """The microphone called ``device_name`` (or the default) as a recovering :class:`AudioInput`.

    Raises AudioDeviceError now when there is no microphone (or no PortAudio); a device lost later is
    reopened by the same name.
    """
    sd = import_sounddevice()

    def opener() -> SoundDeviceMicrophone:
        return SoundDeviceMicrophone(sd, find_device(sd, device_name, "input"), sample_rate=sample_rate, block=block)

    return RecoveringInput(opener(), opener, cancel=cancel, on_problem=on_problem)


class RecordedInput:
    """Recorded audio as an :class:`AudioInput`, block by block, at real-time pace when ``realtime``.

    For benchmarks, demos and a kiosk's self-test: the pipeline sees exactly what a microphone would
    deliver. ``now()`` is the stream time of the audio delivered so far.
    """

    def __init__(self, samples: np.ndarray, *, sample_rate: int = SAMPLE_RATE, block: int = BLOCK,
                 realtime: bool = True, tail_silence: float = 0.0) -> None:
        audio = to_mono(samples)
        pad = (-len(audio)) % block + round(tail_silence * sample_rate / block) * block
        self.samples = np.concatenate([audio, np.zeros(pad, np.float32)])
        self.sample_rate = sample_rate
        self.block = block
        self.realtime = realtime
        self.delivered = 0
        self._closed = threading.Event()

    def now(self) -> float:
        return self.delivered / self.sample_rate

    def frames(self) -> Iterator[np.ndarray]:
        start = time.perf_counter()
        while self.delivered < len(self.samples) and not self._closed.is_set():
            due = start + (self.delivered + self.block) / self.sample_rate  # a block exists once recorded
            if self.realtime and self._closed.wait(max(0.0, due - time.perf_counter())):
                return
            frame = self.samples[self.delivered:self.delivered + self.block]
            self.delivered += self.block
            yield frame

    def close(self) -> None:
        self._closed.set()

