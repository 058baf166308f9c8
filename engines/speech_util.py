"""Small helpers shared by the speech engines: devices for onnxruntime, speed checks, audio shaping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from math import gcd

import numpy as np

from engines.cancel import CancelToken
from engines.device import DeviceChoice, choose
from engines.errors import AudioFormatError, UsageError
from engines.types import AudioChunk


def onnx_device(requested: str) -> DeviceChoice:
    """The device an onnxruntime engine should ask for: "auto", "cpu", or "gpu"/"cuda"."""
    return choose("onnxruntime", requested.lower())  # type: ignore[arg-type]


def session_device(providers: list[str], choice: DeviceChoice) -> tuple[str, str]:
    """The device an onnxruntime session really uses, and why; it falls back to the CPU silently."""
    if "CUDAExecutionProvider" in providers:
        return "cuda", choice.reason
    if choice.device == "cuda":
        return "cpu", f"CUDA was chosen but the session runs on {', '.join(providers)} (onnxruntime fell back)"
    return "cpu", choice.reason


class SentenceSpeech:
    """What the TTS engines share: one chunk per sentence, each followed by its pause, and a warm-up."""

    sentence_pause: float
    sample_rate: int

    def synthesize(
        self, text: str, *, voice: str | None = None, speed: float = 1.0, cancel: CancelToken | None = None
    ) -> Iterator[AudioChunk]:
        raise NotImplementedError

    def warm_up(self) -> None:
        """Pay the one-off costs (phonemizer start, first inference) now rather than on the first reply."""
        for _ in self.synthesize("Hello."):
            pass

    def sentence_chunks(
        self, sentences: list[str], speak: Callable[[str], np.ndarray], speed: float, cancel: CancelToken
    ) -> Iterator[AudioChunk]:
        """``speak`` each sentence; a sentence with nothing to say (only symbols) is skipped."""
        for sentence in sentences:
            cancel.check()
            samples = speak(sentence)
            if samples.size:
                yield AudioChunk(with_pause(samples, self.sample_rate, self.sentence_pause / speed), self.sample_rate,
                                 sentence)
        cancel.check()


def check_speed(speed: float, low: float = 0.5, high: float = 2.0) -> float:
    speed = float(speed)
    if not low <= speed <= high:
        raise UsageError(f"Speech speed {speed} is out of range; use {low} to {high}")
    return speed


def with_pause(samples: np.ndarray, sample_rate: int, seconds: float) -> np.ndarray:
    """Mono float32 ``samples`` followed by ``seconds`` of silence (the gap between sentences)."""
    samples = np.asarray(samples, dtype=np.float32).reshape(-1)
    pad = round(max(0.0, seconds) * sample_rate)
    if not pad:
        return samples
    return np.concatenate([samples, np.zeros(pad, dtype=np.float32)])


def resample(samples: np.ndarray, source_rate: int, target_rate: int = 16000) -> np.ndarray:
    """Mono float32 audio at ``target_rate`` (polyphase filter: exact rates, no drift)."""
    samples = np.asarray(samples, dtype=np.float32).reshape(-1)
    if source_rate == target_rate or not len(samples):
        return samples
    if source_rate <= 0 or target_rate <= 0:
        raise AudioFormatError(f"Cannot resample from {source_rate} Hz to {target_rate} Hz")
    from scipy.signal import resample_poly

    div = gcd(int(source_rate), int(target_rate))
    return resample_poly(samples, target_rate // div, source_rate // div).astype(np.float32)


def as_mono(audio: np.ndarray) -> np.ndarray:
    """1-D float32 audio from mono or (samples, channels) input."""
    array = np.asarray(audio)
    if array.dtype.kind == "i":  # PCM integers: scale before any mixing
        array = array.astype(np.float32) / float(np.iinfo(array.dtype).max)
    if array.ndim == 2:
        channels_last = array.shape[1] <= 8 and array.shape[1] < array.shape[0]
        array = array.mean(axis=1 if channels_last else 0)
    if array.ndim != 1:
        raise AudioFormatError(f"Expected mono audio, got an array of shape {np.asarray(audio).shape}")
    return array.astype(np.float32, copy=False)
