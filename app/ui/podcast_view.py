"""Podcast studio: documents → hosts and length → an editable script → render with progress → export."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.events import Finished
from app.core.podcast.export import new_episode_path
from app.core.podcast.plan import FORMATS as EPISODE_FORMATS
from app.core.podcast.script import load, to_json
from app.core.settings import check_feed_url
from app.jobs.history import scan
from app.jobs.services import ExportChoice, Services
from app.jobs.voices import PREVIEW_TEXT
from app.ui.document_drop_list import DocumentDropList
from app.ui.host_editor import HostEditor
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.job_page import JobPage
from app.ui.notice_list_widget import NoticeListWidget
from app.ui.page_header import PageHeader, error_label, muted, section
from app.ui.playback import LiveAudio, Player
from app.ui.player_widget import PlayerWidget, clock
from app.ui.script_editor import ScriptEditor
from app.ui.settings_store import SettingsStore
from app.ui.source_list_editor import source_filter
from app.ui.stage_progress_widget import StageProgressWidget
from app.ui.workers import PipelineWorker, WorkerSet
from engines.errors import DaycastError
from engines.fsutil import atomic_write_text

FORMATS = ("mp3", "m4a", "opus")
_FORMAT_LABELS = {"deep-dive": QT_TRANSLATE_NOOP("PodcastView", "Deep dive (two hosts)"),
                  "brief": QT_TRANSLATE_NOOP("PodcastView", "Brief (one host, under 2 min)"),
                  "critique": QT_TRANSLATE_NOOP("PodcastView", "Critique (two hosts)"),
                  "debate": QT_TRANSLATE_NOOP("PodcastView", "Debate (hosts take sides)")}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "episode"


def _card(*rows: QWidget | QHBoxLayout | QVBoxLayout) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    column = QVBoxLayout(frame)
    column.setContentsMargins(14, 10, 14, 12)
    column.setSpacing(8)
    for row in rows:
        if isinstance(row, QWidget):
            column.addWidget(row)
        else:
            column.addLayout(row)
    return frame


class PodcastView(QWidget, JobPage):
    episode_ready = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, store: SettingsStore, services: Services, workers: WorkerSet,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.services = services
        self.workers = workers
        self.worker: PipelineWorker | None = None
        self.preview_worker: PipelineWorker | None = None
        self.result: Any = None
        self.out_path: Path | None = None
        v = store.settings.voices
        self.header = PageHeader(self.tr("Podcast studio"), self.tr(
            "Two hosts talk through your documents. Read and edit the "
                                 "script before it is voiced."))
        self.documents = DocumentDropList()
        self.documents.setMinimumHeight(80)
        self.add_button = QPushButton(self.tr("Add documents…"))
        self.add_button.setAccessibleName(self.tr("Add documents"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected document"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Title (written from the documents if empty)"))
        self.title.setAccessibleName(self.tr("Episode title"))
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 60)
        self.minutes.setValue(5.0)
        self.minutes.setSingleStep(0.5)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Episode length in minutes"))
        self.episode_format = QComboBox()
        for fmt in EPISODE_FORMATS:
            self.episode_format.addItem(self.tr(_FORMAT_LABELS[fmt]), fmt)
        self.episode_format.setAccessibleName(self.tr("Episode format"))
        self.focus = QLineEdit()
        self.focus.setPlaceholderText(self.tr("Focus: what to emphasise, who is listening (optional)"))
        self.focus.setAccessibleName(self.tr("Episode focus"))
        self.host_a = HostEditor(self.tr("Host 1"), v.host_a_name, v.host_a_voice)
        self.host_b = HostEditor(self.tr("Host 2"), v.host_b_name, v.host_b_voice)
        self.write_button = QPushButton(self.tr("Write script"))
        self.write_button.setProperty("role", "primary")
        self.write_button.setAccessibleName(self.tr("Write the script"))

        self.script_editor = ScriptEditor()
        self.save_script = QPushButton(self.tr("Save script…"))
        self.save_script.setAccessibleName(self.tr("Save the script as JSON"))
        self.load_script = QPushButton(self.tr("Open script…"))
        self.load_script.setAccessibleName(self.tr("Open a script JSON file"))
        self.format_boxes = {fmt: QCheckBox(fmt.upper()) for fmt in FORMATS}
        for fmt, box in self.format_boxes.items():
            box.setAccessibleName(self.tr("Export {format}").format(format=fmt.upper()))
            box.setChecked(fmt == "mp3")
        self.chapters = QCheckBox(self.tr("Chapters"))
        self.chapters.setChecked(True)
        self.chapters.setAccessibleName(self.tr("Write chapters"))
        self.feed_dir = QLineEdit()
        self.feed_dir.setPlaceholderText(self.tr("Feed folder (optional)"))
        self.feed_dir.setToolTip(self.tr("An RSS feed with this episode is written to this folder"))
        self.feed_dir.setAccessibleName(self.tr("Feed folder"))
        self.feed_url = QLineEdit(self.store.settings.feed_url)
        self.feed_url.setPlaceholderText(self.tr("Feed web address (optional)"))
        self.feed_url.setToolTip(self.tr(
            "Where you publish the feed folder, e.g. https://example.org/podcast/: the feed then links to "
            "each episode by its web address, as podcast apps need"))
        self.feed_url.setAccessibleName(self.tr("Feed web address"))
        self.render_button = QPushButton(self.tr("Render episode"))
        self.render_button.setProperty("role", "primary")
        self.render_button.setAccessibleName(self.tr("Render the episode"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel writing or rendering"))
        self.cancel_button.setEnabled(False)
        self.status = muted("")
        self.status.setAccessibleName(self.tr("Podcast status"))
        self.error = error_label()
        self.stages = StageProgressWidget()
        self.notices = NoticeListWidget(self.tr("Notes about this episode"))
        self.player = Player(store.settings.output_device, force_silent=services.force_silent_audio, parent=self)
        self.player_widget = PlayerWidget(self.player)
        # previews have their own player, so the episode keeps its place (and its file) while one plays
        self.preview_player = Player(store.settings.output_device, force_silent=services.force_silent_audio,
                                     parent=self)
        self.player.playing_changed.connect(lambda playing: self.preview_player.stop() if playing else None)
        self.made_by = muted("")
        self.made_by.setAccessibleName(self.tr("Models that made this episode"))
        self.episodes = QListWidget()
        self.episodes.setAccessibleName(self.tr("Earlier episodes"))
        self.episodes.setMinimumHeight(70)
        self.episodes.setMaximumHeight(110)
        self.episode_entries: list[Any] = []
        self.current_episode: Path | None = None
        self.join_worker: PipelineWorker | None = None
        self.join_result: Any = None
        self.resume_timer = QTimer(self)  # owned by the view, so it never fires on a closed window's player
        self.resume_timer.setSingleShot(True)
        self.resume_timer.timeout.connect(self._resume_episode)
        self._resume_at = 0.0
        self.join_question = QLineEdit()
        self.join_question.setPlaceholderText(self.tr("Ask the hosts about this episode…"))
        self.join_question.setAccessibleName(self.tr("Question for the hosts"))
        self.join_button = QPushButton(self.tr("Join in"))
        self.join_button.setAccessibleName(self.tr("Pause the episode and ask the hosts"))
        self.join_answer = muted("")
        self.join_answer.setWordWrap(True)
        self.join_answer.setAccessibleName(self.tr("The hosts' answer"))
        self.answer_audio = LiveAudio(store.settings.output_device, force_silent=services.force_silent_audio,
                                      parent=self)
        self._layout()
        self._connect()
        self._sync_buttons()

    def _layout(self) -> None:
        doc_buttons = QHBoxLayout()
        doc_buttons.addWidget(self.add_button)
        doc_buttons.addWidget(self.remove_button)
        doc_buttons.addStretch(1)
        show = QFormLayout()
        show.addRow(self.tr("Title"), self.title)
        show.addRow(self.tr("Length"), self.minutes)
        show.addRow(self.tr("Format"), self.episode_format)
        show.addRow(self.tr("Focus"), self.focus)
        show_box = QWidget()
        show_box.setLayout(show)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(section(self.tr("Documents")))
        left.addWidget(_card(self.documents, doc_buttons))
        left.addWidget(section(self.tr("Show")))
        left.addWidget(_card(show_box, self.host_a, self.host_b))
        left.addWidget(self.write_button)
        left.addWidget(self.notices)
        left.addWidget(section(self.tr("Episodes")))
        left.addWidget(self.episodes)
        left.addStretch(1)
        script_buttons = QHBoxLayout()
        script_buttons.addWidget(section(self.tr("Script")))
        script_buttons.addStretch(1)
        script_buttons.addWidget(self.load_script)
        script_buttons.addWidget(self.save_script)
        export = QHBoxLayout()
        export.addWidget(QLabel(self.tr("Export")))
        for box in self.format_boxes.values():
            export.addWidget(box)
        export.addWidget(self.chapters)
        export.addWidget(self.feed_dir, 1)
        export.addWidget(self.feed_url, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.render_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.status, 1)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addLayout(script_buttons)
        right.addWidget(self.script_editor, 1)
        right.addLayout(export)
        right.addLayout(actions)
        right.addWidget(self.error)
        right.addWidget(self.stages)
        right.addWidget(self.player_widget)
        join = QHBoxLayout()
        join.addWidget(self.join_question, 1)
        join.addWidget(self.join_button)
        right.addLayout(join)
        right.addWidget(self.join_answer)
        right.addWidget(self.made_by)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        left_box = QWidget()
        left_box.setLayout(left)
        left.setContentsMargins(0, 0, 8, 0)
        left_scroll = QScrollArea()  # scrolls rather than squeezing the fields when notes and episodes pile up
        left_scroll.setWidgetResizable(True)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setWidget(left_box)
        left_scroll.setMaximumWidth(440)
        left_scroll.setMinimumWidth(400)
        columns.addWidget(left_scroll)
        columns.addLayout(right, 1)
        page = QVBoxLayout(self)
        page.setContentsMargins(28, 24, 28, 20)
        page.addWidget(self.header)
        page.addLayout(columns, 1)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._pick_documents)
        self.remove_button.clicked.connect(self.documents.remove_selected)
        self.documents.changed.connect(lambda _d: self._sync_buttons())
        self.documents.refused.connect(self._show_error)
        self.write_button.clicked.connect(self.write_script)
        self.render_button.clicked.connect(lambda: self.render_episode())
        self.cancel_button.clicked.connect(self.cancel)
        self.save_script.clicked.connect(self._save_script)
        self.load_script.clicked.connect(self._open_script)
        self.host_a.changed.connect(lambda n, v: self.store.update_section("voices", host_a_name=n, host_a_voice=v))
        self.host_b.changed.connect(lambda n, v: self.store.update_section("voices", host_b_name=n, host_b_voice=v))
        self.host_a.preview_requested.connect(self.preview_voice)
        self.host_b.preview_requested.connect(self.preview_voice)
        self.script_editor.edited.connect(self._sync_buttons)
        self.episodes.currentRowChanged.connect(self._play_episode)
        self.join_button.clicked.connect(lambda: self.join_in())
        self.join_question.returnPressed.connect(lambda: self.join_in())
        self.join_question.textChanged.connect(lambda _t: self._sync_buttons())

    # --- documents and script files --------------------------------------------------------------

    def _pick_documents(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add documents"), str(Path.home()), source_filter())
        self.documents.add(*files)

    def _save_script(self) -> None:
        script = self.script_editor.script()
        if script is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr(
            "Save script"), f"{slug(script.title)}.json", self.tr("Script (*.json)"))
        if target:
            self.write_script_file(Path(target))

    def write_script_file(self, path: Path) -> Path:
        atomic_write_text(path, to_json(self.script_editor.script()))
        self.status.setText(self.tr("Script saved to {path}").format(path=path))
        return path

    def _open_script(self) -> None:
        target, _ = QFileDialog.getOpenFileName(self, self.tr("Open script"), str(Path.home()), self.tr(
            "Script (*.json)"))
        if target:
            self.open_script_file(Path(target))

    def open_script_file(self, path: Path) -> bool:
        try:
            self.script_editor.set_script(load(path))
        except DaycastError as exc:
            self._show_error(str(exc))
            return False
        self.out_path = None  # a new episode
        self._sync_buttons()
        return True

    # --- jobs ------------------------------------------------------------------------------------

    def _options(self) -> dict[str, Any]:
        return {"minutes": self.minutes.value(), "title": self.title.text().strip(),
                "format": self.episode_format.currentData(), "focus": self.focus.text().strip(),
                "hosts": ((self.host_a.host_name(), self.host_a.voice_spec()),
                          (self.host_b.host_name(), self.host_b.voice_spec()))}

    def write_script(self) -> bool:
        if self.worker is not None or not self.documents.documents():
            return False
        job = self.services.podcast_script_job(self.store.settings, self.documents.documents(), self._options())
        self._begin(self.tr("Writing the script…"))
        self.script_editor.summary.setText(self.tr("Writing…"))
        self.worker = self.workers.start(job, "script", self._wire_script)
        self._set_busy(True)
        return True

    def _wire_script(self, worker: PipelineWorker) -> None:
        self._wire_common(worker)
        worker.finished.connect(self._script_ready)

    def _script_ready(self, script: Any) -> None:
        self.stages.complete_all()
        self.script_editor.set_script(script)
        self.out_path = None  # a new episode
        self.status.setText(self.tr("Script ready: about {minutes} minutes. Edit any line, then Render.").format(
            minutes=f"{script.estimated_minutes():.1f}"))

    def export_choice(self) -> ExportChoice:
        formats = tuple(fmt for fmt, box in self.format_boxes.items() if box.isChecked()) or ("mp3",)
        feed = self.feed_dir.text().strip()
        return ExportChoice(formats=formats, chapters=self.chapters.isChecked(),
                            feed_dir=Path(feed).expanduser() if feed else None)

    def episode_path(self, script: Any) -> Path:
        """The file a render writes. The script in the editor, edited and rendered again, replaces its own
        episode (same feed item, and the render cache keeps the turns that did not change); a new script
        gets a new name."""
        suffix = "." + self.export_choice().formats[0]
        if self.out_path is not None:
            return self.out_path.with_suffix(suffix)
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M")
        folder = self.store.settings.resolved_output_dir() / "episodes"
        return new_episode_path(folder, f"{stamp}-{slug(script.title)}", suffix)

    def render_episode(self, out: Path | None = None) -> bool:
        script = self.script_editor.script()
        if self.worker is not None or script is None:
            return False
        if not self._keep_feed_url():
            return False
        self.out_path = out or self.episode_path(script)
        try:
            job = self.services.podcast_render_job(self.store.settings, script, self.out_path, self.export_choice())
        except DaycastError as exc:
            self._show_error(str(exc))
            return False
        self.resume_timer.stop()  # a join-in's resume would play the file being replaced
        self.player.stop()
        self._begin(self.tr("Rendering the episode…"))
        self.worker = self.workers.start(job, "render", self._wire_render)
        self._set_busy(True)
        return True

    def _keep_feed_url(self) -> bool:
        """The feed's web address is a setting (the same for every episode): saved when it changed."""
        url = self.feed_url.text().strip()
        if url == self.store.settings.feed_url:
            return True
        try:
            url = check_feed_url(url) if url else ""
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        return self.store.update(feed_url=url)

    def _wire_render(self, worker: PipelineWorker) -> None:
        self._wire_common(worker)
        worker.finished.connect(self._episode_done)

    def _episode_done(self, result: Any) -> None:
        self.stages.complete_all()
        self.result = result
        audio = Path(getattr(result, "audio_path", None) or self.out_path or "")
        duration = float(getattr(result, "duration", 0.0) or 0.0)
        self._load_audio(audio, duration or None)
        self.current_episode = audio
        models = getattr(result, "models", ())
        self.made_by.setText(self._made_by([m.label() for m in models]))
        self.status.setText(self.tr("Episode ready: {length}, saved as {name}.").format(
            length=clock(self.player.duration), name=audio.name))
        self.episode_ready.emit(result)
        self.refresh_episodes()

    def _wire_common(self, worker: PipelineWorker) -> None:
        worker.stage_started.connect(self.stages.start)
        worker.progress.connect(self.stages.progress)
        worker.stage_finished.connect(self.stages.finish)
        worker.notice.connect(self.notices.add)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        worker.done.connect(self._on_done)

    def _made_by(self, models: Sequence[str]) -> str:
        return self.tr("Made by: {models}").format(models="; ".join(models)) if models else ""

    def _begin(self, text: str) -> None:
        self.error.hide()
        self.stages.reset()
        self.notices.clear()
        self.status.setText(text)

    def cancel(self) -> None:
        if self.worker is not None:
            self.status.setText(self.tr("Cancelling…"))
            self.worker.cancel()

    def _set_busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        self._sync_buttons()
        self.busy_changed.emit(busy)

    def _sync_buttons(self) -> None:
        idle = self.worker is None
        self.write_button.setEnabled(idle and bool(self.documents.documents()))
        has_script = self.script_editor.script() is not None
        self.render_button.setEnabled(idle and has_script)
        self.save_script.setEnabled(has_script)
        self.join_button.setEnabled(self.current_episode is not None and self.join_worker is None
                                    and bool(self.join_question.text().strip()))

    # --- earlier episodes ------------------------------------------------------------------------

    def refresh_episodes(self) -> PipelineWorker:
        folder = self.store.settings.resolved_output_dir()

        def job(_cancel: Any) -> Any:
            yield Finished([e for e in scan(folder) if e.kind != "briefing"])

        return self.workers.start(job, "episodes", lambda w: w.finished.connect(self._show_episodes))

    def _show_episodes(self, entries: list[Any]) -> None:
        self.episode_entries = entries
        self.episodes.blockSignals(True)
        self.episodes.clear()
        for entry in entries:
            length = f" · {clock(entry.duration)}" if entry.duration else ""
            # the month is named in the window's language
            created = QLocale().toString(QDateTime(entry.created), self.tr("d MMM HH:mm"))
            self.episodes.addItem(f"{entry.title} · {created}{length}")
        if not entries:
            self.episodes.addItem(self.tr("None yet"))
        self.episodes.blockSignals(False)

    def _play_episode(self, row: int) -> None:
        if 0 <= row < len(self.episode_entries):
            entry = self.episode_entries[row]
            self._load_audio(Path(entry.audio), entry.duration or None)
            self.current_episode = Path(entry.audio)
            self._sync_buttons()
            self.made_by.setText(self._made_by(entry.models))

    # --- join in ---------------------------------------------------------------------------------

    def join_in(self, question: str | None = None) -> bool:
        """Pause the episode where it is, ask its hosts ``question`` (in a worker thread), play their answer,
        then resume the episode at the start of the interrupted sentence."""
        question = (question if question is not None else self.join_question.text()).strip()
        if self.join_worker is not None or self.current_episode is None or not question:
            return False
        at = self.player.position()
        self.resume_timer.stop()  # the last answer's resume would play over this one
        self.player.pause()
        job = self.services.join_in_job(self.store.settings, self.current_episode, question, at)
        self.join_answer.setText(self.tr("Asking the hosts: {question}").format(question=question))
        self.join_worker = self.workers.start(job, "join-in", self._wire_join)
        self._sync_buttons()
        return True

    def _wire_join(self, worker: PipelineWorker) -> None:
        worker.text.connect(self._join_line)
        worker.finished.connect(self._join_done)
        no_answer = self.tr("No answer: {reason}")
        worker.failed.connect(lambda _code, message: self.join_answer.setText(no_answer.format(reason=message)))
        worker.done.connect(self._join_ended)

    def _join_line(self, event: Any) -> None:
        if event.kind == "reply":
            self.join_answer.setText(f"{self.join_answer.text()}\n{event.speaker}: {event.text}")

    def _join_done(self, answer: Any) -> None:
        self.join_result = answer
        self.join_question.clear()
        self.answer_audio.push(answer.samples, answer.rate)
        self._resume_at = float(answer.resumed_at)
        self.resume_timer.start(int(answer.duration * 1000) + 300)

    def _resume_episode(self) -> None:
        self.player.seek(self._resume_at)
        self.player.play()

    def _load_audio(self, path: Path, duration: float | None = None) -> None:
        self.resume_timer.stop()  # a pending resume belongs to the audio being replaced
        self.player_widget.load(path, duration)

    def _join_ended(self) -> None:
        self.join_worker = None
        self._sync_buttons()

    # --- voice previews --------------------------------------------------------------------------

    def preview_voice(self, voice: str) -> bool:
        if self.preview_worker is not None:
            return False
        out = Path(tempfile.gettempdir()) / f"daycast-preview-{slug(voice)}.wav"
        job = self.services.voice_preview_job(voice, PREVIEW_TEXT, out, self.store.settings.device)
        self.status.setText(self.tr("Preparing a preview of {voice}…").format(voice=voice))
        self.preview_worker = self.workers.start(job, "preview", self._wire_preview)
        return True

    def _wire_preview(self, worker: PipelineWorker) -> None:
        worker.finished.connect(self._play_preview)
        worker.failed.connect(lambda _c, m: self.status.setText(self.tr("No preview: {reason}").format(reason=m)))
        worker.done.connect(self._preview_done)

    def _play_preview(self, path: Path) -> None:
        self.resume_timer.stop()
        self.player.pause()
        self.preview_player.load(path)
        self.preview_player.play()
        self.status.setText(self.tr("Playing the voice preview."))

    def _preview_done(self) -> None:
        self.preview_worker = None
