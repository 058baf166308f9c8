"""Audio made for the audio tests: real synthesized speech (Piper joe-medium) and plain signals."""

from __future__ import annotations

import numpy as np
import pytest

from tests.piper_speech import piper_speech

SENTENCE = (
    "Good morning. Here is your briefing for Tuesday: three meetings, light rain after lunch, "
    "and a parcel arriving at four o'clock."
)


@pytest.fixture(scope="session")
def speech() -> tuple[np.ndarray, int]:
    """About seven seconds of real speech from the bundled Piper voice, the same samples on every run."""
    return piper_speech(SENTENCE)


def sine(freq: float, seconds: float, rate: int, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def sweep(seconds: float, rate: int, low: float = 100.0, high: float = 4000.0, amplitude: float = 0.5) -> np.ndarray:
    """Exponential sine sweep: every alignment error shows up as a phase mismatch."""
    t = np.arange(round(seconds * rate)) / rate
    k = np.log(high / low)
    phase = 2 * np.pi * low * seconds / k * (np.exp(t / seconds * k) - 1)
    return (amplitude * np.sin(phase)).astype(np.float32)


def noise_bursts(seconds: float, rate: int, seed: int = 7) -> np.ndarray:
    """Speech-like: bursts of shaped noise with pauses, crest factor near speech."""
    rng = np.random.default_rng(seed)
    n = round(seconds * rate)
    envelope = np.zeros(n)
    pos = 0
    while pos < n:
        length = int(rng.uniform(0.08, 0.35) * rate)
        envelope[pos : pos + length] = rng.uniform(0.2, 1.0) * np.hanning(min(length, n - pos))
        pos += length + int(rng.uniform(0.02, 0.25) * rate)
    return (0.3 * envelope * rng.standard_normal(n)).astype(np.float32)


class Signals:
    """The signal makers above, handed to tests as a fixture (tests/ is not an importable package)."""

    sine = staticmethod(sine)
    sweep = staticmethod(sweep)
    noise_bursts = staticmethod(noise_bursts)


@pytest.fixture(scope="session")
def signals() -> type[Signals]:
    return Signals
