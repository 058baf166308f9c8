"""English number words both ways, small and dependency-free (no num2words).

Covers what speech needs: cardinals up to the millions, ordinals, and years spoken in pairs
("nineteen eighty-four"). Used by the read-aloud normaliser and by the WER metric.
"""

from __future__ import annotations

ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))

_ORDINAL_IRREGULAR = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}

WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(ONES)} | {w: 10 * i for i, w in enumerate(TENS) if w}
SCALE_VALUES: dict[str, int] = {name: value for value, name in _SCALES}


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{ONES[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        parts.append(f"{TENS[tens]}-{ONES[ones]}" if ones else TENS[tens])
    elif rest or not hundreds:
        parts.append(ONES[rest])
    return " ".join(parts)


def number_to_words(n: int) -> str:
    """``1234`` -> "one thousand two hundred thirty-four"; negative numbers get "minus"."""
    if n < 0:
        return "minus " + number_to_words(-n)
    if n < 1000:
        return _below_thousand(n)
    parts = []
    for value, name in _SCALES:
        if n >= value:
            count, n = divmod(n, value)
            parts.append(f"{number_to_words(count)} {name}")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def year_to_words(year: int) -> str:
    """How a year is read: 1984 -> "nineteen eighty-four", 2005 -> "two thousand five", 2026 -> "twenty twenty-six"."""
    if not 1000 <= year <= 9999:
        return number_to_words(year)
    high, low = divmod(year, 100)
    if low == 0:
        return number_to_words(year) if high % 10 == 0 else f"{number_to_words(high)} hundred"
    if 2000 <= year < 2010:
        return number_to_words(year)
    low_words = f"oh {ONES[low]}" if low < 10 else number_to_words(low)
    return f"{number_to_words(high)} {low_words}"


def ordinal_to_words(n: int) -> str:
    """``21`` -> "twenty-first"."""
    words = number_to_words(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{last}"


def ordinal_suffix(n: int) -> str:
    """``21`` -> "21st", ``12`` -> "12th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


# "first".."ninety-ninth" as single words (compounds arrive split at the hyphen: "twenty" "first").
ORDINAL_VALUES: dict[str, int] = {w: n for n in range(1, 100) if "-" not in (w := ordinal_to_words(n))}


def _read_cardinal(tokens: list[str], start: int) -> tuple[int, int, bool, bool]:
    """Read one spoken number from ``tokens[start:]``.

    Returns (value, next index, simple, ordinal); ``simple`` means no "hundred"/scale word
    (so two simple numbers in a row may form a year); ``ordinal`` that it ended in "first" etc.
    """
    total = current = 0
    last = ""
    simple = True
    j = start
    while j < len(tokens):
        word = tokens[j]
        ordinal_fits = last not in ("ones", "teen") and not (last == "tens" and ORDINAL_VALUES.get(word, 0) >= 10)
        if word in ORDINAL_VALUES and ordinal_fits:
            return total + current + ORDINAL_VALUES[word], j + 1, simple, True
        if word in WORD_VALUES:
            value = WORD_VALUES[word]
            is_tens = value >= 20
            if last in ("ones", "teen") or (last == "tens" and (is_tens or value >= 10 or value == 0)):
                break
            current += value
            last = "tens" if is_tens else ("teen" if value >= 10 else "ones")
        elif word == "hundred":
            if last not in ("ones", "teen", "tens") or current >= 100:
                break
            current *= 100
            last, simple = "hundred", False
        elif word in SCALE_VALUES:
            if not last or last == "scale":
                break
            total += current * SCALE_VALUES[word]
            current = 0
            last, simple = "scale", False
        elif word == "and" and last in ("hundred", "scale") and j + 1 < len(tokens) and tokens[j + 1] in WORD_VALUES:
            pass
        else:
            break
        j += 1
    return total + current, j, simple, False


def _year_tail(tokens: list[str], j: int) -> tuple[int, int] | None:
    """The "eighty-four" of "nineteen eighty-four" (or "oh five"), as (value, next index)."""
    if j >= len(tokens):
        return None
    if tokens[j] == "oh" and j + 1 < len(tokens) and 1 <= WORD_VALUES.get(tokens[j + 1], 0) <= 9:
        return WORD_VALUES[tokens[j + 1]], j + 2
    if tokens[j] not in WORD_VALUES or WORD_VALUES[tokens[j]] < 10:
        return None
    value, k, simple, ordinal = _read_cardinal(tokens, j)
    return (value, k) if simple and not ordinal and 10 <= value <= 99 else None


def parse_number_words(tokens: list[str]) -> list[str]:
    """Replace runs of lowercase number words by digits: "twenty six" -> "26", "twenty first" -> "21st".

    Years spoken in pairs become one number ("nineteen eighty four" -> "1984") when the first pair
    is 13..29, so times like "twelve thirty" stay two numbers ("12" "30"), as "12:30" is tokenised.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word not in WORD_VALUES and word not in ORDINAL_VALUES:
            out.append(word)
            i += 1
            continue
        value, j, simple, ordinal = _read_cardinal(tokens, i)
        if j == i:  # an ordinal that cannot start a number
            out.append(word)
            i += 1
            continue
        if simple and not ordinal and 13 <= value <= 29 and (tail := _year_tail(tokens, j)):
            value, j = value * 100 + tail[0], tail[1]
        out.append(ordinal_suffix(value) if ordinal else str(value))
        i = j
    return out
