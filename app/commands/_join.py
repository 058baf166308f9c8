"""``daycast podcast --join EPISODE``: listen to an episode and ask its hosts a question.

Interactive: the episode plays; press Enter to pause it and type a question (or press Enter on an
empty line to speak one: push-to-talk, Enter again to send); the hosts answer in their voices from
the episode's sources and the episode resumes at the start of the interrupted sentence. ``q`` quits.
Non-interactive (scripts, tests): ``--question TEXT`` or ``--question-audio FILE``, asked ``--at``
seconds into the episode; the answer is printed, and written to ``--out`` when given.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Console
from rich.table import Table

from app.commands.brief import grounding_summary
from app.core import settings as settings_mod
from app.core.audio.encode import write_audio
from app.core.audio.microphone import open_microphone
from app.core.audio.player import open_player
from app.core.llm_setup import build_llm
from app.core.podcast.join_in import Episode
from app.jobs.join_in import JoinInAnswer, answer_lines, join_in_events, transcribe_question
from engines import bundled
from engines.asr_whisper import WhisperASR
from engines.cancel import CancelToken
from engines.errors import AudioDeviceError, UsageError
from engines.fsutil import check_writable
from engines.types import AudioChunk

if TYPE_CHECKING:
    from app.core.audio.player import Player
    from engines.protocols import LanguageModel, SpeechToText


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("join in (ask the hosts of an exported episode)")
    group.add_argument("--join", type=Path, metavar="EPISODE", help="play EPISODE (with its .vtt and .script.json "
                       "beside it) and ask its hosts questions")
    group.add_argument("--question", metavar="TEXT", help="ask this question without playing (prints the answer)")
    group.add_argument("--question-audio", type=Path, metavar="FILE", help="ask the spoken question in FILE")
    group.add_argument("--at", type=float, default=0.0, metavar="SECONDS",
                       help="where in the episode the question is asked (default 0)")


def run_join(args: argparse.Namespace, settings: settings_mod.Settings, console: Console) -> int:
    episode_path = Path(args.join).expanduser()
    out = check_writable(args.out.expanduser()) if args.out else None
    if args.question and args.question_audio:
        raise UsageError("Give either --question or --question-audio, not both")
    with console.status("Opening the episode and loading the model…"):
        episode = Episode.load(episode_path)
        llm = _llm(settings)
    if args.question or args.question_audio:
        question = args.question or transcribe_question(_asr(settings), args.question_audio.expanduser())
        answer = _ask(console, episode_path, episode, question, args.at, llm)
        if out is not None and answer.samples.size:
            write_audio(out, answer.samples, answer.rate)
        _print_answer(console, answer, out)
        return 0
    _interactive(console, episode_path, episode, llm, settings)
    return 0


def _llm(settings: settings_mod.Settings) -> LanguageModel:

    return build_llm(settings, task="podcast", device=settings.device)


def _asr(settings: settings_mod.Settings) -> SpeechToText:

    model = bundled.require(settings.asr_model)
    return WhisperASR(model.directory, device="cpu", model_id=model.id, license=model.license)


def _ask(console: Console, path: Path, episode: Episode, question: str, at: float,
         llm: LanguageModel) -> JoinInAnswer:
    console.print(f"[bold]You[/] (at {at:.0f} s): {question}", highlight=False)
    events = join_in_events(path, question, at, llm, CancelToken(), episode=episode)
    return answer_lines(events, lambda host, text: console.print(f"[bold]{host}:[/] {text}", highlight=False))


def _print_answer(console: Console, answer: JoinInAnswer, out: Path | None) -> None:
    table = Table(show_header=False, box=None)
    table.add_row("Paused at", f"{answer.paused_at:.1f} s")
    table.add_row("Resumes at", f"{answer.resumed_at:.1f} s (the start of the interrupted sentence)")
    if out is not None:
        table.add_row("Answer audio", f"{out} ({answer.duration:.1f} s)")
    if answer.grounding:
        table.add_row("Grounding", grounding_summary(answer.grounding))
    console.print(table)


def _interactive(console: Console, path: Path, episode: Episode, llm: LanguageModel,
                 settings: settings_mod.Settings) -> None:

    try:
        player = open_player(settings.output_device or None)
    except AudioDeviceError as exc:
        raise AudioDeviceError(f"Cannot play the episode: {exc.message}",
                               hint="ask without playing: --question TEXT --at SECONDS") from exc
    position, started = 0.0, time.monotonic()
    _play_from(player, episode, position)
    console.print("Playing. Press [bold]Enter[/] to ask a question, [bold]q[/] then Enter to quit.")
    try:
        for line in sys.stdin:
            if line.strip().lower() == "q":
                break
            player.stop()
            position = min(episode.duration, position + time.monotonic() - started)
            question = input("Your question (Enter alone to speak it): ").strip() or _spoken(console, settings)
            if question:
                answer = _ask(console, path, episode, question, position, llm)
                _play_samples(player, answer.samples, answer.rate)
                player.wait()
                position = answer.resumed_at
            _play_from(player, episode, position)
            started = time.monotonic()
    finally:
        player.close()


def _play_from(player: Player, episode: Episode, at: float) -> None:
    start = round(at * episode.rate)
    _play_samples(player, episode.samples[start:], episode.rate)


def _play_samples(player: Player, samples: np.ndarray, rate: int) -> None:
    if samples.size:
        player.play(AudioChunk(samples.astype(np.float32), rate, "join-in"))


def _spoken(console: Console, settings: settings_mod.Settings) -> str:
    """Push-to-talk: record from the microphone until Enter, then transcribe."""

    try:
        mic = open_microphone(settings.input_device or None)
    except AudioDeviceError as exc:
        console.print(f"[yellow]![/] {exc.message}: type the question instead.", highlight=False)
        return input("Your question: ").strip()
    frames: list[np.ndarray] = []
    stop = CancelToken()

    def record() -> None:
        for frame in mic.frames():
            frames.append(frame)
            if stop.cancelled:
                return


    recorder = threading.Thread(target=record, daemon=True)
    recorder.start()
    input("● listening… press Enter to send ")
    stop.cancel("sent")
    mic.close()
    recorder.join(timeout=2)
    audio = np.concatenate(frames) if frames else np.zeros(0, np.float32)
    asr = _asr(settings)
    text = " ".join(s.text.strip() for s in asr.transcribe(audio) if s.text).strip()
    console.print(f"[dim]heard: {text or '(nothing)'}[/]", highlight=False)
    return text
