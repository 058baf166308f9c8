"""``daycast ask --audio question.wav``: one voice turn from a file; prints what was heard and said.

The same pipeline as ``daycast talk`` (recognition, intent, streamed reply, speech), for scripts,
tests and machines without a microphone. The reply is written with ``--out`` (any audio format
Daycast writes), played with ``--play``, or, with neither, played when an output device exists and
written to the output folder when none does.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Console
from rich.table import Table

from app.commands.brief import _parse_date
from app.core import settings as settings_mod
from engines.cancel import CancelToken
from engines.errors import AudioDeviceError, DaycastError
from engines.types import AudioChunk

if TYPE_CHECKING:
    from app.core.assistant.session import TurnResult
    from app.core.audio.player import Player
    from app.core.events import PipelineEvent


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ask", help="ask a spoken question from an audio file and hear the answer")
    parser.add_argument("--audio", type=Path, required=True, metavar="FILE", help="the question (wav, mp3, m4a, …)")
    parser.add_argument("--sources", nargs="+", metavar="DIR_OR_FILE", help="folders or files (default: settings)")
    parser.add_argument("--date", type=_parse_date, help="the day asked about, YYYY-MM-DD (default: today)")
    parser.add_argument("--out", type=Path, help="write the reply: .wav .mp3 .m4a .opus .flac")
    parser.add_argument("--play", action="store_true", help="play the reply on the output device")
    parser.add_argument("--output", metavar="NAME", help="audio output device (default: settings, else the system's)")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], help="compute device (default: settings)")
    parser.add_argument("--model", help="LLM model id (default: settings)")
    parser.add_argument("--voice", help="voice, e.g. piper:en_US-joe-medium or kokoro:jm_kumo")
    parser.add_argument("--tz", help="IANA time zone for the calendar (default: this machine's)")
    parser.set_defaults(handler=run)


def configured(args: argparse.Namespace) -> settings_mod.Settings:
    """Settings with this command's overrides (model, device, voice)."""
    loaded = settings_mod.load()
    settings = loaded.settings
    changes: dict[str, object] = {k: v for k, v in {"llm_model": args.model, "device": args.device}.items() if v}
    if getattr(args, "voice", None):
        changes["voices"] = {**settings_mod.to_dict(settings)["voices"], "briefing_voice": args.voice}
    return settings_mod.update(settings, **changes)


def run(args: argparse.Namespace) -> int:
    from app.core.assistant.actions import Actions
    from app.core.assistant.context import ContextRequest, build_context
    from app.core.assistant.session import AssistantSession, answer_turn, load_assistant_engines
    from app.core.audio.io import read_audio
    from app.core.briefing.pipeline import resolve_tz
    from app.core.llm_setup import ModelPool
    from engines.fsutil import check_writable

    console = Console()
    settings = configured(args)
    audio, _rate = read_audio(args.audio, sample_rate=16000)  # AudioFormatError names the file
    out = check_writable(args.out) if args.out else None
    day = args.date or date.today()
    sources = tuple(Path(s).expanduser() for s in (args.sources or settings.sources))
    if not sources:
        console.print("[yellow]![/] No sources given or configured: answering without your calendar and notes.")
    pool = ModelPool()
    try:
        with console.status("Loading models…"):
            engines = load_assistant_engines(settings, pool)
        with console.status("Reading your sources…"):
            request = ContextRequest(sources=sources, day=day, tz=resolve_tz(args.tz),
                                     output_dir=settings.resolved_output_dir())
            context = build_context(request, count_tokens=engines.llm.count_tokens)
        for problem in context.problems:
            console.print(f"[yellow]![/] {problem}", highlight=False)
        player = _player(args, settings, console, out)
        session = AssistantSession(engines, context, player=player, context_request=request,
                                   actions=Actions(output_dir=settings.resolved_output_dir(),
                                                   briefing_minutes=settings.briefing_minutes))
        result, chunks = _drive(answer_turn(audio, session, CancelToken()), console, player)
        if player is not None:
            player.wait()
            player.close()
    finally:
        pool.close()
    _write(result, chunks, out, player, settings, console)
    return 0


def _player(args: argparse.Namespace, settings: settings_mod.Settings, console: Console,
            out: Path | None) -> Player | None:
    """The output device when asked for with --play, or when there is no --out; None otherwise."""
    if out is not None and not args.play:
        return None
    from app.core.audio.player import open_player

    try:
        return open_player(args.output or settings.output_device or None)
    except AudioDeviceError as exc:
        console.print(f"[yellow]![/] {exc.message}: the reply is written to a file instead.", highlight=False)
        return None


def _drive(events: Iterator[PipelineEvent], console: Console,
           player: Player | None) -> tuple[TurnResult, list[AudioChunk]]:
    from app.core.events import AudioReady, Finished, Notice, TextReady

    chunks: list[AudioChunk] = []
    result = None
    reply_started = False
    for event in events:
        if isinstance(event, TextReady) and event.kind == "question" and event.final:
            console.print(f"[bold]You:[/] {event.text or '(no speech heard)'}", highlight=False)
        elif isinstance(event, TextReady) and event.kind == "reply":
            prefix = "" if reply_started else "[bold]Daycast:[/] "
            console.print(f"{prefix}{event.text}", end=" ", highlight=False, soft_wrap=True)
            reply_started = True
        elif isinstance(event, AudioReady):
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
    return result, chunks


def _write(result: TurnResult, chunks: list[AudioChunk], out: Path | None, player: Player | None,
           settings: settings_mod.Settings, console: Console) -> None:
    from app.core.audio.encode import write_audio
    from engines.speech_util import resample

    if not result.question:
        console.print("[yellow]![/] No speech was heard in the question file.")
    if not chunks:
        return
    if out is None and player is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = settings.resolved_output_dir() / f"reply-{stamp}.wav"
    if out is not None:
        rate = chunks[0].sample_rate
        samples = np.concatenate([resample(c.samples, c.sample_rate, rate) for c in chunks])
        write_audio(out, samples, rate)
    _print_summary(result, chunks, out, console)


def _print_summary(result: TurnResult, chunks: list[AudioChunk], out: Path | None, console: Console) -> None:
    t = result.timings
    table = Table(show_header=False, box=None)
    if out is not None:
        table.add_row("Reply audio", f"{out} ({sum(c.duration for c in chunks):.1f} s)")
    stages = [("recognition", t.asr), ("first token", t.llm_first_token), ("first clause", t.first_clause),
              ("first audio", t.tts_first_audio)]
    table.add_row("Time to first audio", f"{t.end_to_end:.2f} s  (" + ", ".join(
        f"{name} {value:.2f} s" for name, value in stages if value) + ")")
    if result.model is not None:
        table.add_row("Answered by", result.model.label())
    console.print(table)
