"""Real speech for tests that need a recording: the bundled Piper voice (joe-medium) reading a text.

Rendered without Piper's random noise (``noise_scale`` and ``noise_w_scale`` 0), so every run gets the same
samples: a test on this audio that passes once passes always, and one that fails does so on every run.
"""

from __future__ import annotations

import numpy as np


def piper_speech(text: str) -> tuple[np.ndarray, int]:
    """``text`` read by Piper joe-medium: float32 mono samples and their rate (22.05 kHz)."""
    from piper import PiperVoice, SynthesisConfig

    from engines import bundled

    voice = PiperVoice.load(bundled.require("piper-en_US-joe-medium").path("en_US-joe-medium.onnx"))
    steady = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    audio = np.concatenate([chunk.audio_float_array for chunk in voice.synthesize(text, syn_config=steady)])
    return audio.astype(np.float32), int(voice.config.sample_rate)
