"""The podcast render job: an edited script in memory → voices → mix → export, in the worker thread.

Voices come through the services' TTS loader, so a voice heard in a preview is not loaded twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast_script
from app.core.podcast.render import Voice
from app.core.remote_routes import metered_tts
from app.core.settings import Settings
from engines.cancel import CancelToken

TtsLoader = Callable[[str, str], tuple[Any, str | None]]
"""(voice spec, device) -> (TTS engine, voice name inside it)."""


@dataclass(frozen=True)
class ExportChoice:
    """How a rendered episode is exported."""

    formats: tuple[str, ...] = ("mp3",)
    chapters: bool = True
    feed_dir: Path | None = None


def render_events(tts_loader: TtsLoader, settings: Settings, script: Any, out: Path, export: ExportChoice,
                  cancel: CancelToken) -> Iterator[Any]:
    def load_voice(spec: str) -> Voice:
        tts, name = tts_loader(spec, settings.device)
        return Voice(metered_tts(tts, name, task="podcast"), name, spec)

    request = PodcastRequest(
        out=out, formats=tuple(export.formats), feed_dir=export.feed_dir, feed_url=settings.feed_url,
        chapters=export.chapters, disclosure=settings.disclosure, script_out=out.with_suffix(".script.json"),
        settings={"voices": asdict(settings.voices), "device": settings.device},
    )
    yield from run_podcast_script(request, script, PodcastEngines(load_voice=load_voice), cancel)
