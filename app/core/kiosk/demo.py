"""The kiosk's demo content: today's briefing (cached per day), the sample episode and the attract clip.

Everything is made from what ships in ``assets/demo`` with local models, written atomically into
``kiosk_data_dir()`` and reused: a visitor who presses "Play today's briefing" hears the cached file
when it exists, and waits for one generation (with progress) when it does not. The sample episode
is a short pre-written two-host script voiced with the podcast renderer, so it is quick to make.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import mutagen
import numpy as np

from app.core.audio.io import read_audio, write_wav_bytes
from app.core.audio.subtitles import Cue, parse_vtt
from app.core.events import QT_TRANSLATE_NOOP, Finished, PipelineEvent, Stage, stage_started
from app.core.kiosk.config import kiosk_data_dir, sample_script
from app.core.podcast import pipeline
from app.core.podcast.render import Voice
from engines.cancel import NEVER, CancelToken
from engines.fsutil import atomic_write_bytes
from engines.ledger import Ledger
from engines.types import AudioChunk

log = logging.getLogger(__name__)

TtsLoader = Callable[[str, str], tuple[Any, str | None]]
ATTRACT_TEXT = ("Hi, I'm Daycast. I turn a calendar, the news and your notes into a spoken briefing, "
                "right here on this computer, with no internet. Touch the screen and ask me about the day.")


@dataclass(frozen=True)
class MadeAudio:
    """A finished demo file and its captions (start, end, text, speaker)."""

    audio_path: Path
    captions: tuple[Cue, ...]
    duration: float


def briefing_path(day: date) -> Path:
    return kiosk_data_dir() / f"briefing-{day.isoformat()}.mp3"


def captions_path(audio: Path) -> Path:
    return audio.with_suffix(".vtt")


def read_made(audio: Path) -> MadeAudio | None:
    """The file and its captions when both exist and parse; None means "make it"."""
    vtt = captions_path(audio)
    if not (audio.is_file() and vtt.is_file()):
        return None
    try:
        cues = tuple(parse_vtt(vtt.read_text(encoding="utf-8")))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.warning("captions %s are unreadable (%s); the file will be made again", vtt, exc)
        return None
    return MadeAudio(audio, cues, _duration(audio) or (cues[-1].end if cues else 0.0))


def _duration(path: Path) -> float:
    """Seconds of audio in ``path`` from its header (0.0 when it cannot be read)."""
    try:
        info = mutagen.File(str(path))
    except (OSError, mutagen.MutagenError):
        return 0.0
    return float(info.info.length) if info is not None and info.info else 0.0


VISITOR_PODCAST_DAYS = 1.0
"""Podcasts visitors asked for by voice are kept a day: the kiosk runs all year on one disk."""


def prune(keep: set[Path], now: float | None = None) -> list[Path]:
    """Remove older briefings and episodes (every file and job folder not belonging to ``keep``), and the
    podcasts visitors asked for once they are a day old."""
    folder = kiosk_data_dir()
    stems = {path.stem for path in keep}
    removed: list[Path] = []
    candidates = list(folder.iterdir()) if folder.is_dir() else []
    jobs = folder / ".daycast-jobs"
    candidates += list(jobs.iterdir()) if jobs.is_dir() else []
    cutoff = (time.time() if now is None else now) - VISITOR_PODCAST_DAYS * 86400
    for path in candidates:
        if path.name.startswith("podcast-"):
            if _modified(path) > cutoff:
                continue
        elif not path.name.startswith(("briefing-", "sample-")) or path.name.split(".")[0] in stems:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


LEDGER_DAYS = 90
"""Days of model requests a kiosk keeps in its usage ledger (one row per visitor's turn, every day)."""


def tidy(keep: set[Path], day: date) -> list[Path]:
    """A kiosk's daily clean-up: old briefings, episodes and visitors' podcasts (:func:`prune`), and ledger
    rows older than :data:`LEDGER_DAYS`."""
    removed = prune(keep)
    Ledger().forget_before(day - timedelta(days=LEDGER_DAYS))
    return removed


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def read_clip(path: Path) -> AudioChunk:
    """A whole audio file as one chunk for the player."""
    samples, rate = read_audio(path, mono=True)
    return AudioChunk(np.asarray(samples, np.float32), rate, path.name)


# -- the sample episode ----------------------------------------------------------------------------


def episode_path(script_file: Path | None = None) -> Path:
    """Where the sample episode of this script version lives (its name carries the script's hash)."""
    data = (script_file or sample_script()).read_bytes()
    return kiosk_data_dir() / f"sample-{hashlib.sha256(data).hexdigest()[:12]}.mp3"


def sample_episode_job(script_file: Path, out: Path, tts_loader: TtsLoader, device: str = "cpu") -> Callable:
    """A job (cancel -> events) voicing ``script_file`` with the podcast pipeline into ``out`` (mono,
    chapters, captions, provenance, watermark); ends with ``Finished(EpisodeResult)``."""

    def job(cancel: CancelToken = NEVER) -> Iterator[PipelineEvent]:
        def load_voice(spec: str) -> Voice:
            tts, name = tts_loader(spec, device)
            return Voice(tts, name, spec)

        request = pipeline.PodcastRequest(out=out, from_script=script_file, channels=1, disclosure="full",
                                          settings={"kiosk": True})
        yield from pipeline.run_podcast(request, pipeline.PodcastEngines(load_voice=load_voice), cancel)

    return job


# -- the attract clip ------------------------------------------------------------------------------


def attract_clip_path() -> Path:
    return kiosk_data_dir() / "attract.wav"


def attract_clip_job(voice: str, out: Path, tts_loader: TtsLoader, device: str = "cpu") -> Callable:
    """A job speaking :data:`ATTRACT_TEXT` into the WAV ``out``; ends with ``Finished(out)``."""

    def job(cancel: CancelToken = NEVER) -> Iterator[PipelineEvent]:
        yield stage_started(Stage.ATTRACT, QT_TRANSLATE_NOOP("Notice", "Recording the attract clip"))
        tts, name = tts_loader(voice, device)
        chunks = list(tts.synthesize(ATTRACT_TEXT, voice=name, speed=1.0, cancel=cancel))
        cancel.check()
        rate = chunks[0].sample_rate
        samples = np.concatenate([np.asarray(c.samples, np.float32) for c in chunks])
        atomic_write_bytes(out, write_wav_bytes(samples, rate))
        yield Finished(out)

    return job
