"""Assemble clips into one track: silence trimming, equal-power crossfades, a timeline with pan."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.core.audio.io import as_samples, db_to_gain, to_mono

_FRAME = 0.010  # seconds per loudness frame when looking for speech edges


@dataclass(frozen=True)
class Placement:
    """Where a clip landed on the timeline, in seconds."""

    start: float
    end: float
    label: str = ""
    speaker: str = ""


def trim_silence(samples: np.ndarray, rate: int, *, threshold_db: float = -45.0, keep: float = 0.04) -> np.ndarray:
    """Cut leading and trailing silence (10 ms frames whose RMS is under ``threshold_db`` dBFS).

    ``keep`` seconds of the quiet edge stay on each side so word onsets and decays are not clipped.
    All-silent input returns an empty array of the same dtype and channel layout.
    """
    audio = as_samples(samples)
    n = audio.shape[0]
    if n == 0:
        return audio.copy()
    frame = max(1, int(rate * _FRAME))
    mono = to_mono(audio).astype(np.float64)
    count = math.ceil(n / frame)
    padded = np.zeros(count * frame)
    padded[:n] = mono
    rms = np.sqrt((padded.reshape(count, frame) ** 2).mean(axis=1))
    loud = np.flatnonzero(rms >= db_to_gain(threshold_db))
    if loud.size == 0:
        return audio[:0].copy()
    margin = round(keep * rate)
    start = max(0, loud[0] * frame - margin)
    stop = min(n, (loud[-1] + 1) * frame + margin)
    return audio[start:stop].copy()


def fade_curves(length: int) -> tuple[np.ndarray, np.ndarray]:
    """Equal-power (sin/cos) fade-in and fade-out of ``length`` samples: in**2 + out**2 == 1."""
    phase = (np.arange(length, dtype=np.float64) + 0.5) / max(length, 1) * (math.pi / 2)
    return np.sin(phase).astype(np.float32), np.cos(phase).astype(np.float32)


def _shape(curve: np.ndarray, audio: np.ndarray) -> np.ndarray:
    return curve if audio.ndim == 1 else curve[:, None]


def crossfade(a: np.ndarray, b: np.ndarray, rate: int, seconds: float) -> np.ndarray:
    """``a`` then ``b`` overlapping by ``seconds`` with an equal-power crossfade.

    The overlap shrinks to the shorter clip when a clip is shorter than ``seconds``.
    Both clips must have the same channel layout.
    """
    first, second = as_samples(a), as_samples(b)
    if first.ndim != second.ndim:
        raise ValueError("crossfade needs two clips with the same channel layout")
    overlap = min(round(seconds * rate), first.shape[0], second.shape[0])
    if overlap <= 0:
        return np.concatenate([first, second])
    fade_in, fade_out = fade_curves(overlap)
    middle = first[-overlap:] * _shape(fade_out, first) + second[:overlap] * _shape(fade_in, second)
    return np.concatenate([first[:-overlap], middle, second[overlap:]]).astype(np.float32)


def pan_gains(pan: float) -> tuple[float, float]:
    """Constant-power (left, right) gains for ``pan`` in [-1 (left), 1 (right)]; centre is -3 dB each."""
    if not -1.0 <= pan <= 1.0:
        raise ValueError(f"pan must be within -1..1, got {pan}")
    angle = (pan + 1.0) * math.pi / 4
    return math.cos(angle), math.sin(angle)


@dataclass
class _Clip:
    samples: np.ndarray
    start: int
    pan: float
    fade_in: int = 0
    fade_out: int = 0

    @property
    def end(self) -> int:
        return self.start + self.samples.shape[0]


class Timeline:
    """Clips laid one after another (with gaps or crossfades), rendered once to mono or stereo.

    Mono clips are panned when rendering stereo; stereo clips keep their own image (and are
    averaged when rendering mono).
    """

    def __init__(self, rate: int) -> None:
        if rate <= 0:
            raise ValueError(f"sample rate must be positive, got {rate}")
        self.rate = int(rate)
        self._clips: list[_Clip] = []
        self._end = 0

    @property
    def duration(self) -> float:
        """Seconds from 0 to the end of the last clip."""
        return self._end / self.rate

    def add(
        self, samples: np.ndarray, *, label: str = "", speaker: str = "", gap_before: float = 0.0, pan: float = 0.0
    ) -> Placement:
        """Append ``samples`` after ``gap_before`` seconds of silence (a negative gap overlaps, mixed)."""
        audio = as_samples(samples)
        pan_gains(pan)
        start = max(0, self._end + round(gap_before * self.rate))
        return self._place(_Clip(audio, start, pan), label, speaker)

    def add_crossfaded(
        self, samples: np.ndarray, seconds: float, *, label: str = "", speaker: str = "", pan: float = 0.0
    ) -> Placement:
        """Append ``samples`` overlapping the previous clip by ``seconds``, with an equal-power crossfade."""
        audio = as_samples(samples)
        pan_gains(pan)
        if not self._clips:
            return self._place(_Clip(audio, 0, pan), label, speaker)
        previous = self._clips[-1]
        overlap = min(round(seconds * self.rate), previous.samples.shape[0], audio.shape[0])
        overlap = max(0, overlap)
        previous.fade_out = max(previous.fade_out, overlap)
        clip = _Clip(audio, previous.end - overlap, pan, fade_in=overlap)
        return self._place(clip, label, speaker)

    def _place(self, clip: _Clip, label: str, speaker: str) -> Placement:
        self._clips.append(clip)
        self._end = max(self._end, clip.end)
        return Placement(clip.start / self.rate, clip.end / self.rate, label, speaker)

    def render(self, channels: int = 1) -> np.ndarray:
        """Mix all clips: ``(n,)`` when ``channels`` is 1, ``(n, 2)`` when 2 (pan applied). float32."""
        if channels not in (1, 2):
            raise ValueError(f"channels must be 1 or 2, got {channels}")
        out = np.zeros((self._end, 2) if channels == 2 else self._end, dtype=np.float32)
        for clip in self._clips:
            out[clip.start : clip.end] += self._prepared(clip, channels)
        return out

    def _prepared(self, clip: _Clip, channels: int) -> np.ndarray:
        audio = clip.samples.astype(np.float32, copy=True)
        if clip.fade_in:
            audio[: clip.fade_in] *= _shape(fade_curves(clip.fade_in)[0], audio)
        if clip.fade_out:
            audio[-clip.fade_out :] *= _shape(fade_curves(clip.fade_out)[1], audio)
        if channels == 1:
            return to_mono(audio)
        if audio.ndim == 2:
            return audio
        left, right = pan_gains(clip.pan)
        return np.stack([audio * left, audio * right], axis=1)
