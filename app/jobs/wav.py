"""A small WAV writer for voice previews (16-bit PCM, atomic)."""

from __future__ import annotations

import io
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from engines.fsutil import atomic_write_bytes
from engines.types import AudioChunk


def write_wav(path: Path, chunks: Sequence[AudioChunk]) -> Path:
    rate = chunks[0].sample_rate if chunks else 22050
    samples = np.concatenate([c.samples for c in chunks]) if chunks else np.zeros(0, np.float32)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())
    atomic_write_bytes(path, buffer.getvalue())
    return path
