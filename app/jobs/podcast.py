"""The podcast render job: an edited script in memory → voices → mix → export, in the worker thread.

Voices come through the services' TTS loader, so a voice heard in a preview is not loaded twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.settings import Settings
from engines.cancel import CancelToken

if TYPE_CHECKING:
    from app.jobs.services import ExportChoice, Services


def render_events(services: Services, settings: Settings, script: Any, out: Path, export: ExportChoice,
                  cancel: CancelToken) -> Iterator[Any]:
    from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast_script
    from app.core.podcast.render import Voice
    from app.core.remote_routes import metered_tts

    def load_voice(spec: str) -> Voice:
        tts, name = services.tts_loader(spec, settings.device)
        return Voice(metered_tts(tts, name, task="podcast"), name, spec)

    request = PodcastRequest(
        out=out, formats=tuple(export.formats), feed_dir=export.feed_dir, chapters=export.chapters,
        disclosure=settings.disclosure, script_out=out.with_suffix(".script.json"),
        settings={"voices": asdict(settings.voices), "device": settings.device},
    )
    yield from run_podcast_script(request, script, PodcastEngines(load_voice=load_voice), cancel)
