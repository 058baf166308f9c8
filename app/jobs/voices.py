"""The voices offered in the window (engine:voice specs, as settings and the CLI spell them)."""

from __future__ import annotations

from engines.tts import DEFAULT_SPEC, available_voices

FALLBACK_VOICES = (
    (DEFAULT_SPEC, "Joe (en_US, Piper, medium)"),
    ("kokoro:jm_kumo", "Kumo (male, Kokoro)"),
    ("kokoro:jf_alpha", "Alpha (female, Kokoro)"),
    ("kokoro:jf_gongitsune", "Gongitsune (female, Kokoro)"),
    ("kokoro:jf_nezumi", "Nezumi (female, Kokoro)"),
)
PREVIEW_TEXT = "Good morning. Here is what your day looks like."


def known_voices() -> list[tuple[str, str]]:
    """(spec, label) of the installed TTS voices; the fallback list when the engines cannot say."""
    try:
        voices = [(v.spec, v.label) for v in available_voices()]
    except Exception:  # a broken voice package must not take the settings page down
        return list(FALLBACK_VOICES)
    return voices or list(FALLBACK_VOICES)


def voice_label(spec: str) -> str:
    for known, label in known_voices():
        if known == spec:
            return label
    engine, _, name = spec.partition(":")
    return f"{name} ({engine})" if name else spec
