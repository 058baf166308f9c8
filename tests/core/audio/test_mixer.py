"""Trimming, crossfades and the timeline: placements, gaps, pan, render."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.audio.jingle import make_jingle
from app.core.audio.mixer import Timeline, crossfade, pan_gains, trim_silence


def _padded(core: np.ndarray, before: int, after: int) -> np.ndarray:
    return np.concatenate([np.zeros(before, np.float32), core, np.zeros(after, np.float32)])


def test_trim_silence_keeps_the_speech_and_a_margin(speech) -> None:
    samples, rate = speech
    frame = rate // 100
    # Whole frames of padding keep the 10 ms grid on the speech: a shifted grid can move an edge
    # where the speech hovers at the threshold, which is a property of framing, not of trimming.
    padded = _padded(samples, 80 * frame, 120 * frame)
    padded += np.float32(1e-4) * np.random.default_rng(0).standard_normal(len(padded)).astype(np.float32)
    # -80 dBFS hiss stays under the -45 dB threshold
    bare = trim_silence(padded, rate, keep=0.0)
    kept = trim_silence(padded, rate, keep=0.04)
    assert len(bare) % frame == 0 and len(bare) < len(padded) - 190 * frame  # the padding is gone
    assert abs(len(bare) - len(trim_silence(samples, rate, keep=0.0))) <= frame  # the speech is not
    assert len(kept) - len(bare) == 2 * round(0.04 * rate)  # keep on both sides
    assert np.abs(bare).max() == pytest.approx(np.abs(samples).max(), rel=0.01)


def test_trim_silence_of_silence_is_empty() -> None:
    assert trim_silence(np.zeros(1000, np.float32), 16000).shape == (0,)
    stereo = trim_silence(np.zeros((1000, 2), np.float32), 16000)
    assert stereo.shape == (0, 2)


def test_crossfade_is_equal_power() -> None:
    rate = 16000
    rng = np.random.default_rng(1)
    a = (0.3 * rng.standard_normal(rate)).astype(np.float32)
    b = (0.3 * rng.standard_normal(rate)).astype(np.float32)
    mixed = crossfade(a, b, rate, 0.5)
    assert len(mixed) == 2 * rate - rate // 2
    # uncorrelated material keeps its power through the overlap (no dip in the middle)
    middle = mixed[rate // 2 : rate]
    assert np.sqrt(np.mean(middle**2)) == pytest.approx(0.3, rel=0.08)
    assert np.array_equal(mixed[: rate // 2], a[: rate // 2])
    assert np.array_equal(mixed[rate:], b[rate // 2 :])


def test_crossfade_longer_than_a_clip_shrinks() -> None:
    a, b = np.ones(100, np.float32), np.ones(40, np.float32)
    assert len(crossfade(a, b, 1000, 5.0)) == 100


def test_timeline_places_clips_with_gaps() -> None:
    rate = 1000
    timeline = Timeline(rate)
    first = timeline.add(np.ones(500, np.float32), label="intro", speaker="")
    second = timeline.add(np.ones(250, np.float32), label="hello", speaker="Ava", gap_before=0.25)
    assert (first.start, first.end) == (0.0, 0.5)
    assert (second.start, second.end, second.label, second.speaker) == (0.75, 1.0, "hello", "Ava")
    assert timeline.duration == 1.0
    out = timeline.render()
    assert out.shape == (1000,)
    assert out[500:750].max() == 0.0 and out[760] == 1.0


def test_timeline_crossfade_overlaps_the_previous_clip() -> None:
    rate = 1000
    timeline = Timeline(rate)
    timeline.add(np.ones(1000, np.float32))
    placed = timeline.add_crossfaded(np.ones(1000, np.float32), 0.2, label="next")
    assert placed.start == pytest.approx(0.8) and timeline.duration == pytest.approx(1.8)
    out = timeline.render()
    # equal-power on identical (correlated) material rises to sqrt(2) mid-fade: sin + cos
    assert out[900] == pytest.approx(np.sqrt(2), rel=0.01)
    assert out[100] == 1.0 and out[1500] == 1.0


def test_stereo_render_pans_mono_clips() -> None:
    rate = 1000
    timeline = Timeline(rate)
    timeline.add(np.ones(100, np.float32), pan=-1.0)
    timeline.add(np.ones(100, np.float32), pan=1.0)
    timeline.add(np.ones(100, np.float32), pan=0.0)
    out = timeline.render(channels=2)
    assert out.shape == (300, 2)
    assert out[50] == pytest.approx([1.0, 0.0], abs=1e-6)
    assert out[150] == pytest.approx([0.0, 1.0], abs=1e-6)
    assert out[250] == pytest.approx([np.sqrt(0.5), np.sqrt(0.5)])  # constant power: L² + R² = 1
    left, right = pan_gains(0.3)
    assert left**2 + right**2 == pytest.approx(1.0)
    with pytest.raises(ValueError):
        timeline.add(np.ones(10, np.float32), pan=1.5)


def test_timeline_mixes_a_jingle_and_speech(speech) -> None:
    samples, rate = speech
    timeline = Timeline(rate)
    timeline.add(make_jingle(rate, seconds=1.5), label="jingle")
    spoken = timeline.add_crossfaded(samples, 0.3, label="speech", speaker="Joe")
    timeline.add(make_jingle(rate, seconds=1.5, variant="outro"), gap_before=0.5, label="outro")
    mono = timeline.render()
    assert len(mono) / rate == pytest.approx(timeline.duration)
    assert spoken.start == pytest.approx(1.2, abs=1e-3)
    assert timeline.duration == pytest.approx(1.2 + len(samples) / rate + 0.5 + 1.5, abs=1e-3)
    assert np.abs(mono).max() <= 1.0
