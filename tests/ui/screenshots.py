"""Screenshots of every page at 1280×800 with real content: ``python -m tests.ui.screenshots OUTDIR``.

Runs offscreen in a private settings/data folder (the user's own settings are never touched), makes
a real briefing from the demo sources, writes a podcast script, asks the assistant a question, then
saves one PNG per page (plus the dark theme and the About box). ``--fast`` uses SmolLM2 instead of
the default Qwen2.5 model.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)


def _wait(app: object, predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout_s:.0f} s waiting for {what}")
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def _pick_model(fast: bool) -> str:
    from engines import bundled

    installed = {m.id for m in bundled.load_manifest() if m.is_installed()}
    for model_id in (() if fast else ("qwen2.5-1.5b-moe2x-q4km", "qwen2.5-1.5b-instruct-q4km")):
        if model_id in installed:
            return model_id
    return "smollm2-135m-instruct-q4_1"


def _isolate(home: Path) -> None:
    from engines.paths import models_dir

    os.environ["DAYCAST_MODELS"] = str(models_dir())  # keep the real model store
    os.environ["DAYCAST_HOME"] = str(home / "data")
    os.environ["DAYCAST_CONFIG"] = str(home / "config")
    os.environ["DAYCAST_CACHE"] = str(home / "cache")


def shoot(out_dir: Path, fast: bool = False, window_language: str = "en") -> list[Path]:
    home = Path(tempfile.mkdtemp(prefix="daycast-shots-"))
    _isolate(home)
    from app.core import settings as core_settings
    from app.jobs.services import Services
    from app.ui.i18n import install_translation
    from app.ui.main import create_application
    from app.ui.main_window import MainWindow
    from app.ui.settings_store import SettingsStore
    from app.ui.theme import apply_theme
    from engines.paths import assets_dir

    demo = assets_dir() / "demo" / "sources"
    model = _pick_model(fast)
    settings = core_settings.Settings(sources=(str(demo),), output_dir=str(home / "output"), briefing_minutes=1.0,
                                      llm_model=model, device="cpu", ui_language=window_language)
    core_settings.save(settings)
    app = create_application(sys.argv[:1])
    install_translation(app, window_language)
    apply_theme(app, "light")
    window = MainWindow(SettingsStore(), Services(), microphones=[], use_tray=False)
    window.resize(*SIZE)
    window.show()
    out_dir.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    suffix = "" if window_language == "en" else f"-{window_language}"

    def save(name: str) -> None:
        _wait(app, lambda: True, 0, "")
        app.processEvents()
        path = out_dir / f"{name}{suffix}.png"
        window.grab().save(str(path))
        shots.append(path)
        print(path, flush=True)

    print(f"model: {model}; making a briefing from {demo}", flush=True)
    today = window.today
    today.generate()
    _wait(app, lambda: today.worker is None, 900, "the briefing")
    if today.result is None:
        raise SystemExit(f"the briefing failed: {today.error.text()}")
    lines = today.transcript.lines
    today.player.seek(lines[min(len(lines) - 1, len(lines) // 3)].start + 0.1)
    save("01-today")

    window.show_page(1)
    podcast = window.podcast
    for name in ("article.html", "notes.md"):
        if (demo / name).exists():
            podcast.documents.add(str(demo / name))
    podcast.minutes.setValue(1.0)
    podcast.title.setText("The week in Brindlemoor")
    podcast.write_script()
    _wait(app, lambda: podcast.worker is None, 900, "the podcast script")
    save("02-podcast-studio")

    window.show_page(2)
    assistant = window.assistant
    assistant.question.setText("What should I remember to do today?")
    assistant.ask_typed()
    _wait(app, lambda: assistant.worker is None, 300, "the assistant's reply")
    save("03-assistant")

    window.show_page(3)
    _wait(app, lambda: window.models.loaded, 120, "the model list")
    save("04-models")

    window.show_page(4)
    save("05-settings")
    bar = window.settings_view.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    save("05b-settings-lower")

    window.show_page(5)
    _wait(app, lambda: bool(window.history.entries), 30, "the history")
    window.history.list.setCurrentRow(0)
    save("06-history")

    window.show_page(0)
    window.apply_theme("dark")
    save("07-today-dark")
    window.apply_theme("light")

    dialog = window.show_about()
    _wait(app, lambda: dialog.isVisible(), 5, "the About box")
    path = out_dir / f"08-about{suffix}.png"
    dialog.grab().save(str(path))
    shots.append(path)
    print(path, flush=True)
    dialog.close()
    window.close()
    return shots


def follow_sample_sources() -> Any:
    """Subscriptions served by a loopback server: two feeds, a calendar, and one that fails (a 500)."""
    from app.core.sources.subscriptions import Subscription, SubscriptionStore
    from app.jobs.sources import add_job, fetch_job
    from engines.cancel import CancelToken
    from tests.core.sources.feedserver import FeedServer, Route, ics, rss

    server = FeedServer()
    server.routes["/courier.xml"] = Route(rss("Brindlemoor Courier", [
        (f"c{i}", title, "text") for i, title in enumerate(("Council approves 47 new bike lanes",
                                                            "Harbour festival moves to June",
                                                            "Library extends opening hours"))]), etag='"c1"')
    server.routes["/ferry/feed.xml"] = Route(rss("Ferry News", [("f1", "Night ferry returns in May", "text")]))
    server.routes["/ferry/"] = Route(b'<html><head><link rel="alternate" type="application/rss+xml" '
                                     b'href="/ferry/feed.xml"></head><body>Ferries</body></html>',
                                     content_type="text/html")
    server.routes["/school.ics"] = Route(ics([("p1", "20260312T160000Z", "Piano lesson")], name="School"),
                                         content_type="text/calendar")
    server.routes["/weather.xml"] = Route(b"upstream error", status=500, content_type="text/plain")
    token = CancelToken()
    for url, name in ((server.url("/courier.xml"), ""), (server.url("/ferry/"), "Ferry News"),
                      ("webcal" + server.url("/school.ics")[4:], "School calendar")):
        list(add_job(url, name)(token))
    SubscriptionStore().add(Subscription(server.url("/weather.xml"), "feed", name="Weather service"))
    list(fetch_job()(token))
    return server


def shoot_sources(out_dir: Path) -> list[Path]:
    """Only the Sources page, with one failing source (quick: no models run)."""
    home = Path(tempfile.mkdtemp(prefix="daycast-shots-"))
    _isolate(home)
    from app.jobs.services import Services
    from app.ui.main import create_application
    from app.ui.main_window import MainWindow
    from app.ui.settings_store import SettingsStore
    from app.ui.theme import apply_theme

    server = follow_sample_sources()
    app = create_application(sys.argv[:1])
    apply_theme(app, "light")
    window = MainWindow(SettingsStore(), Services(), microphones=[], use_tray=False)
    window.resize(*SIZE)
    window.show()
    window.show_page(window.pages.index(window.sources))
    window.sources.found.setText("Added Ferry News: feed (linked from the page), 1 item.")
    _wait(app, lambda: window.sources.table.rowCount() == 4, 10, "the sources list")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "09-sources.png"
    app.processEvents()
    window.grab().save(str(path))
    print(path, flush=True)
    window.close()
    server.stop()
    return [path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--fast", action="store_true", help="use SmolLM2 (quick, weaker text)")
    parser.add_argument("--only", choices=["sources"], help="only this page (no models are run)")
    parser.add_argument("--window-language", choices=["en", "ja"], default="en",
                        help="the window's language (the pictures of 'ja' are named *-ja.png)")
    args = parser.parse_args(argv)
    if args.only == "sources":
        shoot_sources(args.out_dir)
        return 0
    shoot(args.out_dir, fast=args.fast, window_language=args.window_language)
    shoot_sources(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
