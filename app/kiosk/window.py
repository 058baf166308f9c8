"""The kiosk window: fullscreen, no way out but the admin PIN, an attract loop when nobody is there.

Every touch, click or key restarts the idle timer. When it runs out (and nothing the visitor started
is still playing) the session is reset — conversation cleared, audio stopped, back to home — and the
attract loop starts; the next input stops it. Escape, Alt+F4 and any close request open the PIN
dialog; only the right PIN closes the window.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from app.core.audio.player import list_devices
from app.core.events import Finished, Notice, TextKind, TextReady
from app.core.kiosk.config import KioskConfig, save_config, set_pin
from app.core.kiosk.demo import attract_clip_path, read_clip
from app.core.kiosk.pin import PinGate
from app.core.settings import Settings
from app.jobs.services import Services
from app.kiosk import jobs
from app.kiosk.activity_view import ActivityView
from app.kiosk.admin_panel import AdminPanel
from app.kiosk.attract_view import AttractView
from app.kiosk.home_view import HomeView
from app.kiosk.pin_dialog import PinDialog
from app.kiosk.state import KioskSession
from app.kiosk.talk import KioskAssistant
from app.kiosk.theme import KIOSK_STYLE
from app.ui.workers import PipelineWorker, WorkerSet
from engines.types import AudioChunk

log = logging.getLogger(__name__)

INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel,
                QEvent.Type.TabletPress}


@dataclass
class KioskParts:
    """What the window runs on. ``idle_ms``/``card_ms`` override the config (tests use a fraction of a
    second); ``microphones`` None means "ask PortAudio"; ``engines_factory`` and ``mic_opener`` are
    for tests and benchmarks."""

    settings: Settings
    config: KioskConfig
    pin_hash: str
    services: Services
    player: Any
    microphones: list[str] | None = None
    idle_ms: int | None = None
    card_ms: int | None = None
    engines_factory: Callable[[Settings], Any] | None = None
    mic_opener: Callable[[], Any] | None = None
    today: Callable[[], date] = date.today
    pin_saver: Callable[[str], str] | None = None
    config_saver: Callable[[KioskConfig], Any] = field(default=save_config)


class KioskWindow(QWidget):
    quit_requested = Signal()
    audio_problem = Signal(str)

    def __init__(self, parts: KioskParts) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.parts = parts
        self.config = parts.config
        self.settings = parts.settings
        self.player = parts.player
        self.gate = PinGate(parts.pin_hash)
        self.session = KioskSession()
        self.workers = WorkerSet(self)
        self.visitor_job: PipelineWorker | None = None
        self.preparing: dict[str, PipelineWorker] = {}
        self.pin_dialog: PinDialog | None = None
        self.admin_panel: AdminPanel | None = None
        self.quitting = False
        self.leftover: list[PipelineWorker] = []
        self._clip: jobs.Playable | None = None
        self._clip_base = 0.0
        self.join_answer: Any = None
        self.joinable = False
        """The hosts' last join-in answer (``app.jobs.join_in.JoinInAnswer``)."""
        self._clip_starts: list[float] = []
        self._last_attract_clip = -1e9
        self.setObjectName("kiosk")
        self.setWindowTitle(self.tr("Daycast kiosk"))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setStyleSheet(KIOSK_STYLE)
        self.home = HomeView()
        self.activity = ActivityView()
        self.attract = AttractView(parts.card_ms or round(self.config.card_seconds * 1000))
        self.stack = QStackedWidget()
        for view in (self.home, self.activity, self.attract):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(parts.idle_ms or round(self.config.idle_seconds * 1000))
        self.idle_timer.timeout.connect(self._idle)
        self.caption_timer = QTimer(self)
        self.caption_timer.setInterval(100)
        self.caption_timer.timeout.connect(self._follow_clip)
        self._content_day = parts.today()
        self.day_timer = QTimer(self)  # a kiosk runs for days: past midnight, today is a new day
        self.day_timer.setInterval(60_000)
        self.day_timer.timeout.connect(self.roll_day)
        self.day_timer.start()
        microphones = parts.microphones if parts.microphones is not None else _microphones()
        self.assistant = KioskAssistant(parts.settings, parts.services, self.player, self.workers,
                                        microphones=microphones, engines_factory=parts.engines_factory,
                                        mic_opener=parts.mic_opener)
        self._connect()
        self.home.set_microphone(False, self.tr("Getting ready…"))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.show_view("home")
        self.idle_timer.start()

    def _connect(self) -> None:
        self.home.talk_pressed.connect(self.talk_pressed)
        self.home.talk_released.connect(self.assistant.release)
        self.home.ask.connect(self.ask)
        self.home.play_briefing.connect(self.play_briefing)
        self.home.make_podcast.connect(self.make_podcast)
        self.home.admin.connect(lambda: self.request_pin("settings"))
        self.activity.back.connect(self.back_home)
        self.activity.join_in.connect(self.join_in)
        self.assistant.pipeline_event.connect(self._assistant_event)
        self.assistant.state.connect(self._assistant_state)
        self.audio_problem.connect(self._on_audio_problem)

    # -- start-up ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the assistant and, when configured, make today's demo content in the background."""
        self.assistant.prepare()
        if self.config.prepare_on_start:
            self.prepare_content()

    def roll_day(self) -> bool:
        """After midnight, between visitors: the assistant reads the new day's calendar and notes, and the
        new day's briefing is prepared when the kiosk prepares content at all. True when the day changed."""
        today = self.parts.today()
        if today == self._content_day or self.visitor_busy():
            return False
        if self.assistant.session is not None and self.assistant.new_day(today) is None:
            return False  # the assistant is busy: try again at the next check
        log.info("a new day (%s): reading its calendar and notes", today)
        self._content_day = today
        if self.config.prepare_on_start:
            self.prepare_content()
        return True

    def prepare_content(self) -> None:
        """Make the attract clip, today's briefing and the sample episode, one after another."""
        self._content_day = self.parts.today()
        services, settings = self.parts.services, self.settings
        self._run_chain([("attract", jobs.attract_job(services, settings)),
                         ("briefing", jobs.briefing_job(services, settings, self.parts.today(), decode=False)),
                         ("podcast", jobs.podcast_job(services, settings, decode=False))])

    def _run_chain(self, chain: list[tuple[str, jobs.Job]]) -> None:
        if not chain:
            return
        kind, job = chain[0]

        def wire(worker: PipelineWorker) -> None:
            worker.failed.connect(lambda code, message: log.warning("preparing the %s failed (%s): %s",
                                                                    kind, code, message))
            worker.done.connect(lambda: self.preparing.pop(kind, None))
            worker.done.connect(lambda: self._run_chain(chain[1:]))

        self.preparing[kind] = self.workers.start(job, f"kiosk-prepare-{kind}", wire)

    # -- views and idle ---------------------------------------------------------------------------------

    def show_view(self, name: str) -> None:
        self.session.view = name  # type: ignore[assignment]
        self.stack.setCurrentWidget({"home": self.home, "activity": self.activity, "attract": self.attract}[name])
        if name == "attract":
            self.attract.start()
            self._play_attract_clip()
        else:
            self.attract.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in INPUT_EVENTS or self.quitting:
            return False
        self.note_input()
        if self.session.view == "attract":
            self.player.stop()
            self.show_view("home")
            return True  # the touch that wakes the kiosk does not also press a button
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        dialog_open = self.pin_dialog is not None or self.admin_panel is not None
        if event.key() == Qt.Key.Key_Escape and not dialog_open:
            self.request_pin("exit")
            return True
        if event.key() == Qt.Key.Key_F4 and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.request_pin("exit")
            return True
        return False

    def note_input(self) -> None:
        self.idle_timer.start()

    def _cancel_visitor(self, why: str) -> None:
        job = self.visitor_job
        if job is not None and self._visitor_running():
            job.cancel(why)

    def _visitor_running(self) -> bool:
        """A demo the visitor started is being made (background preparation is never cancelled)."""
        job = self.visitor_job
        return job is not None and job.running and job not in self.preparing.values()

    def visitor_busy(self) -> bool:
        job_running = self.visitor_job is not None and self.visitor_job.running
        return job_running or self.assistant.busy or (self._clip is not None and self.player.is_playing)

    def _idle(self) -> None:
        if self.visitor_busy() and self.session.view != "attract":
            self.idle_timer.start()  # someone may be listening: wait for the next quiet spell
            return
        self.reset_session()
        self.show_view("attract")

    def reset_session(self) -> None:
        """Clear everything the last visitor did: conversation, running demo, audio, open dialogs."""
        log.info("kiosk session reset after idle")
        for dialog in (self.pin_dialog, self.admin_panel):
            if dialog is not None:
                dialog.reject()
        self._cancel_visitor("the visitor left")
        self.visitor_job = None
        self._stop_clip()
        self.assistant.reset()
        self.session.reset()
        self.home.show_session(self.session)
        self.show_view("home")

    # -- exit and settings behind the PIN ----------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.quitting:
            super().closeEvent(event)
            return
        event.ignore()
        self.request_pin("exit")

    def request_pin(self, purpose: str) -> PinDialog:
        if self.pin_dialog is not None:
            return self.pin_dialog
        dialog = PinDialog(self.gate, purpose, self)
        dialog.accepted.connect(lambda: self._pin_accepted(purpose))
        dialog.finished.connect(self._pin_closed)
        self.pin_dialog = dialog
        dialog.open()
        return dialog

    def _pin_closed(self, _result: int) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.deleteLater()
        self.pin_dialog = None

    def _pin_accepted(self, purpose: str) -> None:
        if purpose == "exit":
            QTimer.singleShot(0, lambda: self.quit_kiosk())
        else:
            QTimer.singleShot(0, self.open_admin)

    def open_admin(self) -> AdminPanel:
        inputs, outputs = list_devices()
        status = self.tr("Speaker: silent (none found).") if getattr(self.player, "silent", False) else ""
        panel = AdminPanel(self.config, outputs, inputs, status, self)
        panel.config_changed.connect(self._config_changed)
        panel.pin_changed.connect(self._pin_changed)
        panel.exit_requested.connect(lambda: self.quit_kiosk())
        panel.refresh_requested.connect(self.prepare_content)
        panel.finished.connect(lambda _r: setattr(self, "admin_panel", None))
        self.admin_panel = panel
        panel.open()
        return panel

    def _config_changed(self, config: KioskConfig) -> None:
        self.config = config
        self.parts.config_saver(config)
        if self.parts.idle_ms is None:
            self.idle_timer.setInterval(round(config.idle_seconds * 1000))

    def _pin_changed(self, pin: str) -> None:
        saver = self.parts.pin_saver or set_pin
        self.gate.stored_hash = saver(pin)

    def quit_kiosk(self, reason: str = "by the admin") -> None:
        log.info("kiosk exit %s", reason)
        self.quitting = True
        for dialog in (self.pin_dialog, self.admin_panel):
            if dialog is not None:
                dialog.reject()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
        self.attract.stop()
        self.caption_timer.stop()
        self.player.stop()
        self.assistant.close()
        self.leftover = self.workers.active  # a model still loading cannot be interrupted: main waits for it
        self.workers.shutdown(3000)
        self.close()
        self.quit_requested.emit()

    # -- the demo flows ---------------------------------------------------------------------------------

    def play_briefing(self) -> PipelineWorker | None:
        self.activity.begin(self.tr("Today's briefing"),
                            self.tr("Making today's briefing from the demo calendar, news and notes…"))
        job = jobs.briefing_job(self.parts.services, self.settings, self.parts.today())
        return self._start_visitor_job(job, "briefing")

    def make_podcast(self) -> PipelineWorker | None:
        self.activity.begin(self.tr("A podcast from this sample"),
                            self.tr("Two AI hosts are recording the sample episode…"))
        return self._start_visitor_job(jobs.podcast_job(self.parts.services, self.settings), "podcast")

    def join_in(self, question: str) -> PipelineWorker | None:
        """Pause the playing episode, let its hosts answer ``question``, then resume at the cut sentence."""
        clip = self._clip
        if clip is None or clip.chunk is None or not self.joinable:
            return None
        at = min(self.clip_position(), clip.made.duration)
        self._stop_clip()
        self.activity.playing(self.tr("You asked: {question}").format(question=question))
        self.activity.join_button.setEnabled(False)
        job = jobs.join_in_job(self.parts.services, self.settings, clip.made.audio_path, question, at)

        def wire(worker: PipelineWorker) -> None:
            worker.text.connect(lambda e: self.activity.show_caption(e.text, e.speaker or "")
                                if e.kind == "reply" else None)
            worker.finished.connect(lambda answer: self._resume_after_answer(worker, clip, answer))
            worker.failed.connect(lambda _code, message: self._failed(worker, message))
            worker.done.connect(lambda: self.activity.join_button.setEnabled(True))

        worker = self.workers.start(job, "kiosk-join-in", wire)
        self.visitor_job = worker
        return worker

    def _resume_after_answer(self, worker: PipelineWorker, clip: jobs.Playable, answer: Any) -> None:
        if worker is not self.visitor_job or clip.chunk is None:
            return
        if answer.samples.size:
            self.player.play(AudioChunk(answer.samples, answer.rate, "join-in answer"))
        start = round(answer.resumed_at * clip.chunk.sample_rate)
        self.player.play(AudioChunk(clip.chunk.samples[start:], clip.chunk.sample_rate, clip.chunk.text))
        self.join_answer = answer
        self._clip = clip
        self._clip_starts = [cue.start for cue in clip.made.captions]
        # clip_position() reads the episode's own time once the answer has played
        self._clip_base = self.player.played_seconds + answer.duration - answer.resumed_at
        self.caption_timer.start()

    def _follow_preparation(self, worker: PipelineWorker, job: jobs.Job, name: str) -> None:
        """The same content is being made in the background: show its progress, then play the result."""
        self._stop_clip()
        self.show_view("activity")
        self.visitor_job = worker
        worker.progress.connect(lambda _s, done, total, message: self._progress(worker, done, total, message))
        worker.stage_started.connect(lambda _s, message: self._progress(worker, 0, -1, message))
        worker.done.connect(lambda: self._start_visitor_job(job, name) if self.visitor_job is worker else None)

    def _start_visitor_job(self, job: jobs.Job, name: str) -> PipelineWorker | None:
        preparing = self.preparing.get(name)
        if preparing is not None and preparing.running:
            self._follow_preparation(preparing, job, name)
            return None
        self._cancel_visitor("another demo was chosen")
        self._stop_clip()
        self.assistant.reset(next_visitor=False)  # the same visitor: keep their volume
        self.show_view("activity")
        worker = self.workers.start(job, f"kiosk-{name}", self._wire_visitor)
        self.visitor_job = worker
        return worker

    def _wire_visitor(self, worker: PipelineWorker) -> None:
        worker.progress.connect(lambda _s, done, total, message: self._progress(worker, done, total, message))
        worker.stage_started.connect(lambda _s, message: self._progress(worker, 0, -1, message))
        worker.finished.connect(lambda result: self._play(worker, result))
        worker.failed.connect(lambda _code, message: self._failed(worker, message))

    def _progress(self, worker: PipelineWorker, done: float, total: float, message: str) -> None:
        if worker is self.visitor_job:
            self.activity.set_progress(done, total, message)

    def _failed(self, worker: PipelineWorker, message: str) -> None:
        if worker is self.visitor_job:
            log.error("demo failed: %s", message)
            self.activity.fail(self.tr("Sorry, that did not work: {reason}").format(reason=message))

    def _play(self, worker: PipelineWorker, result: jobs.Playable) -> None:
        if worker is not self.visitor_job or result.chunk is None:
            return
        self.play_clip(result, joinable=worker.name == "kiosk-podcast")

    def play_clip(self, result: jobs.Playable, *, joinable: bool = False) -> None:
        """Play a made demo file with its captions; an episode (``joinable``) offers the Join in button."""
        if result.chunk is None:
            return
        self._stop_clip()
        self._clip = result
        self._clip_starts = [cue.start for cue in result.made.captions]
        self._clip_base = self.player.played_seconds
        self.player.play(result.chunk)
        silent = getattr(self.player, "silent", False)
        self.activity.playing(self.tr("Playing silently: no speaker is connected") if silent else self.tr("Playing"))
        self.joinable = joinable
        self.activity.join_button.setVisible(joinable)
        self.caption_timer.start()

    def clip_position(self) -> float:
        return max(0.0, self.player.played_seconds - self._clip_base)

    def _follow_clip(self) -> None:
        if self._clip is None:
            self.caption_timer.stop()
            return
        position = self.clip_position()
        index = bisect.bisect_right(self._clip_starts, position) - 1
        if 0 <= index < len(self._clip.made.captions):
            cue = self._clip.made.captions[index]
            self.activity.show_caption(cue.text, cue.speaker)
        if not self.player.is_playing and position > 0.5:
            self.caption_timer.stop()
            self._clip = None
            self.activity.playing(self.tr("Finished. Press Back to try something else."))

    def _stop_clip(self) -> None:
        if self._clip is not None:
            self.player.stop()
        self._clip = None
        self.caption_timer.stop()

    def back_home(self) -> None:
        self._cancel_visitor("back to home")
        self.visitor_job = None
        self._stop_clip()
        self.show_view("home")

    def _play_attract_clip(self) -> None:
        every = self.config.attract_clip_every
        now = time.monotonic()
        path = attract_clip_path()
        if every <= 0 or now - self._last_attract_clip < every or not path.is_file():
            return
        try:
            self.player.play(read_clip(path))
        except Exception as exc:  # an unreadable clip only costs the sound of the attract loop
            log.warning("attract clip %s unreadable: %s", path, exc)
            return
        self._last_attract_clip = now

    # -- talking ----------------------------------------------------------------------------------------

    def talk_pressed(self) -> None:
        self._stop_clip()
        if self.assistant.press():
            self.home.set_listening(True)

    def ask(self, question: str) -> None:
        self._stop_clip()
        self.session.ask(question)
        self.home.show_session(self.session)
        self.assistant.ask(question)

    def _assistant_event(self, event: Any) -> None:
        if isinstance(event, TextReady) and event.kind == TextKind.QUESTION and event.final and event.text:
            if not self.session.exchanges or self.session.exchanges[-1].question != event.text:
                self.session.ask(event.text)
        elif isinstance(event, TextReady) and event.kind == TextKind.REPLY:
            self.session.answer(event.text + " ")
        elif isinstance(event, Notice) and event.level == "error":
            self.home.status.setText(event.message)
        elif isinstance(event, Finished):
            self.home.set_listening(False)
        self.home.show_session(self.session)

    def _assistant_state(self, state: str, message: str) -> None:
        if state in ("listening", "thinking"):
            self.home.status.setText(message)
            return
        self.home.set_listening(False)
        if state == "loading":
            self.home.set_microphone(False, message)
        else:
            self.home.set_microphone(self.assistant.voice_ready, message)

    def _on_audio_problem(self, message: str) -> None:
        log.warning("audio: %s", message)
        if self._clip is not None:
            self._stop_clip()
            self.activity.playing(self.tr("The sound device was restarted. Press Back and try again."))


def _microphones() -> list[str]:
    return list_devices()[0]
