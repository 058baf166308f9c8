"""Typed events every pipeline yields; the CLI renders them with rich, the UI turns them into signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engines.types import AudioChunk, ModelInfo


@dataclass(frozen=True, slots=True)
class StageStarted:
    stage: str
    message: str = ""


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` units of ``stage`` (total None when unknown)."""

    stage: str
    done: float
    total: float | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class StageFinished:
    stage: str
    seconds: float
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TextReady:
    """A piece of text is ready: a briefing sentence, a script line, a partial transcript."""

    kind: str
    text: str
    speaker: str = ""
    final: bool = True
    model: ModelInfo | None = None


@dataclass(frozen=True, slots=True)
class AudioReady:
    """Audio that can be played now (sentence by sentence) while the rest is made."""

    chunk: AudioChunk
    index: int
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that does not stop the job (a skipped malformed file)."""

    code: str
    message: str
    level: str = "warning"


@dataclass(frozen=True, slots=True)
class Finished:
    result: Any


PipelineEvent = StageStarted | Progress | StageFinished | TextReady | AudioReady | Notice | Finished
