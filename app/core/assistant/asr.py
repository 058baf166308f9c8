"""Speech recognition for the live loop, off the microphone thread.

One worker thread runs Whisper so the microphone thread never waits on it. Partial transcripts
(cheap decoding of the growing utterance, as :class:`engines.asr_whisper.StreamingTranscriber`
does) are best-effort: a newer request replaces an older one that has not started, and none runs
while a final transcript is wanted. A final transcript is a :class:`Transcript` future; the live
loop asks for one *speculatively* at the first silent frame after speech, so recognition runs
during the end-of-speech wait instead of after it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engines.audio import SAMPLE_RATE
from engines.cancel import CancelToken
from engines.protocols import SpeechToText

PARTIAL_MAX_SECONDS = 28.0


class Transcript:
    """A final transcript being made: ``wait`` for the text (raises what recognition raised)."""

    def __init__(self, samples: int) -> None:
        self.samples = samples
        """How much utterance audio it covers."""
        self.text = ""
        self.seconds = 0.0
        self.error: BaseException | None = None
        self._done = threading.Event()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, cancel: CancelToken) -> str:
        while not self._done.wait(0.02):
            cancel.check()
        if self.error is not None:
            raise self.error
        return self.text

    def _finish(self, text: str, seconds: float, error: BaseException | None = None) -> None:
        self.text, self.seconds, self.error = text, seconds, error
        self._done.set()


@dataclass
class _Job:
    audio: np.ndarray
    final: Transcript | None = None
    on_partial: Callable[[str], None] | None = None


class Recognizer:
    """The ASR worker thread; ``close()`` ends it.

    A final transcript can only start once a running partial ends, and Whisper pays for a whole 30 s
    window whatever the length, so a partial costs about what a final does. Partials are therefore
    made only while a decode takes at most ``max_partial_seconds`` (measured: a warm-up decode at start,
    then a running average), and get at most ``partial_share`` of the worker's time. On a slow or busy
    machine partials stop instead of delaying the answer.
    """

    def __init__(self, asr: SpeechToText, *, language: str | None = "en", partial_share: float = 0.5,
                 max_partial_seconds: float = 0.3) -> None:
        self.asr = asr
        self.language = language
        self.partials = 0
        self.partial_share = partial_share
        self.max_partial_seconds = max_partial_seconds
        self.decode_seconds = float("inf")
        """Running average of decode time (inf until the warm-up decode has run)."""
        self._busy = True  # until the warm-up decode is done
        self._next_partial = 0.0
        self._final: _Job | None = None
        self._partial: _Job | None = None
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="daycast-asr", daemon=True)
        self._thread.start()

    def partial(self, audio: np.ndarray, on_text: Callable[[str], None]) -> None:
        """Ask for a partial transcript of ``audio``; dropped when a final one is wanted, while the worker
        is busy or resting, or when decoding is too slow for partials to help (see the class)."""
        with self._cond:
            fast = self.decode_seconds <= self.max_partial_seconds
            if fast and self._final is None and not self._busy and time.perf_counter() >= self._next_partial:
                self._partial = _Job(audio, on_partial=on_text)
                self._cond.notify()

    def final(self, audio: np.ndarray) -> Transcript:
        """A final transcript of ``audio`` (pending partials are dropped)."""
        result = Transcript(len(audio))
        with self._cond:
            self._partial = None
            self._final = _Job(audio, final=result)
            self._cond.notify()
        return result

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _next(self) -> _Job | None:
        with self._cond:
            while not self._closed and self._final is None and self._partial is None:
                self._cond.wait()
            if self._closed:
                return None
            job = self._final or self._partial
            if job is self._final:
                self._final = None
            else:
                self._partial = None
            self._busy = True
            return job

    def _run(self) -> None:
        start = time.perf_counter()
        # Warm-up: the first decode loads kernels, and its time says whether partials can keep up.
        with contextlib.suppress(Exception):  # a broken model shows on the first real transcript instead
            self._quick(np.zeros(SAMPLE_RATE // 2, np.float32))
        self._measured(time.perf_counter() - start)
        with self._cond:
            self._busy = False
        while (job := self._next()) is not None:
            try:
                self._do(job)
            finally:
                with self._cond:
                    self._busy = False

    def _do(self, job: _Job) -> None:
        start = time.perf_counter()
        if job.final is not None:
            try:
                text = self._text(job.audio)
                self._measured(time.perf_counter() - start)
                job.final._finish(text, time.perf_counter() - start)
            except Exception as exc:  # handed to whoever waits for the transcript
                job.final._finish("", time.perf_counter() - start, exc)
            return
        try:
            text = self._quick(job.audio[-int(PARTIAL_MAX_SECONDS * SAMPLE_RATE):])
        except Exception:  # a failed partial is only a missed preview
            return
        took = time.perf_counter() - start
        self._measured(took)
        self._next_partial = time.perf_counter() + took * (1 - self.partial_share) / self.partial_share
        self.partials += 1
        if text and job.on_partial is not None:
            job.on_partial(text)

    def _measured(self, seconds: float) -> None:
        known = self.decode_seconds if self.decode_seconds != float("inf") else seconds
        self.decode_seconds = 0.7 * known + 0.3 * seconds

    def _text(self, audio: np.ndarray) -> str:
        segments = self.asr.transcribe(audio, language=self.language)
        return " ".join(s.text.strip() for s in segments if s.text).strip()

    def _quick(self, audio: np.ndarray) -> str:
        quick = getattr(self.asr, "quick_text", None)  # WhisperASR: greedy, no timestamps
        return quick(audio, language=self.language) if quick else self._text(audio)
