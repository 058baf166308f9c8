"""Memory of the desktop app's work: one briefing, then one podcast, in one process.

The jobs run exactly as the window runs them (``app.jobs.services.Services``: the shared model pool,
engines cached per kind, one job at a time) on the bundled demo sources with the default models, so
the figure is what the app holds after a user made a briefing and an episode. The Qt window itself
is left out (it adds its own libraries; see ``make screenshots`` for the window). ``run_all`` reports
this child process's peak RSS; the figures here add the resident size after each job.
"""

from __future__ import annotations

import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.core.events import Finished
from app.core.settings import Settings
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


def run(minutes: float = 1.0) -> dict[str, Any]:
    sources = assets_dir() / "demo" / "sources"
    settings = Settings(sources=(str(sources),))
    services = Services()
    figures: dict[str, Any] = {"start_rss_mib": round(_rss_mib())}
    with tempfile.TemporaryDirectory() as tmp:
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
    services.close()
    figures["after_close_rss_mib"] = round(_rss_mib())
    return figures


if __name__ == "__main__":
    print_figures("Memory of the app's jobs: one briefing, then one podcast", run())
