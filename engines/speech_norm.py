"""Read-aloud normalisation: what a TTS voice should say for text written for the eye.

Deterministic, pure string rewriting; line breaks survive (the sentence splitter cuts at them).
Right-to-left and other scripts pass through untouched: no Unicode re-normalisation is applied,
since it could reorder Hebrew points or Arabic marks.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from engines.numwords import number_to_words, ordinal_to_words, year_to_words

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)
_CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "€": ("euro", "euros", "cent", "cents"),
             "£": ("pound", "pounds", "penny", "pence"), "¥": ("yen", "yen", "", ""),
             "₹": ("rupee", "rupees", "paisa", "paise")}
_CODES = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_SCALES = {"k": "thousand", "thousand": "thousand", "m": "million", "mn": "million", "million": "million",
           "b": "billion", "bn": "billion", "billion": "billion", "t": "trillion", "tn": "trillion",
           "trillion": "trillion"}
_ABBREVIATIONS = (
    (r"\be\.g\.(?=\W|$)", "for example"), (r"\bi\.e\.(?=\W|$)", "that is"), (r"\bvs\.?(?=\s)", "versus"),
    (r"\betc\.(?=\s+[A-Z]|\s*$)", "et cetera."), (r"\betc\.", "et cetera"), (r"\b[Aa]pprox\.", "approximately"),
    (r"\bMr\.(?=\s)", "Mister"), (r"\bMrs\.(?=\s)", "Missus"), (r"\bMs\.(?=\s)", "Miz"),
    (r"\bDr\.(?=\s+[A-Z])", "Doctor"), (r"\bProf\.(?=\s)", "Professor"), (r"\bJr\.", "Junior"),
    (r"\bSr\.", "Senior"), (r"\b[Nn]o\.\s?(?=\d)", "number "), (r"\bw/(?=\s)", "with"),
    (r"(?<=\d)\s?°C\b", " degrees Celsius"), (r"(?<=\d)\s?°F\b", " degrees Fahrenheit"), (r"°", " degrees"),
    (r"(?<=\d)\s?km/h\b", " kilometers per hour"), (r"(?<=\d)\s?mph\b", " miles per hour"),
    (r"(?<=\d)\s?km\b", " kilometers"), (r"(?<=\d)\s?kg\b", " kilograms"),
    # espeak spelled these out: "3 ft" as "three F T", "5,000 sq ft" as "S Q F T", "3x faster" as "three X"
    (r"(?<=\d)\s?sq\.?\s?ft\b", " square feet"), (r"(?<=\d)\s?ft\b", " feet"), (r"(?<=\d)\s?lbs?\b", " pounds"),
    (r"(?<=\d)\s?oz\b", " ounces"), (r"(?<=\d)\s?cm\b", " centimeters"), (r"(?<=\d)\s?mm\b", " millimeters"),
    (r"(?<=\d)(?<!\d{4})x(?=\s|[,;:!?]|\.(?!\w)|$)", " times"),
    # espeak read these as letters or stopped at their full stop ("ext." as "ekst", "Mt." as "M T")
    (r"\bMt\.(?=\s+[A-Z])", "Mount"), (r"\bFt\.(?=\s+[A-Z])", "Fort"), (r"\bApt(?:\.\s?|\s)(?=\d)", "apartment "),
    (r"\bBldg(?:\.\s?|\s)(?=\d)", "building "), (r"\b[Ee]xt(?:\.\s?|\s)(?=\d)", "extension "),
    (r"\bincl\.(?=\s)", "including"),
    (r"\b[Gg]ovt\b\.?", "government"), (r"(?<![.\w])[Aa]pprox\b(?!\.)", "approximately"),
    (r"\b[Vv]ol\.\s?(?=\d)", "volume "),
    (r"\bpp\.\s?(?=\d)", "pages "), (r"\b[Cc]h\.\s?(?=\d)", "chapter "), (r"\b[Ff]ig\.\s?(?=\d)", "figure "),
    (r"\b[Mm]in\.\s?(?=\d)", "minimum "), (r"\b[Mm]ax\.\s?(?=\d)", "maximum "),
    (r"\bEst\.\s?(?=\d|[a-z])", "established "),
    (r"(?<![\w#&])#(?=\d)", "number "), (r"~\s?(?=\d)", "about "),
)
_SINGULAR_MEASURES = {
    "hours": "hour", "minutes": "minute", "seconds": "second", "years": "year", "weeks": "week", "days": "day",
    "miles": "mile", "inches": "inch", "cups": "cup", "teaspoons": "teaspoon", "tablespoons": "tablespoon",
    "kilometers": "kilometer", "kilograms": "kilogram", "feet": "foot", "pounds": "pound", "ounces": "ounce",
    "liters": "liter", "litres": "litre", "gallons": "gallon", "pints": "pint", "points": "point",
}
_SINGULAR_UNITS = {"kilometers": "kilometer", "kilograms": "kilogram", "feet": "foot", "square feet": "square foot",
                   "pounds": "pound", "ounces": "ounce", "centimeters": "centimeter", "millimeters": "millimeter",
                   "miles per hour": "mile per hour", "kilometers per hour": "kilometer per hour", "degrees": "degree"}
_ONE_UNIT = re.compile(  # "1 km", not "1.1 km" ("1 point 1") or "1.21 km" ("1 point 2 1")
    rf"(?<![\d.,])(?<!point )(?<!\d )\b1 ({'|'.join(sorted(_SINGULAR_UNITS, key=len, reverse=True))})\b")
# "5 hrs", "30 mins", "1 yr": espeak spelled "hrs" as letters and read "yrs" as "errs"
_TIME_UNITS = {"hr": "hour", "min": "minute", "sec": "second", "yr": "year", "wk": "week"}
_TIME_UNIT = re.compile(r"\b(\d+)\s?(hr|min|sec|yr|wk)s?\b\.?")
_ARTICLE_BEFORE = re.compile(r"(?:(?<!\S)an?|(?<![\s\S])An?)\s+$")
_AFTER_A_DIGIT = re.compile(r"(?:\d|point)\s+$")  # "2 point 1 hours", "1 point 2 1 hours": not one
# "Calder Ave.", "Mill Rd": the street's kind, after its name and before the end of the text, a clause or a
# lower-case word ("Ave Maria" is no street)
_STREETS = {"Ave": "Avenue", "Rd": "Road", "Blvd": "Boulevard", "Ln": "Lane", "Hwy": "Highway"}
_STREET = re.compile(
    rf"(?<=[A-Za-z0-9] )({'|'.join(_STREETS)})\b\.?(?=\s*$|[,;:!?)\n]|\s+[a-z0-9])")
_DAYS = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
         "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}
_DAY_RANGE = re.compile(rf"\b({'|'.join(_DAYS)})\.?\s?[-–]\s?({'|'.join(_DAYS)})\b\.?")
# "Feb. 3", "Sept 12": espeak said "Feb" and stopped at the full stop
_MONTH_ABBREVIATION = re.compile(  # not before a clock time: "Lunch with Jan 12:30" is a person
    r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s(?=\d{1,2}(?:st|nd|rd|th)?\b(?!:)|\d{4}\b)")
_SAINT_OR_STREET = re.compile(r"(\b\w+\s+)?\bSt\.")
_COMPILED_ABBREVIATIONS = tuple((re.compile(p), r) for p, r in _ABBREVIATIONS)

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")
_EMOJI_CORE = (
    "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\U0001F1E6-\U0001F1FF\u203C\u2049\u2122\u2139"
    "\u2194-\u21AA\u24C2\u25AA-\u25FE\u3030\u303D\u3297\u3299"
)
_EMOJI = re.compile(f"[{_EMOJI_CORE}](?:[\uFE0E\uFE0F\u20E3\U0001F3FB-\U0001F3FF]|\u200D[{_EMOJI_CORE}])*")
_ISO_DATE = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
)
_MONEY = re.compile(
    r"(?<![\w.])([$€£¥₹])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
    r"(?:\s?(thousand|million|billion|trillion|mn|bn|tn|k|m|b|t)\b)?",
    re.IGNORECASE,
)
_CODE_MONEY = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(USD|EUR|GBP|JPY|INR)\b")
_PERCENT = re.compile(r"(\d(?:[\d,]*\d)?(?:\.\d+)?)\s?%")
# not "1/3rd" (a fraction); "1,000th" whole, not "1," and "000th"
_ORDINAL = re.compile(r"(?<![/\d,])\b(\d{1,3}(?:,\d{3})+|\d{1,6})(st|nd|rd|th)\b", re.IGNORECASE)
# "at 10.30", "10.30pm": a clock time written the British way, not a decimal ("at 7.30." too: its stop ends
# the sentence)
_DOTTED_TIME = re.compile(r"(?:(?<=\b[Aa]t )|(?<=\b[Ff]rom )|(?<=\b[Uu]ntil )|(?<=\b[Bb]y ))([01]?\d|2[0-3])\.([0-5]\d)"
                          r"(?!\d|\.\d)|\b([01]?\d|2[0-3])\.([0-5]\d)(?=\s?[AaPp]\.?[Mm]\b)")
_TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?:\s?([AaPp])\.?\s?[Mm]\b\.?)?")
_HOUR_AMPM = re.compile(r"\b(1[0-2]|0?[1-9])\s?([AaPp])\.?\s?[Mm]\b\.?")
# Before _YEAR, which leaves a year in a range or a decade alone: espeak read "1914-1918" as "nineteen hundred
# fourteen dash ...", "1850s" as "one thousand eight hundred fifty z" and "'80s" as "eighty z".
_YEAR_RANGE = re.compile(r"(?<![\d.,/-])\b(1[2-9]\d\d|20\d\d)\s?[-–]\s?(1[2-9]\d\d|20\d\d|\d\d)\b(?![\d-])")
_DECADE = re.compile(r"(?<![\d.,])\b(1[2-9]\d0|20\d0)s\b|(?<!\w)['’]([1-9])0s\b")
# "10-20 pages", "40–50 boats": a range is said "to" (a phone number or code, with more parts, is left alone)
_NUMBER_RANGE = re.compile(r"(?<![\w.,/-])(\d{1,3})\s?[-–]\s?([1-9]\d{0,2}|0)(?![\w/-]|[.,]\d)")
_CIRCA = re.compile(r"\b(?:c|ca)\.\s?(?=\d{3,4}\b)")
# "3/4 of", "1 1/2 cups": espeak said "three slash four". "5/6" alone may be a date and "(1/3)" a count, so a
# fraction is said only where it is one: a whole number before it, "of" or a measure after it, an ordinal ending
# ("1/3rd"), or a word of quantity before it. Runs after units are spelled out ("1 1/2 lbs": pounds).
_FRACTION = re.compile(r"(?<![\w/.,])(?:(\d{1,3})\s)?([1-9])/([2-9]|10)(st|nd|rd|th)?(?![\w/]|[.,]\d)(?:\s+([a-z]+))?")
_FRACTION_BEFORE = re.compile(r"(?<!\S)(?:about|almost|nearly|over|under|roughly|around|some|than|just|only|exactly|"
                              r"approximately|another|extra)\s+$", re.IGNORECASE)
_MEASURES = {"of", "percent", "share", "shares", *_SINGULAR_MEASURES, *_SINGULAR_MEASURES.values()}
_FRACTION_NAMES = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"), 5: ("fifth", "fifths"),
                   6: ("sixth", "sixths"), 7: ("seventh", "sevenths"), 8: ("eighth", "eighths"), 9: ("ninth", "ninths"),
                   10: ("tenth", "tenths")}
_ROUND_THE_CLOCK = re.compile(r"(?<![\w/.,])24/7(?![\w/])")
# "Rated 7/10", "4/5 stars": a score, said "out of"
_RATING = re.compile(r"(?:(?<=[Rr]ated )|(?<=[Ss]cored )|(?<=[Rr]ating )|(?<=[Rr]ating: )|(?<=[Ss]core )|"
                     r"(?<=[Ss]core: ))(\d{1,2})/(\d{1,3})\b(?![/.]\d)|(?<![\w/.,])(\d{1,2})/(\d{1,3})(?=\s+stars?\b)")
# "9 AM-5 PM", "10:30–11:30": espeak dropped the dash between two times and ran them together
_CLOCK_RANGE = re.compile(r"(?:(?<=\d [AP]M)|(?<=o'clock)|(?<=\d:\d\d))\s?[-–]\s?"
                          r"(?=\d{1,2}(?::\d\d)?(?: [AP]M\b| o'clock)|\d{1,2}:\d\d|noon\b|midnight\b)")
_YEAR = re.compile(
    r"(?<![\d$€£¥₹.,:/-])\b(1[2-9]\d\d)\b(?![\d%]|[,.:/-]\d|s\b|\s?(?:percent|USD|EUR|GBP|JPY|INR)\b)"
)
_THOUSANDS = re.compile(r"\b(\d{1,3}(?:,\d{3})+)\b(?!\.\d)")
# One decimal point, not a version or address ("v1.2", "3.11.7", "10.0.0.1"): Kokoro's espeak reads
# "4.6" as "four. six", a full stop and all, so every voice is given "4 point 6".
_DECIMAL = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)(?!\d|\.\d)")
# "U.S.", "E.U.": Kokoro's espeak stops after every letter; spaced letters are spelled without the stops.
_DOTTED_LETTERS = re.compile(r"\b((?:[A-Z]\.){2,})(?=[\s,;:!?)]|$)")
# Words the voices say wrongly, spelled as they should sound (the product's own name first).
_PRONUNCIATIONS = ((re.compile(r"\bDaycast\b"), "Day-cast"),)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u00ad\ud800-\udfff]")

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)(]|\([^)]*\))*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MD_LINE_PREFIX = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t>]*|[-*+•][ \t]+|\d{1,3}[.)][ \t]+)")
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_=][ \t]*){3,}$")
_MD_EMPHASIS = re.compile(r"(?<!\w)(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")
_DASH_RUN = re.compile(r"(?<!\S)[-=_*~+]{2,}(?!\S)")
_MD_SYMBOLS = re.compile(r"[*`#<>~^|\\]|(?<!\w)_+|_+(?!\w)")


_COMPARISON = re.compile(r"(?:(?<=^)|(?<=\s))([<>≤≥‹›])\s*(?=[-−]?[$€£¥]?\d)", re.MULTILINE)
_COMPARISON_WORDS = {"<": "less than", "‹": "less than", ">": "more than", "›": "more than", "≤": "at most",
                     "≥": "at least"}


def say_comparisons(text: str) -> str:
    """ "< 60 percent" as "less than 60 percent": markup clean-up drops the mark, and with it the meaning.
    ``‹ ›`` count too: untrusted text arrives with its angle brackets escaped as those."""
    return _COMPARISON.sub(lambda m: f"{_COMPARISON_WORDS[m.group(1)]} ", text)


def normalize_for_speech(text: str) -> str:
    """Rewrite ``text`` so a TTS voice reads it as a person would. Never raises; keeps line breaks."""
    text = _clean_controls(text)
    text = _strip_markup(text)
    text = _URL.sub(_say_url, text)
    text = _EMAIL.sub(lambda m: f"{_dotted(m.group(1))} at {_dotted(m.group(2))}", text)
    text = _EMOJI.sub("", text)
    text = _ISO_DATE.sub(_say_date, text)
    text = _CIRCA.sub("circa ", text)
    text = _ROUND_THE_CLOCK.sub("24 7", text)
    text = _RATING.sub(lambda m: " out of ".join(g for g in m.groups() if g is not None), text)
    text = _DAY_RANGE.sub(lambda m: f"{_DAYS[m.group(1)]} to {_DAYS[m.group(2)]}{_stop_kept(m)}", text)
    text = _MONTH_ABBREVIATION.sub(lambda m: f"{_month_name(m.group(1))} ", text)
    text = _YEAR_RANGE.sub(_say_year_range, text)
    text = _DECADE.sub(_say_decade, text)
    text = _YEAR.sub(lambda m: year_to_words(int(m.group(1))), text)
    text = _MONEY.sub(_say_money, text)
    text = _CODE_MONEY.sub(lambda m: _say_money_parts(_CODES[m.group(2)], m.group(1), None), text)
    text = _PERCENT.sub(lambda m: f"{m.group(1)} percent", text)
    text = _DOTTED_TIME.sub(lambda m: ":".join(g for g in m.groups() if g is not None), text)
    text = _TIME.sub(_say_time, text)
    text = _HOUR_AMPM.sub(lambda m: f"{int(m.group(1))} {m.group(2).upper()}M{_stop_kept(m)}", text)
    text = _CLOCK_RANGE.sub(" to ", text)
    text = _ORDINAL.sub(_say_ordinal, text)
    text = _NUMBER_RANGE.sub(_say_number_range, text)
    text = _DOTTED_LETTERS.sub(_say_letters, text)
    text = _DECIMAL.sub(lambda m: f"{m.group(1).replace(',', '')} point {' '.join(m.group(2))}", text)
    text = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), text)
    text = _SAINT_OR_STREET.sub(_say_st, text)
    for pattern, replacement in _COMPILED_ABBREVIATIONS:
        text = pattern.sub(functools.partial(_expand, replacement=replacement), text)
    text = _ONE_UNIT.sub(lambda m: f"1 {_SINGULAR_UNITS[m.group(1)]}", text)
    text = _TIME_UNIT.sub(_say_time_unit, text)
    text = _STREET.sub(lambda m: _STREETS[m.group(1)] + _stop_kept(m), text)
    text = _FRACTION.sub(_say_fraction, text)
    text = text.replace("&", " and ")
    for pattern, spoken in _PRONUNCIATIONS:
        text = pattern.sub(spoken, text)
    text = _DASH_RUN.sub(" ", text)
    text = _MD_SYMBOLS.sub(" ", text)
    return _tidy_spaces(text)


def strip_for_speech(text: str) -> str:
    """What every language drops before reading aloud: control characters, markup, links, e-mail
    addresses and emoji (the Japanese normaliser's first step; a Japanese voice cannot spell out a URL)."""
    text = _strip_markup(_clean_controls(text))
    text = _URL.sub("", text)
    text = _EMAIL.sub("", text)
    text = _EMOJI.sub("", text)
    text = _DASH_RUN.sub(" ", text)
    return _MD_SYMBOLS.sub(" ", text)


def tidy_spaces(text: str) -> str:
    """Runs of spaces collapsed, at most one blank line, no space before punctuation."""
    return _tidy_spaces(text)


def drop_unvoiced_scripts(text: str, language: str) -> str:
    """Remove letters and digits an espeak voice for ``language`` can only spell out by name.

    An English voice reads an Arabic or Hebrew word as "Arabic letter alef, Arabic letter lam, ..." (ten
    seconds for a two-word greeting): silence is the sensible reading. English keeps Latin and Greek
    ("alpha"); other languages are left as they are.
    """
    if not language.lower().startswith("en"):
        return text
    kept: list[str] = []
    dropped = False
    for ch in text:
        if unicodedata.combining(ch):
            kept.append("" if dropped else ch)  # a mark goes with its letter
            continue
        dropped = (ch.isalpha() or ch.isdigit()) and not _voiced_in_english(ch)
        kept.append(" " if dropped else ch)
    return _tidy_spaces("".join(kept))


def _voiced_in_english(ch: str) -> bool:
    if ord(ch) < 0x0370:  # ASCII, Latin-1, Latin Extended A/B, IPA
        return True
    name = unicodedata.name(ch, "")
    return "LATIN" in name or "GREEK" in name


def _clean_controls(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ANSI.sub("", text)
    text = text.replace("\t", " ").replace("\x0b", "\n").replace("\x0c", "\n")
    return _CONTROL.sub("", text)


def _strip_markup(text: str) -> str:
    """Markdown and HTML to plain text: link text kept, markers dropped, line structure kept."""
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub(" ", text)
    text = re.sub(r"`{3}[^\n]*", "", text)  # code fences (and their language tag)
    lines = []
    for line in text.split("\n"):
        if _MD_RULE.match(line):
            line = ""
        line = say_comparisons(_MD_LINE_PREFIX.sub("", line))  # after a quote's "> " is gone
        if line.count("|") >= 2:  # a table row: cells read as a list
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = ", ".join(c for c in cells if c and not set(c) <= set("-: "))
        lines.append(line)
    text = "\n".join(lines)
    for _ in range(2):  # nested emphasis: ***bold italic***, **bold _italic_**
        text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
    return text


def _expand(match: re.Match[str], replacement: str) -> str:
    """An abbreviation's period also ended the text: keep one so the voice still falls."""
    ends_text = match.group(0).endswith(".") and not match.string[match.end():].strip()
    return replacement + "." if ends_text and not replacement.endswith(".") else replacement


def _say_st(match: re.Match[str]) -> str:
    """"St." after a capitalised word is a street ("Main St."), otherwise a saint ("St. Louis")."""
    before = match.group(1) or ""
    street = bool(before.strip()) and before.strip()[0].isupper()
    said = "Street" if street else "Saint"
    if not match.string[match.end():].strip():
        said += "."
    return before + said


def _dotted(name: str) -> str:
    return " dot ".join(part for part in name.split(".") if part)


def _say_url(match: re.Match[str]) -> str:
    url = match.group(0).rstrip(".,;:!?")
    trailing = match.group(0)[len(url):]
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", host, maxsplit=1)[0]
    return f"link to {_dotted(host.lower())}{trailing}"


def _say_date(match: re.Match[str]) -> str:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    said = f"{_MONTHS[month - 1]} {day}, {year}"
    if match.group(4) is not None:
        said += f" at {_say_clock(int(match.group(4)), int(match.group(5)))}"
    return said


def _say_money(match: re.Match[str]) -> str:
    return _say_money_parts(match.group(1), match.group(2), match.group(3), match.group(4))


def _say_money_parts(symbol: str, whole: str, fraction: str | None, scale: str | None = None) -> str:
    one, many, sub_one, sub_many = _CURRENCY[symbol]
    if "." in whole:  # "12.50 USD": the code form arrives in one piece
        whole, fraction = whole.split(".", 1)
    whole = whole.replace(",", "")
    if scale:
        number = f"{whole}.{fraction}" if fraction else whole
        return f"{number} {_SCALES[scale.lower()]} {many}"
    units = int(whole)
    cents = int((fraction or "0")[:2].ljust(2, "0")) if fraction else 0
    if fraction and (len(fraction) > 2 or not sub_one):
        return f"{whole}.{fraction} {many}"
    if units == 0 and cents:
        return f"{cents} {sub_one if cents == 1 else sub_many}"
    said = f"{units} {one if units == 1 else many}"
    return f"{said} {cents}" if cents else said


def _say_clock(hour: int, minute: int, meridiem: str = "") -> str:
    suffix = f" {meridiem.upper()}M" if meridiem else ""
    if minute == 0:
        return f"{hour} o'clock{suffix}" if not meridiem else f"{hour}{suffix}"
    if minute < 10:
        return f"{hour} oh {minute}{suffix}"
    return f"{hour}:{minute:02d}{suffix}"


def _say_time(match: re.Match[str]) -> str:
    return _say_clock(int(match.group(1)), int(match.group(2)), match.group(3) or "") + _stop_kept(match)


def _stop_kept(match: re.Match[str]) -> str:
    """The full stop of "a.m." or "9am." that also ended a sentence: kept, so the sentence still ends there."""
    ends_text = not match.string[match.end():].strip()  # sentences are split before they are normalised
    return "." if match.group(0).endswith(".") and ends_text else ""


def _say_year_range(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    end = year_to_words(int(second)) if len(second) == 4 else number_to_words(int(second))
    return f"{year_to_words(int(first))} to {end}"


def _plural(words: str) -> str:
    """'eighteen fifty' -> 'eighteen fifties', 'eighteen hundred' -> 'eighteen hundreds'."""
    head, _, last = words.rpartition(" ")
    last = f"{last[:-1]}ies" if last.endswith("y") else f"{last}s"
    return f"{head} {last}".strip()


def _say_decade(match: re.Match[str]) -> str:
    if match.group(1):
        return _plural(year_to_words(int(match.group(1))))
    return _plural(number_to_words(int(match.group(2)) * 10))


def _say_fraction(match: re.Match[str]) -> str:
    whole, top, bottom, ordinal, after = match.groups()
    top_n, bottom_n = int(top), int(bottom)
    before = _FRACTION_BEFORE.search(match.string, max(0, match.start() - 16), match.start())
    if top_n >= bottom_n or not (whole or ordinal or (after or "").lower() in _MEASURES or before):
        return match.group(0)  # "5/6" a date, "(1/3)" a count, "5/3" a ratio: as written
    names = _FRACTION_NAMES[bottom_n]
    if whole:
        part = f"a {names[0]}" if top_n == 1 else f"{number_to_words(top_n)} {names[1]}"
        said = f"{whole} and {part}"
    else:
        said = f"{number_to_words(top_n)} {names[0 if top_n == 1 else 1]}"
    if after:  # "one half hours" -> "one half hour": a single part takes the measure in the singular
        after = _SINGULAR_MEASURES.get(after, after) if top_n == 1 and not whole else after
        return f"{said} {after}"
    return said


def _say_time_unit(match: re.Match[str]) -> str:
    unit = _TIME_UNITS[match.group(2)]
    start = match.start()
    adjective = _ARTICLE_BEFORE.search(match.string, max(0, start - 5), start)  # "a 5 min walk"
    one = (match.group(1) == "1" and not _AFTER_A_DIGIT.search(match.string, max(0, start - 6), start)) or adjective
    return f"{match.group(1)} {unit}{'' if one else 's'}{_stop_kept(match)}"


def _month_name(short: str) -> str:
    return next(month for month in _MONTHS if month.startswith(short[:3]))


def _say_number_range(match: re.Match[str]) -> str:
    low, high = match.group(1), match.group(2)
    return f"{low} {high}" if low == high else f"{low} to {high}"  # "50-50" is said "fifty fifty"


def _say_letters(match: re.Match[str]) -> str:
    letters = " ".join(match.group(1).replace(".", ""))
    return f"{letters}." if match.end() == len(match.string) else letters  # its last stop ended the sentence


def _say_ordinal(match: re.Match[str]) -> str:
    number, suffix = int(match.group(1).replace(",", "")), match.group(2).lower()
    expected = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return ordinal_to_words(number) if suffix == expected else match.group(0)


def _tidy_spaces(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return text.strip()

