"""Join in on an exported episode: one question at a point of the episode, answered by its hosts.

Qt-free; the CLI (``daycast podcast --join``), the Podcast studio's Join button and the kiosk all run
:func:`join_in_events`. Playback stays with the caller: the events carry the hosts' answer audio, and
the final :class:`JoinInAnswer` says where the episode resumes (the start of the interrupted sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.core.audio.io import read_audio
from app.core.audio.player import NullPlayer
from app.core.events import (
    QT_TRANSLATE_NOOP,
    AudioReady,
    Finished,
    PipelineEvent,
    Stage,
    StageFinished,
    TextReady,
    stage_started,
)
from app.core.podcast.join_in import Episode, JoinIn, JoinInEngines, JoinInResult, VoiceLoader
from engines.cancel import NEVER, CancelToken
from engines.errors import UsageError
from engines.protocols import LanguageModel, SpeechToText
from engines.speech_util import resample


@dataclass(frozen=True)
class JoinInAnswer:
    """What the hosts said (lines and audio), where the episode paused and where it resumes."""

    question: str
    lines: tuple[tuple[str, str], ...]
    samples: np.ndarray
    rate: int
    paused_at: float
    resumed_at: float
    grounding: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.lines)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


def transcribe_question(asr: SpeechToText, audio_path: Path) -> str:
    """A spoken question from a file, as text."""

    audio, _ = read_audio(audio_path, sample_rate=16000)
    return " ".join(s.text.strip() for s in asr.transcribe(audio) if s.text).strip()


def join_in_events(
    episode_path: Path, question: str, at: float, llm: LanguageModel, cancel: CancelToken | None = None, *,
    load_voice: VoiceLoader | None = None, episode: Episode | None = None,
) -> Iterator[PipelineEvent]:
    """The hosts answer ``question`` as if asked ``at`` seconds into the episode; ends in ``Finished(JoinInAnswer)``."""
    cancel = cancel or NEVER
    if not question.strip():
        raise UsageError("No question to answer", hint="type a question, or give --question-audio FILE")
    yield stage_started(Stage.EPISODE, QT_TRANSLATE_NOOP("Notice", "Opening {name}"), name=Path(episode_path).name)
    episode = episode or Episode.load(episode_path)
    if not 0 <= at <= episode.duration:
        raise UsageError(f"--at {at:g} s is outside the episode (0 to {episode.duration:.0f} s)")
    yield StageFinished(Stage.EPISODE, 0.0, {"duration": round(episode.duration, 2), "cues": len(episode.cues)})
    join = JoinIn(episode, JoinInEngines(llm, load_voice), NullPlayer())
    join.position = at
    chunks: list[AudioReady] = []
    result: JoinInResult | None = None
    for event in join.respond(question, cancel):
        if isinstance(event, AudioReady) and event.speaker == "episode":
            continue  # the rest of the episode: the caller resumes its own playback
        if isinstance(event, AudioReady):
            chunks.append(event)
        if isinstance(event, Finished):
            result = event.result
            continue
        yield event
    if result is None:
        raise UsageError("The hosts did not answer")
    yield Finished(_answer(result, chunks))


def _answer(result: JoinInResult, chunks: list[AudioReady]) -> JoinInAnswer:
    rate = chunks[0].chunk.sample_rate if chunks else 24000
    parts = [resample(c.chunk.samples, c.chunk.sample_rate, rate) for c in chunks]
    samples = np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
    return JoinInAnswer(result.question, result.turns, samples, rate, result.paused_at, result.resumed_at,
                        dict(result.grounding))


def answer_lines(events: Iterator[PipelineEvent], on_line: Callable[[str, str], None]) -> JoinInAnswer:
    """Run :func:`join_in_events`, calling ``on_line(host, text)`` as each line is ready."""
    answer: JoinInAnswer | None = None
    for event in events:
        if isinstance(event, TextReady) and event.kind == "reply":
            on_line(event.speaker or "", event.text)
        elif isinstance(event, Finished):
            answer = event.result
    if answer is None:
        raise UsageError("The hosts did not answer")
    return answer
