"""The podcast render job: voices loaded in the worker, then the core podcast pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.settings import Settings
from engines.cancel import CancelToken
from engines.errors import DaycastError

if TYPE_CHECKING:
    from app.ui.services import ExportChoice, Services


def render_events(services: Services, settings: Settings, script: Any, out: Path, export: ExportChoice,
                  cancel: CancelToken) -> Iterator[Any]:
    try:
        from app.core.podcast import pipeline
    except ImportError as exc:
        raise DaycastError(f"Rendering is not available in this build: {exc}", code="podcast.unavailable") from exc
    yield from pipeline.render_from_script(settings, script, out, export, cancel)
