"""What a conversation holds (engines, options, context, memory, the commands it may start) and what
one turn holds while it runs; shared by the reply pipeline (:mod:`.session`) and the spoken commands
(:mod:`.actions`), which both act on a turn.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.assistant.context import AssistantContext, ContextRequest, build_context
from app.core.assistant.intents import Intent
from app.core.assistant.memory import Conversation, system_message, system_prompt
from app.core.assistant.retrieve import Retrieved, retrieve
from app.core.audio.player import Player
from app.core.briefing.text import spoken_time
from app.core.documents import Document
from app.core.events import AudioReady, Finished, PipelineEvent, TextKind, TextReady
from app.core.podcast.export import new_episode_path
from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast, tts_loader
from app.core.settings import Disclosure, Settings
from app.core.sources.load import CALENDAR_SUFFIXES, load_sources
from app.core.trust.grounding import Grounder
from engines.cancel import CancelToken
from engines.cpu_load import OtherLoad
from engines.prompt_cache import PromptStateCache
from engines.protocols import LanguageModel, PromptPriming, SpeechToText, TextToSpeech, ThreadTunable, VoiceActivity
from engines.types import AudioChunk, ChatRequest, ModelInfo


@dataclass
class AssistantEngines:
    """Loaded engines for voice turns; ``voice`` is the TTS voice name inside ``tts``."""

    asr: SpeechToText
    vad: VoiceActivity | None
    llm: LanguageModel
    tts: TextToSpeech
    voice: str | None = None
    language: str = "en"
    """What the assistant hears and speaks: "en" or "ja" (Whisper's language and the prompt's)."""


@dataclass(frozen=True)
class AssistantOptions:
    """How replies are made: short, low temperature, spoken early."""

    max_tokens: int = 120
    temperature: float = 0.3
    first_clause: bool = True
    history_tokens: int = 1024
    speed: float = 1.0
    volume: float = 1.0
    tell_time: bool = True
    """Prefix each question with the time of day (only when the session's day is today)."""
    grounded: bool = True
    """Answer from the retrieved calendar entries, notes and news, check every sentence against them, and
    compose calendar answers without the model (off: the model answers from the session context alone)."""
    burst_threads: bool = True
    """All cores for the model until the first clause is spoken (nothing else runs then), one fewer once
    speech synthesis runs beside it; only while the machine is otherwise idle (see :func:`burst_threads`)."""


@dataclass
class TurnTimings:
    """Seconds per stage of one turn. ``end_to_end`` runs from the end of speech to the first reply
    audio and includes ``vad_end`` (the silence waited for before deciding the user had finished)."""

    vad_end: float = 0.0
    asr: float = 0.0
    llm_first_token: float = 0.0
    first_clause: float = 0.0
    tts_first_audio: float = 0.0
    end_to_end: float = 0.0
    llm: float = 0.0
    tts: float = 0.0
    audio_seconds: float = 0.0
    question_seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in asdict(self).items()}


@dataclass
class TurnResult:
    """What one turn did: the question heard, the intent, the reply spoken, and its timings."""

    question: str
    intent: Intent
    reply: str
    timings: TurnTimings
    model: ModelInfo | None = None
    interrupted: bool = False
    detail: Any = None
    grounding: dict[str, Any] = field(default_factory=dict)
    """``GroundingCounts.as_dict()`` of the reply (empty when no check ran)."""


PodcastRunner = Callable[[str, "AssistantSession", CancelToken], Iterator[PipelineEvent]]
"""(topic or file, session, cancel) -> the podcast pipeline's events."""


@dataclass
class Actions:
    """The pipelines spoken commands start. ``output_dir`` is where spoken briefings and podcasts are saved;
    ``podcast`` None turns "make a podcast" off (the assistant says so)."""

    output_dir: Path | None = None
    podcast: PodcastRunner | None = field(default_factory=lambda: make_podcast)
    briefing_minutes: float = 3.0
    podcast_minutes: float = 3.0
    disclosure: Disclosure = "full"


class AssistantSession:
    """A conversation: engines, the day's context (fixed for KV-cache reuse), memory and voice settings.

    ``player`` (optional) is what the "stop", "louder" and "quieter" commands act on; ``actions``
    runs the briefing and podcast commands.
    """

    def __init__(
        self, engines: AssistantEngines, context: AssistantContext | None = None, *,
        options: AssistantOptions | None = None, player: Player | None = None, actions: Actions | None = None,
        context_request: ContextRequest | None = None,
    ) -> None:
        self.engines = engines
        self.options = options or AssistantOptions()
        self.context = context or AssistantContext.empty()
        self.context_request = context_request
        self.player = player
        self.actions = actions or Actions()
        self.speed = self.options.speed
        self.volume = self.options.volume
        self.cpu = OtherLoad()
        self.primed = ""
        self.conversation = Conversation(self._system(self.context.text), count_tokens=self._count,
                                         budget_tokens=self.options.history_tokens)
        self._events: dict[date, tuple[Document, ...]] = {}

    def _count(self, text: str) -> int:
        return self.engines.llm.count_tokens(text)

    def request(self, question: str, sources: str = "") -> ChatRequest:
        """The turn's request; ``sources`` (retrieved for this question) go with the question, after the
        cached system prompt and history, so the KV cache still covers everything before them."""
        note = "\n".join(p for p in (self._note(), sources) if p)
        return ChatRequest(self.conversation.messages(question, note=note),
                           max_tokens=self.options.max_tokens, temperature=self.options.temperature,
                           task="assistant")

    def events_on(self, day: date) -> tuple[Document, ...]:
        """Calendar entries on ``day``: today's and tomorrow's from the context, others read when asked."""
        context = self.context
        if day == context.day:
            return context.events
        if day == context.day + timedelta(days=1):
            return context.tomorrow
        if day not in self._events:
            calendars = [f for f in context.files if f.suffix.lower() in CALENDAR_SUFFIXES]
            self._events[day] = tuple(load_sources(calendars, day=day, tz=context.tz).events) if calendars else ()
        return self._events[day]

    def retrieve(self, question: str) -> Retrieved:
        return retrieve(question, self.context.day, self.events_on, self.context.documents)

    def _note(self) -> str:
        if not self.options.tell_time:
            return ""
        now = datetime.now(self.context.tz) if self.context.tz else datetime.now()
        return f"(The time is {spoken_time(now)}.)" if now.date() == self.context.day else ""

    def set_context(self, context: AssistantContext) -> None:
        """A new day's context (the memory is kept; the KV cache is rebuilt once)."""
        self.context = context
        self.conversation.system = self._system(context.text)
        self._events = {}

    def _system(self, context_text: str) -> str:
        return system_message(context_text, prompt=system_prompt(getattr(self.engines, "language", "en")))

    def refresh_context(self, cancel: CancelToken | None = None) -> None:
        """Re-read the sources (after a briefing was made, or when the day changed)."""
        if self.context_request is not None:
            self.set_context(build_context(self.context_request, count_tokens=self._count, cancel=cancel))

    def warm_up(self, cancel: CancelToken | None = None, *, cache: PromptStateCache | None = None) -> float:
        """Read the system prompt and context into the model's cache now, so the first question only
        costs its own tokens. With ``cache``, a state saved by an earlier run for the same model and
        context is loaded instead of read (``daycast ask`` is a new process each time); ``primed`` says
        which ("loaded", "updated", "computed"). Returns the seconds it took."""
        start = time.perf_counter()
        request = ChatRequest(self.conversation.messages("Hello."), max_tokens=1, temperature=0.0, task="assistant")
        llm = self.engines.llm
        if isinstance(llm, PromptPriming):
            self.primed = llm.prime(request, cache, cancel)
        else:
            for _ in llm.stream_chat(request, cancel):
                pass
            self.primed = "computed"
        return time.perf_counter() - start

    def read_ahead(self, cancel: CancelToken | None = None) -> bool:
        """Read the conversation so far into the local model's cache while nobody waits (after a turn, as
        its reply plays), so the next question costs only its own tokens. A composed answer never touched
        the model and an answer's retrieved sources are not remembered, so without this the next turn
        re-reads those exchanges first (266 tokens, 2.0 s to the first token after four calendar answers
        on the 2-core CPU; 0.3 s with it). False when there is no local model to prepare."""
        llm = self.engines.llm
        if not isinstance(llm, PromptPriming) or (cancel is not None and cancel.cancelled):
            return False
        request = ChatRequest(self.conversation.messages(""), max_tokens=1, temperature=0.0, task="assistant")
        return llm.prime(request, None, cancel) not in ("none", "failed")


@dataclass
class Turn:
    """Mutable state of one turn."""

    session: AssistantSession
    cancel: CancelToken
    started: float
    timings: TurnTimings
    index: int = 0
    queued: int = 0
    received: int = 0
    llm_started: float = 0.0
    first_audio: float = 0.0
    threads: int = 0
    repeats: int = 0
    spoken: list[str] = field(default_factory=list)
    audio: list[AudioChunk] = field(default_factory=list)
    grounder: Grounder | None = None

    def since_start(self) -> float:
        return time.perf_counter() - self.started

    def set_threads(self, threads: int) -> None:
        llm = self.session.engines.llm
        if threads != self.threads and isinstance(llm, ThreadTunable):
            llm.set_threads(threads)
            self.threads = threads

    def audio_event(self, chunk: AudioChunk) -> AudioReady:
        if not self.first_audio:
            self.first_audio = time.perf_counter()
            self.timings.end_to_end = self.timings.vad_end + (self.first_audio - self.started)
        self.timings.audio_seconds += chunk.duration
        self.audio.append(chunk)
        self.index += 1
        return AudioReady(chunk, self.index - 1)

    def speak_now(self, text: str) -> Iterator[PipelineEvent]:
        """Synthesise ``text`` in this thread (the first clause: nothing else should compete for the CPU)."""
        session = self.session
        start = time.perf_counter()
        yield TextReady(TextKind.REPLY, text)
        self.spoken.append(text)
        for chunk in session.engines.tts.synthesize(text, voice=session.engines.voice, speed=session.speed,
                                                    cancel=self.cancel):
            if not self.first_audio:
                self.timings.tts_first_audio = time.perf_counter() - start
            yield self.audio_event(chunk)
        self.timings.tts += time.perf_counter() - start


def output_dir_of(session: AssistantSession) -> Path:
    """Where the session's spoken commands save: the actions' folder, the context's, else the settings' default."""
    if session.actions.output_dir is not None:
        return Path(session.actions.output_dir)
    if session.context_request is not None and session.context_request.output_dir is not None:
        return Path(session.context_request.output_dir)
    return Settings().resolved_output_dir()


_WORD = re.compile(r"[a-z0-9]+")
_IN_PARENS = re.compile(r"\(([^()]+)\)\s*$")
_STOP_WORDS = frozenset({"the", "a", "an", "my", "our", "your", "of", "about", "on", "for", "and", "to", "in",
                         "with", "from", "file", "document", "notes", "note"})


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP_WORDS and len(w) > 2}


def podcast_inputs(argument: str, session: AssistantSession) -> tuple[Path, ...]:
    """The files a spoken "podcast about <argument>" means: a file named so (a path, or one of the
    source files by name), else the source files whose documents talk about the topic."""
    given = Path(argument).expanduser()
    if given.is_file():
        return (given,)
    wanted = _words(argument)
    if not wanted:
        return ()
    by_name = {f.name: f for f in session.context.files}  # documents name their file, not its folder
    for file in session.context.files:
        if wanted <= _words(file.stem):
            return (file,)
    found: dict[Path, None] = {}
    for doc in session.context.documents:
        named = _IN_PARENS.search(doc.source)  # feeds: "Courier (courier.xml)"
        source_file = by_name.get(named.group(1) if named else Path(doc.source).name)
        if source_file is None:
            continue
        if wanted <= _words(doc.title):
            return (source_file,)
        if len(wanted & _words(f"{doc.title} {doc.text[:4000]}")) >= max(1, (len(wanted) + 1) // 2):
            found.setdefault(source_file, None)
    return tuple(found)


def make_podcast(argument: str, session: AssistantSession, cancel: CancelToken) -> Iterator[PipelineEvent]:
    """The podcast pipeline on the files the spoken request points to; speech only at the start and end."""
    inputs = podcast_inputs(argument, session)
    if not inputs:
        yield TextReady(TextKind.REPLY, f"I found nothing about {argument} in your sources.")
        return
    slug = "-".join(sorted(_words(argument)))[:40] or "topic"
    out = new_episode_path(output_dir_of(session), f"podcast-{slug}-{session.context.day.isoformat()}")
    yield TextReady(TextKind.REPLY, f"Okay, I'm making a podcast about {argument}. It takes a few minutes.")
    request = PodcastRequest(out=out, inputs=inputs, minutes=session.actions.podcast_minutes,
                             title=f"About {argument}"[:80])
    engines = PodcastEngines(load_voice=tts_loader(), llm=session.engines.llm)
    for event in run_podcast(request, engines, cancel):
        if isinstance(event, Finished):
            minutes = max(1, round(event.result.duration / 60))
            unit = "minute" if minutes == 1 else "minutes"
            yield TextReady(TextKind.REPLY, f"Your podcast about {argument} is ready: {minutes} {unit}, saved as "
                                     f"{out.stem.replace('-', ' ')}.")
            yield Finished(event.result)
        elif not isinstance(event, AudioReady):  # the turns as rendered are not the finished episode
            yield event
