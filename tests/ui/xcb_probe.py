"""Run the real ``daycast app`` start (``app.ui.main.main``) and photograph the screen once the window is up.

Used by ``test_xcb_start`` in a subprocess on Xvfb with ``QT_QPA_PLATFORM=xcb``:
``python -m tests.ui.xcb_probe OUT.png [PAGE]``. Prints the platform plugin's name; exits with main()'s status.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui import main as ui_main

TIMEOUT_S = 90.0


def _photograph(app: QApplication, out: Path, started: float) -> None:
    windows = [w for w in app.topLevelWidgets() if w.isVisible() and type(w).__name__ == "MainWindow"]
    # No window manager on Xvfb to activate it: shown and given a moment to paint is enough.
    ready = bool(windows) and (windows[0].isActiveWindow() or time.monotonic() - started > 5)
    if not ready:
        if time.monotonic() - started > TIMEOUT_S:
            print("window never appeared", file=sys.stderr)
            app.exit(3)
            return
        QTimer.singleShot(100, lambda: _photograph(app, out, started))
        return
    app.processEvents()
    screen = app.primaryScreen()
    shot = screen.grabWindow(0)  # the X server's root window: what a person would see on that display
    shot.save(str(out))
    print(f"platform={app.platformName()} window={windows[0].windowTitle()} size={shot.width()}x{shot.height()}")
    windows[0].close()
    app.quit()


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    page = argv[1] if len(argv) > 1 else "today"
    create = ui_main.create_application

    def create_and_watch(args: object = None) -> QApplication:
        # main() checks the libraries and opens the log first; the photographer is only added after it
        app = create(args)  # type: ignore[arg-type]
        QTimer.singleShot(300, lambda: _photograph(app, out, time.monotonic()))
        return app

    ui_main.create_application = create_and_watch  # type: ignore[assignment]
    return ui_main.main(page=page)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
