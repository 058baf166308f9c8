"""The last step of every programme Daycast writes: loudness, the install's watermark, the true-peak ceiling.

Briefings and podcasts both end here, so both keep the same promise: the target loudness, the mark, and a
true peak at or under -1 dBTP measured on the marked audio (the mark can add up to about half a dB on a peak
the limiter held at the ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.audio import loudness
from app.core.trust.watermark import embed_daycast

PEAK_HEADROOM_DB = -1.3
"""Normalise to this true peak so the watermark, added afterwards, rarely needs the final trim."""
_TRIM_MARGIN_DB = 0.05


@dataclass(frozen=True)
class Finished:
    """The finished programme and what its sidecar reports of it, both measured on the marked audio."""

    samples: np.ndarray
    lufs: float
    true_peak: float


def finish_audio(samples: np.ndarray, rate: int, target_lufs: float) -> Finished:
    """Loudness to target with peak headroom, then the install's watermark; true peak kept ≤ -1 dBTP.

    The true peak is measured once, after the watermark (normalize skips its own check).
    """
    normalised = loudness.normalize(samples, rate, target_lufs=target_lufs, true_peak_db=PEAK_HEADROOM_DB,
                                    verify_peak=False)  # measured once, below, after the watermark
    marked = embed_daycast(normalised, rate)
    peak = loudness.true_peak_dbtp(marked, rate)
    if peak > loudness.TRUE_PEAK_DB:  # the mark landed on a peak: a hair of gain keeps the ceiling
        gain_db = loudness.TRUE_PEAK_DB - _TRIM_MARGIN_DB - peak
        marked = (marked * np.float32(10 ** (gain_db / 20))).astype(np.float32)
        peak += gain_db  # gain is linear, so the peak moves with it
    return Finished(marked, loudness.integrated_lufs(marked, rate), peak)
