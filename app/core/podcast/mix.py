"""Lay rendered turns on one timeline: jingles, pauses, pan per host, loudness, watermark.

Every turn's placement (and each sentence inside it) is kept, so chapters and captions are timed
from the real audio rather than estimated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from app.core.audio import loudness, mixer
from app.core.audio.finish import finish_audio
from app.core.audio.io import resample
from app.core.audio.jingle import make_jingle
from app.core.audio.meta import Chapter
from app.core.podcast.render import Segment, SegmentAudio
from app.core.podcast.script import Script
from engines.cancel import NEVER, CancelToken

MIX_RATE = 24000
"""Both voices are at most 24 kHz (Piper 22.05, Kokoro 24): mixing, loudness and watermark run here,
at about half the cost of 44.1 kHz; the exporter upsamples once for the lossy podcast formats."""
PAN = 0.25
INTRO_SECONDS = 3.0
OUTRO_SECONDS = 3.0
INTRO_OVERLAP = 0.7
"""The first words start this long before the intro jingle ends; the jingle fades out under them."""
CHAPTER_GAP = 1.0
TURN_GAP = 0.35
REACTION_GAP = 0.15
QUESTION_GAP = 0.25
REACTION_WORDS = 4


@dataclass(frozen=True)
class MixOptions:
    channels: int = 2
    rate: int = MIX_RATE
    pan: float = PAN
    jingles: bool = True

    @property
    def target_lufs(self) -> float:
        return loudness.STEREO_TARGET_LUFS if self.channels == 2 else loudness.MONO_TARGET_LUFS


@dataclass(frozen=True)
class PlacedTurn:
    """A turn on the final timeline, with each sentence's absolute start and end."""

    index: int
    chapter: int
    speaker: str
    text: str
    start: float
    end: float
    sentences: tuple[tuple[float, float, str], ...]


@dataclass(frozen=True)
class Mixdown:
    samples: np.ndarray
    rate: int
    turns: tuple[PlacedTurn, ...]
    chapters: tuple[Chapter, ...]
    lufs: float
    true_peak: float

    @property
    def duration(self) -> float:
        return self.samples.shape[0] / float(self.rate)


def gap_before(previous: Segment | None, segment: Segment) -> float:
    """Pause before a turn: long between chapters, short around reactions and after questions."""
    if previous is None:
        return 0.0
    if previous.chapter != segment.chapter:
        return CHAPTER_GAP
    if len(segment.text.split()) <= REACTION_WORDS or len(previous.text.split()) <= REACTION_WORDS:
        return REACTION_GAP
    if previous.text.rstrip().endswith("?"):
        return QUESTION_GAP
    return TURN_GAP


def _pan(script: Script, speaker: str, options: MixOptions) -> float:
    if options.channels == 1:
        return 0.0
    return -options.pan if speaker == script.hosts[0].name else options.pan


def _faded_tail(samples: np.ndarray, rate: int, seconds: float) -> np.ndarray:
    """``samples`` with an equal-power fade-out over the last ``seconds`` (the part voices overlap)."""
    out = samples.copy()
    length = min(len(out), int(seconds * rate))
    if length:
        out[-length:] *= mixer.fade_curves(length)[1]
    return out


def _turn_gaps(rendered: list[tuple[Segment, SegmentAudio]], options: MixOptions) -> Iterator[float]:
    """The pause before each turn (the first overlaps the intro jingle's tail)."""
    previous: Segment | None = None
    for segment, _ in rendered:
        yield -INTRO_OVERLAP if previous is None and options.jingles else gap_before(previous, segment)
        previous = segment


def episode_seconds(rendered: list[tuple[Segment, SegmentAudio]], options: MixOptions) -> float:
    """How long :func:`mix_episode` would make these turns, without mixing them."""
    total = INTRO_SECONDS if options.jingles else 0.0
    for (_, audio), gap in zip(rendered, _turn_gaps(rendered, options), strict=True):
        total = max(total, total + gap + len(audio.samples) / audio.rate)
    return total + (0.5 + OUTRO_SECONDS if options.jingles else 0.5)


def mix_episode(
    script: Script, rendered: list[tuple[Segment, SegmentAudio]], options: MixOptions,
    cancel: CancelToken | None = None,
) -> Mixdown:
    """The finished, loudness-normalised, watermarked episode and where every turn landed."""
    cancel = cancel or NEVER
    rate = options.rate
    timeline = mixer.Timeline(rate)
    if options.jingles:
        intro = make_jingle(rate, seconds=INTRO_SECONDS, variant="intro")
        timeline.add(_faded_tail(intro, rate, INTRO_OVERLAP), label="intro jingle")
    placed: list[PlacedTurn] = []
    for (segment, audio), gap in zip(rendered, _turn_gaps(rendered, options), strict=True):
        cancel.check()
        samples = resample(audio.samples, audio.rate, rate) if audio.rate != rate else audio.samples
        where = timeline.add(samples, label=f"turn {segment.index}", speaker=segment.speaker, gap_before=gap,
                             pan=_pan(script, segment.speaker, options))
        spans = tuple((where.start + s, where.start + e, text) for s, e, text in audio.sentences)
        placed.append(PlacedTurn(segment.index, segment.chapter, segment.speaker, segment.text,
                                 where.start, where.end, spans))
    if options.jingles:
        timeline.add(make_jingle(rate, seconds=OUTRO_SECONDS, variant="outro"), label="outro jingle", gap_before=0.5)
    else:
        timeline.add(np.zeros(int(0.5 * rate), np.float32), label="tail")
    cancel.check()
    mixed = timeline.render(channels=options.channels)
    finished = finish_audio(mixed, rate, options.target_lufs)
    chapters = chapters_from(script, placed, finished.samples.shape[0] / rate)
    return Mixdown(finished.samples, rate, tuple(placed), chapters, finished.lufs, finished.true_peak)


def chapters_from(script: Script, turns: list[PlacedTurn], duration: float) -> tuple[Chapter, ...]:
    """One chapter per script chapter, starting where its first turn starts (the intro at 0)."""
    starts: dict[int, float] = {}
    for turn in turns:
        starts.setdefault(turn.chapter, turn.start)
    chapters: list[Chapter] = []
    ordered = sorted(starts.items())
    for position, (index, start) in enumerate(ordered):
        begin = 0.0 if position == 0 else round(start, 3)
        end = ordered[position + 1][1] if position + 1 < len(ordered) else duration
        if chapters and begin <= chapters[-1].start:
            continue  # a chapter with no audible turn cannot start before the one before it
        chapters.append(Chapter(script.chapters[index].title, begin, round(min(end, duration), 3)))
    return tuple(chapters)
