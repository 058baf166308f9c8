"""The synthesized jingle: deterministic, soft, clean edges, rising intro and falling outro."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.audio.jingle import VARIANTS, make_jingle


def _pitch(segment: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(segment * np.hanning(len(segment)), n=1 << 16))
    freqs = np.fft.rfftfreq(1 << 16, 1 / rate)
    band = (freqs > 400) & (freqs < 1200)  # the motif's fundamentals (C5..C6), above the pad
    return float(freqs[band][np.argmax(spectrum[band])])


@pytest.mark.parametrize("variant", VARIANTS)
def test_jingle_level_edges_and_determinism(variant: str) -> None:
    rate = 24000
    jingle = make_jingle(rate, seconds=3.0, variant=variant)
    assert jingle.dtype == np.float32 and jingle.shape == (3 * rate,)
    assert 20 * np.log10(np.abs(jingle).max()) == pytest.approx(-6.0, abs=0.05)
    assert abs(jingle[0]) < 1e-3 and np.abs(jingle[-100:]).max() < 1e-3  # no click at either end
    assert np.array_equal(jingle, make_jingle(rate, seconds=3.0, variant=variant))


def test_intro_rises_and_outro_falls() -> None:
    rate = 24000
    intro, outro = make_jingle(rate, variant="intro"), make_jingle(rate, variant="outro")
    note = int(0.2 * rate)
    first_at, last_at = int(0.02 * rate), int(1.36 * rate)  # notes start every 0.45 s (3 s * 0.45 / 3)
    assert _pitch(intro[first_at : first_at + note], rate) == pytest.approx(523.25, abs=3)  # C5
    assert _pitch(intro[last_at : last_at + note], rate) == pytest.approx(1046.5, abs=4)  # C6
    assert _pitch(outro[first_at : first_at + note], rate) == pytest.approx(1046.5, abs=4)
    assert _pitch(outro[last_at : last_at + note], rate) == pytest.approx(523.25, abs=3)


def test_short_jingle_at_piper_rate_and_bad_arguments() -> None:
    short = make_jingle(22050, seconds=1.6)
    assert short.shape == (int(1.6 * 22050),) and np.abs(short).max() <= 0.51
    with pytest.raises(ValueError, match="variant"):
        make_jingle(22050, variant="fanfare")
    with pytest.raises(ValueError):
        make_jingle(0)
