"""Chapter writers under arbitrary input: MP3 (ID3 CHAP/CTOC), M4A (chapter track + Nero chpl), Podcasting 2.0 JSON.

The contract for every writer: either a clear ``ValueError`` naming the chapter (and no file left behind)
or a valid file whose chapters read back with the titles and times that were written.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mutagen.mp4 import MP4

from app.core.audio.chapters import chapters_json, read_chapters, write_chapters_json
from app.core.audio.encode import Chapter, write_audio

RATE = 16000
SECONDS = 3.0
DURATION_MS = int(SECONDS * 1000)
FUZZ = settings(max_examples=int(os.environ.get("DAYCAST_FUZZ_EXAMPLES", "30")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Any Unicode except lone surrogates (Python strings from UTF-8 text never hold them; tested apart below).
TITLES = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
URLS = st.one_of(st.just(""), st.builds(lambda s: "https://example.org/" + s,
                                        st.text(alphabet="abc/-_?=&%é", max_size=20)))
# (title, start ms, length ms, url): unsorted, overlapping and zero-length chapters all come up.
RAW_CHAPTERS = st.lists(st.tuples(TITLES, st.integers(0, DURATION_MS + 500), st.integers(0, 1500), URLS),
                        min_size=1, max_size=6)


def _audio() -> np.ndarray:
    t = np.arange(int(SECONDS * RATE)) / RATE
    return (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


AUDIO = _audio()


def _chapters(raw: list[tuple[str, int, int, str]]) -> list[Chapter]:
    return [Chapter(title, start / 1000, (start + length) / 1000, url) for title, start, length, url in raw]


def _acceptable(chapters: list[Chapter], *, m4a: bool) -> bool:
    """What the encoder promises to write: strictly increasing starts inside the audio (M4A: the first at 0)."""
    starts = [c.start for c in chapters]
    in_order = all(b > a for a, b in itertools.pairwise(starts)) and starts[-1] < SECONDS
    return in_order and (not m4a or starts[0] == 0.0)


def _stored_title(title: str) -> str:
    # ID3 and MP4 text cannot hold NUL (it separates values); the writers drop it instead of truncating.
    return title.replace("\x00", "")


def _folder(tmp_path: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=tmp_path))


@FUZZ
@given(raw=RAW_CHAPTERS)
def test_mp3_chapters_are_refused_clearly_or_read_back_exactly(tmp_path: Path, raw) -> None:
    chapters = _chapters(raw)
    folder = _folder(tmp_path)
    target = folder / "episode.mp3"
    if not _acceptable(chapters, m4a=False):
        with pytest.raises(ValueError, match=r"chapter \d+"):
            write_audio(target, AUDIO, RATE, chapters=chapters)
        assert list(folder.iterdir()) == []  # no half-written file, no temp file
        return
    write_audio(target, AUDIO, RATE, chapters=chapters)
    got = read_chapters(target)
    assert [c.title for c in got] == [_stored_title(c.title) for c in chapters]
    assert [c.url for c in got] == [c.url for c in chapters]
    assert [round(c.start * 1000) for c in got] == [round(c.start * 1000) for c in chapters]
    # ends are clamped to the audio, and kept as written (overlaps and zero lengths included)
    assert [round(c.end * 1000) for c in got] == [round(min(c.end, SECONDS) * 1000) for c in chapters]


@FUZZ
@given(raw=RAW_CHAPTERS, first_at_zero=st.booleans())
def test_m4a_chapters_are_refused_clearly_or_read_back(tmp_path: Path, raw, first_at_zero: bool) -> None:
    if first_at_zero:  # most real episodes; without this, hypothesis rarely starts a chapter list at 0
        raw = [(raw[0][0], 0, *raw[0][2:]), *raw[1:]]
    chapters = _chapters(raw)
    folder = _folder(tmp_path)
    target = folder / "episode.m4a"
    if not _acceptable(chapters, m4a=True):
        with pytest.raises(ValueError, match=r"chapter \d+"):
            write_audio(target, AUDIO, RATE, chapters=chapters)
        assert list(folder.iterdir()) == []
        return
    write_audio(target, AUDIO, RATE, chapters=chapters)
    got = read_chapters(target)  # the QuickTime chapter track, as FFmpeg and Apple players read it
    assert [c.title for c in got] == [_stored_title(c.title) for c in chapters]
    assert [round(c.start * 1000) for c in got] == [round(c.start * 1000) for c in chapters]
    # the track holds starts and durations: a chapter runs until the next one starts
    assert all(a.end <= b.start + 0.001 for a, b in itertools.pairwise(got))
    nero = MP4(target).chapters  # the Nero chpl atom that other players read agrees
    assert [(round(c.start * 1000), c.title) for c in nero] == [(round(c.start * 1000), _stored_title(c.title))
                                                                for c in chapters]


@pytest.mark.parametrize("suffix", [".mp3", ".m4a", ".opus", ".flac"])
def test_lone_surrogates_and_nul_in_titles_never_crash_the_writer(tmp_path: Path, suffix: str) -> None:
    # A lone surrogate reaches a title through a JSON "\ud83d" escape (a hand-edited podcast script).
    chapters = [Chapter("broken \ud83d emoji", 0.0, 1.0), Chapter("nul\x00inside", 1.0, 2.0)]
    path = write_audio(tmp_path / f"odd{suffix}", AUDIO, RATE, chapters=chapters)
    assert [c.title for c in read_chapters(path)] == ["broken \ufffd emoji", "nulinside"]


# ---- Podcasting 2.0 chapters JSON ---------------------------------------------------------------

TIMES = st.one_of(st.floats(min_value=0, max_value=36_000, allow_nan=False), st.sampled_from([0.0, 1e-9, 59.9995]))
BAD_TIMES = st.sampled_from([math.nan, math.inf, -math.inf, -0.5])


def _strict_json(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@FUZZ
@given(items=st.lists(st.tuples(TITLES, TIMES, TIMES, URLS), max_size=8), title=TITLES)
def test_chapters_json_is_strict_json_with_every_chapter(tmp_path: Path, items, title: str) -> None:
    chapters = [Chapter(t, start, start + length, url) for t, start, length, url in items]
    path = write_chapters_json(_folder(tmp_path) / "e.chapters.json", chapters, title=title)
    data = _strict_json(path.read_text(encoding="utf-8"))
    assert data == chapters_json(chapters, title=title)
    assert data["version"] == "1.2.0" and data["title"] == title
    assert [c["title"] for c in data["chapters"]] == [c.title for c in chapters]
    for item, chapter in zip(data["chapters"], chapters, strict=True):
        assert item["startTime"] >= 0 and abs(item["startTime"] - chapter.start) <= 0.0005
        assert "endTime" not in item or item["endTime"] > item["startTime"]
        assert item.get("url", "") == chapter.url


@given(bad=BAD_TIMES, where=st.sampled_from(["start", "end"]))
@settings(max_examples=20, deadline=None)
def test_chapters_json_refuses_times_that_are_not_real_numbers(bad: float, where: str) -> None:
    assume(not (where == "end" and bad == -0.5))  # an end before the start only drops "endTime"
    chapter = Chapter("x", bad, 1.0) if where == "start" else Chapter("x", 1.0, bad)
    with pytest.raises(ValueError, match="chapter 1"):
        chapters_json([Chapter("ok", 0.0, 1.0), chapter], title="t")
