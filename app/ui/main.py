"""``daycast app`` / ``daycast-app``: open the main window.

Before any QApplication exists, the system libraries of Qt's xcb plugin are checked
(``app.core.desktop_libs``): a missing one ends the start with exit status 2 and the packages to install,
instead of Qt's abort. The app logs to ``app.log`` in the platform's state folder.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.desktop_libs import check_desktop_libraries
from app.core.logs import app_log_path, setup_logging
from app.jobs.services import Services
from app.ui.i18n import install_translation
from app.ui.main_window import PAGES, MainWindow
from app.ui.settings_store import SettingsStore
from app.ui.theme import apply_theme

log = logging.getLogger(__name__)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Daycast")
    app.setOrganizationName("Daycast")
    app.setDesktopFileName("daycast")
    return app


def main(argv: Sequence[str] | None = None, *, page: str = "") -> int:
    missing = check_desktop_libraries()
    if missing is not None:
        print(missing.message(), file=sys.stderr)
        return 2
    setup_logging(app_log_path())
    log.info("Daycast window starting")
    app = create_application(argv)
    store = SettingsStore()
    install_translation(app, store.settings.ui_language)
    apply_theme(app, store.settings.theme)
    window = MainWindow(store, Services())
    if page:
        matches = [i for i, name in enumerate(PAGES) if name.lower().startswith(page.lower())]
        if matches:
            window.show_page(matches[0])
    window.show()
    app.setQuitOnLastWindowClosed(True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
