"""The spoken daily briefing: sources → calendar opening + LLM item summaries → streamed speech → files.

``run_briefing`` is a generator of pipeline events (see ``app.core.events``) ending in
``Finished(BriefingResult)``; the CLI renders them with rich and the UI turns them into signals.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.core.briefing import text
from app.core.briefing.output import BriefingResult, ExportInput, Line, SpokenLine, export_briefing
from app.core.compose import Budget, NotingModel, condense, unfence
from app.core.documents import Document
from app.core.events import (
    QT_TRANSLATE_NOOP,
    AudioReady,
    Finished,
    Notice,
    PipelineEvent,
    Progress,
    Stage,
    StageFinished,
    TextKind,
    TextReady,
    notice,
    stage_started,
)
from app.core.llm_setup import ModelPool, build_llm
from app.core.notices import condensed_notice, language_notice, reading_stage, writing_stage
from app.core.remote_routes import build_tts
from app.core.settings import Settings
from app.core.sources.cache import SourceCache
from app.core.sources.calendar import local_zone
from app.core.sources.load import load_sources
from app.core.sources.refresh import read_subscriptions, refresh_events
from app.core.sources.seen import SeenStore
from app.core.sources.subscriptions import Subscription
from app.core.speech import SpeechQueue, Spoken
from app.core.trust.disclosure import DisclosureMode, disclosure_text
from app.core.trust.grounding import Grounder, GroundingCounts, Source, llm_rewrite
from app.core.trust.voices import resolve
from engines import language
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, LLMError, NoSourcesError, UsageError
from engines.fsutil import check_writable
from engines.language import has_japanese
from engines.metrics import character_error_rate, word_error_rate
from engines.protocols import LanguageModel, TextToSpeech
from engines.text import SentenceBuffer
from engines.tts import DEFAULT_SPEC, load_tts
from engines.types import ChatResult, ModelInfo, TextDelta

__all__ = [
    "BriefingEngines", "BriefingRequest", "BriefingResult", "Line", "SpokenLine",
    "resolve_tz", "run_briefing", "select_items",
]

_DONE = object()
_KIND_ORDER = {"note": 0, "feed_item": 1, "mail": 2, "web_page": 3, "pdf": 4, "text": 5}


@dataclass(frozen=True)
class BriefingRequest:
    sources: tuple[Path, ...]
    out: Path
    day: date | None = None
    tz: str | None = None
    minutes: float = 3.0
    voice: str = DEFAULT_SPEC
    disclosure: DisclosureMode = "full"
    speed: float = 1.0
    subscriptions: tuple[Subscription, ...] = ()
    """Followed sources read from the offline cache (fetched first when ``fetch``)."""
    fetch: bool = False
    """The network switch: refresh the network subscriptions before reading them."""
    skip_seen: bool = False
    """Leave out items spoken in an earlier briefing (the seen store), and remember this one's."""
    language: str = "auto"
    """"en", "ja" or "auto" (the sources' language when clear, else English)."""


@dataclass
class BriefingEngines:
    """Loaded engines for a briefing; ``voice`` is the TTS voice name inside ``tts``."""

    llm: LanguageModel
    tts: TextToSpeech
    voice: str | None = None


@dataclass
class _Run:
    """Mutable state of one run, kept out of the generator's locals."""

    request: BriefingRequest
    engines: BriefingEngines
    cancel: CancelToken
    started: float = field(default_factory=time.perf_counter)
    spoken: list[Spoken] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    llm_results: list[ChatResult] = field(default_factory=list)
    made_by: list[ModelInfo] = field(default_factory=list)
    """Every model that answered (items, condensing, rewrites), through :class:`NotingModel`."""
    first_audio: float = 0.0
    problems: list[str] = field(default_factory=list)
    sources_used: list[Document] = field(default_factory=list)
    grounding: GroundingCounts = field(default_factory=GroundingCounts)
    stale: list[str] = field(default_factory=list)
    already_spoken: int = 0
    new_since: datetime | None = None
    lang: str = "en"
    day: date | None = None
    tz: tzinfo | None = None
    """The briefing's zone: an item's day is its day there, as the listener's "today" is."""


def resolve_tz(name: str | None) -> tzinfo:
    """The briefing's time zone: the one asked for, else this machine's."""
    if not name:
        return local_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"Unknown time zone {name!r}", hint="use an IANA name such as Europe/Berlin") from exc


def run_briefing(
    request: BriefingRequest, engines: BriefingEngines, cancel: CancelToken | None = None
) -> Iterator[PipelineEvent]:
    cancel = cancel or NEVER
    out = check_writable(request.out)  # before any model work
    run = _Run(request, engines, CancelToken())
    engines = run.engines = replace(engines, llm=NotingModel(engines.llm, run.made_by))
    tz = run.tz = resolve_tz(request.tz)
    now = datetime.now(tz)
    day = run.day = request.day or now.date()
    t0 = time.perf_counter()
    seen = SeenStore.load() if request.skip_seen else None
    documents, events = yield from _import(run, day, tz, seen, cancel)
    run.timings["import"] = time.perf_counter() - t0
    yield StageFinished(Stage.IMPORT, run.timings["import"], {"documents": len(documents), "events": len(events)})
    choice = choose_language(request.language, [*documents, *events])
    run.lang = choice.lang
    yield language_notice(choice, "briefing")
    if run.lang == "ja" and not getattr(engines.tts, "speaks_japanese", False):
        engines = _with_japanese_voice(engines)
        run.engines = engines
    speech = SpeechQueue(engines.tts, voice=engines.voice, speed=request.speed, cancel=run.cancel)
    try:
        yield from _speak_all(run, speech, documents, events, day, now, cancel)
        yield writing_stage(out)
        t0 = time.perf_counter()
        result = export_briefing(_export_input(run, out, day))
        run.timings["export"] = time.perf_counter() - t0
        yield StageFinished(Stage.EXPORT, run.timings["export"])
        if seen is not None:  # only a briefing that was written counts as heard
            seen.mark(run.sources_used)
            seen.save()
    finally:
        speech.close()
    yield Finished(result)


def choose_language(asked: str, documents: list[Document]) -> language.LanguageChoice:
    """The briefing's language from the setting and what the sources are written in (titles and text)."""
    return language.choose(asked, (f"{d.title}\n{d.text[:2000]}" for d in documents))


def _with_japanese_voice(engines: BriefingEngines) -> BriefingEngines:
    """A voice that cannot read Japanese (Piper's English one) gives way to a Japanese Kokoro speaker."""

    tts, voice = load_tts(language.DEFAULT_VOICES["ja"].briefing)
    return BriefingEngines(llm=engines.llm, tts=tts, voice=voice)


def _import(
    run: _Run, day: date, tz: tzinfo, seen: SeenStore | None, cancel: CancelToken,
) -> Generator[PipelineEvent, None, tuple[list[Document], list[Document]]]:
    """Fetch the subscriptions (when allowed), then read files and cached copies; drop items already heard."""
    request = run.request
    cache = SourceCache()
    if request.subscriptions and request.fetch:
        yield from refresh_events(request.subscriptions, cache, cancel=cancel)
    count = len(request.sources) + len(request.subscriptions)
    yield reading_stage(count)
    imported = load_sources(list(request.sources), day=day, tz=tz, cancel=cancel)
    subscribed = read_subscriptions(request.subscriptions, cache, day=day, tz=tz, fetched=request.fetch,
                                    cancel=cancel)
    for problem in [*imported.problems, *subscribed.problems]:
        run.problems.append(str(problem))
        yield Notice(problem.code, str(problem))
    for sentence in subscribed.stale:
        yield Notice("source.stale", sentence)
    run.stale = subscribed.stale
    documents = imported.documents + subscribed.documents
    events = sorted(imported.events + subscribed.events, key=Document.event_order)
    if not documents and not events:
        raise NoSourcesError("No usable source: every file was missing, empty or unreadable",
                             hint="pass a folder of feeds, .ics calendars, notes, PDFs or saved pages")
    if seen is not None:
        documents, run.already_spoken = seen.unseen(documents)
        if run.already_spoken:
            yield notice("source.seen", QT_TRANSLATE_NOOP("Notice", "{count} item(s) spoken in an earlier "
                         "briefing are left out"), count=run.already_spoken)
        run.new_since = seen.last_briefing
    return documents, events




def _speak_all(
    run: _Run, speech: SpeechQueue, documents: list[Document], events: list[Document],
    day: date, now: datetime, cancel: CancelToken,
) -> Iterator[PipelineEvent]:
    """Write in one thread, speak in another, and hand out audio the moment it exists.

    The LLM reading a long prompt must not hold back the opening's audio, so the writing runs in
    a producer thread and this generator multiplexes its events with finished sentences.
    """
    stop = CancelToken()
    inbox: queue.Queue[object] = queue.Queue()

    def produce() -> None:
        try:
            for event in _write(run, speech, documents, events, day, now, stop):
                inbox.put(event)
            inbox.put(_DONE)
        except BaseException as exc:  # re-raised in the consuming thread
            inbox.put(exc)

    worker = threading.Thread(target=produce, name="daycast-briefing-writer", daemon=True)
    worker.start()
    try:
        while True:
            if cancel.cancelled:
                stop.cancel(cancel.reason)
                cancel.check()
            for spoken in speech.ready():
                yield from _emit(run, spoken)
            try:
                item = inbox.get(timeout=0.03)
            except queue.Empty:
                continue
            if item is _DONE:
                break
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.cancel("briefing closed")
        worker.join(timeout=30)
    for spoken in speech.finish():
        yield from _emit(run, spoken)
    run.timings["tts"] = sum(s.synth_seconds for s in run.spoken)
    yield StageFinished(Stage.SPEAK, time.perf_counter() - run.started, {"sentences": len(run.spoken)})


def _write(
    run: _Run, speech: SpeechQueue, documents: list[Document], events: list[Document],
    day: date, now: datetime, cancel: CancelToken,
) -> Iterator[PipelineEvent]:
    """Everything the briefing says, in order, queued for speech (runs in the producer thread)."""

    yield stage_started(Stage.SPEAK, QT_TRANSLATE_NOOP("Notice", "Opening from your calendar"))
    lang = run.lang
    speech.say(disclosure_text(run.request.disclosure, lang), Line("disclosure"))
    opening = text.opening_lines(events, day, now, lang)
    for sentence in opening:
        speech.say(sentence, Line("opening", source=_calendar_source(events)))
        yield TextReady(TextKind.BRIEFING, sentence)
    run.sources_used.extend(events)
    for sentence in run.stale:  # said before the items, so the listener knows how fresh they are
        speech.say(sentence, Line("notice"))
        yield TextReady(TextKind.BRIEFING, sentence)
    opening_words = sum(len(s) if lang == "ja" else len(s.split()) for s in opening)
    items = select_items(documents, text.item_budget(run.request.minutes, opening_words, lang), run.new_since)
    t0 = time.perf_counter()
    for index, doc in enumerate(items):
        cancel.check()
        yield Progress(Stage.SUMMARISE, index, len(items), doc.title)
        yield from _speak_item(run, speech, doc, cancel)
    run.timings["llm"] = time.perf_counter() - t0
    yield Progress(Stage.SUMMARISE, len(items), len(items))
    if not items and run.already_spoken:
        sentence = ("フィードに、前回のブリーフィング以降の新しい情報はありません。" if lang == "ja"
                    else "There is nothing new in your feeds since your last briefing.")
        speech.say(sentence, Line("notice"))
        yield TextReady(TextKind.BRIEFING, sentence)
    for sentence in text.closing_lines(day, len(items), lang):
        speech.say(sentence, Line("closing"))
        yield TextReady(TextKind.BRIEFING, sentence)


def _speak_item(run: _Run, speech: SpeechQueue, doc: Document, cancel: CancelToken) -> Iterator[PipelineEvent]:
    llm = run.engines.llm
    line = Line("item", source=doc.source, url=doc.url, title=doc.title)
    heading = text.item_heading(doc, run.lang, run.day, run.tz)
    speech.say(heading, line)
    yield TextReady(TextKind.BRIEFING, heading)
    run.sources_used.append(doc)
    items = text.list_items(doc)
    # a to-do list or agenda is read as its items, and a short note as written: never summarised
    as_written = text.list_lines(doc, items, run.lang) if items else text.short_note_lines(doc, run.lang)
    if as_written:
        for sentence in as_written:
            run.grounding.extractive += 1
            speech.say(sentence, line)
            yield TextReady(TextKind.BRIEFING, sentence)
        return
    anchors = text.date_anchors(doc, run.day, run.tz)  # an older item's "tomorrow" may be said as its date
    source = Source(f"{doc.title}.\n{doc.text}\n{anchors}", allow=(text.spoken_source(doc),), relative_days=not anchors)
    grounder = Grounder(source, llm_rewrite(llm, cancel), counts=run.grounding)
    try:
        condensed = condense(llm, doc, Budget(llm.n_ctx, reserve_output=128), cancel=cancel)
        if condensed.passes:
            yield condensed_notice(doc.title, condensed.passes, condensed.chunks)
        buffer = SentenceBuffer()
        held: list[str] = []  # from the first failing sentence on: a rewrite must wait for the model to finish
        for piece in llm.stream_chat(text.item_request(doc, condensed.text, run.lang, day=run.day, tz=run.tz), cancel):
            if isinstance(piece, TextDelta):
                for sentence in buffer.feed(piece.text):
                    if held or not grounder.check(sentence).ok:
                        held.append(sentence)
                    else:
                        yield from _say_grounded(speech, line, grounder, sentence, doc.title)
            else:
                run.llm_results.append(piece)
        ended = [s for s in buffer.flush() if s.rstrip().endswith(_ENDINGS)]  # not a sentence cut at max_tokens
        for sentence in [*held, *ended]:
            yield from _say_grounded(speech, line, grounder, sentence, doc.title)
    except Cancelled:
        raise
    except LLMError as exc:
        run.problems.append(f"{doc.title}: {exc}")
        yield notice(exc.code, QT_TRANSLATE_NOOP("Notice", "Could not summarise {title!r}: {reason}. Only its "
                     "title is read."), title=doc.title, reason=exc.message)


def _say_grounded(speech: SpeechQueue, line: Line, grounder: Grounder, sentence: str,
                  title: str) -> Iterator[PipelineEvent]:
    """Say ``sentence`` once its names, numbers, dates and times are checked against the item's source."""
    sentence = unfence(sentence)
    if not sentence or _repeats(sentence, title):
        return
    grounded = grounder.ground(sentence)
    if grounded and not _repeats(grounded, title):
        speech.say(grounded, line)
        yield TextReady(TextKind.BRIEFING, grounded)


_ENDINGS = (".", "!", "?", "…", '"', "”", "'", ")")


def _repeats(sentence: str, title: str) -> bool:
    """Small models often restate the headline just read out; hearing it twice is noise."""
    if has_japanese(title) or has_japanese(sentence):
        return bool(title.strip()) and character_error_rate(title, sentence) < 0.25
    return bool(title.strip()) and word_error_rate(title, sentence) < 0.25


def _emit(run: _Run, spoken: Spoken) -> Iterator[PipelineEvent]:
    if not run.first_audio:
        run.first_audio = time.perf_counter() - run.started
    run.spoken.append(spoken)
    yield AudioReady(spoken.audio, spoken.index)


def _calendar_source(events: list[Document]) -> str:
    return events[0].source if events else ""


def select_items(documents: list[Document], limit: int, new_since: datetime | None = None) -> list[Document]:
    """Round-robin across source files so every source is heard; newest first within a source.

    With ``new_since`` (the last briefing), sources with items that appeared since then are heard first.
    """
    groups: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.text.strip() or doc.title.strip():
            groups.setdefault(doc.source, []).append(doc)

    def has_new(group: list[Document]) -> bool:
        return new_since is not None and any(d.time is not None and d.time > new_since for d in group)

    ordered = sorted(groups.values(), key=lambda g: (not has_new(g), _KIND_ORDER.get(g[0].kind, 9), g[0].source))
    for group in ordered:
        group.sort(key=lambda d: d.time.timestamp() if d.time else 0.0, reverse=True)
    picked: list[Document] = []
    while len(picked) < limit and any(ordered):
        for group in ordered:
            if group and len(picked) < limit:
                picked.append(group.pop(0))
    return picked


def _export_input(run: _Run, out: Path, day: date) -> ExportInput:
    return ExportInput(  # a briefing read wholly from its sources (calendar, to-do lists) names no LLM
        out=out, day=day, spoken=tuple(run.spoken), models=(run.engines.tts.info, *run.made_by),
        sources=tuple(run.sources_used),
        timings=dict(run.timings), first_audio_seconds=run.first_audio, problems=tuple(run.problems),
        settings={"minutes": run.request.minutes, "voice": run.request.voice, "speed": run.request.speed,
                  "disclosure": run.request.disclosure, "language": run.lang},
        llm_tokens=sum(r.completion_tokens for r in run.llm_results),
        llm_seconds=sum(r.seconds for r in run.llm_results),
        grounding=run.grounding.as_dict(),
    )



def load_briefing_engines(
    settings: Settings, pool: ModelPool | None = None, *, device: str | None = None
) -> BriefingEngines:
    """Load the LLM and the briefing voice, each through its router (local, self-hosted and cloud routes
    as settings allow; every request written to the usage ledger)."""

    spec = language.voice_for(settings.language, settings.voices.briefing_voice, "briefing")
    resolve(spec)  # only bundled, catalog or consented voices speak
    chosen = device or settings.device
    llm = build_llm(settings, task="briefing", pool=pool, device=chosen)
    tts, voice = build_tts(settings, lambda: load_tts(spec, device=chosen), task="briefing")
    return BriefingEngines(llm=llm, tts=tts, voice=voice)
