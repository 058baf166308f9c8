"""Word-level comparison of speech: WER and fact checks, insensitive to how numbers are written.

Both sides go through the same ``normalize_words``, so "twelve" and "12", "$12.50" and
"12 dollars 50", "9:30" and "9.30" and "nine thirty", "Dr." and "Doctor" compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from engines.numwords import parse_number_words
from engines.speech_norm_ja import normalize_for_speech_ja

_ABBREVIATIONS = {
    "dr": ["doctor"], "mr": ["mister"], "mrs": ["missus"], "ms": ["miz"], "prof": ["professor"], "ok": ["okay"],
    "vs": ["versus"], "etc": ["et", "cetera"], "eg": ["for", "example"], "ie": ["that", "is"], "st": ["saint"],
    "jr": ["junior"], "sr": ["senior"], "percent": ["percent"], "per": ["per"], "dollar": ["dollars"],
    "euro": ["euros"], "pound": ["pounds"],
}
_CURRENCY_WORD = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees"}
# "38.5 million" and "a 38.5-million-euro rebuild" are the same number
_MONEY = re.compile(r"([$€£¥₹])\s?(\d[\d,]*)(?:\.(\d+))?([\s-]?(?:thousand|million|billion|trillion)\b)?")
_SCALED = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)[\s-]?(thousand|million|billion|trillion)\b")
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NUMBER_SEPARATOR = re.compile(r"(?<=\d)[.:](?=\d)")
_DIGITS_THEN_LETTERS = re.compile(r"(?<=\d)(?!(?:st|nd|rd|th)\b)(?=[^\W\d_])")  # ordinals stay whole
_INNER_DOT = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_])")
_APOSTROPHE = re.compile(r"['’`]")
_NON_WORD = re.compile(r"[^\w]+|_")


def _scaled(match: re.Match[str]) -> str:
    whole, _, fraction = match.group(1).partition(".")
    scale = _SCALE[match.group(2)]
    return str(int(whole) * scale + int(fraction or "0") * scale // 10 ** len(fraction))


def _say_money(match: re.Match[str]) -> str:
    unit = _CURRENCY_WORD[match.group(1)]
    whole, fraction, scale = match.group(2), match.group(3), match.group(4)
    if scale:
        number = f"{whole}.{fraction}" if fraction else whole
        return f" {number}{scale} {unit} "
    return f" {whole} {unit} {fraction} " if fraction else f" {whole} {unit} "


def normalize_words(text: str) -> list[str]:
    """Lowercase words without punctuation; number words become digits; common abbreviations spelled out."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _MONEY.sub(_say_money, text)
    text = text.replace("%", " percent ")
    text = _THOUSANDS.sub("", text)
    text = _SCALED.sub(_scaled, text)  # "3.5 million" -> "3500000", as "three million five hundred thousand" parses
    text = _NUMBER_SEPARATOR.sub(" ", text)  # "9:30", "9.30", "3.5": numbers read as two
    text = _DIGITS_THEN_LETTERS.sub(" ", text)  # "10.45am" -> "10 45 am", as "10:45 a.m." reads
    text = _INNER_DOT.sub("", text)  # "u.s." -> "us", "a.m." -> "am"
    text = _APOSTROPHE.sub("", text)
    words: list[str] = []
    for word in _NON_WORD.sub(" ", text).split():
        words.extend(_ABBREVIATIONS.get(word, [word]))
    words = parse_number_words(words)
    return _drop_point(_join_per_cent(words))


def _join_per_cent(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if word == "cent" and out and out[-1] == "per":
            out[-1] = "percent"
        else:
            out.append(word)
    return out


def _drop_point(words: list[str]) -> list[str]:
    """ "three point five" -> "3 5", the same as "3.5"."""
    return [
        w for i, w in enumerate(words)
        if not (w == "point" and 0 < i < len(words) - 1 and words[i - 1].isdigit() and words[i + 1].isdigit())
    ]


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance (substitutions, insertions, deletions all cost 1)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, start=1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word)))
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word errors per reference word, after ``normalize_words`` on both sides.

    An empty reference gives 0.0 for an empty hypothesis and 1.0 otherwise.
    """
    ref = normalize_words(reference)
    hyp = normalize_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def contains_all(text: str, facts: Iterable[str | tuple[str, ...]]) -> list[str]:
    """The facts whose words do not appear, in order and together, in ``text`` (empty: all present).

    A fact may be a tuple of spellings that all count (a homophone the recogniser may write instead,
    as "Plummer" for "plumber"); a missing one is reported by its first spelling.
    """
    words = normalize_words(text)
    joined = f" {' '.join(words)} "

    def heard(spelling: str) -> bool:
        return f" {' '.join(normalize_words(spelling))} " in joined

    spellings = [(fact,) if isinstance(fact, str) else fact for fact in facts]
    return [options[0] for options in spellings if not any(heard(option) for option in options)]


def _plain_characters(text: str) -> list[str]:
    """Letters and digits of ``text`` after NFKC (full-width digits become ASCII), lowercased."""
    return [ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum()]


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Character errors per reference character, punctuation and spaces left out: how Japanese (written
    without spaces) is scored. An empty reference gives 0.0 for an empty hypothesis and 1.0 otherwise."""
    ref, hyp = _plain_characters(reference), _plain_characters(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def japanese_reading(text: str) -> str:
    """The katakana reading of Japanese ``text`` (OpenJTalk), after read-aloud normalisation: "12月6日" and
    "十二月六日" read the same, so scoring readings does not count a digit-or-kanji spelling as an error."""
    import pyopenjtalk

    spoken = normalize_for_speech_ja(text)
    if not spoken.strip():
        return ""
    reading = pyopenjtalk.g2p(spoken, kana=True, use_sudachi_kanji_yomi=False)
    return "".join(ch for ch in reading if ch.isalnum())


def reading_error_rate(reference: str, hypothesis: str) -> float:
    """Character error rate of the katakana readings of two Japanese texts (see :func:`japanese_reading`)."""
    return character_error_rate(japanese_reading(reference), japanese_reading(hypothesis))
