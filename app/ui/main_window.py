"""The main window: navigation on the left, one page at a time on the right, a message line on top."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import schedule as sched
from app.jobs.services import Services
from app.jobs.warmup import warm_imports
from app.ui.about_dialog import AboutDialog
from app.ui.assistant_view import AssistantView
from app.ui.daily_scheduler import DailyScheduler
from app.ui.history_view import HistoryView
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.icons import app_icon
from app.ui.message_banner import MessageBanner
from app.ui.models_view import ModelsView
from app.ui.player_widget import clock
from app.ui.podcast_view import PodcastView
from app.ui.settings_store import SettingsStore
from app.ui.settings_view import SettingsView
from app.ui.sources_view import SourcesView
from app.ui.theme import apply_theme
from app.ui.today_view import TodayView
from app.ui.tray_icon import TrayIcon
from app.ui.workers import WorkerSet, when_workers_end

PAGES = (QT_TRANSLATE_NOOP("MainWindow", "Today"), QT_TRANSLATE_NOOP("MainWindow", "Podcast studio"),
         QT_TRANSLATE_NOOP("MainWindow", "Assistant"), QT_TRANSLATE_NOOP("MainWindow", "Models & backend"),
         QT_TRANSLATE_NOOP("MainWindow", "Settings"), QT_TRANSLATE_NOOP("MainWindow", "History"),
         QT_TRANSLATE_NOOP("MainWindow", "Sources"))


class MainWindow(QMainWindow):
    def __init__(self, store: SettingsStore, services: Services | None = None, *, opener: Any = None,
                 microphones: list[str] | None = None, clock_fn: Callable | None = None,
                 use_tray: bool = True, mic_factory: Any = None, player_factory: Any = None) -> None:
        super().__init__()
        self.store = store
        self.services = services or Services()
        self.workers = WorkerSet(self)
        self.quit_wait_ms = 10_000
        """How long quitting waits for cancelled jobs before leaving them to finish on their own."""
        self.setWindowTitle(self.tr("Daycast"))
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)
        self.setMinimumSize(QSize(960, 640))
        self.banner = MessageBanner()
        silent = self.services.force_silent_audio
        self.today = TodayView(store, self.services, self.workers, opener=opener)
        self.podcast = PodcastView(store, self.services, self.workers)
        self.assistant = AssistantView(store, self.services, self.workers, microphones=microphones,
                                       mic_factory=mic_factory, player_factory=player_factory)
        self.models = ModelsView(store, self.workers)
        self.settings_view = SettingsView(store)
        self.history = HistoryView(store, self.workers, force_silent=silent, opener=opener)
        self.sources = SourcesView(store, self.workers)
        self.pages: list[QWidget] = [self.today, self.podcast, self.assistant, self.models, self.settings_view,
                                     self.history, self.sources]
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Pages"))
        self.navigation.setFixedWidth(210)
        self.stack = QStackedWidget()
        for index, (name, page) in enumerate(zip(PAGES, self.pages, strict=True)):
            item = QListWidgetItem(self.tr(name))
            item.setToolTip(self.tr("{page} (Ctrl+{number})").format(page=self.tr(name), number=index + 1))
            self.navigation.addItem(item)
            self.stack.addWidget(page)
        self._layout()
        self._menus()
        self.scheduler = DailyScheduler(store.settings.schedule, self, clock=clock_fn)
        self.tray = TrayIcon(app_icon(), self) if use_tray and TrayIcon.available() else None
        self._connect()
        self.navigation.setCurrentRow(0)

        self.warmup = self.workers.start(warm_imports, "warm-up")
        if store.load_message:
            self.banner.show_message(store.load_message, self.tr("error"))

    def _layout(self) -> None:
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(right, 1)
        self.setCentralWidget(central)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for index, name in enumerate(PAGES):
            action = QAction(self.tr(name), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.show_page(i))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Daycast and model licences"), self)
        about.setShortcut(QKeySequence(Qt.Key.Key_F1))
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _connect(self) -> None:
        self.navigation.currentRowChanged.connect(self._page_changed)
        self.today.edit_sources.connect(self.show_sources)
        self.today.briefing_ready.connect(self._briefing_ready)
        self.podcast.episode_ready.connect(self._episode_ready)
        self.settings_view.theme_changed.connect(self.apply_theme)
        self.store.changed.connect(lambda s: self.scheduler.set_text(s.schedule))
        self.store.error.connect(lambda message: self.banner.show_message(message, self.tr("error")))
        self.scheduler.due.connect(self._schedule_due)
        if self.tray is not None:
            self.tray.show_action.triggered.connect(self.bring_to_front)
            self.tray.brief_action.triggered.connect(self.prepare_scheduled_briefing)  # asked for: always made
            self.tray.quit_action.triggered.connect(self.close)
            self.tray.activated.connect(lambda _reason: self.bring_to_front())
            self.tray.show()

    # --- navigation ------------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def _page_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        page = self.pages[index]
        if page is self.models and not self.models.loaded:
            self.models.refresh()
        if page is self.history:
            self.history.refresh()
        if page is self.podcast:
            self.podcast.refresh_episodes()
        if page is self.sources:
            self.sources.refresh()

    def show_sources(self) -> None:
        self.show_page(PAGES.index("Settings"))
        self.settings_view.show_sources()

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.open()
        return dialog

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def apply_theme(self, mode: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)
        for page in (self.today, self.history):
            page.transcript.set_lines(page.transcript.lines)  # re-render with the new colours

    # --- daily briefing and notifications --------------------------------------------------------

    def _schedule_due(self) -> bool:
        if sched.timer_installed():  # the user timer makes it (with the app open or not): not twice
            return False
        return self.prepare_scheduled_briefing()

    def prepare_scheduled_briefing(self) -> bool:
        started = self.today.generate()
        self._scheduled_run = started
        if not started and not self.today.busy:
            self.notify(self.tr("Daycast could not prepare the briefing"), self.today.error.text())
        return started

    def _briefing_ready(self, result: Any) -> None:
        """Tell the user when they did not just watch it happen (a scheduled run, or another window in front)."""
        if getattr(self, "_scheduled_run", False) or not self.isActiveWindow():
            self.notify(self.tr("Your briefing is ready"),
                        self.tr("{length} of audio. Open Daycast to listen.").format(length=clock(result.duration)))
        self._scheduled_run = False

    def _episode_ready(self, result: Any) -> None:
        if not self.isActiveWindow():
            self.notify(self.tr("Your episode is ready"), str(getattr(result, "audio_path", "")))

    def notify(self, title: str, message: str) -> None:
        """A tray notification where there is a tray; the message line in the window always."""
        if self.tray is not None:
            self.tray.notify(title, message)
        self.banner.show_message(f"{title}. {message}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.workers.shutdown(self.quit_wait_ms)
        when_workers_end(self.services.close)  # a worker still decoding keeps the models until it ends
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)
