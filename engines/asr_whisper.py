"""Whisper ASR through faster-whisper (CTranslate2): lazy segments, word timings, partial transcripts.

int8 on the CPU, float16 on CUDA. The device comes from ``engines.device.choose("ctranslate2")``,
which probes CUDA in a subprocess, so a broken GPU stack cannot take this process down.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engines.audio import SAMPLE_RATE, to_mono
from engines.cancel import NEVER, CancelToken
from engines.device import choose
from engines.errors import AudioFormatError, DeviceError, ModelError, ModelMissingError, UsageError
from engines.types import ModelInfo, TranscriptSegment, Word


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """What ``transcribe`` passes to faster-whisper (one place, instead of 35 keyword arguments)."""

    language: str | None = "en"
    beam_size: int = 1
    word_timestamps: bool = False
    vad_filter: bool = False
    initial_prompt: str | None = None
    without_timestamps: bool = False
    condition_on_previous_text: bool = True
    temperatures: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    """Fallback temperatures when a decode looks like a hallucination; (0.0,) never retries."""
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    """A segment whose no-speech probability is above ``no_speech_threshold`` and whose average log
    probability is below ``log_prob_threshold`` is silence (faster-whisper's own rule, per window)."""
    silence_threshold: float = 0.8
    """A segment Whisper is this sure holds no speech is dropped however confident its words are: on
    silence or room noise tiny.en writes "you" or "." at 0.93-0.97 with an average log probability above
    -1, which the rule above lets through (and the assistant answered). Real speech, even very quiet
    Piper speech under noise, measured at most 0.68."""

    def kwargs(self) -> dict[str, Any]:
        return {
            "language": self.language, "beam_size": self.beam_size, "word_timestamps": self.word_timestamps,
            "vad_filter": self.vad_filter, "initial_prompt": self.initial_prompt,
            "without_timestamps": self.without_timestamps,
            "condition_on_previous_text": self.condition_on_previous_text, "temperature": list(self.temperatures),
            "no_speech_threshold": self.no_speech_threshold, "log_prob_threshold": self.log_prob_threshold,
        }

    def silent(self, segment: Any) -> bool:
        """Whether a faster-whisper segment is Whisper's writing on silence rather than speech."""
        no_speech = float(getattr(segment, "no_speech_prob", 0.0))
        if no_speech >= self.silence_threshold:
            return True
        return no_speech > self.no_speech_threshold and float(segment.avg_logprob) < self.log_prob_threshold


class WhisperASR:
    """A Whisper model in this process; ``transcribe`` may be called from several threads."""

    sample_rate = SAMPLE_RATE

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "auto",
        compute_type: str | None = None,
        model_id: str = "whisper-base-ct2",
        beam_size: int = 1,
        cpu_threads: int = 0,
        license: str = "",
        sha256: str = "",
    ) -> None:
        model_dir = Path(model_dir)
        if not (model_dir / "model.bin").is_file():
            raise ModelMissingError(f"No Whisper model in {model_dir} (model.bin missing)", hint="run `make models`")
        if beam_size < 1:
            raise UsageError(f"beam_size must be at least 1, got {beam_size}")
        # An explicit GPU that cannot be used fails with the reason, as the LLM does: a "--device gpu" run
        # that quietly took the CPU would be slow for no reason anyone could see.
        choice = choose("ctranslate2", device.lower(), fallback=device.lower() == "auto")  # type: ignore[arg-type]
        self.compute_type = compute_type or ("float16" if choice.device == "cuda" else "int8")
        self.beam_size = beam_size
        self._model = _load_model(model_dir, choice.device, self.compute_type, cpu_threads)
        import ctranslate2
        import faster_whisper

        self.info = ModelInfo(
            id=model_id,
            backend=f"faster-whisper {faster_whisper.__version__} / ctranslate2 {ctranslate2.__version__} "
                    f"({self.compute_type})",
            device=choice.device, path=str(model_dir), sha256=sha256, license=license, detail=choice.reason,
        )

    def transcribe(
        self,
        audio: np.ndarray,
        *,
        word_timestamps: bool = False,
        language: str | None = "en",
        cancel: CancelToken | None = None,
        vad_filter: bool = False,
        initial_prompt: str | None = None,
    ) -> Iterator[TranscriptSegment]:
        """Transcribe 16 kHz mono audio lazily, segment by segment; ``language=None`` detects it."""
        options = DecodeOptions(language=language, beam_size=self.beam_size, word_timestamps=word_timestamps,
                                vad_filter=vad_filter, initial_prompt=initial_prompt)
        return self.transcribe_with(audio, options, cancel=cancel)

    def transcribe_with(
        self, audio: np.ndarray, options: DecodeOptions, *, cancel: CancelToken | None = None
    ) -> Iterator[TranscriptSegment]:
        """``transcribe`` with every decoding option spelled out."""
        cancel = cancel or NEVER
        samples = to_mono(audio)
        duration = len(samples) / SAMPLE_RATE
        cancel.check()
        if not len(samples):
            return
        try:
            segments, info = self._model.transcribe(samples, **options.kwargs())
        except ValueError as exc:  # faster-whisper's word for a language code it does not know
            if options.language and "language" in str(exc):
                raise UsageError(f"Whisper does not know the language {options.language!r}",
                                 hint="give a code such as en, de, fr or ja, or none to detect it") from None
            raise
        last = 0.0
        for segment in segments:  # each step decodes the next 30 s window: cancel between them
            cancel.check()
            if options.silent(segment):
                continue
            words = _words(segment.words or (), duration, last)
            start = min(max(float(segment.start), 0.0), duration, words[0].start if words else duration)
            end = max(min(max(float(segment.end), start), duration), words[-1].end if words else 0.0)
            last = words[-1].end if words else last
            yield TranscriptSegment(start=start, end=end, text=segment.text.strip(), words=words,
                                    language=info.language or "")
        cancel.check()

    def transcribe_text(self, audio: np.ndarray, *, language: str | None = "en",
                        cancel: CancelToken | None = None) -> str:
        return " ".join(s.text for s in self.transcribe(audio, language=language, cancel=cancel) if s.text)

    def transcribe_file(
        self, path: Path, *, word_timestamps: bool = False, language: str | None = "en",
        cancel: CancelToken | None = None,
    ) -> Iterator[TranscriptSegment]:
        """Decode any audio/video file PyAV reads (at 16 kHz mono), then transcribe it lazily.

        The file is decoded now, so a missing, corrupt or unsupported file raises
        :class:`AudioFormatError` at the call, naming the file.
        """
        audio = load_audio(path)
        return self.transcribe(audio, word_timestamps=word_timestamps, language=language, cancel=cancel)

    def quick_text(self, audio: np.ndarray, *, language: str | None = "en", initial_prompt: str | None = None) -> str:
        """Cheap decoding for partial transcripts: greedy, no timestamps, no conditioning, no retries."""
        options = DecodeOptions(language=language, beam_size=1, initial_prompt=initial_prompt,
                                without_timestamps=True, condition_on_previous_text=False, temperatures=(0.0,))
        return " ".join(s.text for s in self.transcribe_with(audio, options) if s.text)


def _words(raw: Any, duration: float, floor: float) -> tuple[Word, ...]:
    """Word timings clipped to the audio and made monotonic (alignment can overlap by a few ms)."""
    words: list[Word] = []
    for w in raw:
        start = min(max(float(w.start), floor), duration)
        end = min(max(float(w.end), start), duration)
        floor = end
        words.append(Word(start=start, end=end, text=w.word.strip(), probability=float(w.probability)))
    return tuple(words)


def _load_model(model_dir: Path, device: str, compute_type: str, cpu_threads: int) -> Any:
    from faster_whisper import WhisperModel

    threads = cpu_threads or min(os.cpu_count() or 1, 8)
    try:
        return WhisperModel(str(model_dir), device=device, compute_type=compute_type, cpu_threads=threads)
    except ValueError as exc:  # CTranslate2: compute type not supported on this device
        raise DeviceError(f"Whisper cannot run {compute_type} on {device}: {exc}") from exc
    except RuntimeError as exc:
        raise ModelError(f"{model_dir}: cannot load the Whisper model ({exc})") from exc


def load_audio(path: Path, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Decode an audio or video file to mono float32 at ``sample_rate``; AudioFormatError names the file."""
    path = Path(path)
    if not path.is_file():
        raise AudioFormatError(f"{path}: no such audio file")
    from faster_whisper import decode_audio

    try:
        audio = decode_audio(str(path), sampling_rate=sample_rate)
    except Exception as exc:  # PyAV raises many error types (InvalidDataError, StreamNotFound, ...)
        raise AudioFormatError(
            f"{path}: cannot decode audio ({type(exc).__name__}: {exc})",
            hint="use WAV, MP3, M4A, Opus, FLAC or another format FFmpeg reads",
        ) from exc
    if not len(audio):
        raise AudioFormatError(f"{path}: the file holds no audio samples")
    return np.asarray(audio, dtype=np.float32)


class StreamingTranscriber:
    """Partial transcripts while a user speaks: the growing buffer is re-read every ``interval`` s of
    new audio with cheap settings, so the final pass after the end of speech is the only full one.

    Not thread-safe: feed it from one thread (the audio or VAD loop).
    """

    def __init__(self, asr: WhisperASR, *, interval: float = 0.7, language: str | None = "en",
                 max_partial_seconds: float = 28.0) -> None:
        self.asr = asr
        self.interval = interval
        self.language = language
        self.max_partial_seconds = max_partial_seconds
        self._chunks: list[np.ndarray] = []
        self._samples = 0
        self._last_decoded = 0
        self.partial = ""

    @property
    def seconds(self) -> float:
        return self._samples / SAMPLE_RATE

    def feed(self, samples16k: np.ndarray) -> str | None:
        """Add audio; return a new partial transcript when one was made, else None."""
        chunk = to_mono(samples16k)
        self._chunks.append(chunk)
        self._samples += len(chunk)
        if self._samples - self._last_decoded < self.interval * SAMPLE_RATE:
            return None
        self._last_decoded = self._samples
        audio = self._audio()[-int(self.max_partial_seconds * SAMPLE_RATE):]
        self.partial = self.asr.quick_text(audio, language=self.language)
        return self.partial

    def finish(self, cancel: CancelToken | None = None) -> str:
        """The final transcript of everything fed (full settings); the transcriber is then empty."""
        audio = self._audio()
        self.reset()
        if not len(audio):
            return ""
        return self.asr.transcribe_text(audio, language=self.language, cancel=cancel)

    def reset(self) -> None:
        self._chunks = []
        self._samples = 0
        self._last_decoded = 0
        self.partial = ""

    def _audio(self) -> np.ndarray:
        if len(self._chunks) > 1:
            self._chunks = [np.concatenate(self._chunks)]
        return self._chunks[0] if self._chunks else np.zeros(0, dtype=np.float32)
