"""Which language Daycast speaks, hears and writes: English or Japanese, chosen or read from the sources.

One place for what differs by language: the default voices (Kokoro's Japanese speakers for ``ja``), the
Whisper model (tiny.en is English-only; the multilingual base hears Japanese) and how a text is judged
to be Japanese (its share of kana and kanji among its letters).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from engines.errors import UsageError

Lang = Literal["en", "ja"]
LANGUAGES: tuple[Lang, ...] = ("en", "ja")

JAPANESE_SHARE = 0.3
"""A text whose letters are at least this share kana or kanji is Japanese (names and English terms
inside Japanese prose keep it well above; a Japanese word quoted in English prose stays well below)."""
ENGLISH_SHARE = 0.05
"""Sources below this share are clearly English; between the two, ``auto`` cannot tell."""

MULTILINGUAL_ASR = "whisper-base-ct2"


@dataclass(frozen=True, slots=True)
class LanguageVoices:
    """Voices a language speaks with by default (``engines.tts`` specs)."""

    briefing: str
    host_a: str
    host_b: str
    assistant: str


DEFAULT_VOICES: dict[str, LanguageVoices] = {
    "en": LanguageVoices("piper:en_US-joe-medium", "piper:en_US-joe-medium", "kokoro:jf_gongitsune",
                         "piper:en_US-joe-medium"),
    "ja": LanguageVoices("kokoro:jf_alpha", "kokoro:jf_alpha", "kokoro:jm_kumo", "kokoro:jf_alpha"),
}


def is_japanese_char(ch: str) -> bool:
    """Hiragana, katakana (full and half width), CJK ideographs and the Japanese iteration marks."""
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0x3400 <= code <= 0x4DBF
            or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF66 <= code <= 0xFF9F
            or ch in "々〆ヵヶ")


def japanese_share(text: str) -> float:
    """Share of ``text``'s letters that are Japanese script (0.0 for a text without letters)."""
    letters = japanese = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            japanese += is_japanese_char(ch)
    return japanese / letters if letters else 0.0


def has_japanese(text: str) -> bool:
    """A sentence that needs a Japanese reading: any kana or kanji in it."""
    return any(is_japanese_char(ch) for ch in text)


def detect(texts: Iterable[str]) -> Lang | None:
    """The language of ``texts`` taken together, or None when it is not clear."""
    share = japanese_share("\n".join(texts))
    if share >= JAPANESE_SHARE:
        return "ja"
    if share <= ENGLISH_SHARE:
        return "en"
    return None


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """The language a job uses and why (``app.core.notices.language_notice`` tells the user)."""

    lang: Lang
    detected: Lang | None
    asked: str


def choose(asked: str, texts: Iterable[str] = ()) -> LanguageChoice:
    """``asked`` is "en", "ja" or "auto"; auto follows the sources when they are clearly one language."""
    asked = (asked or "auto").lower()
    if asked not in ("auto", *LANGUAGES):

        raise UsageError(f"Unknown language {asked!r}", hint="use en, ja or auto")
    detected = detect(texts)
    if asked == "auto":
        return LanguageChoice(detected or "en", detected, asked)
    return LanguageChoice(asked, detected, asked)  # type: ignore[arg-type]


def asr_model_for(lang: str, configured: str) -> str:
    """Whisper tiny.en hears only English: Japanese needs the multilingual base."""
    if lang != "en" and configured.endswith(".en-ct2"):
        return MULTILINGUAL_ASR
    return configured


def voice_for(lang: str, configured: str, role: str) -> str:
    """The configured voice, unless it cannot speak ``lang`` (Piper's English voice for Japanese)."""
    if lang == "ja" and configured.startswith("piper:"):
        return getattr(DEFAULT_VOICES["ja"], role)
    return configured
