"""The kiosk's jobs (cancel -> pipeline events) over the core demo content and the window's Services.

Each visitor-facing job ends with ``Finished(Playable)``: the made file, its captions and (when asked)
the decoded audio, so the window only has to hand the chunk to the player.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.core.events import Finished, PipelineEvent, Stage, StageStarted
from app.core.kiosk import demo as kiosk_demo
from app.core.kiosk.config import sample_script
from app.core.settings import Settings
from app.jobs.services import Services
from engines.cancel import CancelToken
from engines.errors import DaycastError
from engines.types import AudioChunk

Job = Callable[[CancelToken], Iterator[PipelineEvent]]


@dataclass(frozen=True)
class Playable:
    made: kiosk_demo.MadeAudio
    chunk: AudioChunk | None


_MAKING = threading.Lock()
"""Held while a demo file is checked and made: two requests for one file make it once."""


def _making(cancel: CancelToken) -> Iterator[PipelineEvent]:
    if _MAKING.acquire(blocking=False):
        return
    # the kiosk's own messages are made in its language: it is set once, before any job runs
    waiting = QCoreApplication.translate("KioskJobs", "Almost ready: another demo is being made first")
    yield StageStarted(Stage.WAIT, waiting)
    while not _MAKING.acquire(timeout=0.2):
        cancel.check()


def _finish(path: Any, decode: bool) -> Iterator[PipelineEvent]:
    made = kiosk_demo.read_made(path)
    if made is None:
        raise DaycastError(QCoreApplication.translate("KioskJobs", "{path} was made but cannot be read back").format(
            path=path), code="kiosk.demo_unreadable")
    yield Finished(Playable(made, kiosk_demo.read_clip(made.audio_path) if decode else None))


def briefing_job(services: Services, settings: Settings, day: date, *, decode: bool = True) -> Job:
    """Today's briefing from the demo sources: the cached file, or one generation (with progress)."""
    out = kiosk_demo.briefing_path(day)

    def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
        if kiosk_demo.read_made(out) is not None:  # made already: never wait behind another demo
            yield from _finish(out, decode)
            return
        yield from _making(cancel)
        try:
            if kiosk_demo.read_made(out) is None:  # again: it may have been made while we waited
                for event in services.briefing_job(settings, out, day, subscribed=False)(cancel):
                    if not isinstance(event, Finished):
                        yield event
                kiosk_demo.tidy({out, kiosk_demo.episode_path()}, day)
        finally:
            _MAKING.release()
        yield from _finish(out, decode)

    return job


def podcast_job(services: Services, settings: Settings, *, decode: bool = True) -> Job:
    """The sample episode from the pre-written script: cached, or voiced now (about a minute of audio)."""
    script = sample_script()
    out = kiosk_demo.episode_path(script)
    device = "cpu" if settings.device == "auto" else settings.device

    def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
        if kiosk_demo.read_made(out) is not None:
            yield from _finish(out, decode)
            return
        yield from _making(cancel)
        try:
            if kiosk_demo.read_made(out) is None:
                inner = kiosk_demo.sample_episode_job(script, out, services.tts_loader, device)
                for event in inner(cancel):
                    if not isinstance(event, Finished):
                        yield event
        finally:
            _MAKING.release()
        yield from _finish(out, decode)

    return job


def join_in_job(services: Services, settings: Settings, episode: Path, question: str, at: float) -> Job:
    """The sample episode's hosts answer a visitor's question asked ``at`` seconds in (its script is the
    sample script unless one lies beside the audio); ends with ``Finished(JoinInAnswer)``."""
    beside = episode.with_suffix(".script.json")
    return services.join_in_job(settings, episode, question, at, script=None if beside.is_file() else sample_script())


def attract_job(services: Services, settings: Settings) -> Job:
    out = kiosk_demo.attract_clip_path()

    def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
        if not out.is_file():
            inner = kiosk_demo.attract_clip_job(settings.voices.briefing_voice, out, services.tts_loader)
            yield from inner(cancel)
            return
        yield StageStarted(Stage.ATTRACT, QCoreApplication.translate("KioskJobs", "The attract clip is ready"))
        yield Finished(out)

    return job

