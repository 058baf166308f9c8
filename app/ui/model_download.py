"""Download a catalog model as pipeline events (progress, then Finished), for the Models page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.core.events import Finished, Progress, StageStarted
from engines.cancel import CancelToken
from engines.errors import DownloadError


def download_events(model_id: str, cancel: CancelToken) -> Iterator[Any]:
    try:
        from engines import download
    except ImportError as exc:
        raise DownloadError(f"Downloading is not available in this build ({exc})") from exc
    yield StageStarted("download", model_id)
    progress: list[tuple[float, float]] = []

    def on_progress(done: float, total: float | None = None, *_: Any) -> None:
        progress.append((float(done), float(total or 0)))

    result = download.download_model(model_id, cancel=cancel, progress=on_progress)
    for done, total in progress[-1:]:
        yield Progress("download", done, total or None)
    yield Finished(result)
