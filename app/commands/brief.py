"""``daycast brief``: a spoken briefing from your sources, written to an audio file."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from app.commands._render import run_with_progress
from app.commands._settings import configured
from app.core import settings as settings_mod
from app.core.audio.encode import format_for
from app.core.audio.player import Player, open_player
from app.core.briefing.pipeline import BriefingRequest, BriefingResult, load_briefing_engines, run_briefing
from app.core.sources.subscriptions import briefing_sources, split_sources
from engines.cancel import CancelToken
from engines.errors import AudioDeviceError, UsageError
from engines.fsutil import check_writable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("brief", help="speak a daily briefing from your feeds, calendar and notes")
    parser.add_argument("--sources", nargs="+", metavar="DIR_FILE_OR_URL",
                        help="folders, files, or feed/page/calendar URLs (http, https, webcal) "
                        "(default: the settings' sources and your subscriptions)")
    parser.add_argument("--offline", action="store_true", help="fetch nothing: use the cached copies")
    parser.add_argument("--repeat", action="store_true", help="also read items spoken in earlier briefings")
    parser.add_argument("--out", type=Path, help="audio file: .mp3 .m4a .opus .wav .flac (default: output folder)")
    parser.add_argument("--date", type=_parse_date, help="briefing date YYYY-MM-DD (default: today)")
    parser.add_argument("--minutes", type=_minutes, default=None,
                        help="target length, 0.1 to 30 (default: settings, 3 unless changed)")
    parser.add_argument("--play", action="store_true", help="play sentence by sentence while it is made")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], help="compute device (default: settings)")
    parser.add_argument("--model", help="LLM model id (default: settings)")
    parser.add_argument("--voice", help="voice, e.g. piper:en_US-joe-medium or kokoro:jm_kumo")
    parser.add_argument("--tz", help="IANA time zone of the briefing's day, for the calendar and for when items "
                        "were written (default: this machine's)")
    parser.add_argument("--language", choices=["auto", "en", "ja"],
                        help="language of the briefing (default: settings; auto follows the sources)")
    parser.add_argument("--quiet", action="store_true", help="do not print the text as it is written")
    parser.set_defaults(handler=run)


def _minutes(value: str) -> float:
    try:
        minutes = float(value)
    except ValueError:
        minutes = float("nan")
    if not 0.1 <= minutes <= 30:
        raise argparse.ArgumentTypeError(f"{value!r} is not a length from 0.1 to 30 minutes")
    return minutes


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-24") from exc


def run(args: argparse.Namespace) -> int:
    console = Console()
    settings = configured(args, console)
    if args.sources:
        paths, subs = split_sources(args.sources)
    else:
        paths, subs = briefing_sources(settings.sources)
    if not paths and not subs:
        raise UsageError("No sources given", hint="pass --sources DIR_FILE_OR_URL..., or follow some with "
                         "`daycast sources add URL_OR_PATH`")
    day = args.date or date.today()
    # Refuse an unwritable output before loading models, which is the slow part of a cold start.
    out = check_writable(args.out or settings.resolved_output_dir() / f"briefing-{day.isoformat()}.mp3")
    format_for(out)  # "--out today.txt" fails now, not after the whole briefing is made
    request = BriefingRequest(
        sources=tuple(paths), out=out.expanduser(), day=args.date, tz=args.tz,
        minutes=args.minutes or settings.briefing_minutes, voice=settings.voices.briefing_voice,
        disclosure=settings.disclosure, speed=settings.voices.speed, subscriptions=tuple(subs),
        fetch=settings.fetch_sources and not args.offline, skip_seen=not args.repeat, language=settings.language,
    )
    cancel = CancelToken()
    player = _open_player(settings, console) if args.play else None
    with console.status("Loading models…"):
        engines = load_briefing_engines(settings)
    try:
        result = run_with_progress(run_briefing(request, engines, cancel), cancel, console,
                                   show_text=not args.quiet, on_audio=player.play if player else None)
        if player:
            player.wait()
    finally:
        if player:
            player.close()
    _print_result(console, result)
    return 0


def grounding_summary(counts: dict[str, Any]) -> str:
    """The grounding counts of a sidecar for the CLI summary."""
    read = f", {counts['extractive']} read from the sources as written" if counts.get("extractive") else ""
    return (f"{counts.get('checked', 0)} sentences checked against their sources, "
            f"{counts.get('regenerated', 0)} regenerated, {counts.get('replaced', 0)} replaced by the source's "
            f"own sentence{read}")


def _open_player(settings: settings_mod.Settings, console: Console) -> Player | None:
    """The speaker for --play; without one the briefing is still made and written (said, not fatal)."""
    try:
        return open_player(settings.output_device or None)
    except AudioDeviceError as exc:
        console.print(f"[yellow]![/] {exc.message}: the briefing is written to the file only.", highlight=False)
        return None


def _print_result(console: Console, result: BriefingResult) -> None:
    table = Table(show_header=False, box=None)
    table.add_row("Audio", str(result.audio_path))
    table.add_row("Length", f"{result.duration:.1f} s")
    table.add_row("First audio after", f"{result.first_audio_seconds:.2f} s")
    table.add_row("Transcript", f"{result.transcript_path.name}, {result.vtt_path.name}")
    table.add_row("Provenance", str(result.sidecar_path.name))
    if result.grounding:
        table.add_row("Grounding", grounding_summary(result.grounding))
    table.add_row("Made by", "\n".join(m.label() for m in result.models))
    if result.problems:
        table.add_row("Skipped", "\n".join(result.problems))
    console.print(table)
