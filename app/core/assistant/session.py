"""One voice turn: question audio → transcript → intent → streamed LLM reply → speech, clause by clause.

``answer_turn`` (audio) and ``answer_text`` (a transcript, typed or already recognised) are
generators of pipeline events ending in ``Finished(TurnResult)``:
``TextReady("question")``, then ``TextReady("reply")`` per sentence and ``AudioReady`` per piece of
speech, with ``TurnTimings`` saying where the time went. The first clause of a reply is spoken as
soon as the model has written it (``SentenceBuffer(first_clause=True)``) and synthesised at once,
while the model waits; later sentences are synthesised in a background thread while it writes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from app.core.assistant.context import AssistantContext, ContextRequest, build_context
from app.core.assistant.intents import Intent, route
from app.core.assistant.memory import Conversation, system_message
from app.core.assistant.retrieve import NOTHING_FOUND, Retrieved, calendar_answer, retrieve
from app.core.documents import Document
from app.core.events import AudioReady, Finished, PipelineEvent, StageFinished, StageStarted, TextReady
from app.core.speech import SpeechQueue
from app.core.trust.grounding import Grounder, GroundingCounts, Source, llm_rewrite
from engines.cancel import NEVER, CancelToken
from engines.cpu_load import OtherLoad
from engines.errors import Cancelled
from engines.prompt_cache import PromptStateCache
from engines.protocols import (
    LanguageModel,
    PromptPriming,
    SpeechToText,
    TextToSpeech,
    ThreadTunable,
    VoiceActivity,
)
from engines.text import SentenceBuffer, looping, spoken_words
from engines.types import AudioChunk, ChatRequest, ChatResult, ModelInfo

if TYPE_CHECKING:
    from app.core.assistant.actions import Actions
    from app.core.audio.player import Player
    from app.core.llm_setup import ModelPool
    from app.core.settings import Settings

__all__ = [
    "AssistantContext", "AssistantEngines", "AssistantOptions", "AssistantSession", "ContextRequest",
    "TurnResult", "TurnTimings", "answer_text", "answer_turn", "load_assistant_engines",
]

log = logging.getLogger(__name__)

QUESTION = "question"
REPLY = "reply"
LOST_THREAD = "Sorry, I lost my thread. Could you ask that again?"
PARTIAL = "partial"


@dataclass
class AssistantEngines:
    """Loaded engines for voice turns; ``voice`` is the TTS voice name inside ``tts``."""

    asr: SpeechToText
    vad: VoiceActivity | None
    llm: LanguageModel
    tts: TextToSpeech
    voice: str | None = None


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
        from app.core.assistant.actions import Actions

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
        self.conversation = Conversation(system_message(self.context.text), count_tokens=self._count,
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
            from app.core.sources.load import CALENDAR_SUFFIXES, load_sources

            calendars = [f for f in context.files if f.suffix.lower() in CALENDAR_SUFFIXES]
            self._events[day] = tuple(load_sources(calendars, day=day, tz=context.tz).events) if calendars else ()
        return self._events[day]

    def retrieve(self, question: str) -> Retrieved:
        return retrieve(question, self.context.day, self.events_on, self.context.documents)

    def _note(self) -> str:
        if not self.options.tell_time:
            return ""
        from datetime import datetime

        from app.core.briefing.text import spoken_time

        now = datetime.now(self.context.tz) if self.context.tz else datetime.now()
        return f"(The time is {spoken_time(now)}.)" if now.date() == self.context.day else ""

    def set_context(self, context: AssistantContext) -> None:
        """A new day's context (the memory is kept; the KV cache is rebuilt once)."""
        self.context = context
        self.conversation.system = system_message(context.text)
        self._events = {}

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


@dataclass
class _Turn:
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
        yield TextReady(REPLY, text)
        self.spoken.append(text)
        for chunk in session.engines.tts.synthesize(text, voice=session.engines.voice, speed=session.speed,
                                                    cancel=self.cancel):
            if not self.first_audio:
                self.timings.tts_first_audio = time.perf_counter() - start
            yield self.audio_event(chunk)
        self.timings.tts += time.perf_counter() - start


def answer_turn(
    audio16k: np.ndarray, session: AssistantSession, cancel: CancelToken | None = None, *, vad_end: float = 0.0
) -> Iterator[PipelineEvent]:
    """A whole turn from 16 kHz mono question audio; ``vad_end`` is the end-of-speech wait already spent."""
    cancel = cancel or NEVER
    started = time.perf_counter()
    timings = TurnTimings(vad_end=vad_end, question_seconds=len(audio16k) / 16000)
    yield StageStarted("asr", "Listening to your question")
    text = " ".join(s.text.strip() for s in session.engines.asr.transcribe(audio16k, cancel=cancel) if s.text)
    timings.asr = time.perf_counter() - started
    yield StageFinished("asr", timings.asr, {"audio_seconds": round(timings.question_seconds, 2)})
    yield from answer_text(text, session, cancel, started=started, timings=timings)


def answer_text(
    question: str, session: AssistantSession, cancel: CancelToken | None = None, *,
    started: float | None = None, timings: TurnTimings | None = None,
) -> Iterator[PipelineEvent]:
    """A turn from a transcript. ``started``/``timings`` carry on a turn whose audio was already recognised."""
    from app.core.assistant.actions import run_command

    turn = _Turn(session, cancel or NEVER, started or time.perf_counter(), timings or TurnTimings())
    question = question.strip()
    yield TextReady(QUESTION, question)
    intent = route(question)
    if not question:
        yield Finished(TurnResult(question, intent, "", turn.timings))
        return
    if intent.kind != "ask":
        yield from run_command(intent, turn)
        return
    if not session.options.grounded:
        yield from _reply(turn, question, intent)
        return
    found = session.retrieve(question)
    fixed = calendar_answer(found)
    if fixed is None and found.empty and found.personal:
        fixed = [NOTHING_FOUND]
    if fixed is not None:
        yield from _say_composed(turn, question, intent, fixed)
        return
    source = Source(f"{found.source_text()}\n{session.context.text}", allow=("Daycast",))
    turn.grounder = Grounder(source, llm_rewrite(session.engines.llm, turn.cancel, task="assistant"),
                             question=question)
    yield from _reply(turn, question, intent, found)


def _say_composed(turn: _Turn, question: str, intent: Intent, sentences: list[str]) -> Iterator[PipelineEvent]:
    """An answer composed from the sources without the model (calendar entries, "nothing found")."""
    turn.llm_started = time.perf_counter()
    for sentence in sentences:
        yield from turn.speak_now(sentence)
    reply = " ".join(turn.spoken)
    turn.session.conversation.add(question, reply)
    counts = GroundingCounts(extractive=len(sentences))
    yield StageFinished("turn", turn.since_start(), turn.timings.as_dict())
    yield Finished(TurnResult(question, intent, reply, turn.timings, None, grounding=counts.as_dict()))


def _reply(turn: _Turn, question: str, intent: Intent, found: Retrieved | None = None) -> Iterator[PipelineEvent]:
    session = turn.session
    engines = session.engines
    buffer = SentenceBuffer(first_clause=session.options.first_clause)
    speech = SpeechQueue(engines.tts, voice=engines.voice, speed=session.speed, cancel=CancelToken())
    pieces: list[str] = []
    result: ChatResult | None = None
    if session.options.burst_threads:
        turn.set_threads(burst_threads(others=session.cpu.cores_busy()))
    yield StageStarted("llm", "Thinking")
    turn.llm_started = time.perf_counter()
    stream = engines.llm.stream_chat(session.request(question, found.prompt_text() if found else ""), turn.cancel)
    try:
        for piece in stream:
            if isinstance(piece, ChatResult):
                result = piece
                continue
            if not pieces:
                turn.timings.llm_first_token = time.perf_counter() - turn.llm_started
            pieces.append(piece.text)
            ungrounded = ""
            for sentence in buffer.feed(piece.text):
                if turn.grounder is not None and not turn.grounder.check(sentence).ok:
                    ungrounded = sentence
                    break
                yield from _speak_checked(turn, speech, sentence)
            if ungrounded:
                yield from _replace_ungrounded(turn, speech, stream, ungrounded)
                buffer = SentenceBuffer()  # the rest of this reply is not spoken
                break
            if turn.repeats >= 2 or looping(buffer.pending):
                yield from _stop_loop(turn, speech, stream)
                buffer = SentenceBuffer()  # the looping words are not spoken
                break
            yield from _collect(turn, speech)
        for sentence in buffer.flush():
            yield from _speak_checked(turn, speech, sentence)
        turn.timings.llm = time.perf_counter() - turn.llm_started
        while turn.queued > turn.received:  # the rest of the speech, still checking for a cancel
            if not (yield from _collect(turn, speech)):
                turn.cancel.wait(0.01)
        turn.cancel.check()
    except Cancelled:
        if turn.first_audio:  # the user heard part of it: remember what was said, cut off
            session.conversation.add(question, "".join(pieces), interrupted=True)
        raise
    finally:
        speech.close()
        turn.set_threads(llm_threads())  # other users of the model (briefings) share the CPU with speech
    reply = " ".join(turn.spoken)  # what the user heard, repeats left out
    session.conversation.add(question, reply)
    if result is not None:
        turn.timings.prompt_tokens, turn.timings.completion_tokens = result.prompt_tokens, result.completion_tokens
    yield StageFinished("turn", turn.since_start(), turn.timings.as_dict())
    counts = turn.grounder.counts.as_dict() if turn.grounder else {}
    yield Finished(TurnResult(question, intent, reply, turn.timings, result.model if result else None,
                              grounding=counts))


def _speak_checked(turn: _Turn, speech: SpeechQueue, sentence: str) -> Iterator[PipelineEvent]:
    """Speak a sentence (checked against the sources when the turn is grounded, counted as checked)."""
    if turn.grounder is not None:
        sentence = turn.grounder.ground(sentence)  # passes unchanged here, or is the flush's last sentence
    if sentence:
        yield from _speak(turn, speech, sentence)


def _replace_ungrounded(turn: _Turn, speech: SpeechQueue, stream: Iterator[Any],
                        sentence: str) -> Iterator[PipelineEvent]:
    """A sentence the sources do not support: stop the model (one request at a time), ask it once to rewrite
    the sentence from the sources, else say the source's own sentence; the reply ends there."""
    close = getattr(stream, "close", None)
    if close is not None:
        close()
    assert turn.grounder is not None  # only called for grounded turns
    fixed = turn.grounder.ground(sentence)
    if fixed:
        yield from _speak(turn, speech, fixed)
    elif not turn.spoken:
        yield from _speak(turn, speech, NOTHING_FOUND)


def _stop_loop(turn: _Turn, speech: SpeechQueue, stream: Iterator[Any]) -> Iterator[PipelineEvent]:
    """A small model caught in a loop would go on to ``max_tokens``: stop it, keep what was said."""
    log.info("The model is repeating itself; its reply was stopped after %d sentences", len(turn.spoken))
    close = getattr(stream, "close", None)
    if close is not None:
        close()  # ends the generation and frees the model
    if not turn.spoken:
        yield from _speak(turn, speech, LOST_THREAD)


def _speak(turn: _Turn, speech: SpeechQueue, sentence: str) -> Iterator[PipelineEvent]:
    if _said_already(turn.spoken, sentence):  # small models loop ("I'm not sure. I'm not sure."): say it once
        turn.repeats += 1
        return
    if not turn.spoken:
        turn.timings.first_clause = time.perf_counter() - turn.llm_started
        yield from turn.speak_now(sentence)
        return
    turn.spoken.append(sentence)
    turn.set_threads(llm_threads())  # synthesis now runs beside the model: leave it a core
    speech.say(sentence)
    turn.queued += 1
    yield TextReady(REPLY, sentence)


def _said_already(spoken: list[str], sentence: str) -> bool:
    key = _sentence_key(sentence)
    return bool(key) and any(_sentence_key(s) == key for s in spoken)


def _sentence_key(sentence: str) -> str:
    return " ".join(spoken_words(sentence))


def _collect(turn: _Turn, speech: SpeechQueue) -> Generator[PipelineEvent, None, int]:
    """Audio of sentences synthesised so far; returns how many there were."""
    turn.cancel.check()
    ready = speech.ready()
    for spoken in ready:
        turn.received += 1
        turn.timings.tts += spoken.synth_seconds
        yield turn.audio_event(spoken.audio)
    return len(ready)


def load_assistant_engines(
    settings: Settings, pool: ModelPool | None = None, *, device: str | None = None, llm: LanguageModel | None = None
) -> AssistantEngines:
    """Whisper (settings.asr_model), Silero VAD, the LLM and the assistant's voice, each through its router.

    The VAD is Silero on onnxruntime (:mod:`engines.vad_silero`), which shares no ggml with llama.cpp.
    """
    from app.core.llm_setup import build_llm
    from app.core.remote_routes import build_asr, build_tts
    from engines import bundled
    from engines.asr_whisper import WhisperASR
    from engines.tts import load_tts
    from engines.vad_silero import SileroVAD

    chosen = device or settings.device

    def local_asr() -> SpeechToText:
        model = bundled.require(settings.asr_model)
        return WhisperASR(model.directory, device="cuda" if chosen == "gpu" else chosen, model_id=model.id,
                          license=model.license)

    asr = build_asr(settings, local_asr, task="assistant")  # local, self-hosted and cloud routes; ledger on
    tts, voice = build_tts(settings, lambda: load_tts(settings.voices.briefing_voice, device=chosen), task="assistant")
    language_model = llm or build_llm(settings, task="assistant", pool=pool, device=chosen)
    if isinstance(language_model, ThreadTunable):  # the router passes it on to its local routes
        language_model.set_threads(llm_threads())
    return AssistantEngines(asr=asr, vad=SileroVAD(), llm=language_model, tts=tts, voice=voice)


def llm_threads(cores: int | None = None) -> int:
    """CPU threads for the assistant's LLM: one core is left to speech, which runs while the model writes.

    llama.cpp's threads spin at barriers, so a thread that must share its core stalls all of them:
    on this 2-core machine, with other work running, SmolLM2 made 1.3 tokens/s on 2 threads and 15.7 on 1.
    """
    return max(1, (cores or os.cpu_count() or 1) - 1)


def burst_threads(cores: int | None = None, others: float | None = None) -> int:
    """Threads for the model while it reads the question and writes the first clause: every core when
    other programs use less than half a core (on 2 cores: first token 0.30 s instead of 0.49, 27 tokens/s
    instead of 18), else :func:`llm_threads` (llama.cpp threads that must share a busy core stall each
    other). ``others``: cores busy with other programs (:class:`engines.cpu_load.OtherLoad`); without a
    reading, the load average, which counts our own work too."""
    cores = cores or os.cpu_count() or 1
    if others is None:
        return cores if os.getloadavg()[0] < cores - 0.5 else llm_threads(cores)
    return cores if others < 0.5 else llm_threads(cores)
