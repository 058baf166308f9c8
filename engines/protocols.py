"""The engine surface: every backend implements one of these, yields small dataclasses, imports no Qt."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

import numpy as np

from engines.cancel import CancelToken
from engines.prompt_cache import PromptStateCache
from engines.types import AudioChunk, ChatRequest, ChatResult, ModelInfo, TextDelta, TranscriptSegment


@runtime_checkable
class SpeechToText(Protocol):
    @property
    def info(self) -> ModelInfo: ...

    def transcribe(
        self, audio: np.ndarray, *, word_timestamps: bool = False, language: str | None = "en",
        cancel: CancelToken | None = None,
    ) -> Iterator[TranscriptSegment]:
        """Transcribe 16 kHz mono float32 audio lazily, segment by segment (``language`` None detects it)."""
        ...


@runtime_checkable
class VoiceActivity(Protocol):
    sample_rate: int
    frame_samples: int

    def speech_probability(self, frame: np.ndarray) -> float:
        """Probability that one frame (``frame_samples`` float32 samples) holds speech."""
        ...

    def reset(self) -> None: ...


@runtime_checkable
class LanguageModel(Protocol):
    @property
    def info(self) -> ModelInfo: ...
    n_ctx: int

    def count_tokens(self, text: str) -> int: ...

    def stream_chat(
        self, request: ChatRequest, cancel: CancelToken | None = None
    ) -> Iterator[TextDelta | ChatResult]:
        """Yield text pieces as they come; the last item is always a :class:`ChatResult`."""
        ...


@runtime_checkable
class ThreadTunable(Protocol):
    """A local model whose CPU threads can change between tokens (llama.cpp reads them per decode)."""

    def set_threads(self, threads: int) -> None: ...


@runtime_checkable
class PromptPriming(Protocol):
    """A local model that can hold a prompt's KV cache ahead of requests, and keep it on disk between runs."""

    def prime(self, request: ChatRequest, cache: PromptStateCache | None = None,
              cancel: CancelToken | None = None) -> str: ...


@runtime_checkable
class TextToSpeech(Protocol):
    @property
    def info(self) -> ModelInfo: ...
    sample_rate: int

    def voices(self) -> list[str]: ...

    def synthesize(
        self, text: str, *, voice: str | None = None, speed: float = 1.0, cancel: CancelToken | None = None
    ) -> Iterator[AudioChunk]:
        """Yield one chunk per sentence as soon as it is made."""
        ...


def close_stream(stream: object) -> None:
    """End a model's stream early (a generator left mid-stream frees its model slot now, not at collection)."""
    close = getattr(stream, "close", None)
    if callable(close):
        close()
