"""The audio helpers every layer shares: the speech models' sample rate, resampling, mono, 16-bit WAV.

Audio is float32 numpy in [-1, 1]: mono ``(n,)`` or ``(n, channels)``.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Sequence
from math import gcd
from pathlib import Path

import numpy as np

from engines.errors import AudioFormatError
from engines.fsutil import atomic_write_bytes
from engines.types import AudioChunk

SAMPLE_RATE = 16000
"""What the speech models hear (Whisper, Silero VAD) and what the microphone records."""


def resample(samples: np.ndarray, source_rate: int, target_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Float32 audio at ``target_rate``, along the time axis (polyphase filter: exact rates, no drift)."""
    array = np.asarray(samples, dtype=np.float32)
    if source_rate <= 0 or target_rate <= 0:
        raise AudioFormatError(f"Cannot resample from {source_rate} Hz to {target_rate} Hz")
    if source_rate == target_rate or not array.shape[0]:
        return array
    from scipy.signal import resample_poly  # 2.6 s to import: only when audio is resampled

    div = gcd(int(source_rate), int(target_rate))
    return resample_poly(array, int(target_rate) // div, int(source_rate) // div, axis=0).astype(np.float32)


def to_mono(audio: np.ndarray, *, channels_last: bool | None = None) -> np.ndarray:
    """1-D float32 audio from mono or multi-channel input (PCM integers are scaled to [-1, 1]).

    ``channels_last`` None guesses the layout of a 2-D array: at most 8 channels, fewer than samples.
    """
    array = np.asarray(audio)
    if array.dtype.kind == "i":  # PCM integers: scale before any mixing
        array = array.astype(np.float32) / float(np.iinfo(array.dtype).max)
    if array.ndim == 2:
        if channels_last is None:
            channels_last = array.shape[1] <= 8 and array.shape[1] < array.shape[0]
        array = array.mean(axis=1 if channels_last else 0, dtype=np.float32)
    if array.ndim != 1:
        raise AudioFormatError(f"Expected mono audio, got an array of shape {np.asarray(audio).shape}")
    return array.astype(np.float32, copy=False)


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Clip to [-1, 1] and quantise to int16 (same shape)."""
    return np.round(np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0) * 32767.0).astype(np.int16)


def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """A complete 16-bit PCM WAV file in memory (mono or interleaved multi-channel)."""
    pcm = to_pcm16(samples)
    channels = 1 if pcm.ndim == 1 else pcm.shape[1]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(int(sample_rate))
        handle.writeframes(pcm.astype("<i2").tobytes())
    return buffer.getvalue()


def write_wav(path: Path, chunks: Sequence[AudioChunk]) -> Path:
    """Synthesised chunks (one rate) as a 16-bit WAV file, written atomically."""
    rate = chunks[0].sample_rate if chunks else 22050
    samples = np.concatenate([c.samples for c in chunks]) if chunks else np.zeros(0, np.float32)
    atomic_write_bytes(path, wav_bytes(samples, rate))
    return path
