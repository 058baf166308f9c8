"""Small dataclasses that cross engine boundaries (and threads)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from engines.routes import RouteKind


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Which model made something: recorded in every output's provenance and shown in the UI."""

    id: str
    backend: str
    device: str = "cpu"
    path: str = ""
    sha256: str = ""
    license: str = ""
    route: RouteKind = "local"
    detail: str = ""

    def label(self) -> str:
        return f"{self.id} ({self.backend}, {self.device}, {self.route})"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AudioChunk:
    """Mono float32 samples in [-1, 1]; ``text`` is what they say (one sentence for TTS)."""

    samples: np.ndarray
    sample_rate: int
    text: str = ""

    @property
    def duration(self) -> float:
        return len(self.samples) / float(self.sample_rate)


@dataclass(frozen=True, slots=True)
class Word:
    start: float
    end: float
    text: str
    probability: float = 1.0


@dataclass(frozen=True, slots=True)
class TranscriptSegment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    is_final: bool = True
    language: str = ""
    """The language the recogniser heard or was told ("en"), where it says."""


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """One chat completion: messages plus sampling; ``task`` names the caller for routing and the ledger."""

    messages: tuple[ChatMessage, ...]
    max_tokens: int = 256
    temperature: float = 0.2
    stop: tuple[str, ...] = ()
    task: str = "prompt"
    seed: int = 7
    json_mode: bool = False


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A streamed piece of a reply."""

    text: str


@dataclass(frozen=True, slots=True)
class ChatResult:
    """The end of a streamed reply: the whole text, usage and timings, and who answered."""

    text: str
    model: ModelInfo
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    first_token_seconds: float = 0.0
    finish_reason: str = "stop"
    attempts: tuple[str, ...] = field(default_factory=tuple)
