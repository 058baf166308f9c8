"""Barge-in detection: when does speech at the microphone mean "the user is interrupting"?

With headphones (``echo_guard="off"``) any sustained speech while the assistant talks is the user.
On speakers the microphone also hears the assistant itself, and Silero rightly calls that speech, so
``half_duplex`` gates the microphone while the assistant is audible: a frame counts only when it is
strong speech (high VAD probability) *and* clearly louder than the echo expected from what the player
is putting out right now (its recent output level plus a speaker→microphone coupling that is learned
while playing). Sustained means most frames of a short window.

The trade-off: on speakers the user must speak up (about ``margin_db`` over the echo) to interrupt,
and soft or distant speech during playback is ignored; in the pauses between sentences the output is
silent and a normal voice interrupts. With ``off`` a normal voice always interrupts, but the assistant
would interrupt itself on speakers, so ``off`` is for headphones.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from app.core.audio.player import SILENT_DB, rms_db

__all__ = ["BargeInGate", "GateOptions", "rms_db"]


@dataclass(frozen=True)
class GateOptions:
    """Thresholds of barge-in detection (frames are 32 ms)."""

    echo_guard: str = "half_duplex"
    speech_threshold: float = 0.5
    """VAD probability for speech when the assistant is not audible (or with echo_guard off)."""
    strong_threshold: float = 0.7
    """VAD probability for speech that may interrupt the assistant's own voice (half duplex)."""
    window: int = 7
    needed: int = 5
    """Barge-in when ``needed`` of the last ``window`` frames qualify (5 of 7: ~160 ms in ~220 ms)."""
    margin_db: float = 6.0
    floor_db: float = -45.0
    coupling_db: float = -6.0
    """Assumed speaker→microphone coupling before any is measured: loud speakers right at the mic."""
    learn_frames: int = 90
    """Recent loud-output frames whose coupling is remembered (~3 s)."""


class BargeInGate:
    """Feed one frame's VAD probability, level and the player's recent output level; get True once
    the user is interrupting. ``onset`` is the time (as passed to ``push``) where the qualifying run began."""

    def __init__(self, options: GateOptions | None = None) -> None:
        self.options = options or GateOptions()
        self._recent: deque[bool] = deque(maxlen=self.options.window)
        self._couplings: deque[float] = deque(maxlen=self.options.learn_frames)
        self._run_start: float | None = None
        self.onset = 0.0

    def reset(self) -> None:
        self._recent.clear()
        self._run_start = None

    @property
    def coupling_db(self) -> float:
        """The echo coupling in use: the 90th percentile of what was measured, never below the prior's -20 dB."""
        if len(self._couplings) < 10:
            return self.options.coupling_db
        return max(float(np.percentile(np.array(self._couplings), 90)), self.options.coupling_db - 20.0)

    def expected_echo_db(self, output_db: float) -> float:
        return output_db + self.coupling_db if output_db > SILENT_DB else SILENT_DB

    def qualifies(self, probability: float, level_db: float, output_db: float | None) -> bool:
        """Whether this frame is user speech. ``output_db`` is None when the assistant is not audible."""
        opts = self.options
        if output_db is None or opts.echo_guard == "off":
            return probability >= opts.speech_threshold
        if probability < opts.strong_threshold or level_db < opts.floor_db:
            return False
        return level_db >= self.expected_echo_db(output_db) + opts.margin_db

    def push(self, probability: float, level_db: float, output_db: float | None, at: float = 0.0) -> bool:
        """One frame starting at time ``at``; True when this frame completes a barge-in."""
        ok = self.qualifies(probability, level_db, output_db)
        if output_db is not None and output_db > -40.0 and not ok:
            self._couplings.append(level_db - output_db)  # echo-only frames teach the coupling
        self._recent.append(ok)
        if ok and self._run_start is None:
            self._run_start = at
        if not any(self._recent):
            self._run_start = None
        if sum(self._recent) >= self.options.needed:
            self.onset = self._run_start if self._run_start is not None else at
            self.reset()
            return True
        return False
