"""Decode any audio file PyAV can read into float32 numpy, resample, and small array helpers."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path

import av
import numpy as np
from scipy.signal import resample_poly

from engines.errors import AudioFormatError

# Divisors that turn each FFmpeg sample format into floats in [-1, 1].
_INT_SCALE = {"s16": 32768.0, "s32": 2147483648.0, "s64": 9223372036854775808.0}
# MP4/M4A decoders return whole AAC frames; the container's own duration marks where the real audio ends.
_MP4_FAMILY = "mov"
_MAX_PADDING_SECONDS = 0.25


def as_samples(samples: np.ndarray) -> np.ndarray:
    """Check and convert to float32 ``(n,)`` mono or ``(n, channels)``; a ``(n, 1)`` array becomes ``(n,)``.

    Raises ValueError for anything else (a programming error, not a user error).
    """
    array = np.asarray(samples)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim not in (1, 2) or (array.ndim == 2 and array.shape[1] > 8):
        raise ValueError(f"audio must be shaped (n,) or (n, channels), got {array.shape}")
    if not np.issubdtype(array.dtype, np.floating):
        raise ValueError(f"audio must be floating point in [-1, 1], got {array.dtype}")
    out = array.astype(np.float32, copy=False)
    if out.size and not np.isfinite(out).all():
        raise ValueError("audio contains NaN or infinite samples")
    return out


def to_mono(samples: np.ndarray) -> np.ndarray:
    """Average the channels of ``(n, channels)`` audio; mono passes through."""
    array = as_samples(samples)
    return array if array.ndim == 1 else array.mean(axis=1, dtype=np.float32)


def resample(samples: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Polyphase resampling (Kaiser-windowed FIR, scipy's resample_poly) along the time axis."""
    if src_rate <= 0 or dst_rate <= 0:
        raise ValueError(f"sample rates must be positive, got {src_rate} -> {dst_rate}")
    array = as_samples(samples)
    if src_rate == dst_rate or array.shape[0] == 0:
        return array.copy()
    common = math.gcd(int(src_rate), int(dst_rate))
    up, down = int(dst_rate) // common, int(src_rate) // common
    return resample_poly(array, up, down, axis=0).astype(np.float32)


def _frame_to_float(frame: av.AudioFrame) -> np.ndarray:
    """One decoded frame as float32 ``(channels, n)``."""
    channels = len(frame.layout.channels)
    data = frame.to_ndarray()
    if not frame.format.is_planar:
        data = data.reshape(-1, channels).T
    name = frame.format.name.rstrip("p")
    if name in ("flt", "dbl"):
        return data.astype(np.float32, copy=False)
    if name == "u8":
        return ((data.astype(np.float32) - 128.0) / 128.0).astype(np.float32)
    return (data.astype(np.float64) / _INT_SCALE[name]).astype(np.float32)


def _open(source: Path) -> av.container.InputContainer:
    if not source.exists():
        raise AudioFormatError(f"{source}: no such audio file", hint="check the path")
    if not source.is_file():
        raise AudioFormatError(f"{source}: not a file")
    if source.stat().st_size == 0:
        raise AudioFormatError(f"{source}: the file is empty (0 bytes)")
    try:
        return av.open(str(source), "r", metadata_errors="ignore")
    except (av.FFmpegError, OSError, UnicodeError) as exc:
        raise AudioFormatError(
            f"{source}: not a readable audio file ({_reason(exc)})",
            hint="use WAV, MP3, M4A, Opus, OGG or FLAC",
        ) from exc


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _decode(
    container: av.container.InputContainer, source: Path, *, mono: bool = False, max_seconds: float | None = None
) -> tuple[np.ndarray, int]:
    """The audio of the first audio stream (up to ``max_seconds``) as float32 ``(channels, n)`` and its rate."""
    if not container.streams.audio:
        raise AudioFormatError(f"{source}: contains no audio stream")
    stream = container.streams.audio[0]
    parts: list[np.ndarray] = []
    rate = stream.rate or 0
    decoded = 0
    try:
        for frame in container.decode(stream):
            rate = frame.sample_rate
            part = _frame_to_float(frame)
            parts.append(part.mean(axis=0, dtype=np.float32, keepdims=True) if mono else part)
            decoded += part.shape[1]
            if max_seconds is not None and decoded >= max_seconds * rate:
                break
    except (av.FFmpegError, ValueError, KeyError) as exc:
        if not parts:  # a damaged tail keeps what decoded; nothing decodable is an error
            raise AudioFormatError(f"{source}: cannot decode the audio ({_reason(exc)})") from exc
    if not parts or rate <= 0:
        raise AudioFormatError(f"{source}: contains no decodable audio")
    if len({p.shape[0] for p in parts}) != 1:
        raise AudioFormatError(f"{source}: the channel count changes inside the file")
    data = np.concatenate(parts, axis=1)
    if max_seconds is not None and data.shape[1] >= max_seconds * rate:
        return data[:, : int(max_seconds * rate)], rate
    return _trim_container_padding(container, stream, data, rate), rate


def _trim_container_padding(
    container: av.container.InputContainer, stream: av.audio.stream.AudioStream, data: np.ndarray, rate: int
) -> np.ndarray:
    """Drop AAC end padding: MP4 records the true length, but FFmpeg returns whole 1024-sample frames."""
    if _MP4_FAMILY not in container.format.name.split(",") or not stream.duration or not stream.time_base:
        return data
    true_length = round(float(stream.duration * stream.time_base) * rate)
    extra = data.shape[1] - true_length
    if 0 < extra <= _MAX_PADDING_SECONDS * rate:
        return data[:, :true_length]
    return data


def read_audio(
    path: str | Path, *, sample_rate: int | None = None, mono: bool = True, max_seconds: float | None = None
) -> tuple[np.ndarray, int]:
    """Decode ``path`` (any format FFmpeg reads) to float32.

    Returns ``(samples, rate)``: ``samples`` is ``(n,)`` when ``mono`` (channels averaged), else
    ``(n, channels)``. ``sample_rate`` resamples to that rate (resample_poly). ``max_seconds`` stops
    decoding after that much audio (memory stays bounded for a file of any length; mono input is
    downmixed frame by frame). Raises AudioFormatError naming the file when it is missing, empty,
    not audio, or undecodable.
    """
    source = Path(path)
    container = _open(source)
    try:
        data, rate = _decode(container, source, mono=mono, max_seconds=max_seconds)
    finally:
        container.close()
    samples = data[0] if mono else np.ascontiguousarray(data.T)
    if sample_rate is not None and sample_rate != rate:
        samples = resample(samples, rate, sample_rate)
        if not mono and samples.ndim == 1:
            samples = samples[:, None]
        rate = sample_rate
    return samples, rate


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Clip to [-1, 1] and quantise to int16 (same shape)."""
    array = as_samples(samples)
    return np.round(np.clip(array, -1.0, 1.0) * 32767.0).astype(np.int16)


def write_wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
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


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def gain_to_db(gain: float) -> float:
    return float(20.0 * math.log10(gain)) if gain > 0 else -math.inf
