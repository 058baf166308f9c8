"""``daycast talk``: a live conversation through the microphone, push-to-talk or hands-free.

Push-to-talk: press Enter (or Space) to start speaking and again to send. Hands-free: just talk;
speaking while Daycast answers interrupts it. ``q`` (or Ctrl-C) quits. Without a microphone the
command says so and points to the file mode, ``daycast ask --audio``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import date

from rich.console import Console

from app.commands._settings import configured
from app.commands.brief import _parse_date
from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.assistant.session import load_assistant_engines, open_session
from app.core.audio.microphone import open_microphone
from app.core.audio.player import NullPlayer, Player, open_player
from app.core.events import Notice, PipelineEvent, Stage, StageFinished, TextKind, TextReady
from app.core.llm_setup import ModelPool
from engines.errors import AudioDeviceError
from engines.prompt_cache import PromptStateCache

NO_MIC_HINT = "connect a microphone and pick it in Settings (or with --input NAME); without one, ask from a " \
              "file: daycast ask --audio question.wav --out reply.wav"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("talk", help="talk to Daycast through the microphone")
    parser.add_argument("--hands-free", action="store_true", help="listen all the time (default: push-to-talk)")
    parser.add_argument("--input", metavar="NAME", help="microphone (default: settings, else the system's)")
    parser.add_argument("--output", metavar="NAME", help="audio output device (default: settings, else the system's)")
    parser.add_argument("--echo-guard", choices=["half_duplex", "off"],
                        help="half_duplex on speakers (default: settings); off with headphones")
    parser.add_argument("--sources", nargs="+", metavar="DIR_OR_FILE",
                        help="folders or files (default: the settings' and the followed sources' cached copies)")
    parser.add_argument("--date", type=_parse_date, help="the day to talk about, YYYY-MM-DD (default: today)")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], help="compute device (default: settings)")
    parser.add_argument("--model", help="LLM model id (default: settings)")
    parser.add_argument("--language", choices=["auto", "en", "ja"],
                        help="language you speak and the replies; ja hears with Whisper base (default: settings)")

    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    console = Console()
    settings = configured(args, console)
    try:
        mic = open_microphone(args.input or settings.input_device or None,
                              on_problem=lambda message: console.print(f"[yellow]![/] {message}", highlight=False))
    except AudioDeviceError as exc:
        raise AudioDeviceError(f"Cannot listen: {exc.message}", hint=NO_MIC_HINT) from exc
    player = _player(args.output or settings.output_device or None, console)
    pool = ModelPool()
    live = None
    try:
        with console.status("Loading models…"):
            engines = load_assistant_engines(settings, pool)
            session = open_session(settings, engines, sources=args.sources or settings.sources,
                                   day=args.date or date.today(), player=player, subscriptions=not args.sources)
            # The context is read now (or its state loaded from the last run), so the first answer comes fast.
            session.warm_up(cache=PromptStateCache())
        hands_free = args.hands_free or settings.talk_mode == "hands_free"
        options = LiveOptions(mode="hands_free" if hands_free else "push_to_talk",
                              echo_guard=args.echo_guard or settings.echo_guard)
        live = LiveAssistant(engines, mic, player, options, session=session, on_event=Printer(console))
        live.start()
        _keyboard_loop(live, hands_free, console)
    except KeyboardInterrupt:
        pass
    finally:
        if live is not None:
            live.stop()
        mic.close()
        player.close()
        pool.close()
    console.print("Bye.")
    return 0


def _player(name: str | None, console: Console) -> Player:
    try:
        return open_player(name)
    except AudioDeviceError as exc:
        console.print(f"[yellow]![/] {exc.message}: replies are shown as text only.", highlight=False)
        return NullPlayer()


class Printer:
    """Live events in the terminal: the partial question on one line, then the question and the reply."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.replying = False

    def __call__(self, event: PipelineEvent) -> None:
        if isinstance(event, TextReady) and event.kind == TextKind.QUESTION:
            if not event.final:
                self.console.print(f"[dim]… {event.text}[/]", highlight=False)
                return
            self.console.print(f"[bold]You:[/] {event.text}", highlight=False)
            self.replying = False
        elif isinstance(event, TextReady) and event.kind == TextKind.REPLY:
            prefix = "" if self.replying else "[bold]Daycast:[/] "
            self.console.print(f"{prefix}{event.text}", highlight=False)
            self.replying = True
        elif isinstance(event, Notice):
            self.console.print(f"[yellow]![/] {event.message}", highlight=False)
        elif isinstance(event, StageFinished) and event.stage == Stage.TURN:
            first = event.detail.get("end_to_end", 0.0)
            if first:
                self.console.print(f"[dim]first audio after {first:.2f} s[/]")


def _keys() -> Iterator[str]:
    """Keys from the terminal one at a time (lines when stdin is not a terminal)."""
    if not sys.stdin.isatty():
        for line in sys.stdin:
            yield line.strip()[:1] or "\n"
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        while key := sys.stdin.read(1):
            yield key
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _keyboard_loop(live: LiveAssistant, hands_free: bool, console: Console) -> None:
    if hands_free:
        console.print("Listening. Just talk; speak while I answer to interrupt. [bold]q[/] quits.")
    else:
        console.print("Press [bold]Enter[/] or [bold]Space[/] to talk, again to send. [bold]q[/] quits.")
    talking = False
    for key in _keys():
        if key in ("q", "Q", "\x04"):
            return
        if hands_free or key not in ("\n", "\r", " "):
            continue
        talking = not talking
        if talking:
            live.press()
            console.print("[bold green]● listening…[/] (Enter to send)")
        else:
            live.release()
