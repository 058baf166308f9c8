"""The speech queue: sentences synthesised in a thread, in order, with one pause between sentences."""

from __future__ import annotations

import numpy as np

from app.core.speech import SpeechQueue
from engines.cancel import CancelToken


def _longest_silence(samples: np.ndarray, rate: int) -> float:
    quiet = np.abs(samples) < 1e-4
    longest = run = 0
    for flag in quiet:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest / rate


def test_two_sentences_in_one_say_are_one_pause_apart(piper_tts) -> None:
    queue = SpeechQueue(piper_tts, voice=None, speed=1.0, cancel=CancelToken())
    try:
        queue.say("The ferry leaves at noon. Bring the blue umbrella.")
        (spoken,) = queue.finish()
    finally:
        queue.close()
    samples, rate = spoken.audio.samples, spoken.audio.sample_rate
    inner = samples[: len(samples) - round(piper_tts.sentence_pause * rate)]  # without the trailing pause
    gap = _longest_silence(inner, rate)
    # The engine's own sentence pause (0.2 s), give or take Piper's own near-silence; not an extra gap on top.
    assert piper_tts.sentence_pause - 0.01 <= gap < piper_tts.sentence_pause + 0.08, gap
