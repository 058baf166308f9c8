"""Piper speech in tests: a steady recording for audio tests, and a second take for tests that hear the voice.

``piper_speech`` renders without Piper's random noise (``noise_scale`` and ``noise_w_scale`` 0), so every run
gets the same samples: a test on this audio that passes once passes always. ``better_of_two_takes`` is for
tests of the product's voice as users hear it, noise on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def piper_speech(text: str) -> tuple[np.ndarray, int]:
    """``text`` read by Piper joe-medium: float32 mono samples and their rate (22.05 kHz)."""
    from piper import PiperVoice, SynthesisConfig

    from engines import bundled

    voice = PiperVoice.load(bundled.require("piper-en_US-joe-medium").path("en_US-joe-medium.onnx"))
    steady = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    audio = np.concatenate([chunk.audio_float_array for chunk in voice.synthesize(text, syn_config=steady)])
    return audio.astype(np.float32), int(voice.config.sample_rate)


def better_of_two_takes(take: Callable[[], T], misses: Callable[[T], float]) -> T:
    """``take()`` once, and once more only when the first take ``misses`` something (``misses`` > 0); the take
    that misses less.

    For tests that hear the product's own Piper voice (noise on, as users hear it) through Whisper: the
    voice noise differs per take, and Whisper base now and then mishears a word of a good take ("340" as
    "300 4", "kiln inspection" as "kelondon's spectrum"). A real fault misses in both takes.
    """
    first = take()
    if not misses(first):
        return first
    second = take()
    return second if misses(second) < misses(first) else first
