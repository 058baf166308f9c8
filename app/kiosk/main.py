"""Start the kiosk: rotating logs, kiosk mode, locked-down settings, the guarded player, the window
fullscreen, and the systemd watchdog petted from the event loop."""

from __future__ import annotations

import logging
import os
import signal
import sys
from dataclasses import dataclass, replace

from PySide6.QtCore import QTimer

from app.core import settings as settings_mod
from app.core.desktop_libs import require_desktop_libraries
from app.core.kiosk.audio import GuardedPlayer, open_kiosk_player
from app.core.kiosk.config import ENV_FLAG, kiosk_settings, load_config, require_pin
from app.jobs.services import Services
from app.kiosk.logs import setup_logging
from app.kiosk.watchdog import Watchdog
from app.kiosk.window import KioskParts, KioskWindow
from app.ui.i18n import install_translation
from app.ui.main import create_application
from app.ui.theme import apply_theme

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KioskLaunch:
    """How ``daycast kiosk`` was asked to start."""

    windowed: bool = False
    idle_seconds: float | None = None
    prepare: bool | None = None


def enter_kiosk_mode() -> None:
    """Mark this process as a kiosk: voice import and other operator-only actions refuse from now on."""
    os.environ[ENV_FLAG] = "1"


def stop_on_signals(window: KioskWindow) -> None:
    """SIGTERM/SIGINT (``systemctl stop``, Ctrl-C) end the kiosk cleanly, without the PIN.

    Python runs signal handlers only between bytecodes, so a short timer keeps waking the interpreter
    while Qt's event loop (C++) runs.
    """
    def handler(signum: int, _frame: object) -> None:
        log.info("kiosk stopping on signal %d", signum)
        QTimer.singleShot(0, lambda: window.quit_kiosk(f"on signal {signum}"))

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    waker = QTimer(window)
    waker.setInterval(300)
    waker.timeout.connect(lambda: None)
    waker.start()


def run(launch: KioskLaunch) -> int:


    require_desktop_libraries()  # before the QApplication: exit 2 naming the packages to install
    setup_logging()
    enter_kiosk_mode()
    pin_hash = require_pin()
    config, message = load_config()
    if message:
        log.warning("%s", message)
    if launch.idle_seconds is not None:
        config = replace(config, idle_seconds=launch.idle_seconds)
    if launch.prepare is not None:
        config = replace(config, prepare_on_start=launch.prepare)
    loaded = settings_mod.load()
    settings = kiosk_settings(loaded.settings, config)
    log.info("kiosk starting (pid %d): privacy mode on, sources %s", os.getpid(), ", ".join(settings.sources))
    app = create_application(sys.argv[:1])
    install_translation(app, loaded.settings.ui_language)
    apply_theme(app, "light")
    window_ref: list[KioskWindow] = []
    player = GuardedPlayer(lambda: open_kiosk_player(config.output_device)[0], stall_seconds=config.stall_seconds,
                           on_problem=lambda m: window_ref[0].audio_problem.emit(m) if window_ref else None)
    services = Services()
    window = KioskWindow(KioskParts(settings=settings, config=config, pin_hash=pin_hash, services=services,
                                    player=player))
    window_ref.append(window)
    watchdog = Watchdog(checks=(player.check,))
    window.quit_requested.connect(app.quit)
    if launch.windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    window.start()
    stop_on_signals(window)
    watchdog.start("Kiosk ready" + (" (silent: no speaker)" if player.silent else ""))
    try:
        status = app.exec()
    finally:
        watchdog.stop()
        player.close()
    return _exit(window, services, status)


def _exit(window: KioskWindow, services: Services, status: int) -> int:
    """Wait (bounded) for work that could not stop at once; a QThread destroyed while running would abort."""
    running = [w for w in window.leftover if not w.wait(10_000)]
    if running:
        log.warning("leaving %d job(s) unfinished at exit: %s", len(running), ", ".join(w.name for w in running))
        logging.shutdown()
        os._exit(status)
    services.close()
    log.info("kiosk stopped")
    logging.shutdown()
    return status
