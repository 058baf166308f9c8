"""The kiosk's assistant: push-to-talk through the live voice loop, and tapped questions.

Engines load in a worker (the LLM wrapped so it never runs beside the briefing), the day's context
comes from the demo sources, and ``reset`` clears the conversation for the next visitor. Without a
microphone (or before the voice loop is installed) the talk button is off and says so; tapped
questions still work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.assistant.session import answer_text, load_assistant_engines, open_session
from app.core.assistant.state import TurnTimings
from app.core.audio.microphone import open_microphone
from app.core.events import AudioReady, Finished, Notice, PipelineEvent, Stage, StageStarted
from app.core.kiosk.config import kiosk_data_dir
from app.core.settings import Settings
from app.jobs.locked_model import LockedModel
from app.jobs.services import Services
from app.ui.workers import PipelineWorker, WorkerSet
from engines.cancel import CancelToken
from engines.errors import Cancelled

log = logging.getLogger(__name__)

EnginesFactory = Callable[[Settings], Any]
MicOpener = Callable[[], Any]

MIN_HOLD = 0.25
"""Seconds of microphone audio a hold of Talk needs to be a question: a shorter one (a tap, or a hold while
the microphone was gone) sends nothing, and the turn the live loop fires from it is dropped."""


class KioskAssistant(QObject):
    """``pipeline_event(object)``: pipeline events of every turn, in the UI thread. ``state(str, str)``: one of
    loading / ready / no_mic / listening / thinking / error, and a message."""

    pipeline_event = Signal(object)
    state = Signal(str, str)
    _voice_event = Signal(object)  # the live loop's events, from its threads
    _voice_ended = Signal(object)  # a voice answer ended (any way): its cancel token, from the turn thread

    def __init__(self, settings: Settings, services: Services, player: Any, workers: WorkerSet, *,
                 microphones: list[str], engines_factory: EnginesFactory | None = None,
                 mic_opener: MicOpener | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.services = services
        self.player = player
        self.workers = workers
        self.microphones = microphones
        self._engines_factory = engines_factory
        self._mic_opener = mic_opener
        self.session: Any = None
        self.live: Any = None
        self.turn: PipelineWorker | None = None
        self.loader: PipelineWorker | None = None
        self.current = "loading"
        self._pending: list[str] = []
        self._held_since: float | None = None  # the live loop's stream time when Talk went down
        self._voice_waiting = False  # "Thinking…" belongs to a voice turn
        self._voice_cancel: CancelToken | None = None  # the voice answer running (or last run)
        self._interrupted_at = 0.0  # perf_counter of the last interrupt: older utterances are not answered
        self._skip_next = False  # the next voice turn came from a hold that recorded nothing
        self._voice_event.connect(self._on_voice_event)
        self._voice_ended.connect(self._on_voice_ended)

    # -- set-up -------------------------------------------------------------------------------------

    def prepare(self) -> PipelineWorker:
        """Load the engines and the day's context in a worker; the voice loop starts when they are ready."""
        self._set("loading", self.tr("Getting ready…"))
        self.loader = self.workers.start(self._load_job, "kiosk-assistant", self._wire_loader)
        return self.loader

    def _load_job(self, cancel: CancelToken) -> Iterator[PipelineEvent]:
        yield StageStarted(Stage.LOAD, self.tr("Loading speech and language models"))
        engines = self._load_engines()
        engines.llm = LockedModel(engines.llm, self.services.holding_models)
        session = open_session(self.settings, engines, output_dir=kiosk_data_dir(), player=self.player, cancel=cancel,
                               subscriptions=False)  # the kiosk reads only its own sources
        yield StageStarted(Stage.WARM, self.tr("Reading today's calendar and notes"))
        session.warm_up(cancel)
        yield Finished(session)

    def _load_engines(self) -> Any:
        if self._engines_factory is not None:
            return self._engines_factory(self.settings)

        return load_assistant_engines(self.settings, self.services.pool())

    def _wire_loader(self, worker: PipelineWorker) -> None:
        worker.finished.connect(self._ready)
        could_not_start = self.tr("The assistant could not start: {reason}")
        worker.failed.connect(lambda _code, message: self._set("error", could_not_start.format(reason=message)))

    def _ready(self, session: Any) -> None:
        self.session = session
        self._settle(self._start_voice())
        pending, self._pending = self._pending, []
        for question in pending:
            self.ask(question)

    def _start_voice(self) -> str:
        if not self.microphones and self._mic_opener is None:
            return ""
        try:
            mic = self._mic_opener() if self._mic_opener else _open_microphone(self.settings.input_device)
        except Exception as exc:  # AudioDeviceError, or PortAudio failing in its own way
            log.warning("no microphone: %s", exc)
            return self.tr("The microphone did not open ({reason}); tap a question instead.").format(reason=exc)
        self.live = LiveAssistant(self.session.engines, mic, self.player, LiveOptions(mode="push_to_talk"),
                                  session=self.session, on_event=self._voice_event.emit, responder=self._respond)
        self.live.start()
        return ""

    # -- visitor actions -------------------------------------------------------------------------------

    @property
    def voice_ready(self) -> bool:
        return self.live is not None

    @property
    def busy(self) -> bool:
        return (self.turn is not None and self.turn.running) or (self.live is not None and self.live.busy)

    def press(self) -> bool:
        """Talk went down: whatever is answering (tapped or spoken) stops, and the live loop records."""
        if self.live is None:
            return False
        self._interrupt("the visitor pressed Talk")
        self._skip_next = False  # the live loop's new press replaces any stale release
        self._held_since = self.live.stream_time
        self.live.press()
        self._set("listening", self.tr("Listening…"))
        return True

    def release(self) -> None:
        """Talk went up: the question goes (never ignored, whatever the state, or the loop records for 30 s)."""
        if self.live is None:
            return
        self.live.release()
        held_since, self._held_since = self._held_since, None
        if held_since is None:
            return
        if self.live.stream_time - held_since < MIN_HOLD:  # a tap, or the microphone was gone meanwhile
            self._skip_next = True
            self._settle(self.tr("I didn't hear anything. Hold the button while you speak."))
            return
        self._interrupt("a spoken question")  # a question tapped while Talk was held
        self._voice_waiting = True
        self._set("thinking", self.tr("Thinking…"))

    def ask(self, question: str) -> bool:
        """A tapped (or typed) question; queued until the engines are ready."""
        if self.session is None:
            self._pending = [question]
            return False
        self._interrupt("a new question")
        self._set("thinking", self.tr("Thinking…"))
        self.turn = self.workers.start(self._text_job(question), "kiosk-turn", self._wire_turn)
        return True

    def _interrupt(self, reason: str) -> None:
        """The one way answers stop: the tapped worker and the live loop's voice turn are cancelled (one
        player, one conversation) and the player is silenced."""
        self._interrupted_at = time.perf_counter()  # before reading the token: see _respond
        if self.turn is not None and self.turn.running:
            self.turn.cancel(reason)
        if self._voice_cancel is not None:
            self._voice_cancel.cancel(reason)
        if self.live is not None:
            self.live.stop_reading_ahead()  # the live loop reads the conversation ahead after a voice turn
        self._voice_waiting = False
        self.player.stop()

    def _text_job(self, question: str) -> Callable[[CancelToken], Iterator[PipelineEvent]]:
        def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
            for event in answer_text(question, self.session, cancel):
                if isinstance(event, AudioReady):
                    self.player.play(event.chunk)  # the guarded player only queues: never blocks
                    self._silence_if_cancelled(cancel)
                yield event

        return job

    def _silence_if_cancelled(self, cancel: CancelToken) -> None:
        """An interrupt can land between a turn's cancel check and its ``play``, queueing audio after the
        stop: the turn's thread stops the player again and ends."""
        if cancel.cancelled:
            self.player.stop()
            raise Cancelled(cancel.reason or "interrupted")

    def _wire_turn(self, worker: PipelineWorker) -> None:
        worker.text.connect(self.pipeline_event.emit)
        worker.finished.connect(lambda result: self.pipeline_event.emit(Finished(result)))
        worker.failed.connect(lambda code, message: self.pipeline_event.emit(Notice(code, message, level="error")))
        worker.done.connect(lambda: self._tap_done(worker))

    def _tap_done(self, worker: PipelineWorker) -> None:
        # an interrupted turn's end changes nothing: Talk may be held, or another answer runs
        if worker is self.turn and not worker.token.cancelled and self.current == "thinking":
            self._settle("")

    # -- voice turns (the live loop's turn thread) ---------------------------------------------------

    def _respond(self, text: str, cancel: CancelToken, timings: TurnTimings, started: float) -> Iterator[PipelineEvent]:
        """The live loop's answer to an utterance: the kiosk keeps its cancel token (a tap, a press or a
        reset stops it) and says when it ended, so "Thinking…" never stays."""
        self._voice_cancel = cancel  # before the check: an interrupt either sees this token or is seen here
        if started < self._interrupted_at or self._take_skip():
            return  # said before a press, tap or reset, or fired by stale press/release flags
        try:
            for event in answer_text(text, self.session, cancel, started=started, timings=timings):
                yield event
                self._silence_if_cancelled(cancel)  # the loop has just played this event's audio
        finally:
            self._voice_ended.emit(cancel)

    def _take_skip(self) -> bool:
        skip, self._skip_next = self._skip_next, False
        return skip

    def _on_voice_event(self, event: PipelineEvent) -> None:
        self.pipeline_event.emit(event)
        if isinstance(event, Notice) and event.level == "error" and self._voice_waiting:
            self._voice_waiting = False  # the question was not understood (or listening stopped)
            self._settle(event.message)

    def _on_voice_ended(self, cancel: CancelToken) -> None:
        if cancel is self._voice_cancel:
            self._voice_cancel = None
        if not cancel.cancelled and self._voice_waiting:  # an interrupted turn's state is the interrupter's
            self._voice_waiting = False
            self._settle("")

    def new_day(self, day: date) -> PipelineWorker | None:
        """The kiosk runs past midnight: the calendar and notes are read again for ``day``, between visitors
        (None when a turn is running or the engines are not loaded yet)."""
        session = self.session
        if session is None or session.context_request is None or self.busy:
            return None
        session.context_request = replace(session.context_request, day=day)

        def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
            yield StageStarted(Stage.WARM, self.tr("Reading today's calendar and notes"))
            session.refresh_context(cancel)
            session.warm_up(cancel)
            yield Finished(session)

        return self.workers.start(job, "kiosk-new-day")

    def reset(self, *, next_visitor: bool = True) -> None:
        """Silence any reply and forget the conversation; for the ``next_visitor`` (not when the same one
        starts a demo) the speech speed and volume the last one asked for go back to the settings'."""
        self._interrupt("the session was reset")
        self._pending = []
        if self.current == "thinking":
            self._settle("")
        if self.session is None:
            return
        self.session.conversation.clear()
        if next_visitor:
            options = self.session.options
            self.session.speed, self.session.volume = options.speed, options.volume
            self.player.volume = options.volume

    def close(self) -> None:
        if self.live is not None:
            self.live.stop(timeout=2.0)
            self.live = None

    def _settle(self, message: str) -> None:
        """Nothing is being answered: ready (or, without a microphone, tapped questions only)."""
        self._set("ready" if self.live is not None else "no_mic", message)

    def _set(self, state: str, message: str) -> None:
        self.current = state
        self.state.emit(state, message)


def _open_microphone(device: str) -> Any:
    return open_microphone(device or None)
