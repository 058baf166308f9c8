"""Assistant: push-to-talk (button, Space on it, Ctrl+Space anywhere in the window), hands-free,
live partial transcript, streamed replies labelled with model and route, and Stop.

Without a microphone the page says so plainly and typed questions still work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.events import AudioReady, TextKind
from app.jobs.services import Services
from app.jobs.voice import VoiceControl
from app.ui.conversation_widget import ConversationWidget
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.page_header import PageHeader, muted
from app.ui.playback import LiveAudio, audio_inputs
from app.ui.settings_store import SettingsStore
from app.ui.workers import PipelineWorker, WorkerSet
from engines.cancel import CancelToken
from engines.errors import Cancelled

NO_MIC = QT_TRANSLATE_NOOP("AssistantView", "No microphone found. Connect one (Settings → Audio devices), or type your "
                           "question below.")


class AssistantView(QWidget):
    busy_changed = Signal(bool)

    def __init__(self, store: SettingsStore, services: Services, workers: WorkerSet,
                 parent: QWidget | None = None, microphones: list[str] | None = None,
                 mic_factory: Any = None, player_factory: Any = None) -> None:
        super().__init__(parent)
        self.voice_worker: PipelineWorker | None = None
        self.voice = VoiceControl()
        self._restart_voice = False  # the session ends to start again in the other mode
        self._mic_factory = mic_factory
        self._player_factory = player_factory
        self.store = store
        self.services = services
        self.workers = workers
        self.worker: PipelineWorker | None = None
        self.history: list[tuple[str, str]] = []
        self._asked = ""
        self._reply = ""
        self.microphones = audio_inputs() if microphones is None else microphones
        self.header = PageHeader(self.tr("Assistant"), self.tr(
            "Ask about your day. Hold the button, or press Ctrl+Space to "
                                 "start and stop talking."))
        self.mic_status = QLabel("")
        self.mic_status.setWordWrap(True)
        self.mic_status.setAccessibleName(self.tr("Microphone status"))
        self.talk_button = QPushButton(self.tr("Hold to talk"))
        self.talk_button.setProperty("role", "primary")
        self.talk_button.setAccessibleName(self.tr("Push to talk"))
        self.talk_button.setMinimumHeight(56)
        self.talk_button.setToolTip(self.tr("Hold with the mouse or the Space bar; Ctrl+Space toggles"))
        self.hands_free = QCheckBox(self.tr("Hands-free: listen all the time and answer when I stop speaking"))
        self.hands_free.setAccessibleName(self.tr("Hands-free listening"))
        self.partial = muted("")
        self.partial.setAccessibleName(self.tr("What you are saying"))
        self.conversation = ConversationWidget()
        self.question = QLineEdit()
        self.question.setPlaceholderText(self.tr("Or type a question and press Enter"))
        self.question.setAccessibleName(self.tr("Type a question"))
        self.ask_button = QPushButton(self.tr("Ask"))
        self.ask_button.setAccessibleName(self.tr("Ask the typed question"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the answer"))
        self.stop_button.setEnabled(False)
        self.stop_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.shortcut = QShortcut(QKeySequence("Ctrl+Space"), self)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.listening = False
        self.live = LiveAudio(store.settings.output_device, force_silent=services.force_silent_audio, parent=self)
        self._layout()
        self._connect()
        self._refresh(store.settings)

    def _layout(self) -> None:
        talk_row = QHBoxLayout()
        talk_row.addWidget(self.talk_button, 1)
        talk_row.addWidget(self.stop_button)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.question, 1)
        ask_row.addWidget(self.ask_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.setSpacing(12)
        column.addWidget(self.header)
        column.addWidget(self.mic_status)
        column.addLayout(talk_row)
        column.addWidget(self.hands_free)
        column.addWidget(self.partial)
        column.addWidget(self.conversation, 1)
        column.addLayout(ask_row)

    def _connect(self) -> None:
        self.talk_button.pressed.connect(self.start_listening)
        self.talk_button.released.connect(self.stop_listening)
        self.shortcut.activated.connect(self.toggle_listening)
        self.hands_free.toggled.connect(self._hands_free_toggled)
        self.ask_button.clicked.connect(self.ask_typed)
        self.question.returnPressed.connect(self.ask_typed)
        self.stop_button.clicked.connect(self.stop)
        self.store.changed.connect(self._refresh)

    def _refresh(self, settings: Any) -> None:
        has_mic = bool(self.microphones)
        if not has_mic:
            self.mic_status.setText(self.tr(NO_MIC))
            self.mic_status.setProperty("role", "warning")
        else:
            name = settings.input_device or self.tr("the default microphone")
            self.mic_status.setText(self.tr("Listening through {name}.").format(name=name))
            self.mic_status.setProperty("role", "muted")
        self.mic_status.style().unpolish(self.mic_status)
        self.mic_status.style().polish(self.mic_status)
        self.talk_button.setEnabled(has_mic)
        self.hands_free.setEnabled(has_mic)
        self._show_hands_free(settings.talk_mode == "hands_free" and has_mic)

    def _show_hands_free(self, on: bool) -> None:
        """The box follows the settings (at launch too) and the session follows the box: ticked means listening."""
        if self.hands_free.isChecked() == on:
            return
        self.hands_free.blockSignals(True)  # the setting already says so: nothing to save
        self.hands_free.setChecked(on)
        self.hands_free.blockSignals(False)
        self._switch_voice(on)

    # --- voice: push-to-talk and hands-free ------------------------------------------------------

    def start_voice(self) -> PipelineWorker | None:
        """Open the microphone and the live assistant (kept running until Stop or hands-free off)."""
        if self.voice_worker is not None:
            return self.voice_worker
        job = self.services.voice_session_job(self.store.settings, self.voice, self._mic_factory,
                                              self._player_factory)
        self.voice_worker = self.workers.start(job, "voice", self._wire_voice)
        self.stop_button.setEnabled(True)
        return self.voice_worker

    def stop_voice(self) -> None:
        if self.voice_worker is not None:
            self.voice_worker.cancel("stopped listening")

    def _wire_voice(self, worker: PipelineWorker) -> None:
        worker.text.connect(self._on_voice_text)
        worker.finished.connect(self._on_voice_turn)
        worker.notice.connect(self._on_voice_notice)
        worker.failed.connect(lambda _c, message: self._voice_failed(message))
        worker.stage_started.connect(lambda _s, message: self.partial.setText(message))
        worker.stage_finished.connect(lambda _s, _t: self.partial.setText(self._listening_hint()))
        worker.done.connect(self._voice_done)

    def _listening_hint(self) -> str:
        return self.tr("Listening: just speak.") if self.hands_free.isChecked() else self.tr(
            "Ready: hold the button to talk.")

    def _on_voice_text(self, event: Any) -> None:
        if event.kind == TextKind.REPLY:
            self._reply = (self._reply + " " + event.text).strip()
            self.conversation.add_reply_text((" " if self.conversation.exchanges[-1].reply else "") + event.text)
        else:
            if event.kind == TextKind.QUESTION:
                self._asked, self._reply = event.text, ""
            self.conversation.set_partial(event.text, final=event.kind == TextKind.QUESTION)
            self.partial.setText(event.text if event.kind == TextKind.PARTIAL else "")

    def _on_voice_notice(self, code: str, message: str, _level: str) -> None:
        self.conversation.add_note(message)
        if code == "assistant.barge_in" and self.worker is not None:
            self.worker.cancel("you spoke")  # a typed reply is interrupted like a spoken one
            self._stop_session_audio()

    def _on_voice_turn(self, result: Any) -> None:
        self._on_finished(result)

    def _voice_failed(self, message: str) -> None:
        self.conversation.add_note(message)
        self.mic_status.setText(message)

    def _voice_done(self) -> None:
        self.voice_worker = None
        self.listening = False
        self.talk_button.setText(self.tr("Hold to talk"))
        self.partial.setText("")
        self.stop_button.setEnabled(self.worker is not None)
        if self._restart_voice:
            self._restart_voice = False
            self.start_voice()
        elif self.hands_free.isChecked():
            self.hands_free.setChecked(False)  # Stop, Escape or a failure ended it: not listening any more

    def _hands_free_toggled(self, on: bool) -> None:
        self.store.update(talk_mode="hands_free" if on else "push_to_talk")
        self._switch_voice(on)

    def _switch_voice(self, on: bool) -> None:
        """The live assistant stops, and restarts in hands-free mode when ``on``."""
        self._restart_voice = False
        self.stop_voice()
        if on and self.voice_worker is None:
            self.start_voice()
        elif on:
            self._restart_voice = True

    def start_listening(self) -> None:
        if not self.talk_button.isEnabled():
            self.partial.setText(self.mic_status.text())
            return
        self.listening = True
        self.talk_button.setText(self.tr("Listening… release to send"))
        self.partial.setText(self.tr("Listening…"))
        self.voice.press()
        self.start_voice()

    def stop_listening(self) -> None:
        if not self.listening:
            return
        self.listening = False
        self.talk_button.setText(self.tr("Hold to talk"))
        self.partial.setText("")
        self.voice.release()

    def toggle_listening(self) -> None:
        if self.listening:
            self.stop_listening()
        else:
            self.start_listening()

    # --- typed questions -------------------------------------------------------------------------

    def ask_typed(self) -> bool:
        question = self.question.text().strip()
        if not question or self.worker is not None:
            return False
        self.question.clear()
        self._asked = question
        self._reply = ""
        self.conversation.set_partial(question, final=True)
        self.worker = self.workers.start(self._typed_job(question), "assistant", self._wire)
        self._set_busy(True)
        return True

    def _typed_job(self, question: str) -> Callable[[CancelToken], Iterator[Any]]:
        """The typed turn; while a voice session is open its reply plays through the session's player, so
        the live loop knows it is speaking (half duplex, barge-in) instead of hearing and answering it."""
        job = self.services.assistant_text_job(self.store.settings, tuple(self.history), question)

        def played(cancel: CancelToken) -> Iterator[Any]:
            for event in job(cancel):
                player = self._session_player() if isinstance(event, AudioReady) else None
                if player is None:
                    yield event  # no session: the page's own output plays it
                    continue
                player.play(event.chunk)  # in the worker: resampling never holds the window
                if cancel.cancelled:  # Stop or a barge-in landed before this play: nothing may stay queued
                    player.stop()
                    raise Cancelled(cancel.reason or "stopped")

        return played

    def _session_player(self) -> Any:
        live = self.voice.live
        return None if live is None else live.player

    def _stop_session_audio(self) -> None:
        player = self._session_player()
        if player is not None:
            player.stop()

    def _wire(self, worker: PipelineWorker) -> None:
        worker.text.connect(self._on_text)
        worker.audio.connect(self._on_audio)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        worker.done.connect(self._on_done)
        worker.stage_started.connect(lambda _s, m: self.partial.setText(m))

    def _on_text(self, event: Any) -> None:
        if event.kind in (TextKind.PARTIAL, TextKind.QUESTION):
            self.conversation.set_partial(event.text, final=event.kind == TextKind.QUESTION or event.final)
            return
        # the assistant pipeline sends whole sentences; the plain LLM path sends pieces of text
        piece = event.text if not event.final or not self._reply else " " + event.text
        self._reply += piece
        self.conversation.add_reply_text(piece)

    def _on_audio(self, event: Any) -> None:
        self.live.push(event.chunk.samples, event.chunk.sample_rate)

    def _on_finished(self, result: Any) -> None:
        model = getattr(result, "model", None)
        label = f"{model.id} · {model.route} · {model.device}" if model is not None else ""
        if not model and getattr(result, "intent", None) is not None:
            label = self.tr("command: {kind}").format(kind=result.intent.kind)
        self.conversation.finish_reply(label, interrupted=bool(getattr(result, "interrupted", False)))
        self.history.append((self._asked, self._reply))

    def _on_failed(self, _code: str, message: str) -> None:
        self.conversation.add_note(message)

    def _on_cancelled(self, _message: str) -> None:
        self.conversation.finish_reply(self.tr("stopped"), interrupted=True)

    def _on_done(self) -> None:
        self.worker = None
        self.partial.setText("")
        self._set_busy(False)

    def stop(self) -> None:
        """Stop the answer being written, and stop listening (hands-free goes off with it)."""
        self.live.stop()
        if self.worker is not None:
            self.worker.cancel("stopped by you")
        self._restart_voice = False
        self.stop_voice()

    def _set_busy(self, busy: bool) -> None:
        self.stop_button.setEnabled(busy or self.voice_worker is not None)
        self.ask_button.setEnabled(not busy)
        self.busy_changed.emit(busy)
