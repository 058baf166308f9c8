"""A short, soft synthesized motif for the start and end of briefings and episodes (made here, no samples)."""

from __future__ import annotations

import math

import numpy as np

from app.core.audio.io import db_to_gain

PEAK_DB = -6.0
VARIANTS = ("intro", "outro", "sting")

# Semitones above A4 (440 Hz): a rising major-pentatonic figure (C5 E5 G5 C6), and its mirror.
_MOTIFS = {
    "intro": (3, 7, 10, 15),
    "outro": (15, 10, 7, 3),
    "sting": (10, 15),
}
_PAD_ROOTS = {"intro": (-9, -2), "outro": (-9, -2), "sting": (-2, 3)}  # C4+G4 and G4+C5 under the motif
# Partial number -> (relative amplitude, decay rate multiplier): a soft mallet/bell colour.
_PARTIALS = ((1, 1.0, 1.0), (2, 0.32, 1.8), (3, 0.10, 2.6), (4, 0.04, 3.5))
_ATTACK = 0.012
_FADE_OUT = 0.25


def _hz(semitones: float) -> float:
    return 440.0 * 2.0 ** (semitones / 12.0)


def _note(t: np.ndarray, freq: float, decay: float, rate: int) -> np.ndarray:
    """One mallet note starting at t=0 (``t`` is negative before it starts)."""
    on = t >= 0
    tt = np.where(on, t, 0.0)
    attack = np.clip(tt / _ATTACK, 0.0, 1.0)
    tone = np.zeros_like(t)
    for number, amplitude, speed in _PARTIALS:
        if freq * number < 0.45 * rate:  # skip partials that would alias at low rates
            tone += amplitude * np.sin(2 * math.pi * freq * number * tt) * np.exp(-decay * speed * tt)
    return np.where(on, tone * attack, 0.0)


def _pad(t: np.ndarray, roots: tuple[int, ...], seconds: float) -> np.ndarray:
    """A quiet sustained chord that swells in and out under the notes."""
    envelope = np.sin(np.pi * np.clip(t / seconds, 0.0, 1.0)) ** 2
    chord = sum(np.sin(2 * math.pi * _hz(r) * t) + 0.2 * np.sin(4 * math.pi * _hz(r) * t) for r in roots)
    return 0.18 * envelope * chord


def make_jingle(rate: int, *, seconds: float = 3.0, variant: str = "intro") -> np.ndarray:
    """A deterministic mono motif, float32, peak at -6 dBFS, starting and ending at silence.

    ``intro`` rises, ``outro`` falls (the mirror image), ``sting`` is a two-note accent.
    """
    if variant not in _MOTIFS:
        raise ValueError(f"unknown jingle variant {variant!r}; use one of {', '.join(VARIANTS)}")
    if rate <= 0 or seconds <= 0.1:
        raise ValueError(f"jingle needs a positive rate and more than 0.1 s, got {rate} Hz, {seconds} s")
    t = np.arange(round(seconds * rate), dtype=np.float64) / rate
    motif = _MOTIFS[variant]
    spacing = seconds * 0.45 / max(1, len(motif) - 1)
    decay = 3.2 / seconds
    signal = _pad(t, _PAD_ROOTS[variant], seconds)
    for index, semitones in enumerate(motif):
        last = index == len(motif) - 1
        signal = signal + (1.0 if last else 0.8) * _note(t - index * spacing, _hz(semitones), decay, rate)
    fade = min(int(_FADE_OUT * rate), t.size // 3)
    if fade:
        signal[-fade:] *= np.cos(np.linspace(0.0, math.pi / 2, fade)) ** 2
    peak = np.abs(signal).max()
    if peak > 0:
        signal *= db_to_gain(PEAK_DB) / peak
    return signal.astype(np.float32)
