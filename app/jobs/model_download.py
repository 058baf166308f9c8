"""Install a catalog model as pipeline events: live byte progress, then Finished(path).

``engines.catalog.install`` blocks and reports progress by callback; it runs in a helper thread and
its callbacks come back through a queue, so the job can yield Progress events as bytes arrive.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

from app.core.events import QT_TRANSLATE_NOOP, Finished, Progress, Stage, StageFinished, stage_started
from engines import catalog
from engines.cancel import CancelToken


def download_events(model_id: str, cancel: CancelToken, *, allow_unverified: bool = False) -> Iterator[Any]:
    """``allow_unverified``: the user accepted files with no recorded SHA-256 (asked first, as the CLI's flag)."""
    entry = catalog.get(model_id)
    updates: queue.Queue[tuple[str, Any]] = queue.Queue()

    def report(name: str, done: int, total: int | None) -> None:
        updates.put(("progress", (name, done, total)))

    def run() -> None:
        try:
            path = catalog.install(entry, catalog.InstallOptions(allow_unverified, report, cancel))
            updates.put(("done", path))
        except BaseException as exc:  # handed to the job, which re-raises it in the worker
            updates.put(("error", exc))

    yield stage_started(Stage.DOWNLOAD, QT_TRANSLATE_NOOP("Notice", "Downloading {title}"), title=entry.title)
    helper = threading.Thread(target=run, name=f"download-{model_id}", daemon=True)
    helper.start()
    while True:
        kind, value = updates.get()
        if kind == "progress":
            name, done, total = value
            yield Progress(Stage.DOWNLOAD, done, total, name)
        elif kind == "error":
            raise value
        else:
            yield StageFinished(Stage.DOWNLOAD, 0.0)
            yield Finished(value)
            return
