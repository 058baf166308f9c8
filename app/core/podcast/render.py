"""Speak every turn of a script into a content-addressed segment cache, with a resumable journal.

Each turn is one segment, keyed by a hash of its text, voice, speed and the TTS model id. The
audio of a segment is written atomically to ``<job>/segments/<key>.npz`` the moment it is made,
so a render stopped by Ctrl-C or a kill resumes by re-synthesising only the segments whose file is
missing; an edited script re-renders only the turns whose text (or voice) changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import queue
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from app.core.events import (
    QT_TRANSLATE_NOOP,
    AudioReady,
    PipelineEvent,
    Progress,
    Stage,
    StageFinished,
    notice,
    stage_started,
)
from app.core.podcast.script import Host, Script, ScriptChapter, to_json
from engines.cancel import NEVER, CancelToken
from engines.errors import UsageError
from engines.fsutil import atomic_write_bytes, atomic_write_text
from engines.protocols import TextToSpeech
from engines.text import speech_sentences, split_sentences
from engines.types import AudioChunk

CACHE_VERSION = 2
SENTENCE_GAP = 0.12
_JOURNAL = "journal.json"
_SILENCE = 10 ** (-45 / 20)  # -45 dBFS: below this a sentence's lead-in/tail counts as silence
_EDGE = 0.03  # keep a few ms around speech so consonants are not clipped


@dataclass(frozen=True)
class Voice:
    """A host's loaded voice: the engine, the voice name inside it, and the spec it came from."""

    tts: TextToSpeech
    voice: str | None
    spec: str


@dataclass(frozen=True)
class Segment:
    """One turn to speak: where it sits in the script, and its cache key."""

    index: int
    chapter: int
    turn: int
    speaker: str
    text: str
    speed: float
    key: str


@dataclass(frozen=True)
class SegmentAudio:
    """A rendered turn: mono samples and the (start, end, text) of each sentence inside them."""

    samples: np.ndarray
    rate: int
    sentences: tuple[tuple[float, float, str], ...]

    @property
    def duration(self) -> float:
        return len(self.samples) / float(self.rate)


@dataclass(frozen=True)
class RenderStats:
    segments: int
    synthesised: int
    reused: int
    seconds: float
    audio_seconds: float


def job_dir(out: Path) -> Path:
    """The job folder of an output: journal and segment cache live beside the episode, hidden."""
    return out.parent / ".daycast-jobs" / out.stem


def segment_key(text: str, voice: Voice, speed: float) -> str:
    payload = json.dumps({"v": CACHE_VERSION, "engine": voice.tts.info.id, "spec": voice.spec,
                          "voice": voice.voice, "speed": round(speed, 3), "text": text}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def plan_segments(script: Script, voices: Mapping[str, Voice]) -> list[Segment]:
    """Every turn of ``script`` as a segment; ``voices`` maps each host name to its loaded voice."""
    missing = [h.name for h in script.hosts if h.name not in voices]
    if missing:
        raise UsageError(f"No voice loaded for host(s) {', '.join(missing)}")
    segments: list[Segment] = []
    position: dict[int, int] = {}
    for chapter_index, _, turn in script.turns():
        host = script.host(turn.speaker)
        turn_index = position.get(chapter_index, 0)
        position[chapter_index] = turn_index + 1
        key = segment_key(turn.text, voices[turn.speaker], host.speed)
        segments.append(Segment(len(segments), chapter_index, turn_index, turn.speaker, turn.text, host.speed, key))
    return segments


class SegmentCache:
    """``<job>/segments/<key>.npz``: int16 samples, rate and sentence spans; each file written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.npz"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def load(self, key: str) -> SegmentAudio | None:
        """The cached segment, or None when it is missing or unreadable (then it is made again)."""
        try:
            with np.load(self.path(key), allow_pickle=False) as data:
                samples = data["samples"].astype(np.float32) / 32767.0
                spans = tuple((float(s), float(e), str(t)) for s, e, t in
                              zip(data["starts"], data["ends"], data["texts"], strict=True))
                return SegmentAudio(samples, int(data["rate"]), spans)
        except (OSError, ValueError, KeyError, EOFError):
            return None

    def save(self, key: str, audio: SegmentAudio) -> None:
        pcm = np.clip(np.round(audio.samples * 32767.0), -32768, 32767).astype(np.int16)
        buffer = io.BytesIO()
        np.savez(buffer, samples=pcm, rate=np.int64(audio.rate),
                 starts=np.array([s for s, _, _ in audio.sentences], np.float64),
                 ends=np.array([e for _, e, _ in audio.sentences], np.float64),
                 texts=np.array([t for _, _, t in audio.sentences], dtype=np.str_))
        atomic_write_bytes(self.path(key), buffer.getvalue())


class Journal:
    """What a job has done so far, as JSON rewritten atomically after every segment."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / _JOURNAL
        self.data: dict[str, Any] = {}

    def load(self) -> dict[str, Any]:
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        return self.data

    def start(self, out: Path, script_sha: str, segments: list[Segment]) -> None:
        previous = self.load()
        self.data = {
            "version": CACHE_VERSION, "out": str(out), "script_sha256": script_sha, "state": "rendering",
            "total": len(segments), "done": [],
            "order": [s.key for s in segments],
            "runs": int(previous.get("runs", 0)) + 1 if isinstance(previous, dict) else 1,
        }
        self.save()

    def mark(self, key: str) -> None:
        if key not in self.data["done"]:
            self.data["done"].append(key)
        self.save()

    def set_state(self, state: str, **extra: Any) -> None:
        self.data.update(state=state, **extra)
        self.save()

    def save(self) -> None:
        self.data["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
        atomic_write_text(self.path, json.dumps(self.data, indent=1) + "\n")


@dataclass(frozen=True)
class RenderJob:
    """One render: the script, the loaded voices per host, and the job folder."""

    script: Script
    voices: Mapping[str, Voice]
    folder: Path
    out: Path
    fresh: frozenset[str] = frozenset()
    """Segments this run already made while the script was written (not 'resumed' from an earlier run)."""


def script_sha(script: Script) -> str:
    return hashlib.sha256(to_json(script).encode("utf-8")).hexdigest()


def render_segments(job: RenderJob, cancel: CancelToken | None = None) -> Iterator[PipelineEvent]:
    """Make every missing segment; yields progress and ends with ``Finished``-free ``StageFinished``.

    The rendered audio is read back from the cache by :func:`load_segments` once all are there.
    """
    cancel = cancel or NEVER
    started = time.perf_counter()
    segments = plan_segments(job.script, job.voices)
    cache = SegmentCache(job.folder / "segments")
    journal = Journal(job.folder)
    journal.start(job.out, script_sha(job.script), segments)
    todo = [s for s in segments if cache.load(s.key) is None]
    reused = len(segments) - len(todo)
    resumed = sum(1 for s in segments if s not in todo and s.key not in job.fresh)
    yield stage_started(Stage.TTS, QT_TRANSLATE_NOOP("Notice", "Speaking {todo} of {turns} turns"),
                        todo=len(todo), turns=len(segments))
    if resumed and todo:
        yield notice("podcast.resumed", QT_TRANSLATE_NOOP("Notice", "Resuming: {resumed} of {turns} turns were "
                     "already spoken and are reused from {folder}"), level="info", resumed=resumed,
                     turns=len(segments), folder=cache.folder)
    for segment in segments:
        if segment not in todo:
            journal.data["done"].append(segment.key)
            if segment.key in job.fresh:  # made while the script was written: listeners still get it
                cancel.check()
                made = cache.load(segment.key)
                if made is not None:
                    yield AudioReady(AudioChunk(made.samples, made.rate, segment.text), segment.index,
                                     segment.speaker)
    audio_seconds = 0.0
    for done, segment in enumerate(todo):
        cancel.check()
        yield Progress(Stage.TTS, reused + done, len(segments), f"{segment.speaker}: {segment.text[:40]}")
        audio = synthesise(job.voices[segment.speaker], segment, cancel)
        cache.save(segment.key, audio)
        journal.mark(segment.key)
        audio_seconds += audio.duration
        yield AudioReady(AudioChunk(audio.samples, audio.rate, segment.text), segment.index, segment.speaker)
    yield Progress(Stage.TTS, len(segments), len(segments))
    journal.set_state("rendered")
    stats = RenderStats(len(segments), len(todo), reused, time.perf_counter() - started, audio_seconds)
    yield StageFinished(Stage.TTS, stats.seconds, {"segments": stats.segments, "synthesised": stats.synthesised,
                                               "reused": stats.reused, "audio_seconds": round(audio_seconds, 2)})


class Prerenderer:
    """Speaks finished chapters in a background thread while the next ones are written.

    Turns go into the same segment cache under the same keys as :func:`render_segments` uses, so the
    render that follows finds them made. Anything that fails here is simply made again by the render.
    """

    def __init__(self, hosts: tuple[Host, ...], voices: Mapping[str, Voice], folder: Path,
                 cancel: CancelToken | None = None) -> None:
        self.hosts = {h.name: h for h in hosts}
        self.voices = voices
        self.cache = SegmentCache(folder / "segments")
        self.cancel = cancel or NEVER
        self.made: set[str] = set()
        self.audio_seconds = 0.0
        self.busy_seconds = 0.0
        self._stop = threading.Event()
        self._queue: queue.Queue[ScriptChapter | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="podcast-prerender", daemon=True)
        self._thread.start()

    def submit(self, chapter: ScriptChapter) -> None:
        self._queue.put(chapter)

    def finish(self) -> frozenset[str]:
        """Wait for the queued chapters; the keys of the segments made."""
        self._queue.put(None)
        self._thread.join()
        return frozenset(self.made)

    def stop(self) -> None:
        """Drop what is queued (the run failed or was cancelled) and wait for the turn being spoken."""
        self._stop.set()
        self.finish()

    def _run(self) -> None:
        while (chapter := self._queue.get()) is not None:
            for turn in chapter.turns:
                if self.cancel.cancelled or self._stop.is_set():
                    return
                self._speak(turn.speaker, turn.text)

    def _speak(self, speaker: str, text: str) -> None:
        host, voice = self.hosts.get(speaker), self.voices.get(speaker)
        if host is None or voice is None:
            return
        key = segment_key(text, voice, host.speed)
        if self.cache.has(key):
            return
        started = time.perf_counter()
        try:
            audio = synthesise(voice, Segment(0, 0, 0, speaker, text, host.speed, key), self.cancel)
            self.cache.save(key, audio)
        except Exception:  # the render makes any segment missing here again, and reports its error
            return
        self.made.add(key)
        self.audio_seconds += audio.duration
        self.busy_seconds += time.perf_counter() - started


def load_segments(job: RenderJob) -> list[tuple[Segment, SegmentAudio]]:
    """All rendered segments in order; raises when one is missing (render first)."""
    cache = SegmentCache(job.folder / "segments")
    out = []
    for segment in plan_segments(job.script, job.voices):
        audio = cache.load(segment.key)
        if audio is None:
            raise UsageError(f"Segment {segment.index} ({segment.speaker}) has not been rendered yet")
        out.append((segment, audio))
    return out


def synthesise(voice: Voice, segment: Segment, cancel: CancelToken) -> SegmentAudio:
    """Speak one turn sentence by sentence; trim each sentence and note where it sits."""
    rate = voice.tts.sample_rate
    parts: list[np.ndarray] = []
    spans: list[tuple[float, float, str]] = []
    position = 0
    gap = np.zeros(int(SENTENCE_GAP * rate), np.float32)
    for chunk in voice.tts.synthesize(segment.text, voice=voice.voice, speed=segment.speed, cancel=cancel):
        rate = chunk.sample_rate
        samples = trim_edges(np.asarray(chunk.samples, np.float32), rate)
        if not len(samples):
            continue
        if parts:
            parts.append(gap)
            position += len(gap)
        spans.append((position / rate, (position + len(samples)) / rate, chunk.text.strip()))
        parts.append(samples)
        position += len(samples)
    samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return SegmentAudio(samples, rate, caption_spans(segment.text, spans))


def caption_spans(text: str, spoken: list[tuple[float, float, str]]) -> tuple[tuple[float, float, str], ...]:
    """Spans of the turn's own sentences (as written) from the spans of what the TTS said.

    TTS speaks a normalised text ("Day-cast", "forty two"); captions must show the script's words.
    Each written sentence is normalised the way the engines do it, and the chunks that came from it
    are merged into one span. Chunks that match nothing keep their spoken text.
    """
    expected = [(sentence, said) for sentence in split_sentences(text) for said in speech_sentences(sentence)]
    out: list[tuple[float, float, str]] = []
    position = 0
    for start, end, said in spoken:
        match = next((i for i in range(position, len(expected)) if expected[i][1].strip() == said), None)
        if match is None:
            out.append((start, end, said))
            continue
        written = expected[match][0]
        previous = expected[position - 1][0] if position else None
        if out and previous == written and match == position:
            out[-1] = (out[-1][0], end, written)  # another chunk of the same written sentence
        else:
            out.append((start, end, written))
        position = match + 1
    return tuple(out)


def trim_edges(samples: np.ndarray, rate: int) -> np.ndarray:
    """Cut leading and trailing silence (below -45 dBFS in 10 ms windows), keeping a small margin."""
    window = max(1, rate // 100)
    count = len(samples) // window
    if count == 0:
        return samples
    frames = samples[: count * window].reshape(count, window)
    loud = np.flatnonzero(np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) > _SILENCE)
    if not len(loud):
        return samples[:0]
    margin = int(_EDGE * rate)
    start = max(0, loud[0] * window - margin)
    end = min(len(samples), (loud[-1] + 1) * window + margin)
    return samples[start:end]
