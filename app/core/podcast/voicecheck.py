"""Measure voices without a listener: pitch (YIN) and spectral centroid, to tell two hosts apart.

Used by the tests and ``bench/podcast.py`` to show the two hosts sound different, and by the
pipeline to warn when both hosts were given one voice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.audio.io import resample, to_mono

RATE = 16000
_WINDOW = 0.032
_HOP = 0.010
_THRESHOLD = 0.15


@dataclass(frozen=True)
class VoiceProfile:
    """Median F0 over voiced frames (Hz), the share of frames found voiced, and the spectral centroid."""

    pitch_hz: float
    voiced: float
    centroid_hz: float


def _frames(x: np.ndarray, length: int, hop: int) -> np.ndarray:
    count = 1 + max(0, (len(x) - length) // hop)
    if len(x) < length:
        return np.zeros((0, length))
    index = np.arange(length)[None, :] + hop * np.arange(count)[:, None]
    return x[index]


def pitch_track(samples: np.ndarray, rate: int, *, fmin: float = 60.0, fmax: float = 420.0) -> np.ndarray:
    """F0 per 10 ms frame by YIN (cumulative-mean-normalised difference); NaN where unvoiced."""
    x = resample(to_mono(samples), rate, RATE).astype(np.float64) if rate != RATE else to_mono(samples).astype(
        np.float64)
    window = int(_WINDOW * RATE)
    tau_min, tau_max = int(RATE / fmax), min(window - 1, int(RATE / fmin))
    frames = _frames(x, 2 * window, int(_HOP * RATE))
    if not len(frames):
        return np.zeros(0)
    head = frames[:, :window]
    spectrum = np.fft.rfft(frames, 4 * window, axis=1)
    head_spectrum = np.fft.rfft(head, 4 * window, axis=1)
    corr = np.fft.irfft(spectrum * np.conj(head_spectrum), 4 * window, axis=1)[:, : tau_max + 1]
    squares = np.cumsum(np.pad(frames**2, ((0, 0), (1, 0))), axis=1)
    taus = np.arange(tau_max + 1)
    energy0 = squares[:, window][:, None]
    energy_tau = squares[:, taus + window] - squares[:, taus]
    diff = np.maximum(energy0 + energy_tau - 2 * corr, 0.0)
    diff[:, 0] = 0.0
    running = np.cumsum(diff[:, 1:], axis=1) / np.arange(1, tau_max + 1)
    cmnd = np.ones_like(diff)
    cmnd[:, 1:] = diff[:, 1:] / np.maximum(running, 1e-12)
    loud = np.sqrt(energy0[:, 0] / window) > 10 ** (-40 / 20)
    track = np.full(len(frames), np.nan)
    band = cmnd[:, tau_min:]
    for i in np.flatnonzero(loud):
        below = np.flatnonzero(band[i] < _THRESHOLD)
        if not len(below):
            continue
        tau = below[0]
        while tau + 1 < band.shape[1] and band[i, tau + 1] < band[i, tau]:
            tau += 1  # walk down to the local minimum
        track[i] = RATE / (tau + tau_min)
    return track


def spectral_centroid(samples: np.ndarray, rate: int) -> float:
    x = to_mono(samples).astype(np.float64)
    frames = _frames(x, 1024, 512)
    if not len(frames):
        return 0.0
    power = np.abs(np.fft.rfft(frames * np.hanning(1024), axis=1)) ** 2
    freqs = np.fft.rfftfreq(1024, 1.0 / rate)
    total = power.sum(axis=1)
    loud = total > total.max() * 1e-3
    return float(np.mean((power[loud] @ freqs) / total[loud])) if loud.any() else 0.0


def profile(samples: np.ndarray, rate: int) -> VoiceProfile:
    track = pitch_track(samples, rate)
    voiced = track[np.isfinite(track)]
    pitch = float(np.median(voiced)) if len(voiced) else 0.0
    return VoiceProfile(pitch, len(voiced) / max(1, len(track)), spectral_centroid(samples, rate))


def semitones_apart(a: float, b: float) -> float:
    """Distance between two pitches in semitones (0 when either is unknown)."""
    return abs(12.0 * np.log2(a / b)) if a > 0 and b > 0 else 0.0
