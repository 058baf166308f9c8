"""Run any core pipeline (a generator of events) off the UI thread and turn its events into signals.

A ``Job`` is a callable taking a :class:`CancelToken` and returning an iterator of pipeline events;
loading models happens inside it, so in the worker thread too. A private runner object lives in a
QThread and forwards raw events; the public :class:`PipelineWorker` lives in the UI thread and
re-emits them as typed signals there, so any slot (lambdas included) runs in the UI thread.
"""

from __future__ import annotations

import atexit
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from app.core.events import AudioReady, Finished, Notice, Progress, StageFinished, StageStarted, TextReady
from app.ui.i18n import local_text
from engines.cancel import CancelToken
from engines.errors import Cancelled, DaycastError

log = logging.getLogger(__name__)

Job = Callable[[CancelToken], Iterable[Any]]


class _Failure:
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message


class _CancelledRun:
    def __init__(self, message: str) -> None:
        self.message = message


class _Runner(QObject):
    """Lives in the worker thread: iterates the job and forwards every event."""

    pipeline_event = Signal(object)
    ended = Signal()

    def __init__(self, job: Job, token: CancelToken, name: str) -> None:
        super().__init__()
        self._job = job
        self._token = token
        self._name = name

    @Slot()
    def run(self) -> None:
        t0 = time.perf_counter()
        try:
            for event in self._job(self._token):
                self.pipeline_event.emit(event)
                if self._token.cancelled:
                    raise Cancelled(f"Stopped: {self._token.reason}")
        except Cancelled as exc:
            self.pipeline_event.emit(_CancelledRun(exc.message))
        except DaycastError as exc:
            self.pipeline_event.emit(_Failure(exc.code, str(exc)))
        except Exception as exc:  # a bug must reach the window as a message, never kill the thread silently
            log.exception("%s failed", self._name)
            self.pipeline_event.emit(_Failure("internal", f"Unexpected error: {type(exc).__name__}: {exc}"))
        finally:
            log.info("%s ended after %.1f s", self._name, time.perf_counter() - t0)
            self.ended.emit()
            # end the thread's own event loop now: waiting for the UI thread to do it would deadlock a
            # UI thread that is itself blocked in wait() (shutdown)
            QThread.currentThread().quit()


class PipelineWorker(QObject):
    """One pipeline run in its own QThread. Signals (emitted in the UI thread) always end with ``done``.

    ``progress`` carries ``total = -1`` when the total is unknown. ``failed`` carries the error's
    stable code and a readable message (hint included).
    """

    started = Signal()
    stage_started = Signal(str, str)
    progress = Signal(str, float, float, str)
    stage_finished = Signal(str, float)
    text = Signal(object)
    audio = Signal(object)
    notice = Signal(str, str, str)
    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal(str)
    done = Signal()

    def __init__(self, job: Job, name: str = "job", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self._thread = QThread()
        self._thread.setObjectName(f"daycast-{name}")
        self._runner = _Runner(job, self.token, name)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.pipeline_event.connect(self._on_event)
        self._runner.ended.connect(self._on_ended)
        self.running = False
        self.result: Any = None
        self.error: tuple[str, str] | None = None
        self.was_cancelled = False

    def start(self) -> None:
        self.running = True
        self.started.emit()
        self._thread.start()

    def cancel(self, reason: str = "cancelled by you") -> None:
        self.token.cancel(reason)

    def wait(self, ms: int = 30000) -> bool:
        """Block until the thread has ended (shutdown and tests only; never from a UI handler)."""
        return self._thread.wait(ms)

    @Slot(object)
    def _on_event(self, event: Any) -> None:
        if isinstance(event, StageStarted):
            self.stage_started.emit(event.stage, local_text(event.message, event.wording))
        elif isinstance(event, Progress):
            total = -1.0 if event.total is None else float(event.total)
            self.progress.emit(event.stage, float(event.done), total, event.message)
        elif isinstance(event, StageFinished):
            self.stage_finished.emit(event.stage, float(event.seconds))
        elif isinstance(event, TextReady):
            self.text.emit(event)
        elif isinstance(event, AudioReady):
            self.audio.emit(event)
        elif isinstance(event, Notice):
            self.notice.emit(event.code, local_text(event.message, event.wording), event.level)
        elif isinstance(event, Finished):
            self.result = event.result
            self.finished.emit(event.result)
        elif isinstance(event, _Failure):
            self.error = (event.code, event.message)
            self.failed.emit(event.code, event.message)
        elif isinstance(event, _CancelledRun):
            self.was_cancelled = True
            self.cancelled.emit(event.message)

    @Slot()
    def _on_ended(self) -> None:
        self._thread.quit()
        self._thread.wait(5000)
        self.running = False
        self.done.emit()


class WorkerSet(QObject):
    """Keeps running workers alive (Python must hold a reference until their thread ends)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers: list[PipelineWorker] = []

    def start(self, job: Job, name: str, connect: Callable[[PipelineWorker], object] | None = None) -> PipelineWorker:
        worker = PipelineWorker(job, name)
        if connect is not None:
            connect(worker)
        worker.done.connect(self._on_done)
        self._workers.append(worker)
        worker.start()
        return worker

    @Slot()
    def _on_done(self) -> None:
        worker = self.sender()
        if isinstance(worker, PipelineWorker) and worker in self._workers:
            # drop it on the next loop turn: it is still inside its own signal emission now
            QTimer.singleShot(0, lambda w=worker: self._workers.remove(w) if w in self._workers else None)

    @property
    def active(self) -> list[PipelineWorker]:
        return [w for w in self._workers if w.running]

    def shutdown(self, ms: int = 10000) -> None:
        """Cancel every run and wait for it; a thread still busy after ``ms`` is kept referenced until it ends
        (destroying a running QThread aborts the process)."""
        for worker in list(self._workers):
            worker.cancel("the window is closing")
        for worker in list(self._workers):
            if not worker.wait(ms):
                log.warning("%s is still running after %d ms; leaving it to finish", worker.name, ms)
                worker.setParent(None)
                _keep_until_done(worker)


_ORPHANS: list[PipelineWorker] = []
"""Workers that outlived their window: referenced here so their QThread is never destroyed while running."""


_AFTER_ORPHANS: list[Callable[[], None]] = []


def when_workers_end(callback: Callable[[], None]) -> None:
    """Run ``callback`` now if no worker outlived its window, else once the last of them has ended.

    Quitting frees the shared models; a worker still decoding must never have them freed under it.
    """
    if not any(worker.running for worker in _ORPHANS):
        callback()
        return
    _AFTER_ORPHANS.append(callback)
    for worker in _ORPHANS:
        worker.done.connect(_run_after_orphans)


def _run_after_orphans(*_: object) -> None:
    if any(worker.running for worker in _ORPHANS):
        return
    while _AFTER_ORPHANS:
        _AFTER_ORPHANS.pop(0)()


def _keep_until_done(worker: PipelineWorker) -> None:
    if not _ORPHANS:
        atexit.register(_wait_for_orphans)  # at exit, let them end before Python tears the objects down
    _ORPHANS.append(worker)


def _wait_for_orphans(ms: int = 120_000) -> None:
    for worker in _ORPHANS:
        worker.wait(ms)
    while _AFTER_ORPHANS:  # what waited for them (closing the models) runs after them, never before
        _AFTER_ORPHANS.pop(0)()
