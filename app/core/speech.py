"""Sentence-by-sentence speech in a background thread, so TTS runs while the LLM still writes."""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from engines.cancel import CancelToken
from engines.protocols import TextToSpeech
from engines.types import AudioChunk

_STOP = object()


@dataclass(frozen=True, slots=True)
class Spoken:
    """One synthesised sentence with whatever the caller attached to it (source, block, speaker)."""

    index: int
    text: str
    audio: AudioChunk
    meta: Any
    synth_seconds: float


class SpeechQueue:
    """Feed sentences with :meth:`say`; collect audio in order with :meth:`ready` / :meth:`finish`."""

    def __init__(self, tts: TextToSpeech, *, voice: str | None, speed: float, cancel: CancelToken) -> None:
        self._tts, self._voice, self._speed, self._cancel = tts, voice, speed, cancel
        self._todo: queue.Queue[Any] = queue.Queue()
        self._done: queue.Queue[Spoken | BaseException] = queue.Queue()
        self._count = 0
        self._thread = threading.Thread(target=self._run, name="daycast-tts", daemon=True)
        self._thread.start()

    def say(self, text: str, meta: Any = None) -> None:
        if text.strip():
            self._todo.put((self._count, text, meta))
            self._count += 1

    def ready(self) -> list[Spoken]:
        """Sentences finished so far (never blocks)."""
        out: list[Spoken] = []
        while True:
            try:
                item = self._done.get_nowait()
            except queue.Empty:
                return out
            out.append(self._unwrap(item))

    def finish(self) -> list[Spoken]:
        """Wait for every queued sentence and return those not yet collected."""
        self._todo.put(_STOP)
        self._thread.join()
        return self.ready()

    def close(self) -> None:
        self._cancel.cancel("speech closed")
        self._todo.put(_STOP)

    @staticmethod
    def _unwrap(item: Spoken | BaseException) -> Spoken:
        if isinstance(item, BaseException):
            raise item
        return item

    def _run(self) -> None:

        while (job := self._todo.get()) is not _STOP:
            index, text, meta = job
            try:
                self._cancel.check()
                start = time.perf_counter()
                chunks = list(self._tts.synthesize(text, voice=self._voice, speed=self._speed, cancel=self._cancel))
                audio = _join(chunks, self._tts.sample_rate, text)
                self._done.put(Spoken(index, text, audio, meta, time.perf_counter() - start))
            except BaseException as exc:  # handed to the consuming thread, which re-raises it
                self._done.put(exc)
                return


def _join(chunks: list[AudioChunk], rate: int, text: str) -> AudioChunk:
    """One chunk for one ``say``; each sentence's chunk already ends in the engine's sentence pause."""
    if not chunks:
        return AudioChunk(np.zeros(0, np.float32), rate, text)
    return AudioChunk(np.concatenate([c.samples.astype(np.float32) for c in chunks]), rate, text)
