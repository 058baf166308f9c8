"""``daycast app`` / ``daycast-app``: open the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.jobs.services import Services
from app.ui.main_window import MainWindow
from app.ui.settings_store import SettingsStore
from app.ui.theme import apply_theme


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
    app = create_application(argv)
    store = SettingsStore()
    apply_theme(app, store.settings.theme)
    window = MainWindow(store, Services())
    if page:
        from app.ui.main_window import PAGES

        matches = [i for i, name in enumerate(PAGES) if name.lower().startswith(page.lower())]
        if matches:
            window.show_page(matches[0])
    window.show()
    app.setQuitOnLastWindowClosed(True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
