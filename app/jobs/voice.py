"""The live voice conversation (``app.core.assistant.live.LiveAssistant``) as a worker job the Assistant page drives.

The job opens the microphone and speaker, loads the engines, starts the live assistant and then relays
its events (partial transcripts, replies, speech) until cancelled. ``VoiceControl`` lets the UI thread
press and release push-to-talk on the running assistant (both are plain flag writes there).
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.assistant.session import open_session
from app.core.audio.microphone import open_microphone
from app.core.audio.player import NullPlayer, open_player
from app.core.events import QT_TRANSLATE_NOOP, Notice, Stage, StageFinished, notice, stage_started
from app.core.settings import Settings
from engines.cancel import CancelToken
from engines.errors import AudioDeviceError

MicFactory = Callable[[Settings, CancelToken], Any]
PlayerFactory = Callable[[Settings], Any]
ProblemSink = Callable[[str], None]


def default_microphone(settings: Settings, cancel: CancelToken, on_problem: ProblemSink | None = None) -> Any:
    """The settings' microphone; a device lost and reopened later is reported through ``on_problem``."""
    return open_microphone(settings.input_device or None, cancel=cancel, on_problem=on_problem)


def microphone_notice(message: str) -> Notice:
    """What the microphone reports (lost, retrying, back) as a notice the Assistant page shows."""
    return notice("audio.device", QT_TRANSLATE_NOOP("Notice", "Microphone: {reason}"), reason=message)


def _open_input(mic_factory: MicFactory, settings: Settings, cancel: CancelToken, control: VoiceControl) -> Any:
    """The input, reporting its problems into the session's events (from the microphone thread: the
    queue is thread-safe). A factory of the caller's (a recording, a test's) reports its own way."""
    if mic_factory is default_microphone:
        return default_microphone(settings, cancel, lambda message: control.events.put(microphone_notice(message)))
    return mic_factory(settings, cancel)


def default_player(settings: Settings) -> Any:
    try:
        return open_player(settings.output_device or None)
    except AudioDeviceError:
        return NullPlayer()  # no speaker: replies are still shown as text


@dataclass
class VoiceControl:
    """Shared between the UI thread and the job: the running assistant, once started."""

    live: Any = None
    pressed: bool = False
    events: queue.Queue = field(default_factory=queue.Queue)

    def press(self) -> None:
        self.pressed = True
        if self.live is not None:
            self.live.press()

    def release(self) -> None:
        self.pressed = False
        if self.live is not None:
            self.live.release()


def voice_events(services: Any, settings: Settings, control: VoiceControl, mic_factory: MicFactory,
                 player_factory: PlayerFactory, cancel: CancelToken) -> Iterator[Any]:
    yield stage_started(Stage.LISTEN, QT_TRANSLATE_NOOP("Notice", "Opening the microphone"))
    mic = _open_input(mic_factory, settings, cancel, control)
    player = player_factory(settings)
    live = None
    try:
        engines = yield from services.voice_engines_held(settings, cancel)
        session = open_session(settings, engines, player=player, cancel=cancel)
        options = LiveOptions(mode=settings.talk_mode, echo_guard=settings.echo_guard)
        live = LiveAssistant(engines, mic, player, options, session=session, on_event=control.events.put)
        live.start()
        control.live = live
        if control.pressed:
            live.press()
        yield StageFinished(Stage.LISTEN, 0.0)
        while not cancel.cancelled:
            try:
                event = control.events.get(timeout=0.1)
            except queue.Empty:
                continue
            yield event
    finally:
        control.live = None
        if live is not None:
            live.stop()
        mic.close()
        close = getattr(player, "close", None)
        if close is not None:
            close()
