"""What spoken commands do: playback controls, the briefing pipeline, the podcast pipeline.

Controls act on the session (speech speed for the next replies) and on its player (volume, stop).
"brief me" runs :func:`app.core.briefing.pipeline.run_briefing` on the session's sources and plays it as it
is made; "make a podcast about …" runs the podcast pipeline when one is installed (``podcast``),
else says plainly that it is not available.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.assistant.intents import Intent
from app.core.events import AudioReady, Finished, Notice, PipelineEvent, StageFinished, TextReady
from engines.cancel import CancelToken

if TYPE_CHECKING:
    from app.core.assistant.session import AssistantSession, _Turn

VOLUME_STEP = 1.4
SPEED_STEP = 0.15
SPEED_LIMITS = (0.6, 1.6)
VOLUME_LIMITS = (0.1, 2.0)

PodcastRunner = Callable[[str, "AssistantSession", CancelToken], Iterator[PipelineEvent]]
"""(topic or file, session, cancel) -> the podcast pipeline's events."""

NO_PODCAST = ("I can't make podcasts by voice in this version yet. "
              "You can make one with the podcast studio or the daycast podcast command.")
NO_SOURCES = "You have no sources set up for a briefing yet. Add your calendar, feeds and notes in Settings."


@dataclass
class Actions:
    """The pipelines spoken commands start. ``output_dir`` is where spoken briefings and podcasts are saved;
    ``podcast`` None turns "make a podcast" off (the assistant says so)."""

    output_dir: Path | None = None
    podcast: PodcastRunner | None = field(default_factory=lambda: make_podcast)
    briefing_minutes: float = 3.0
    podcast_minutes: float = 3.0


def run_command(intent: Intent, turn: _Turn) -> Iterator[PipelineEvent]:
    """Carry out a command intent, speaking a short confirmation where one helps."""
    from app.core.assistant.session import TurnResult

    session = turn.session
    reply = ""
    detail = None
    if intent.kind == "stop":
        if session.player is not None:
            session.player.stop()
        yield Notice("assistant.stopped", "Stopped.", level="info")
    elif intent.kind in ("louder", "quieter"):
        reply = _change_volume(session, louder=intent.kind == "louder")
    elif intent.kind in ("slower", "faster"):
        reply = _change_speed(session, slower=intent.kind == "slower")
    elif intent.kind == "brief":
        detail = yield from _brief(turn)
    elif intent.kind == "podcast":
        runner = session.actions.podcast
        if runner is None:
            reply = NO_PODCAST
        else:
            for event in runner(intent.argument, session, turn.cancel):
                if isinstance(event, Finished):
                    detail = event.result
                elif isinstance(event, TextReady) and event.kind == "reply":
                    yield from turn.speak_now(event.text)
                else:
                    yield _forward(turn, event)
    if reply:
        yield from turn.speak_now(reply)
    yield StageFinished("turn", turn.since_start(), turn.timings.as_dict())
    yield Finished(TurnResult(intent.text, intent, reply, turn.timings, detail=detail))


def _change_volume(session: AssistantSession, *, louder: bool) -> str:
    low, high = VOLUME_LIMITS
    volume = session.volume * (VOLUME_STEP if louder else 1 / VOLUME_STEP)
    session.volume = min(high, max(low, round(volume, 3)))
    if session.player is not None:
        session.player.volume = session.volume
    at_limit = session.volume in (low, high)
    if louder:
        return "This is as loud as I go." if at_limit else "Okay, louder."
    return "This is as quiet as I go." if at_limit else "Okay, quieter."


def _change_speed(session: AssistantSession, *, slower: bool) -> str:
    low, high = SPEED_LIMITS
    speed = session.speed + (-SPEED_STEP if slower else SPEED_STEP)
    session.speed = min(high, max(low, round(speed, 3)))
    if slower:
        return "This is as slow as I speak." if session.speed == low else "Okay, I'll speak more slowly."
    return "This is as fast as I speak." if session.speed == high else "Okay, I'll speak faster."


def _brief(turn: _Turn) -> Generator[PipelineEvent, None, Any]:
    """Run the briefing pipeline on the session's sources, passing its speech through as it is made."""
    from app.core.briefing.pipeline import BriefingEngines, BriefingRequest, run_briefing

    session = turn.session
    context = session.context
    if not context.sources:
        yield from turn.speak_now(NO_SOURCES)
        return None
    out_dir = session.actions.output_dir or (session.context_request.output_dir if session.context_request
                                             else None)
    if out_dir is None:
        from app.core.settings import Settings

        out_dir = Settings().resolved_output_dir()
    request = BriefingRequest(
        sources=context.sources, out=Path(out_dir) / f"briefing-{context.day.isoformat()}.mp3",
        day=context.day, minutes=session.actions.briefing_minutes, speed=session.speed,
    )
    engines = BriefingEngines(llm=session.engines.llm, tts=session.engines.tts, voice=session.engines.voice)
    result = None
    for event in run_briefing(request, engines, turn.cancel):
        if isinstance(event, Finished):
            result = event.result
            continue
        yield _forward(turn, event)
    session.refresh_context(turn.cancel)  # today's briefing is now part of what the assistant knows
    return result


def _output_dir(session: AssistantSession) -> Path:
    if session.actions.output_dir is not None:
        return Path(session.actions.output_dir)
    if session.context_request is not None and session.context_request.output_dir is not None:
        return Path(session.context_request.output_dir)
    from app.core.settings import Settings

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
    from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast, tts_loader

    inputs = podcast_inputs(argument, session)
    if not inputs:
        yield TextReady("reply", f"I found nothing about {argument} in your sources.")
        return
    slug = "-".join(sorted(_words(argument)))[:40] or "topic"
    out = _output_dir(session) / f"podcast-{slug}-{session.context.day.isoformat()}.mp3"
    yield TextReady("reply", f"Okay, I'm making a podcast about {argument}. It takes a few minutes.")
    request = PodcastRequest(out=out, inputs=inputs, minutes=session.actions.podcast_minutes,
                             title=f"About {argument}"[:80])
    engines = PodcastEngines(load_voice=tts_loader(), llm=session.engines.llm)
    for event in run_podcast(request, engines, cancel):
        if isinstance(event, Finished):
            minutes = max(1, round(event.result.duration / 60))
            unit = "minute" if minutes == 1 else "minutes"
            yield TextReady("reply", f"Your podcast about {argument} is ready: {minutes} {unit}, saved as "
                                     f"{out.stem.replace('-', ' ')}.")
            yield Finished(event.result)
        elif not isinstance(event, AudioReady):  # the turns as rendered are not the finished episode
            yield event


def _forward(turn: _Turn, event: PipelineEvent) -> PipelineEvent:
    """A sub-pipeline's event as part of this turn (audio re-indexed and timed; text shown as reply)."""
    if isinstance(event, AudioReady):
        return turn.audio_event(event.chunk)
    if isinstance(event, TextReady) and event.final:
        turn.spoken.append(event.text)
        return TextReady("reply", event.text, speaker=event.speaker, model=event.model)
    return event

