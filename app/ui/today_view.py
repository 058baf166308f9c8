"""Today: the daily briefing — sources in use, Generate/Cancel, progress, player, linked transcript."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.sources.subscriptions import SubscriptionStore
from app.jobs.services import Services
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.job_page import JobPage
from app.ui.notice_list_widget import NoticeListWidget
from app.ui.page_header import PageHeader, error_label, muted
from app.ui.playback import LiveAudio, Player
from app.ui.player_widget import PlayerWidget, clock
from app.ui.settings_store import SettingsStore
from app.ui.stage_progress_widget import StageProgressWidget
from app.ui.transcript_widget import TranscriptWidget
from app.ui.workers import PipelineWorker, WorkerSet
from engines.errors import DaycastError
from engines.paths import assets_dir


def briefing_path(output_dir: Path, day: date) -> Path:
    return output_dir / f"briefing-{day.isoformat()}.mp3"


def describe_sources(sources: tuple[str, ...], limit: int = 4, subscriptions: int = 0) -> str:
    followed = ""
    if subscriptions:
        followed = QCoreApplication.translate("TodayView", "{count} subscriptions (Sources page)").format(
            count=subscriptions)
        if subscriptions == 1:
            followed = QCoreApplication.translate("TodayView", "1 subscription (Sources page)")
    if not sources:
        return followed or QCoreApplication.translate("TodayView", "No sources yet.")
    names = ", ".join(_source_name(s) for s in sources[:limit])
    more = ""
    if len(sources) > limit:
        more = QCoreApplication.translate("TodayView", " and {count} more").format(count=len(sources) - limit)
    if len(sources) == 1:
        text = QCoreApplication.translate("TodayView", "1 source: {names}").format(names=names) + more
    else:
        summary = QCoreApplication.translate("TodayView", "{count} sources: {names}")
        text = summary.format(count=len(sources), names=names) + more
    return f"{text} · {followed}" if followed else text


def _subscription_count() -> int:
    try:
        return len(SubscriptionStore().load())
    except DaycastError:
        return 0


def _source_name(source: str) -> str:
    if "://" in source:
        return source.split("://", 1)[1].split("/", 1)[0]
    path = Path(source).expanduser()
    if path.is_dir():
        try:  # bounded: a huge folder must not stall the window
            count = sum(1 for _ in itertools.islice((p for p in path.rglob("*") if p.is_file()), 500))
        except OSError:
            count = 0
        shown = "500+" if count == 500 else str(count)
        files = QCoreApplication.translate("TodayView", "{count} files").format(count=shown)
        if count == 1:
            files = QCoreApplication.translate("TodayView", "1 file")
        return f"{path.name}/ ({files})"
    return path.name or source


class TodayView(QWidget, JobPage):
    """``briefing_ready(result)`` when a briefing finished; ``edit_sources`` asks for the Settings page."""

    briefing_ready = Signal(object)
    edit_sources = Signal()
    busy_changed = Signal(bool)
    failed_status = QT_TRANSLATE_NOOP("TodayView", "The briefing could not be made.")

    def __init__(self, store: SettingsStore, services: Services, workers: WorkerSet,
                 parent: QWidget | None = None, opener: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.services = services
        self.workers = workers
        self.worker: PipelineWorker | None = None
        self.result: Any = None
        self.header = PageHeader(self.tr("Today"), "")
        self.sources_label = QLabel()
        self.sources_label.setWordWrap(True)
        self.sources_label.setAccessibleName(self.tr("Sources in use"))
        self.edit_button = QPushButton(self.tr("Edit sources…"))
        self.edit_button.setAccessibleName(self.tr("Edit sources in Settings"))
        self.demo_button = QPushButton(self.tr("Use the demo sources"))
        self.demo_button.setAccessibleName(self.tr("Use the demo sources"))
        self.generate_button = QPushButton(self.tr("Generate briefing"))
        self.generate_button.setProperty("role", "primary")
        self.generate_button.setAccessibleName(self.tr("Generate today's briefing"))
        self.generate_button.setShortcut("Ctrl+G")
        self.generate_button.setToolTip(self.tr("Generate today's briefing (Ctrl+G)"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the briefing"))
        self.cancel_button.setEnabled(False)
        self.status = muted("")
        self.status.setAccessibleName(self.tr("Briefing status"))
        self.error = error_label()
        self.stages = StageProgressWidget()
        self.player = Player(store.settings.output_device, force_silent=services.force_silent_audio, parent=self)
        self.player_widget = PlayerWidget(self.player)
        self.live = LiveAudio(store.settings.output_device, force_silent=services.force_silent_audio, parent=self)
        self.play_live = QCheckBox(self.tr("Play while it is made"))
        self.play_live.setAccessibleName(self.tr("Play each sentence while the briefing is made"))
        self.play_live.setChecked(self.live.available)
        self.play_live.setEnabled(self.live.available)
        self.play_live.setToolTip(self.live.message or self.tr("Hear the first sentences within seconds"))
        self.made_by = muted("")
        self.made_by.setAccessibleName(self.tr("Models that made this briefing"))
        self.transcript = TranscriptWidget(opener=opener)
        self.transcript.set_placeholder(self.tr("Press Generate to hear what your day holds. The transcript appears "
                                        "here, each item linked to where it came from."))
        self.notices = NoticeListWidget(self.tr("Notes about this briefing"))
        self._layout()
        self._connect()
        self._refresh_sources(store.settings)

    def _layout(self) -> None:
        sources_card = QFrame()
        sources_card.setProperty("role", "card")
        card = QHBoxLayout(sources_card)
        card.setContentsMargins(14, 10, 14, 10)
        card.addWidget(self.sources_label, 1)
        card.addWidget(self.demo_button)
        card.addWidget(self.edit_button)
        actions = QHBoxLayout()
        actions.addWidget(self.generate_button)
        actions.addWidget(self.cancel_button)
        actions.addSpacing(12)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.play_live)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.setSpacing(12)
        column.addWidget(self.header)
        column.addWidget(sources_card)
        column.addLayout(actions)
        column.addWidget(self.error)
        column.addWidget(self.stages)
        column.addWidget(self.player_widget)
        column.addWidget(self.made_by)
        column.addWidget(self.transcript, 1)
        column.addWidget(self.notices)

    def _connect(self) -> None:
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel)
        self.edit_button.clicked.connect(self.edit_sources.emit)
        self.demo_button.clicked.connect(self.use_demo_sources)
        self.store.changed.connect(self._refresh_sources)
        self.player_widget.position_changed.connect(self.transcript.set_position)
        self.transcript.seek_requested.connect(self.player.seek)

    # --- sources ---------------------------------------------------------------------------------

    @staticmethod
    def demo_sources() -> Path:
        return assets_dir() / "demo" / "sources"

    def use_demo_sources(self) -> None:
        self.store.update(sources=[str(self.demo_sources())])

    def _refresh_sources(self, settings: Any) -> None:
        # The date pattern itself is translated ("M月d日（dddd）"), and QLocale names the day and month.
        today = QLocale().toString(QDate.currentDate(), self.tr("dddd d MMMM"))
        length = self.tr("a {minutes}-minute spoken briefing").format(minutes=f"{settings.briefing_minutes:g}")
        self.header.set_subtitle(f"{today} · {length}")
        followed = _subscription_count()
        self.sources_label.setText(describe_sources(settings.sources, subscriptions=followed))
        self.sources_label.setToolTip("\n".join(settings.sources))
        self.demo_button.setVisible(not settings.sources and not followed and self.demo_sources().is_dir())

    # --- generation ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def generate(self) -> bool:
        """Start a briefing in a worker; False (with a message) when it cannot start."""
        if self.busy:
            return False
        settings = self.store.settings
        out = briefing_path(settings.resolved_output_dir(), date.today())
        try:
            job = self.services.briefing_job(settings, out)
        except DaycastError as exc:
            self._show_error(str(exc))
            return False
        self.player.stop()
        self.result = None
        self.error.hide()
        self.notices.clear()
        self.stages.reset()
        self.transcript.clear_lines()
        self.made_by.setText("")
        self.status.setText(self.tr("Preparing your briefing…"))
        self.worker = self.workers.start(job, "briefing", self._wire)
        self._set_busy(True)
        return True

    def _wire(self, worker: PipelineWorker) -> None:
        worker.stage_started.connect(self.stages.start)
        worker.progress.connect(self.stages.progress)
        worker.stage_finished.connect(self.stages.finish)
        worker.text.connect(self._on_text)
        worker.audio.connect(self._on_audio)
        worker.notice.connect(self.notices.add)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        worker.done.connect(self._on_done)

    def cancel(self) -> None:
        self.live.stop()
        if self.worker is not None:
            self.status.setText(self.tr("Cancelling…"))
            self.worker.cancel()

    def _on_text(self, event: Any) -> None:
        self.transcript.append_live(event.text)

    def _on_audio(self, event: Any) -> None:
        if self.play_live.isChecked():
            self.live.push(event.chunk.samples, event.chunk.sample_rate)

    def _on_finished(self, result: Any) -> None:
        self.stages.complete_all()
        self.result = result
        self.show_result(result)
        self.briefing_ready.emit(result)

    def show_result(self, result: Any) -> None:
        self.transcript.set_lines(result.lines)
        self.player_widget.load(Path(result.audio_path), result.duration)
        self.made_by.setText(self.tr("Made by: {models}").format(models="; ".join(m.label() for m in result.models)))
        self.status.setText(self.tr("Ready: {length} of audio, saved as {name}. Press Play (Ctrl+P).").format(
            length=clock(result.duration), name=Path(result.audio_path).name))

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.busy_changed.emit(busy)
