"""Quitting the desktop app while a worker is inside a long native call (a decode step sees the cancel only
after it returns): the shared models are freed only once that worker has ended, never under it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.events import Finished
from app.jobs.services import Services
from app.ui.main_window import MainWindow
from app.ui.settings_store import SettingsStore
from engines.cancel import CancelToken


def test_models_are_freed_only_after_the_last_worker_ends(qtbot: Any, settings_file: Path) -> None:
    services = Services()
    closed: list[str] = []
    services.close = lambda: closed.append("models freed")  # type: ignore[method-assign]
    window = MainWindow(SettingsStore(settings_file), services, microphones=[], use_tray=False)
    qtbot.addWidget(window)
    decoding, step_done = threading.Event(), threading.Event()

    def decode(cancel: CancelToken) -> Iterator[Any]:
        decoding.set()
        step_done.wait(30)  # inside llama_decode: the cancel is seen when it returns
        cancel.check()
        yield Finished(None)

    worker = window.workers.start(decode, "decode")
    assert decoding.wait(10)
    window.quit_wait_ms = 50
    window.close()
    assert closed == [], "the models were freed while a worker was still decoding"
    step_done.set()
    qtbot.waitUntil(lambda: closed == ["models freed"], timeout=10_000)
    assert worker.was_cancelled


def _first_use_at_once(services: Services, use: Any, threads: int = 4) -> list[Any]:
    """``use(services)`` from ``threads`` threads released together; what each got back."""
    start = threading.Barrier(threads)
    got: list[Any] = []

    def run() -> None:
        start.wait(10)
        got.append(use(services))

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(30)
    return got


def test_two_first_jobs_share_one_model_pool(monkeypatch: Any) -> None:
    made: list[int] = []
    overlap = threading.Barrier(2)

    class SlowPool:
        def __init__(self) -> None:
            made.append(1)
            with contextlib.suppress(threading.BrokenBarrierError):
                overlap.wait(0.5)  # a second constructor running now means two pools

        def close(self) -> None:
            return

    monkeypatch.setattr("app.jobs.services.ModelPool", SlowPool)
    pools = _first_use_at_once(Services(), Services.pool)
    assert len(made) == 1 and len({id(p) for p in pools}) == 1


def test_two_previews_of_one_voice_load_it_once(tmp_path: Path) -> None:
    loads: list[str] = []
    overlap = threading.Barrier(2)

    class Voice:
        def synthesize(self, text: str, **_: Any) -> list[Any]:
            return []

    def loader(voice: str, device: str) -> tuple[Any, str]:
        loads.append(voice)
        with contextlib.suppress(threading.BrokenBarrierError):
            overlap.wait(0.5)
        return Voice(), voice

    services = Services(tts_loader=loader)
    jobs = [services.voice_preview_job("joe", "Hi", tmp_path / f"p{i}.wav") for i in range(2)]
    runs = iter(jobs)
    _first_use_at_once(services, lambda _s: list(next(runs)(CancelToken())), threads=2)
    assert loads == ["joe"]
