"""``daycast podcast``: documents (or an edited script) to a two-host episode, exported like a real podcast."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from app.commands._join import add_arguments as add_join_arguments
from app.commands._join import run_join
from app.commands._render import run_with_progress
from app.commands._settings import configured
from app.commands.brief import grounding_summary
from app.core import settings as settings_mod
from app.core.llm_setup import build_llm
from app.core.podcast.export import EpisodeResult, new_episode_path
from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast, tts_loader
from app.core.podcast.plan import FORMATS
from app.core.podcast.render import job_dir
from app.core.podcast.script import Host
from engines.cancel import CancelToken
from engines.errors import UsageError
from engines.protocols import LanguageModel
from engines.tts import parse_spec


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "podcast", help="turn documents into a two-host podcast episode",
        description="Documents (PDF, Markdown, text, saved HTML, feeds, folders) become a two-host episode "
                    "with chapters, transcript, show notes, an RSS feed and a signed provenance record.",
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders to talk about")
    parser.add_argument("--out", type=Path, help="episode file: .mp3 .m4a .opus .wav .flac (default: output folder)")
    parser.add_argument("--minutes", type=float, default=5.0, help="target length in minutes (default 5)")
    parser.add_argument("--title", default="", help="episode title (default: from the topics)")
    parser.add_argument("--format", dest="episode_format", choices=FORMATS, default="deep-dive",
                        help="deep-dive (default), brief (one host, under 2 minutes), critique, or debate "
                             "(the hosts take opposite sides)")
    parser.add_argument("--focus", default="", help='what to emphasise and who is listening, e.g. '
                                                    '"costs and dates, for city councillors"')
    parser.add_argument("--hosts", help='two host names, e.g. "Alex,Sam" (default: settings)')
    parser.add_argument("--voices", help='two voices, e.g. "piper:en_US-joe-medium,kokoro:jf_gongitsune"')
    parser.add_argument("--script-out", type=Path, help="where to save the editable script (default: beside --out)")
    parser.add_argument("--from-script", type=Path, help="render an (edited) script instead of writing one")
    parser.add_argument("--formats", default="", help="extra formats, e.g. m4a,opus (the --out format is always made)")
    parser.add_argument("--feed-dir", type=Path, help="folder of the RSS feed.xml (default: the episode's folder)")
    parser.add_argument("--feed-url", help="where the feed folder is published, e.g. https://example.org/podcast/: "
                                           "the feed links to the episode by that address (default: settings)")
    parser.add_argument("--no-chapters", dest="chapters", action="store_false",
                        help="no chapters: none in the audio, no chapters file, none in the feed or show notes")
    parser.add_argument("--mono", action="store_true", help="mono episode at -19 LUFS (default stereo at -16)")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], help="compute device (default: settings)")
    parser.add_argument("--model", help="LLM model id for the script (default: settings)")
    parser.add_argument("--language", choices=["auto", "en", "ja"],
                        help="language the hosts speak; auto follows the documents (default: settings)")
    parser.add_argument("--quiet", action="store_true", help="do not print the script as it is written")
    add_join_arguments(parser)
    parser.set_defaults(handler=run)


def _pair(value: str, what: str) -> tuple[str, str]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        example = "Alex,Sam" if what == "hosts" else "piper:en_US-joe-medium,kokoro:jf_gongitsune"
        raise UsageError(f"--{what} needs exactly two comma-separated values, got {value!r}",
                         hint=f'e.g. --{what} "{example}"')
    return parts[0], parts[1]


def hosts_for(args: argparse.Namespace, settings: settings_mod.Settings) -> tuple[Host, Host] | None:
    """Hosts from the flags, filled in from the settings; None keeps an input script's own hosts."""
    if args.from_script and not (args.hosts or args.voices):
        return None
    v = settings.voices
    names = _pair(args.hosts, "hosts") if args.hosts else (v.host_a_name, v.host_b_name)
    if names[0].casefold() == names[1].casefold():
        raise UsageError(f"Both hosts are called {names[0]!r}; give them different names")
    voices = _pair(args.voices, "voices") if args.voices else (v.host_a_voice, v.host_b_voice)
    for spec in voices:
        parse_spec(spec)
    return Host(names[0], voices[0], v.host_a_speed), Host(names[1], voices[1], v.host_b_speed)


def run(args: argparse.Namespace) -> int:
    console = Console()
    settings = configured(args, console)
    if args.join:
        return run_join(args, settings, console)
    if args.question or args.question_audio:
        raise UsageError("--question and --question-audio ask the hosts of an episode",
                         hint="daycast podcast --join EPISODE.mp3 --question TEXT")
    if args.from_script and args.inputs:
        raise UsageError("Give either documents or --from-script, not both",
                         hint="--from-script renders an existing script; documents make a new one")
    if not args.from_script and not args.inputs:
        raise UsageError("No documents given", hint="daycast podcast notes.md report.pdf --out episode.mp3")
    out = (args.out or new_episode_path(settings.resolved_output_dir(), f"podcast-{date.today().isoformat()}"))
    out = out.expanduser()
    request = PodcastRequest(
        out=out, inputs=tuple(Path(p).expanduser() for p in args.inputs), minutes=args.minutes, title=args.title,
        hosts=hosts_for(args, settings), script_out=args.script_out, from_script=args.from_script,
        formats=tuple(f for f in args.formats.split(",") if f.strip()), feed_dir=args.feed_dir,
        feed_url=_feed_url(args.feed_url) if args.feed_url is not None else settings.feed_url,
        disclosure=settings.disclosure, channels=1 if args.mono else 2, language=settings.language,
        settings={"llm_model": settings.llm_model, "device": settings.device},
        format=args.episode_format, focus=args.focus, chapters=args.chapters,
    )
    engines = PodcastEngines(load_voice=tts_loader(settings.device), llm=None if args.from_script else _llm(settings))
    cancel = CancelToken()
    try:
        result = run_with_progress(run_podcast(request, engines, cancel), cancel, console, show_text=not args.quiet)
    except KeyboardInterrupt:  # said here, once, with where the finished turns are (not main()'s generic line)
        console.print(f"[yellow]Stopped.[/] Finished turns are kept in {job_dir(out.resolve())}; "
                      "run the same command again to resume.")
        return 130
    _print_result(console, result)
    if args.feed_url is not None:
        _remember_feed_url(request.feed_url, console)
    return 0


def _remember_feed_url(url: str, console: Console) -> None:
    """``--feed-url`` is given once, as the studio's field is: later exports to the feed need it too (an item
    with a relative link is one a podcast app cannot fetch). Only that field is saved: the other options
    of this run are not settings."""
    loaded = settings_mod.load()
    if loaded.message or loaded.settings.feed_url == url:
        return
    settings_mod.save(settings_mod.update(loaded.settings, feed_url=url))
    console.print(f"The feed's web address is kept in the settings for the next episodes: {url or '(none)'}",
                  highlight=False)


def _feed_url(value: str) -> str:
    try:
        return settings_mod.check_feed_url(value) if value.strip() else ""
    except ValueError as exc:
        raise UsageError(f"--feed-url: {exc}") from exc


def _llm(settings: settings_mod.Settings) -> LanguageModel:
    return build_llm(settings, task="podcast", device=settings.device)


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60:02d}:{int(seconds) % 60:02d}"


def _print_result(console: Console, result: EpisodeResult) -> None:
    table = Table(show_header=False, box=None)
    table.add_row("Episode", str(result.audio_path))
    if result.extra_exports:
        table.add_row("Also", "\n".join(str(p) for p in result.extra_exports))
    table.add_row("Length", f"{_clock(result.duration)} ({result.duration:.1f} s)")
    table.add_row("Loudness", f"{result.lufs:.1f} LUFS, true peak {result.true_peak:.1f} dBTP")
    table.add_row("Chapters", "\n".join(f"{_clock(c.start)} {c.title}" for c in result.chapters) or "none")
    if result.coverage:
        table.add_row("Coverage", "\n".join(
            f"{row['chapter']}: {row['words']} words ({row['planned_share']:.0%} planned), "
            f"{len(row['said'])}/{len(row['facts'])} names and figures" for row in result.coverage))
    table.add_row("Transcript", f"{result.vtt.name}, {result.srt.name}")
    table.add_row("Show notes", result.shownotes.name)
    table.add_row("Feed", str(result.feed))
    table.add_row("Provenance", ", ".join(p.name for p in result.sidecars))
    if result.grounding:
        table.add_row("Grounding", grounding_summary(result.grounding))
    table.add_row("Made by", "\n".join(m.label() for m in result.models))
    table.add_row("Render cache", f"{job_dir(result.audio_path)} [dim](re-renders reuse it; safe to delete)[/]")
    if result.script_path:
        table.add_row("Script", f"{result.script_path}\n[dim]edit it, then: daycast podcast --from-script "
                      f"{result.script_path} --out {result.audio_path}[/]")
    console.print(table)
