"""Memory of the desktop app: its window, then one briefing, then one podcast, in one process.

The main window is built and shown (offscreen, 1280x800) on the bundled demo sources, then the jobs run
exactly as the window runs them (``app.jobs.services.Services``, the window's own instance: the shared
model pool, engines cached per kind, one job at a time) with the default models, so the figure is what
the app holds after a user made a briefing and an episode. ``run_all`` reports this child process's
peak RSS; the figures here add the resident size before the window, with it, and after each job.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.events import Finished
from app.core.settings import Settings, save
from app.jobs.podcast import ExportChoice
from app.jobs.services import Services
from bench.report import print_figures
from engines.cancel import CancelToken
from engines.memory import process_rss
from engines.paths import assets_dir

MIB = 1024 * 1024


def _rss_mib() -> float:
    return process_rss() / MIB


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _finish(job: Callable[[CancelToken], Iterator[Any]]) -> Any:
    return next(e.result for e in job(CancelToken()) if isinstance(e, Finished))


def _open_window(settings: Settings, folder: Path, services: Services) -> Any:
    """The main window, shown offscreen, holding ``services`` (as ``daycast app`` builds it)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.main import create_application
    from app.ui.main_window import MainWindow
    from app.ui.settings_store import SettingsStore

    app = create_application()
    save(settings, folder / "settings.json")
    window = MainWindow(SettingsStore(folder / "settings.json"), services, microphones=[], use_tray=False)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return window


def run(minutes: float = 1.0) -> dict[str, Any]:
    sources = assets_dir() / "demo" / "sources"
    settings = Settings(sources=(str(sources),))
    services = Services()
    figures: dict[str, Any] = {"start_rss_mib": round(_rss_mib())}
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(settings, output_dir=tmp)
        window = _open_window(settings, Path(tmp), services)
        figures["window_rss_mib"] = round(_rss_mib())
        start = time.perf_counter()
        briefing = _finish(services.briefing_job(settings, Path(tmp) / "briefing.mp3", subscribed=False))
        figures.update(briefing_audio_s=round(briefing.duration, 1),
                       briefing_wall_s=round(time.perf_counter() - start, 1),
                       after_briefing_rss_mib=round(_rss_mib()), after_briefing_peak_mib=round(_peak_mib()))
        start = time.perf_counter()
        voices = settings.voices
        options = {"minutes": minutes, "hosts": ((voices.host_a_name, voices.host_a_voice),
                                                 (voices.host_b_name, voices.host_b_voice))}
        documents = [str(sources / "article.html"), str(sources / "notes.md")]
        script = _finish(services.podcast_script_job(settings, documents, options))
        episode = _finish(services.podcast_render_job(settings, script, Path(tmp) / "episode.mp3", ExportChoice()))
        figures.update(podcast_audio_s=round(episode.duration, 1),
                       podcast_wall_s=round(time.perf_counter() - start, 1),
                       after_podcast_rss_mib=round(_rss_mib()), peak_mib=round(_peak_mib()))
        window.close()
    services.close()
    figures["after_close_rss_mib"] = round(_rss_mib())
    return figures


if __name__ == "__main__":
    print_figures("Memory of the app: its window, then one briefing, then one podcast", run())
