"""``daycast ask --audio question.wav``: one voice turn from a file; prints what was heard and said.

The same pipeline as ``daycast talk`` (recognition, intent, streamed reply, speech), for scripts,
tests and machines without a microphone. The reply is written with ``--out`` (any audio format
Daycast writes), played with ``--play``, or, with neither, played when an output device exists and
written to the output folder when none does.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from app.commands._settings import configured
from app.commands.brief import _parse_date, grounding_summary
from app.core import settings as settings_mod
from app.core.assistant.reply_file import save_reply
from app.core.assistant.session import (
    AssistantSession,
    TurnResult,
    answer_turn,
    burst_threads,
    load_assistant_engines,
    open_session,
)
from app.core.audio.encode import format_for
from app.core.audio.io import read_audio
from app.core.audio.player import Player, open_player
from app.core.briefing.pipeline import resolve_tz
from app.core.events import AudioReady, Finished, Notice, PipelineEvent, TextKind, TextReady
from app.core.llm_setup import ModelPool
from app.core.sources.subscriptions import SubscriptionStore
from engines.audio import SAMPLE_RATE
from engines.cancel import CancelToken
from engines.errors import AudioDeviceError, DaycastError
from engines.fsutil import check_writable
from engines.prompt_cache import PromptStateCache
from engines.protocols import ThreadTunable
from engines.types import AudioChunk, ModelInfo


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ask", help="ask a spoken question from an audio file and hear the answer")
    parser.add_argument("--audio", type=Path, required=True, metavar="FILE", help="the question (wav, mp3, m4a, …)")
    parser.add_argument("--sources", nargs="+", metavar="DIR_OR_FILE",
                        help="folders or files (default: the settings' and the followed sources' cached copies)")
    parser.add_argument("--date", type=_parse_date, help="the day asked about, YYYY-MM-DD (default: today)")
    parser.add_argument("--out", type=Path, help="write the reply: .wav .mp3 .m4a .opus .flac")
    parser.add_argument("--play", action="store_true", help="play the reply on the output device")
    parser.add_argument("--output", metavar="NAME", help="audio output device (default: settings, else the system's)")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], help="compute device (default: settings)")
    parser.add_argument("--model", help="LLM model id (default: settings)")
    parser.add_argument("--voice", help="voice, e.g. piper:en_US-joe-medium or kokoro:jm_kumo")
    parser.add_argument("--tz", help="IANA time zone for the calendar (default: this machine's)")
    parser.add_argument("--language", choices=["auto", "en", "ja"],
                        help="language of the question and reply; ja hears with Whisper base (default: settings)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    console = Console()
    settings = configured(args, console)
    audio, _rate = read_audio(args.audio, sample_rate=SAMPLE_RATE)  # AudioFormatError names the file
    out = check_writable(args.out) if args.out else None
    if out is not None:
        format_for(out)  # a wrong extension fails before the models load
    sources = tuple(Path(s).expanduser() for s in (args.sources or settings.sources))
    followed = not args.sources  # as a briefing: named sources only, else the settings' and the subscriptions
    if not sources and not (followed and SubscriptionStore().load()):
        console.print("[yellow]![/] No sources given or configured: answering without your calendar and notes.")
    player = _player(args, settings, console, out)
    question = Question(audio, sources, args.date or date.today(), resolve_tz(args.tz), subscriptions=followed)
    outcome = ask(question, settings, console=console, player=player, started=started)
    _write(outcome, out, player, settings, console, sources)
    if not outcome.result.question:
        raise DaycastError(f"No speech was heard in {args.audio}" + (f"; nothing was written to {out}" if out else ""),
                           code="assistant.no_speech",
                           hint="check the file has the question in it (a quiet or empty recording is not heard)")
    return 0


@dataclass(frozen=True)
class Question:
    """One spoken question: 16 kHz mono audio, the sources, the day asked about and its time zone."""

    audio16k: np.ndarray
    sources: tuple[Path, ...]
    day: date
    tz: tzinfo
    subscriptions: bool = False
    """Also the followed sources' cached copies."""


@dataclass
class AskOutcome:
    """What ``ask`` did. ``first_audio_s`` counts from ``started`` (the command's start): model loading,
    reading the sources and the prompt state included, which the turn's own timings leave out."""

    result: TurnResult
    chunks: list[AudioChunk]
    primed: str = ""
    prime_s: float = 0.0
    first_audio_s: float = 0.0
    context_tokens: int = 0
    models: tuple[ModelInfo, ...] = ()
    """What made the reply: the recogniser, the LLM when it wrote any of it, the voice."""
    language: str = "en"


def ask(question: Question, settings: settings_mod.Settings, *, console: Console | None = None,
        player: Player | None = None, started: float | None = None,
        state_cache: PromptStateCache | None = None) -> AskOutcome:
    """Load the engines, read the sources, answer ``question``; the reply is played on ``player``.

    The model's state after reading the system prompt and the sources is kept on disk
    (:mod:`engines.prompt_cache`), loaded while the question is recognised: unchanged sources cost no
    prompt reading, changed ones only what changed after the common prefix.
    """
    console = console or Console(quiet=True)
    started = started if started is not None else time.perf_counter()
    pool = ModelPool()
    primer: _Primer | None = None
    try:
        with console.status("Loading models…"):
            engines = load_assistant_engines(settings, pool)
        with console.status("Reading your sources…"):
            session = open_session(settings, engines, sources=question.sources, day=question.day, tz=question.tz,
                                   player=player, subscriptions=question.subscriptions)
        context = session.context
        for problem in context.problems:
            console.print(f"[yellow]![/] {problem}", highlight=False)
        primer = _Primer(session, state_cache if state_cache is not None else PromptStateCache())
        outcome = _drive(answer_turn(question.audio16k, session, CancelToken()), console, player, started)
        primer.join()
        outcome.primed, outcome.prime_s, outcome.context_tokens = session.primed, primer.seconds, context.tokens
        llm = (outcome.result.model,) if outcome.result.model is not None else ()
        outcome.models, outcome.language = (engines.asr.info, *llm, engines.tts.info), engines.language
        if player is not None:
            player.wait()
            player.close()
    finally:
        if primer is not None:
            primer.join()  # never free the model under it
        pool.close()
    return outcome


class _Primer:
    """The model loads (or reads) the system prompt and sources while Whisper recognises the question."""

    def __init__(self, session: AssistantSession, cache: PromptStateCache) -> None:
        self.seconds = 0.0
        self._session, self._cache = session, cache
        self._thread = threading.Thread(target=self._run, name="daycast-prime", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        llm = self._session.engines.llm
        if isinstance(llm, ThreadTunable):
            # Every core while the machine is otherwise idle: only the question's recognition runs beside
            # it, for a fraction of a second, and changed sources are read at 2x on 2 cores. Not set back
            # here: the turn sets its own threads, and a reset from this thread could undo the turn's.
            llm.set_threads(burst_threads(others=self._session.cpu.cores_busy()))
        self.seconds = self._session.warm_up(cache=self._cache)

    def join(self) -> None:
        self._thread.join()


def _player(args: argparse.Namespace, settings: settings_mod.Settings, console: Console,
            out: Path | None) -> Player | None:
    """The output device when asked for with --play, or when there is no --out; None otherwise."""
    if out is not None and not args.play:
        return None

    try:
        return open_player(args.output or settings.output_device or None)
    except AudioDeviceError as exc:
        console.print(f"[yellow]![/] {exc.message}: the reply is written to a file instead.", highlight=False)
        return None


def _drive(events: Iterator[PipelineEvent], console: Console, player: Player | None,
           started: float) -> AskOutcome:
    chunks: list[AudioChunk] = []
    result = None
    reply_started = False
    first_audio = 0.0
    for event in events:
        if isinstance(event, TextReady) and event.kind == TextKind.QUESTION and event.final:
            console.print(f"[bold]You:[/] {event.text or '(no speech heard)'}", highlight=False)
        elif isinstance(event, TextReady) and event.kind == TextKind.REPLY:
            prefix = "" if reply_started else "[bold]Daycast:[/] "
            console.print(f"{prefix}{event.text}", end=" ", highlight=False, soft_wrap=True)
            reply_started = True
        elif isinstance(event, AudioReady):
            first_audio = first_audio or time.perf_counter() - started
            chunks.append(event.chunk)
            if player is not None:
                player.play(event.chunk)
        elif isinstance(event, Notice):
            console.print(f"\n[yellow]![/] {event.message}", highlight=False)
        elif isinstance(event, Finished):
            result = event.result
    if reply_started:
        console.print()
    if result is None:
        raise DaycastError("The turn ended without a result", code="assistant.no_result")
    return AskOutcome(result, chunks, first_audio_s=first_audio)


def _write(outcome: AskOutcome, out: Path | None, player: Player | None, settings: settings_mod.Settings,
           console: Console, sources: tuple[Path, ...]) -> None:
    if not outcome.chunks:
        return
    if out is None and player is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = settings.resolved_output_dir() / f"reply-{stamp}.wav"
    if out is not None:
        save_reply(out, outcome.chunks, outcome.result, outcome.models, sources=sources, disclosure=settings.disclosure,
                   settings={"llm_model": settings.llm_model, "device": settings.device}, language=outcome.language)
    _print_summary(outcome, out, console)


_PRIMED = {"loaded": "loaded from the last run", "updated": "changes read, the rest loaded",
           "computed": "read", "none": "read", "failed": "read"}


def _print_summary(outcome: AskOutcome, out: Path | None, console: Console) -> None:
    result, chunks = outcome.result, outcome.chunks
    t = result.timings
    table = Table(show_header=False, box=None)
    if out is not None:
        table.add_row("Reply audio", f"{out} ({sum(c.duration for c in chunks):.1f} s)")
    stages = [("recognition", t.asr), ("first token", t.llm_first_token), ("first clause", t.first_clause),
              ("first audio", t.tts_first_audio)]
    table.add_row("Time to first audio", f"{t.end_to_end:.2f} s  (" + ", ".join(
        f"{name} {value:.2f} s" for name, value in stages if value) + ")")
    if outcome.first_audio_s:
        table.add_row("From the command's start", f"{outcome.first_audio_s:.2f} s")
    table.add_row("Sources", f"{outcome.context_tokens} tokens, {_PRIMED.get(outcome.primed, 'read')} "
                             f"({outcome.prime_s:.2f} s)")
    if result.model is not None:
        table.add_row("Answered by", result.model.label())
    elif result.grounding.get("extractive"):
        table.add_row("Answered by", "your sources, read as written (no model)")
    if result.grounding:
        table.add_row("Grounding", grounding_summary(result.grounding))
    console.print(table)
