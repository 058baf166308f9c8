"""Typed events every pipeline yields; the CLI renders them with rich, the UI turns them into signals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from engines.types import AudioChunk, ModelInfo


class Stage(StrEnum):
    """The stages pipelines report (``StageStarted``, ``Progress``, ``StageFinished``)."""

    ADD = "add"
    ASR = "asr"
    ATTRACT = "attract"
    CONDENSE = "condense"
    DOWNLOAD = "download"
    EPISODE = "episode"
    EXPORT = "export"
    FETCH = "fetch"
    IMPORT = "import"
    LISTEN = "listen"
    LLM = "llm"
    LOAD = "load"
    MIX = "mix"
    SCRIPT = "script"
    SPEAK = "speak"
    SUMMARISE = "summarise"
    TTS = "tts"
    TURN = "turn"
    VOICES = "voices"
    WAIT = "wait"
    WARM = "warm"


class TextKind(StrEnum):
    """What a ``TextReady`` carries."""

    BRIEFING = "briefing"
    """A sentence of the spoken briefing."""
    SCRIPT = "script"
    """A line of a podcast script."""
    QUESTION = "question"
    """What the user asked (``final=False`` while they are still speaking)."""
    PARTIAL = "partial"
    """A transcript still being recognised."""
    REPLY = "reply"
    """The assistant's reply, sentence by sentence."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for the UI's translation catalogue (Qt-free: the UI translates it); returns it as is."""
    return text


@dataclass(frozen=True, slots=True)
class Wording:
    """An English message the UI can show translated: a ``str.format`` template marked with
    ``QT_TRANSLATE_NOOP("Notice", ...)`` and the values of its placeholders (the CLI prints the English)."""

    template: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format(**self.args)


@dataclass(frozen=True, slots=True)
class StageStarted:
    stage: Stage
    message: str = ""
    wording: Wording | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` units of ``stage`` (total None when unknown)."""

    stage: Stage
    done: float
    total: float | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class StageFinished:
    stage: Stage
    seconds: float
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TextReady:
    """A piece of text is ready: a briefing sentence, a script line, a partial transcript."""

    kind: TextKind
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
    wording: Wording | None = None


@dataclass(frozen=True, slots=True)
class Finished:
    result: Any


PipelineEvent = StageStarted | Progress | StageFinished | TextReady | AudioReady | Notice | Finished


def notice(code: str, template: str, *, level: str = "warning", **args: Any) -> Notice:
    """A Notice the UI can translate (``template`` marked with ``QT_TRANSLATE_NOOP("Notice", ...)``)."""
    wording = Wording(template, args)
    return Notice(code, str(wording), level, wording)


def stage_started(stage: Stage, template: str, **args: Any) -> StageStarted:
    """A StageStarted whose message the UI can translate, like :func:`notice`."""
    wording = Wording(template, args)
    return StageStarted(stage, str(wording), wording)
