"""What the window asks of the core, in one injectable place.

Every method returns a *job* (``cancel -> iterator of events``) that a :class:`PipelineWorker` runs
in its own thread: models load inside the job, never in the UI thread and never at import. Tests
pass small real engines through the ``*_engines`` factories.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.assistant.session import (
    answer_text,
    load_assistant_engines,
    open_session,
)
from app.core.briefing.pipeline import BriefingRequest, load_briefing_engines, run_briefing
from app.core.events import (
    QT_TRANSLATE_NOOP,
    Finished,
    Notice,
    PipelineEvent,
    Stage,
    StageFinished,
    stage_started,
)
from app.core.llm_setup import ModelPool, build_llm
from app.core.podcast.join_in import Episode
from app.core.podcast.script import Host
from app.core.podcast.writer import ScriptOptions, generate_script
from app.core.settings import Settings
from app.core.sources.load import load_sources
from app.core.sources.subscriptions import briefing_sources, split_sources
from app.jobs.join_in import join_in_events
from app.jobs.locked_model import LockedModel
from app.jobs.podcast import ExportChoice, TtsLoader, render_events
from app.jobs.voice import default_microphone, default_player, voice_events
from engines.audio import write_wav
from engines.cancel import CancelToken
from engines.errors import UsageError
from engines.tts import load_tts

if TYPE_CHECKING:
    from app.core.briefing.pipeline import BriefingRequest

EngineFactory = Callable[[Settings], Any]


def _default_tts(voice: str, device: str) -> tuple[Any, str | None]:
    return load_tts(voice, device=device)


def briefing_request(settings: Settings, out: Path, day: date | None = None, *,
                     subscribed: bool = True) -> BriefingRequest:
    """The user's briefing: settings' sources and subscriptions, fetched first when the network switch allows,
    items already heard left out. ``subscribed`` False (the kiosk): only ``settings.sources``, as they are."""
    paths, subs = briefing_sources(settings.sources) if subscribed else (split_sources(settings.sources)[0], [])
    if not paths and not subs:
        raise UsageError("No sources yet", hint="add feeds, calendars, notes or folders on the Sources page")
    return BriefingRequest(
        sources=tuple(paths), out=out, day=day, minutes=settings.briefing_minutes,
        voice=settings.voices.briefing_voice, disclosure=settings.disclosure, speed=settings.voices.speed,
        subscriptions=tuple(subs), fetch=settings.fetch_sources and subscribed, skip_seen=subscribed,
    )


@dataclass
class Services:
    """Factories for engines (called in worker threads) and a lock so one model job runs at a time."""

    briefing_engines: EngineFactory | None = None
    podcast_engines: EngineFactory | None = None
    assistant_engines: EngineFactory | None = None
    tts_loader: TtsLoader = _default_tts
    force_silent_audio: bool = False
    _cache: dict[tuple[str, Any], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: Any = None
    _pool_lock: threading.Lock = field(default_factory=threading.Lock)
    """Guards creating and closing the pool (two first jobs at once must share one)."""
    _voice_lock: threading.Lock = field(default_factory=threading.Lock)
    """Voice previews run beside model jobs: loading a voice and reading the cache happen under it."""

    def pool(self) -> Any:
        """The shared model pool (created in the first worker that needs it: importing it loads llama.cpp)."""
        with self._pool_lock:
            if self._pool is None:
                self._pool = ModelPool()
            return self._pool

    def close(self) -> None:
        """Free every model; call only once no worker uses them (the window defers it until they end)."""
        with self._voice_lock:
            self._cache.clear()
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _briefing_factory(self, settings: Settings) -> Any:
        if self.briefing_engines is not None:
            return self.briefing_engines(settings)

        return load_briefing_engines(settings, self.pool())

    # --- shared plumbing -------------------------------------------------------------------------

    def _hold_models(self, cancel: CancelToken) -> Iterator[PipelineEvent]:
        """Wait (cancellably) until no other job uses the models."""
        if self._lock.acquire(blocking=False):
            return
        yield stage_started(Stage.WAIT, QT_TRANSLATE_NOOP("Notice", "Waiting for the other job to finish"))
        while not self._lock.acquire(timeout=0.2):
            cancel.check()
        yield StageFinished(Stage.WAIT, 0.0)

    def _engines(self, kind: str, factory: EngineFactory, settings: Settings) -> Generator[PipelineEvent, None, Any]:
        key = (kind, (settings.llm_model, settings.device, settings.voices, settings.policy, settings.privacy_mode,
                      settings.cloud, settings.routes, settings.trusted_hosts, settings.sources, settings.asr_model,
                      settings.talk_mode))
        if key not in self._cache:
            yield stage_started(Stage.LOAD, QT_TRANSLATE_NOOP("Notice", "Loading models (first run takes a few "
                                                                "seconds)"))
            t0 = time.perf_counter()
            for old in [k for k in self._cache if k[0] == kind]:
                del self._cache[old]  # one set per kind: a settings change replaces it
            self._cache[key] = factory(settings)
            yield StageFinished(Stage.LOAD, time.perf_counter() - t0)
        return self._cache[key]

    @contextmanager
    def holding_models(self, cancel: CancelToken) -> Iterator[None]:
        """Hold the models for work outside a job (the kiosk's voice turns), waiting cancellably behind a job."""
        while not self._lock.acquire(timeout=0.2):
            cancel.check()
        try:
            yield
        finally:
            self._lock.release()

    def _guarded(self, body: Callable[[CancelToken], Iterator[PipelineEvent]]) -> Callable[[CancelToken], Iterator]:
        def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
            yield from self._hold_models(cancel)
            try:
                yield from body(cancel)
            finally:
                self._lock.release()

        return job

    # --- briefing --------------------------------------------------------------------------------

    def briefing_job(self, settings: Settings, out: Path, day: date | None = None, *,
                     subscribed: bool = True) -> Callable[[CancelToken], Iterator]:
        """The briefing job for ``briefing_request(settings, out, day, subscribed=...)``."""
        request = briefing_request(settings, out, day, subscribed=subscribed)

        def body(cancel: CancelToken) -> Iterator[PipelineEvent]:
            engines = yield from self._engines("briefing", self._briefing_factory, settings)
            yield from run_briefing(request, engines, cancel)

        return self._guarded(body)

    # --- podcast ---------------------------------------------------------------------------------

    def _podcast_llm(self, settings: Settings) -> Any:
        if self.podcast_engines is not None:
            return self.podcast_engines(settings)

        return build_llm(settings, task="podcast", pool=self.pool())

    def podcast_script_job(self, settings: Settings, documents: list[str], options: dict[str, Any]) -> Callable:
        """Read ``documents`` and write a script; ends with ``Finished(Script)``."""

        def body(cancel: CancelToken) -> Iterator[PipelineEvent]:
            yield stage_started(Stage.IMPORT, QT_TRANSLATE_NOOP("Notice", "Reading {count} document(s)"),
                                count=len(documents))
            t0 = time.perf_counter()
            imported = load_sources([Path(d).expanduser() for d in documents], day=date.today(), cancel=cancel)
            for problem in imported.problems:
                yield Notice(problem.code, str(problem))
            yield StageFinished(Stage.IMPORT, time.perf_counter() - t0)
            llm = yield from self._engines("podcast", self._podcast_llm, settings)
            (name_a, voice_a), (name_b, voice_b) = options["hosts"]
            script_options = ScriptOptions(
                minutes=float(options["minutes"]), title=options.get("title", ""),
                hosts=(Host(name_a, voice_a, settings.voices.host_a_speed),
                       Host(name_b, voice_b, settings.voices.host_b_speed)),
                disclosure=settings.disclosure, format=options.get("format", "deep-dive"),
                focus=options.get("focus", ""),
            )
            yield from generate_script(imported.documents + imported.events, llm, script_options, cancel)

        return self._guarded(body)

    def podcast_render_job(self, settings: Settings, script: Any, out: Path, export: ExportChoice) -> Callable:
        """Voice, mix and export ``script`` to ``out``; ends with ``Finished(EpisodeResult)``."""
        def body(cancel: CancelToken) -> Iterator[PipelineEvent]:
            yield from render_events(self.tts_loader, settings, script, out, export, cancel)

        return self._guarded(body)

    def join_in_job(self, settings: Settings, episode: Path, question: str, at: float,
                    script: Path | None = None) -> Callable:
        """The hosts of ``episode`` answer ``question`` asked ``at`` seconds in; ends in ``Finished(JoinInAnswer)``.
        ``script``: the episode's script when it is not the ``.script.json`` beside the audio."""

        def body(cancel: CancelToken) -> Iterator[PipelineEvent]:

            llm = yield from self._engines("podcast", self._podcast_llm, settings)
            loaded = Episode.load(episode, script_path=script)
            yield from join_in_events(episode, question, at, llm, cancel, episode=loaded,
                                      load_voice=lambda spec: self.tts_loader(spec, settings.device))

        return self._guarded(body)

    # --- voices ----------------------------------------------------------------------------------

    def voice_preview_job(self, voice: str, text: str, out: Path, device: str = "auto") -> Callable:
        """Speak ``text`` with ``voice`` into ``out`` (a WAV) for the preview buttons."""

        def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
            key = ("voice", voice)
            if key not in self._cache:
                yield stage_started(Stage.LOAD, QT_TRANSLATE_NOOP("Notice", "Loading {voice}"), voice=voice)
            with self._voice_lock:  # two previews of one voice load it once; no cache change mid-read
                if key not in self._cache:
                    self._cache[key] = self.tts_loader(voice, device)
                tts, name = self._cache[key]
            chunks = list(tts.synthesize(text, voice=name, speed=1.0, cancel=cancel))
            cancel.check()
            write_wav(out, chunks)
            yield Finished(out)

        return job

    # --- assistant ---------------------------------------------------------------------------------

    def _assistant_session(self, settings: Settings) -> Any:
        """A conversation over the user's sources (``app.core.assistant.session``): memory, context, voice."""
        if self.assistant_engines is not None:
            engines = self.assistant_engines(settings)
        else:
            engines = load_assistant_engines(settings, self.pool())
        return open_session(settings, engines)

    def assistant_voice_engines(self, settings: Settings) -> Generator[PipelineEvent, None, Any]:
        """ASR + VAD + LLM + voice for live turns (cached like the other engines)."""

        def load(s: Settings) -> Any:
            if self.assistant_engines is not None:
                return self.assistant_engines(s)

            return load_assistant_engines(s, self.pool())

        engines = yield from self._engines("assistant-voice", load, settings)
        return engines

    def voice_session_job(self, settings: Settings, control: Any, mic_factory: Any = None,
                          player_factory: Any = None) -> Callable:
        """The live conversation until cancelled (see :mod:`app.jobs.voice`). Not guarded as a whole: a session
        left open would keep every other job waiting; its model takes the lock for each reply instead."""
        def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
            yield from voice_events(self, settings, control, mic_factory or default_microphone,
                                    player_factory or default_player, cancel)

        return job

    def voice_engines_held(self, settings: Settings, cancel: CancelToken) -> Generator[PipelineEvent, None, Any]:
        """The live turn's engines, loaded while no other job uses the models, with a model that holds them
        only while it writes (:class:`LockedModel`)."""
        yield from self._hold_models(cancel)
        try:
            engines = yield from self.assistant_voice_engines(settings)
        finally:
            self._lock.release()
        return replace(engines, llm=LockedModel(engines.llm, self.holding_models))

    def assistant_text_job(self, settings: Settings, history: tuple[tuple[str, str], ...], question: str) -> Callable:
        """One typed turn through the assistant pipeline (intents, day context, spoken reply); ends with
        ``Finished(TurnResult)``. ``history`` is the page's; the session keeps its own memory."""

        def body(cancel: CancelToken) -> Iterator[PipelineEvent]:
            session = yield from self._engines("assistant-session", self._assistant_session, settings)
            yield from answer_text(question, session, cancel)

        return self._guarded(body)

    def forget_engines(self) -> None:
        self._cache.clear()


__all__ = ["ExportChoice", "Services"]
