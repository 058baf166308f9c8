"""What spoken commands do: playback controls, the briefing pipeline, the podcast pipeline.

Controls act on the session (speech speed for the next replies) and on its player (volume, stop).
"brief me" runs :func:`app.core.briefing.pipeline.run_briefing` on the session's sources and plays it as it
is made; "make a podcast about …" runs the podcast pipeline when one is installed (``podcast``),
else says plainly that it is not available.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from app.core.assistant.intents import Intent
from app.core.assistant.state import (
    Actions,
    AssistantSession,
    PodcastRunner,
    Turn,
    TurnResult,
    make_podcast,
    output_dir_of,
    podcast_inputs,
)
from app.core.briefing.pipeline import BriefingEngines, BriefingRequest, run_briefing
from app.core.events import (
    QT_TRANSLATE_NOOP,
    AudioReady,
    Finished,
    PipelineEvent,
    Stage,
    StageFinished,
    TextKind,
    TextReady,
    notice,
)

VOLUME_STEP = 1.4
SPEED_STEP = 0.15
SPEED_LIMITS = (0.6, 1.6)
VOLUME_LIMITS = (0.1, 2.0)

NO_PODCAST = ("I can't make podcasts by voice in this version yet. "
              "You can make one with the podcast studio or the daycast podcast command.")
NO_SOURCES = "You have no sources set up for a briefing yet. Add your calendar, feeds and notes in Settings."

__all__ = ["NO_PODCAST", "NO_SOURCES", "Actions", "PodcastRunner", "make_podcast", "podcast_inputs", "run_command"]


def run_command(intent: Intent, turn: Turn) -> Iterator[PipelineEvent]:
    """Carry out a command intent, speaking a short confirmation where one helps."""
    session = turn.session
    reply = ""
    detail = None
    if intent.kind == "stop":
        if session.player is not None:
            session.player.stop()
        yield notice("assistant.stopped", QT_TRANSLATE_NOOP("Notice", "Stopped."), level="info")
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
                elif isinstance(event, TextReady) and event.kind == TextKind.REPLY:
                    yield from turn.speak_now(event.text)
                else:
                    yield _forward(turn, event)
    if reply:
        yield from turn.speak_now(reply)
    yield StageFinished(Stage.TURN, turn.since_start(), turn.timings.as_dict())
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


def _brief(turn: Turn) -> Generator[PipelineEvent, None, Any]:
    """Run the briefing pipeline on the session's sources, passing its speech through as it is made."""
    session = turn.session
    context = session.context
    if not context.sources:
        yield from turn.speak_now(NO_SOURCES)
        return None
    request = BriefingRequest(
        sources=context.sources, out=output_dir_of(session) / f"briefing-{context.day.isoformat()}.mp3",
        day=context.day, minutes=session.actions.briefing_minutes, speed=session.speed,
        disclosure=session.actions.disclosure,
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


def _forward(turn: Turn, event: PipelineEvent) -> PipelineEvent:
    """A sub-pipeline's event as part of this turn (audio re-indexed and timed; text shown as reply)."""
    if isinstance(event, AudioReady):
        return turn.audio_event(event.chunk)
    if isinstance(event, TextReady) and event.final:
        turn.spoken.append(event.text)
        return TextReady(TextKind.REPLY, event.text, speaker=event.speaker, model=event.model)
    return event

