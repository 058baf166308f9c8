"""One voice turn: question audio → transcript → intent → streamed LLM reply → speech, clause by clause.

``answer_turn`` (audio) and ``answer_text`` (a transcript, typed or already recognised) are
generators of pipeline events ending in ``Finished(TurnResult)``:
``TextReady(TextKind.QUESTION)``, then ``TextReady(TextKind.REPLY)`` per sentence and ``AudioReady`` per piece of
speech, with ``TurnTimings`` saying where the time went. The first clause of a reply is spoken as
soon as the model has written it (``SentenceBuffer(first_clause=True)``) and synthesised at once,
while the model waits; later sentences are synthesised in a background thread while it writes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Generator, Iterable, Iterator
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

import numpy as np

from app.core.assistant.actions import run_command
from app.core.assistant.context import AssistantContext, ContextRequest, build_context
from app.core.assistant.intents import Intent, route
from app.core.assistant.retrieve import NOTHING_FOUND, Retrieved, calendar_answer
from app.core.assistant.state import (
    Actions,
    AssistantEngines,
    AssistantOptions,
    AssistantSession,
    Turn,
    TurnResult,
    TurnTimings,
)
from app.core.audio.player import Player
from app.core.events import (
    QT_TRANSLATE_NOOP,
    Finished,
    PipelineEvent,
    Stage,
    StageFinished,
    TextKind,
    TextReady,
    stage_started,
)
from app.core.llm_setup import ModelPool, build_llm
from app.core.remote_routes import build_asr, build_tts
from app.core.settings import Settings
from app.core.speech import SpeechQueue
from app.core.trust.grounding import Grounder, GroundingCounts, Source, llm_rewrite
from engines import bundled, language
from engines.asr_whisper import WhisperASR
from engines.audio import SAMPLE_RATE
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled
from engines.protocols import LanguageModel, SpeechToText, ThreadTunable, close_stream
from engines.text import SentenceBuffer, looping, spoken_words
from engines.tts import load_tts
from engines.types import ChatResult
from engines.vad_silero import SileroVAD

__all__ = [
    "AssistantContext", "AssistantEngines", "AssistantOptions", "AssistantSession", "ContextRequest",
    "TurnResult", "TurnTimings", "answer_text", "answer_turn", "load_assistant_engines",
]

log = logging.getLogger(__name__)

LOST_THREAD = "Sorry, I lost my thread. Could you ask that again?"


def answer_turn(
    audio16k: np.ndarray, session: AssistantSession, cancel: CancelToken | None = None, *, vad_end: float = 0.0
) -> Iterator[PipelineEvent]:
    """A whole turn from 16 kHz mono question audio; ``vad_end`` is the end-of-speech wait already spent."""
    cancel = cancel or NEVER
    started = time.perf_counter()
    timings = TurnTimings(vad_end=vad_end, question_seconds=len(audio16k) / SAMPLE_RATE)
    yield stage_started(Stage.ASR, QT_TRANSLATE_NOOP("Notice", "Listening to your question"))
    heard = session.engines.asr.transcribe(audio16k, language=session.engines.language, cancel=cancel)
    text = " ".join(s.text.strip() for s in heard if s.text)
    timings.asr = time.perf_counter() - started
    yield StageFinished(Stage.ASR, timings.asr, {"audio_seconds": round(timings.question_seconds, 2)})
    yield from answer_text(text, session, cancel, started=started, timings=timings)


def answer_text(
    question: str, session: AssistantSession, cancel: CancelToken | None = None, *,
    started: float | None = None, timings: TurnTimings | None = None,
) -> Iterator[PipelineEvent]:
    """A turn from a transcript. ``started``/``timings`` carry on a turn whose audio was already recognised."""
    turn = Turn(session, cancel or NEVER, started or time.perf_counter(), timings or TurnTimings())
    question = question.strip()
    yield TextReady(TextKind.QUESTION, question)
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


def _say_composed(turn: Turn, question: str, intent: Intent, sentences: list[str]) -> Iterator[PipelineEvent]:
    """An answer composed from the sources without the model (calendar entries, "nothing found")."""
    turn.llm_started = time.perf_counter()
    for sentence in sentences:
        yield from turn.speak_now(sentence)
    reply = " ".join(turn.spoken)
    turn.session.conversation.add(question, reply)
    counts = GroundingCounts(extractive=len(sentences))
    yield StageFinished(Stage.TURN, turn.since_start(), turn.timings.as_dict())
    yield Finished(TurnResult(question, intent, reply, turn.timings, None, grounding=counts.as_dict()))


def _reply(turn: Turn, question: str, intent: Intent, found: Retrieved | None = None) -> Iterator[PipelineEvent]:
    session = turn.session
    engines = session.engines
    buffer = SentenceBuffer(first_clause=session.options.first_clause)
    speech = SpeechQueue(engines.tts, voice=engines.voice, speed=session.speed, cancel=CancelToken())
    pieces: list[str] = []
    result: ChatResult | None = None
    if session.options.burst_threads:
        turn.set_threads(burst_threads(others=session.cpu.cores_busy()))
    yield stage_started(Stage.LLM, QT_TRANSLATE_NOOP("Notice", "Thinking"))
    turn.llm_started = time.perf_counter()
    sources = found.prompt_text(session.context.text) if found else ""
    stream = engines.llm.stream_chat(session.request(question, sources), turn.cancel)
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
        if turn.grounder is not None and turn.grounder.counts.dropped and not turn.spoken:
            yield from _speak(turn, speech, NOTHING_FOUND)  # a one-sentence invention, dropped at the flush
        turn.timings.llm = time.perf_counter() - turn.llm_started
        while turn.queued > turn.received:  # the rest of the speech, still checking for a cancel
            if not (yield from _collect(turn, speech)):
                turn.cancel.wait(0.01)
        turn.cancel.check()
    except Cancelled:
        if turn.first_audio:  # the user heard part of it: remember what was said (not the unsaid rest), cut off
            session.conversation.add(question, " ".join(turn.spoken), interrupted=True)
        raise
    finally:
        speech.close()
        turn.set_threads(llm_threads())  # other users of the model (briefings) share the CPU with speech
    reply = " ".join(turn.spoken)  # what the user heard, repeats left out
    session.conversation.add(question, reply)
    if result is not None:
        turn.timings.prompt_tokens, turn.timings.completion_tokens = result.prompt_tokens, result.completion_tokens
    yield StageFinished(Stage.TURN, turn.since_start(), turn.timings.as_dict())
    counts = turn.grounder.counts.as_dict() if turn.grounder else {}
    yield Finished(TurnResult(question, intent, reply, turn.timings, result.model if result else None,
                              grounding=counts))


def _speak_checked(turn: Turn, speech: SpeechQueue, sentence: str) -> Iterator[PipelineEvent]:
    """Speak a sentence (checked against the sources when the turn is grounded, counted as checked)."""
    if turn.grounder is not None:
        sentence = turn.grounder.ground(sentence)  # passes unchanged here, or is the flush's last sentence
    if sentence:
        yield from _speak(turn, speech, sentence)


def _replace_ungrounded(turn: Turn, speech: SpeechQueue, stream: Iterator[Any],
                        sentence: str) -> Iterator[PipelineEvent]:
    """A sentence the sources do not support: stop the model (one request at a time), ask it once to rewrite
    the sentence from the sources, else say the source's own sentence; the reply ends there."""
    close_stream(stream)
    grounder = turn.grounder
    fixed = grounder.ground(sentence) if grounder is not None else ""
    if fixed:
        yield from _speak(turn, speech, fixed)
    elif not turn.spoken:
        yield from _speak(turn, speech, NOTHING_FOUND)


def _stop_loop(turn: Turn, speech: SpeechQueue, stream: Iterator[Any]) -> Iterator[PipelineEvent]:
    """A small model caught in a loop would go on to ``max_tokens``: stop it, keep what was said."""
    log.info("The model is repeating itself; its reply was stopped after %d sentences", len(turn.spoken))
    close_stream(stream)  # ends the generation and frees the model
    if not turn.spoken:
        yield from _speak(turn, speech, LOST_THREAD)


def _speak(turn: Turn, speech: SpeechQueue, sentence: str) -> Iterator[PipelineEvent]:
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
    yield TextReady(TextKind.REPLY, sentence)


def _said_already(spoken: list[str], sentence: str) -> bool:
    key = _sentence_key(sentence)
    return bool(key) and any(_sentence_key(s) == key for s in spoken)


def _sentence_key(sentence: str) -> str:
    return " ".join(spoken_words(sentence))


def _collect(turn: Turn, speech: SpeechQueue) -> Generator[PipelineEvent, None, int]:
    """Audio of sentences synthesised so far; returns how many there were."""
    turn.cancel.check()
    ready = speech.ready()
    for spoken in ready:
        turn.received += 1
        turn.timings.tts += spoken.synth_seconds
        yield turn.audio_event(spoken.audio)
    return len(ready)


def open_session(
    settings: Settings, engines: AssistantEngines, *, sources: Iterable[str | Path] | None = None,
    day: date | None = None, tz: tzinfo | None = None, output_dir: Path | None = None,
    player: Player | None = None, options: AssistantOptions | None = None, cancel: CancelToken | None = None,
    subscriptions: bool | None = None,
) -> AssistantSession:
    """A conversation over the user's sources, wired from ``settings`` the same way for every front end.

    The day's context is read now (``sources`` and ``output_dir`` default to the settings'); spoken
    commands save into ``output_dir`` and make briefings of ``settings.briefing_minutes`` with the
    settings' disclosure; replies start at the settings' voice speed unless ``options`` say otherwise.
    ``subscriptions``: also read the followed sources' cached copies (default: when no ``sources`` are
    named, as a briefing does).
    """
    out = output_dir or settings.resolved_output_dir()
    chosen = settings.sources if sources is None else sources
    request = ContextRequest(sources=tuple(Path(s).expanduser() for s in chosen), day=day, tz=tz, output_dir=out,
                             subscriptions=sources is None if subscriptions is None else subscriptions)
    context = build_context(request, count_tokens=engines.llm.count_tokens, cancel=cancel)
    actions = Actions(output_dir=out, briefing_minutes=settings.briefing_minutes, disclosure=settings.disclosure)
    return AssistantSession(engines, context, options=options or AssistantOptions(speed=settings.voices.speed),
                            player=player, actions=actions, context_request=request)


def load_assistant_engines(
    settings: Settings, pool: ModelPool | None = None, *, device: str | None = None, llm: LanguageModel | None = None
) -> AssistantEngines:
    """Whisper (settings.asr_model), Silero VAD, the LLM and the assistant's voice, each through its router.

    The VAD is Silero on onnxruntime (:mod:`engines.vad_silero`), which shares no ggml with llama.cpp.
    """
    chosen = device or settings.device
    lang = "ja" if settings.language == "ja" else "en"  # "auto" has no sources to follow before the question

    def local_asr() -> SpeechToText:
        model = bundled.require(language.asr_model_for(lang, settings.asr_model))
        return WhisperASR(model.directory, device="cuda" if chosen == "gpu" else chosen, model_id=model.id,
                          license=model.license)

    asr = build_asr(settings, local_asr, task="assistant")  # local, self-hosted and cloud routes; ledger on
    spec = language.voice_for(lang, settings.voices.briefing_voice, "assistant")
    tts, voice = build_tts(settings, lambda: load_tts(spec, device=chosen), task="assistant")
    language_model = llm or build_llm(settings, task="assistant", pool=pool, device=chosen)
    if isinstance(language_model, ThreadTunable):  # the router passes it on to its local routes
        language_model.set_threads(llm_threads())
    return AssistantEngines(asr=asr, vad=SileroVAD(), llm=language_model, tts=tts, voice=voice, language=lang)


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
