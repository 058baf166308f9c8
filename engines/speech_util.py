"""Small helpers shared by the speech engines: onnxruntime devices and model info, speed checks, sentence pauses."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from engines.audio import resample, to_mono  # noqa: F401 - their old home
from engines.cancel import CancelToken
from engines.device import DeviceChoice, choose
from engines.errors import UsageError
from engines.types import AudioChunk, ModelInfo

as_mono = to_mono  # the old name, for branches written before engines.audio


def onnx_device(requested: str) -> DeviceChoice:
    """The device an onnxruntime engine should ask for: "auto", "cpu", or "gpu"/"cuda" (DeviceError with the
    reason when that GPU cannot be used)."""
    return choose("onnxruntime", requested.lower(), fallback=requested.lower() == "auto")  # type: ignore[arg-type]


def session_device(providers: list[str], choice: DeviceChoice) -> tuple[str, str]:
    """The device an onnxruntime session really uses, and why; it falls back to the CPU silently."""
    if "CUDAExecutionProvider" in providers:
        return "cuda", choice.reason
    if choice.device == "cuda":
        return "cpu", f"CUDA was chosen but the session runs on {', '.join(providers)} (onnxruntime fell back)"
    return "cpu", choice.reason


def onnx_voice_info(package: str, providers: list[str], choice: DeviceChoice, *, model_id: str, model_path: Path,
                    sha256: str, license: str) -> ModelInfo:
    """What an onnxruntime voice says about itself: its package's and onnxruntime's versions, and the device
    its session really uses (:func:`session_device`)."""
    import onnxruntime  # loaded already by the voice's session

    used, reason = session_device(providers, choice)
    return ModelInfo(
        id=model_id, backend=f"{package} {importlib.metadata.version(package)} / onnxruntime {onnxruntime.__version__}",
        device=used, path=str(model_path), sha256=sha256, license=license, detail=reason,
    )


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
