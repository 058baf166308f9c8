"""The kiosk's assistant: push-to-talk through the live voice loop, and tapped questions.

Engines load in a worker (the LLM wrapped so it never runs beside the briefing), the day's context
comes from the demo sources, and ``reset`` clears the conversation for the next visitor. Without a
microphone (or before the voice loop is installed) the talk button is off and says so; tapped
questions still work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.assistant.session import answer_text, load_assistant_engines, open_session
from app.core.audio.microphone import open_microphone
from app.core.events import AudioReady, Finished, Notice, PipelineEvent, Stage, StageStarted
from app.core.kiosk.config import kiosk_data_dir
from app.core.settings import Settings
from app.jobs.locked_model import LockedModel
from app.jobs.services import Services
from app.ui.workers import PipelineWorker, WorkerSet
from engines.cancel import CancelToken

log = logging.getLogger(__name__)

EnginesFactory = Callable[[Settings], Any]
MicOpener = Callable[[], Any]


class KioskAssistant(QObject):
    """``pipeline_event(object)``: pipeline events of every turn, in the UI thread. ``state(str, str)``: one of
    loading / ready / no_mic / listening / thinking / error, and a message."""

    pipeline_event = Signal(object)
    state = Signal(str, str)

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
        message = self._start_voice()
        self._set("ready" if self.live is not None else "no_mic", message)
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
                                  session=self.session, on_event=self.pipeline_event.emit)
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
        if self.live is None:
            return False
        self.live.press()
        self._set("listening", self.tr("Listening…"))
        return True

    def release(self) -> None:
        if self.live is not None and self.current == "listening":
            self.live.release()
            self._set("thinking", self.tr("Thinking…"))

    def ask(self, question: str) -> bool:
        """A tapped (or typed) question; queued until the engines are ready."""
        if self.session is None:
            self._pending = [question]
            return False
        if self.turn is not None and self.turn.running:
            self.turn.cancel("a new question")
        self.player.stop()
        self._set("thinking", self.tr("Thinking…"))
        self.turn = self.workers.start(self._text_job(question), "kiosk-turn", self._wire_turn)
        return True

    def _text_job(self, question: str) -> Callable[[CancelToken], Iterator[PipelineEvent]]:
        def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
            for event in answer_text(question, self.session, cancel):
                if isinstance(event, AudioReady):
                    self.player.play(event.chunk)  # the guarded player only queues: never blocks
                yield event

        return job

    def _wire_turn(self, worker: PipelineWorker) -> None:
        worker.text.connect(self.pipeline_event.emit)
        worker.finished.connect(lambda result: self.pipeline_event.emit(Finished(result)))
        worker.failed.connect(lambda code, message: self.pipeline_event.emit(Notice(code, message, level="error")))
        worker.done.connect(lambda: self._set("ready" if self.live else "no_mic", ""))

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

    def reset(self) -> None:
        """Forget the conversation (the next visitor starts fresh) and silence any reply."""
        if self.turn is not None and self.turn.running:
            self.turn.cancel("the session was reset")
        self._pending = []
        self.player.stop()
        if self.session is not None:
            self.session.conversation.clear()

    def close(self) -> None:
        if self.live is not None:
            self.live.stop(timeout=2.0)
            self.live = None

    def _set(self, state: str, message: str) -> None:
        self.current = state
        self.state.emit(state, message)


def _open_microphone(device: str) -> Any:
    return open_microphone(device or None)
