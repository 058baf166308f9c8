"""Grounding: every name, number, date and time in a generated sentence must occur in its source.

Both sides are normalised the same way (``engines.metrics.normalize_words``: "twelve" = 12,
"4,471" = 4471, "$12.50" = 12 dollars 50), times are compared as clock times ("10:45 AM" =
"ten forty-five a.m." = "10:45"; "2:30 PM" = "14:30"), dates as weekdays, month-day pairs and
relative phrases ("next week" must be in the source too). A sentence that fails is regenerated
once (``Grounder.ground``), then replaced by the source's own closest sentence (extractive
fallback). ``GroundingCounts`` goes into the provenance sidecar.

A reason or purpose is checked too ("…due to the ongoing pandemic", "…so that buses run faster"): the
words after a causal phrase must mostly be the source's, since an invented cause is the summary's
commonest embellishment and carries no name or number to catch it by.

Exempt on purpose: the words "zero", "one", "first" and "second" (idiom far more often than a fact:
"one of the", "at first"), and a capitalised word at the start of a sentence unless a second
capitalised word or a possessive follows it (a name like "Tamsin Oyelaran said" is still caught).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from app.core.compose import FENCE_RULE, clean_untrusted, complete, fence, unfence
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, LLMError
from engines.metrics import normalize_words
from engines.protocols import LanguageModel
from engines.text import split_sentences
from engines.types import ChatMessage, ChatRequest

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DAY_WORDS = frozenset((*WEEKDAYS, *MONTHS, "today", "tomorrow", "yesterday", "tonight"))
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS)}
_RELATIVE_SINGLE = ("today", "tonight", "tomorrow", "yesterday", "weekend")
_RELATIVE_HEAD = ("next", "last", "this", "coming")
_RELATIVE_TAIL = ("week", "month", "year", "weekend", "morning", "afternoon", "evening")
MIN_FALLBACK_WORDS = 4
_CAUSE = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|owing\s+to|thanks\s+to|as\s+a\s+result\s+of|caused\s+by|driven\s+by|"
    r"in\s+response\s+to|in\s+order\s+to|so\s+that|(?:which|that|this)\s+(?:led|leads|will\s+lead)\s+to)\s+"
    r"(?P<clause>[^,.;:!?()\u2013\u2014]+)", re.IGNORECASE)
CLAUSE_WORDS = 10
MIN_NEW_WORDS = 2
"""A cause is flagged when at least this many of its words, and half of them, are new to the source: one
new word is too often a paraphrase ("because of the storm" for the source's "heavy rain and wind")."""
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
_DAY_LEVEL = frozenset({"today", "tonight", "tomorrow", "yesterday", "morning", "afternoon", "evening"})
_EXEMPT_NUMBERS = frozenset({"0", "1", "1st", "2nd"})
_EXEMPT_NUMBER_WORDS = re.compile(
    r"(?<![-\w])(?<!ty )(?:zero|one|first|second)\b(?!-|\s+(?:hundred|thousand|million|billion))", re.IGNORECASE)

def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _stem(word: str) -> str:
    """A crude English stem, enough that "delays", "closed", "prices" and "cities" meet "delay", "close",
    "price" and "city" when a cause is compared: a suffix off, then a final "e" off and "i" made "y"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("i"):
        return word[:-1] + "y"
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


STOPWORDS = wordset("""
a an the and or but if then so than that this these those there here it its it's is are was were be been being
am do does did done have has had having will would shall should can could may might must of in on at by for with
about from to into onto over under up down out off as not no nor yes too very just also only again still even
i me my we our you your he him his she her they them their what which who whom whose when where why how all any
both each few more most other some such own same s t don now get got go going gone let lets say says said
tell told think know like well okay ok oh right really actually yeah sure thing things something anything
nothing everything one ones first second way lot lots bit much many before after while during because through
""") | wordset("""
im ive id ill youre youve youd youll hes shes weve were theyre theyve theyd theyll thats whats theres heres
isnt arent wasnt werent dont doesnt didnt cant couldnt wont wouldnt shouldnt havent hasnt hadnt lets its
""")  # contractions, as the words are keyed: without their apostrophe
_TALK_WORDS = wordset("""
source sources note notes article articles news story stories report reports mention mentions mentioned give gives
given reason reasons detail details information episode show listener listeners document documents calendar
question questions answer hard
""")
"""Words a speaker uses about the sources and the talk itself ("because your notes don't mention it"), not
about the world: never the new words of an invented cause."""
_GRATITUDE = wordset("you everyone everybody all our my your listening joining")
GREETINGS = wordset("hi hey hello hiya howdy")
_OPENERS = GREETINGS | wordset("wow thanks thank welcome ah aha hmm huh absolutely exactly indeed")
"""Sentence openers a host says to the other ("Hi, Sam!", "Wow Alex, …"): not names. They were checked as
one, so a greeting was regenerated (a model call wasted) and then replaced by a source sentence."""
_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "mister", "missus", "miz", "doctor", "professor",
                     "saint", "st", "sir", "madam", "lady", "lord"})
_SMALL_CAPS = frozenset({"i", "im", "ill", "ive", "id", "ok", "okay", "am", "pm", "ai", "tv", "uk", "us", "eu"})
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
# Where a capital may open a sentence rather than name someone. Not after a dash, semicolon or bracket: "The plan
# works — Bell said so" is a name that must be in the sources.
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“]\s*)$")
_DIGIT_TIME = re.compile(
    r"(?<![\d.:])([01]?\d|2[0-3])(?:[:](?P<m1>[0-5]\d)|\.(?P<m2>[0-5]\d)(?=\s*[ap]\.?\s?m\b))"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?![\d:])", re.IGNORECASE)
_DIGIT_HOUR = re.compile(r"(?<![\d.:])(1[0-2]|0?[1-9])\s*(?P<ap>[ap])\.?\s?m\b\.?", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOTTED_CLOCK = re.compile(r"\b(at|from|until|till|by)\s+([01]?\d|2[0-3])\.([0-5]\d)(?!\d|\.\d)", re.IGNORECASE)
_NOON = re.compile(r"\b(?:noon|midday)\b", re.IGNORECASE)
_MIDNIGHT = re.compile(r"\bmidnight\b", re.IGNORECASE)
_TIME_MARK = re.compile(r"^t([qm])(\d{2})(\d{2})$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


@dataclass(frozen=True)
class Facts:
    """The checkable facts of a text, normalised."""

    numbers: frozenset[str]
    times: frozenset[frozenset[str]]
    """Each clock time as its "HH:MM" (24 h) readings: one with AM/PM, both without ("10:45" or "22:45")."""
    dates: frozenset[str]
    """"weekday:friday", "month:3", "date:3-12" and "relative:next week"."""
    names: frozenset[str]
    """Casefolded words that look like names (capitalised in the text)."""
    words: frozenset[str]
    """Every casefolded word, raw and normalised (what a name is looked up in)."""
    content: frozenset[str] = frozenset()
    """Words that carry meaning (no stopwords), for overlap and echo checks."""


def _clock(hour: int, minute: int, meridiem: str) -> set[str]:
    """The 24-hour readings of a clock time: one with AM/PM (or past 12), both without."""
    meridiem = meridiem.lower()[:1]
    if meridiem == "a":
        return {f"{hour % 12:02d}:{minute:02d}"}
    if meridiem == "p":
        return {f"{hour % 12 + 12:02d}:{minute:02d}"}
    if hour == 0 or hour > 12:
        return {f"{hour:02d}:{minute:02d}"}
    return {f"{hour % 12:02d}:{minute:02d}", f"{hour % 12 + 12:02d}:{minute:02d}"}


def _mark(hour: int, minute: int, meridiem: str) -> str:
    """A placeholder word that survives ``normalize_words`` and says which readings a time has."""
    readings = sorted(_clock(hour, minute, meridiem))
    h, m = readings[0].split(":")
    return f" t{'q' if len(readings) == 2 else 'm'}{h}{m} "


def _digit_time(match: re.Match[str]) -> str:
    minute = match.group("m1") or match.group("m2") or "0"
    return _mark(int(match.group(1)), int(minute), match.group("ap") or "")


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    return f" {MONTHS[month - 1]} {day} {year} " if 1 <= month <= 12 and 1 <= day <= 31 else match.group(0)


def _prepare(text: str) -> str:
    """Digit times and ISO dates to forms ``normalize_words`` keeps apart."""
    text = unicodedata.normalize("NFKC", text)
    text = _EXEMPT_NUMBER_WORDS.sub(" ", text)
    text = _DOTTED_CLOCK.sub(r"\1 \2:\3", text)  # "at 10.30", as the voice says it: 10:30
    text = _ISO_DATE.sub(_iso_date, text)
    text = _DIGIT_TIME.sub(_digit_time, text)
    text = _DIGIT_HOUR.sub(lambda m: _mark(int(m.group(1)), 0, m.group("ap")), text)
    text = _NOON.sub(" tm1200 ", text)
    return _MIDNIGHT.sub(" tm0000 ", text)


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = _ORDINAL.match(token)
    return int(match.group(1)) if match else None


def _spoken_time(tokens: list[str], i: int) -> tuple[set[str], int] | None:
    """A time written in words at ``tokens[i]`` ("10 45 am", "10 am", "10 oclock", "half past 10")."""
    word = tokens[i]
    after = tokens[i + 1 : i + 4]
    if word in ("half", "quarter") and len(after) >= 2 and after[0] in ("past", "to") and after[1].isdigit():
        hour = int(after[1])
        if 1 <= hour <= 12:
            minute = 30 if word == "half" else (15 if after[0] == "past" else 45)
            hour = hour if after[0] == "past" else (hour - 2) % 12 + 1
            return _clock(hour, minute, ""), i + 3
    if not word.isdigit() or not 0 <= int(word) <= 23:
        return None
    hour = int(word)
    if after[:1] in (["am"], ["pm"]) and 1 <= hour <= 12:
        return _clock(hour, 0, after[0]), i + 2
    if after[:1] == ["oclock"] and 1 <= hour <= 12:
        return _clock(hour, 0, ""), i + 2
    if len(after) >= 2 and after[0].isdigit() and len(after[0]) == 2 and after[1] in ("am", "pm") \
            and int(after[0]) < 60 and 1 <= hour <= 12:
        return _clock(hour, int(after[0]), after[1]), i + 3
    if len(after) >= 3 and after[0] == "oh" and after[1].isdigit() and int(after[1]) < 10 \
            and after[2] in ("am", "pm"):
        return _clock(hour, int(after[1]), after[2]), i + 4
    return None


def _month_day(tokens: list[str], i: int) -> tuple[str, int] | None:
    """ "march 12", "march 12th", "12 march", "12th of march" at ``tokens[i]``."""
    word = tokens[i]
    if word in _MONTH_NUM and i + 1 < len(tokens):
        day = _number(tokens[i + 1])
        if day is not None and 1 <= day <= 31:
            return f"date:{_MONTH_NUM[word]}-{day}", i + 2
    day = _number(word)
    if day is not None and 1 <= day <= 31:
        rest = tokens[i + 1 : i + 3]
        if rest[:1] and rest[0] in _MONTH_NUM:
            return f"date:{_MONTH_NUM[rest[0]]}-{day}", i + 2
        if len(rest) == 2 and rest[0] == "of" and rest[1] in _MONTH_NUM:
            return f"date:{_MONTH_NUM[rest[1]]}-{day}", i + 3
    return None


def _scan(tokens: list[str]) -> tuple[set[str], set[frozenset[str]], set[str], list[str]]:
    """Numbers, times, dates and the remaining words of a normalised token list."""
    numbers: set[str] = set()
    times: set[frozenset[str]] = set()
    dates: set[str] = set()
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        marked = _TIME_MARK.match(token)
        if marked:
            hour, minute = int(marked.group(2)), int(marked.group(3))
            times.add(frozenset(_clock(hour, minute, "") if marked.group(1) == "q" else {f"{hour:02d}:{minute:02d}"}))
            i += 1
            continue
        spoken = _spoken_time(tokens, i)
        if spoken:
            times.add(frozenset(spoken[0]))
            i = spoken[1]
            continue
        dated = _month_day(tokens, i)
        if dated:
            dates.add(dated[0])
            dates.add("month:" + dated[0].split(":")[1].split("-")[0])
            numbers.add(dated[0].split("-")[1])  # "the 12th" is as good as "March 12"
            i = dated[1]
            continue
        relative = _relative(tokens, i)
        if relative:
            dates.add(relative[0])
            i = relative[1]
            continue
        value = _number(token)
        if value is not None:
            numbers.add(str(value))
        elif token in WEEKDAYS:
            dates.add(f"weekday:{token}")
        elif token in _MONTH_NUM and token != "may":
            dates.add(f"month:{_MONTH_NUM[token]}")
        words.append(token)
        i += 1
    return numbers, times, dates, words


def _relative(tokens: list[str], i: int) -> tuple[str, int] | None:
    word = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if word in _RELATIVE_HEAD and nxt in _RELATIVE_TAIL:
        return f"relative:{'this' if word == 'coming' else word} {nxt}", i + 2
    if word in _RELATIVE_SINGLE:
        return f"relative:{word}", i + 1
    return None


def _raw_words(text: str) -> list[tuple[str, bool, str]]:
    """(word, starts a sentence, the word after it) for each word of ``text`` as written."""
    out: list[tuple[str, bool, str]] = []
    matches = list(_NAME_TOKEN.finditer(text))
    for index, match in enumerate(matches):
        word = match.group(0).rstrip(".'’-")
        start = bool(_SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()])) or index == 0
        following = matches[index + 1].group(0) if index + 1 < len(matches) else ""
        out.append((word, start, following))
    return out


def _key(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).casefold().replace("’", "'")
    return re.sub(r"'s$|'$", "", word).replace("'", "")


def _names(text: str) -> set[str]:
    names: set[str] = set()
    for word, starts, following in _raw_words(text):
        if not word[:1].isupper():
            continue
        key = _key(word)
        if key in _SMALL_CAPS or key in _TITLES or key in WEEKDAYS or key in _MONTH_NUM or len(key) < 2:
            continue
        if starts and (key in STOPWORDS or key in _OPENERS
                       or not (following[:1].isupper() or word.endswith(("'s", "’s")))):
            continue  # "Residents said…" is a sentence start; "Tamsin Oyelaran said…" is a name
        for part in re.split(r"[-.]", key):
            if part and part not in STOPWORDS:
                names.add(part)
    return names


def _said(date_key: str) -> str:
    """How a date key reads in a report: "month:6" → "June"."""
    kind, _, value = date_key.partition(":")
    if kind == "month":
        return MONTHS[int(value) - 1].title()
    if kind == "date":
        month, day = value.split("-")
        return f"{MONTHS[int(month) - 1].title()} {day}"
    return value


_DECIMAL = re.compile(r"(?<![\w.])(\d+)\.(\d+)(?!\w|\.\d|[\s-]*(?:thousand|million|billion|trillion)\b)")
_SIGNED = re.compile(r"(?:(?<![\w.,)])[-−]\s?|\b(?:minus|negative)\s+)(\d+(?:\.\d+)?)(?!\w|\.\d)", re.IGNORECASE)
_UNSIGNED = re.compile(r"(?<![\w.,\-−])(?<!minus )(?<!negative )(\d+(?:\.\d+)?)(?!\w|\.\d)", re.IGNORECASE)


def _decimal(whole: str, fraction: str) -> str:
    return f"{int(whole)}.{fraction.rstrip('0') or '0'}"


def _value(number: str) -> str:
    whole, _, fraction = number.partition(".")
    return _decimal(whole, fraction) if fraction else str(int(whole))


def _exact_numbers(prepared: str, numbers: set[str]) -> set[str]:
    """Word tokens read "3.5" as 3 and 5 and drop a minus: whole decimals ("3.5") and signed values ("-5") are
    added, and a value the text only ever gives with a minus no longer counts without one."""
    negative = {_value(m.group(1)) for m in _SIGNED.finditer(prepared)}
    plain = {_value(m.group(1)) for m in _UNSIGNED.finditer(prepared)}
    decimals = {_decimal(m.group(1), m.group(2)) for m in _DECIMAL.finditer(prepared)}
    return (numbers - (negative - plain)) | decimals | {f"-{n}" for n in negative}


def facts_of(text: str) -> Facts:
    """The facts of ``text``: numbers, times, dates, names, and its words."""
    prepared = _prepare(text)
    tokens = normalize_words(prepared)
    numbers, times, dates, words = _scan(tokens)
    numbers = _exact_numbers(prepared, numbers)
    raw = {_key(w) for w, _, _ in _raw_words(text)}
    parts = {p for w in raw for p in re.split(r"[-.]", w) if p}
    all_words = frozenset(words) | raw | parts
    return Facts(
        numbers=frozenset(numbers), times=frozenset(times), dates=frozenset(dates), names=frozenset(_names(text)),
        words=all_words, content=frozenset(w for w in all_words if w not in STOPWORDS and not w.isdigit()),
    )


@dataclass(frozen=True)
class Check:
    """The verdict on one sentence; ``unsupported`` lists what its source does not say."""

    sentence: str
    unsupported: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.unsupported


class Source:
    """A source text, normalised once, that sentences are checked against."""

    def __init__(self, text: str, *, allow: Iterable[str] = (), relative_days: bool = True) -> None:
        """``relative_days=False``: the text's "today", "tomorrow", "this morning" are not the listener's (an
        older item), so a sentence that says them is unsupported and is said again with the day's name (and
        no fallback sentence of the source's says them either)."""
        self.text = clean_untrusted(text)
        self.facts = facts_of(self.text)
        self._stale_days: frozenset[str] = frozenset()
        if not relative_days:  # "this week", "next month" are still near enough: only the days are not ours
            self._stale_days = frozenset(d for d in self.facts.dates if d.startswith("relative:")
                                         and d.removeprefix("relative:").split()[-1] in _DAY_LEVEL)
            self.facts = replace(self.facts, dates=self.facts.dates - self._stale_days)
        self.allowed = frozenset(_key(p) for name in allow for p in re.split(r"[\s.-]+", name) if p)
        # what a fallback may say: whole sentences, not a heading or a title line
        self.sentences = [s for s in split_sentences(self.text) if len(s.split()) >= MIN_FALLBACK_WORDS]
        self._months = {d.split(":")[1].split("-")[0] for d in self.facts.dates if d.startswith(("date:", "month:"))}
        self._facts: dict[str, Facts] = {}

    @cached_property
    def _stems(self) -> frozenset[str]:
        """The source's words as stems, made only when a sentence gives a cause to compare."""
        return frozenset(_stem(w) for w in self.facts.words)

    def _facts_of(self, sentence: str) -> Facts:
        """The facts of one of the source's own sentences, worked out once."""
        if sentence not in self._facts:
            self._facts[sentence] = facts_of(sentence)
        return self._facts[sentence]

    def _content_of(self, sentence: str) -> frozenset[str]:
        return self._facts_of(sentence).content

    def check(self, sentence: str) -> Check:
        facts = facts_of(sentence)
        src = self.facts
        missing: list[str] = []
        missing += [f"number {n}" for n in sorted(facts.numbers - src.numbers - _EXEMPT_NUMBERS)]
        readings = {r for time in src.times for r in time}
        missing += [f"time {'/'.join(sorted(time))}" for time in sorted(facts.times, key=sorted)
                    if not time & readings]
        missing += [f"date {_said(d)}" for d in sorted(facts.dates) if not self._has_date(d)]
        missing += [f"name {n}" for n in sorted(facts.names) if n not in src.words and n not in self.allowed]
        missing += [f"claim '{claim}'" for claim in self._unsupported_causes(sentence)]
        return Check(sentence, tuple(missing))

    def _unsupported_causes(self, sentence: str) -> list[str]:
        """Causal phrases ("due to …", "so that …") whose words are mostly new to the source."""
        found: list[str] = []
        for match in _CAUSE.finditer(sentence):
            clause = " ".join(match.group("clause").split()[:CLAUSE_WORDS])
            said = match.group(0)[: match.start("clause") - match.start()].strip()
            if said.casefold().startswith("thanks") and _key(clause.split()[0]) in _GRATITUDE | self.allowed:
                continue  # "Thanks to everyone for listening", "Thanks to Sam for joining me"
            words = facts_of(clause).content - _DAY_WORDS - _TALK_WORDS - self.allowed
            new = [w for w in words if _stem(w) not in self._stems]
            if len(new) >= MIN_NEW_WORDS and 2 * len(new) >= len(words):
                found.append(f"{said} {clause}")
        return found

    def _has_date(self, date_key: str) -> bool:
        if date_key in self.facts.dates:
            return True
        kind, _, value = date_key.partition(":")
        if kind == "month":
            return value in self._months
        return False

    def closest_sentence(self, sentence: str, used: set[str] | None = None) -> str:
        """The source's own sentence nearest in content to ``sentence`` (first unused one on a tie); "" when none
        shares a word with it beyond days and dates: an unrelated sentence said instead would be a non sequitur
        (or read out a private note)."""
        used = used if used is not None else set()
        wanted = facts_of(sentence).content - _DAY_WORDS
        best, best_score = "", 0.0
        for candidate in self.sentences:
            if candidate in used or self._facts_of(candidate).dates & self._stale_days:
                continue
            have = self._content_of(candidate)
            score = len(wanted & have) / (1 + 0.02 * len(have))
            if score > best_score:
                best, best_score = candidate, score
        return best

    def excerpt(self, sentence: str, limit: int = 4) -> str:
        """The source sentences nearest to ``sentence``, in their order: what a rewrite needs to see."""
        wanted = facts_of(sentence).content
        ranked = sorted(range(len(self.sentences)),
                        key=lambda i: -len(wanted & self._content_of(self.sentences[i])))[:limit]
        return " ".join(self.sentences[i] for i in sorted(ranked)) or self.text[:800]


def check_sentence(sentence: str, source: str | Source, *, allow: Iterable[str] = ()) -> Check:
    """Is every name, number, date and time of ``sentence`` in ``source``?"""
    src = source if isinstance(source, Source) else Source(source, allow=allow)
    return src.check(sentence)


def echoes_question(answer: str, question: str, source: str | Source) -> bool:
    """An answer that only restates the question: no word in it comes from the source but not the question."""
    asked = facts_of(question).content
    said = facts_of(answer).content - {"yes", "no"}
    if len(said) < 3:  # a clause such as "Yes, on Thursday" is a start, not a restatement
        return False
    new = said - asked
    src = source.facts.content if isinstance(source, Source) else facts_of(source).content
    return not (new & src) and len(said & asked) >= max(1, len(said) // 2)


@dataclass
class GroundingCounts:
    """What the grounding check did: sentences checked, regenerated (failed once) and replaced by the
    source's own sentence (failed twice), plus what was unsupported (first few, for the sidecar)."""

    checked: int = 0
    regenerated: int = 0
    replaced: int = 0
    dropped: int = 0
    extractive: int = 0
    """Sentences read straight from the source (list items), not generated."""
    issues: list[dict[str, Any]] = field(default_factory=list)

    MAX_ISSUES = 20

    def note(self, check: Check, action: str) -> None:
        if len(self.issues) < self.MAX_ISSUES:
            self.issues.append({"sentence": check.sentence[:200], "unsupported": list(check.unsupported),
                                "action": action})

    def add(self, other: GroundingCounts) -> None:
        self.checked += other.checked
        self.regenerated += other.regenerated
        self.replaced += other.replaced
        self.dropped += other.dropped
        self.extractive += other.extractive
        self.issues.extend(other.issues[: max(0, self.MAX_ISSUES - len(self.issues))])

    def as_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, "regenerated": self.regenerated, "replaced": self.replaced,
                "dropped": self.dropped, "extractive": self.extractive, "issues": list(self.issues)}

    def summary(self) -> str:
        return (f"{self.checked} sentence(s) checked against their sources, {self.regenerated} regenerated, "
                f"{self.replaced} replaced by the source's own sentence")


Rewrite = Callable[[str, Check, str], str]
"""(failed sentence, its check, source excerpt) → one new sentence."""

REWRITE_SYSTEM = (
    "You correct one sentence of a spoken summary so that it says only what its source says. "
    "Keep names, numbers, dates and times exactly as the source writes them, and keep who does what to "
    "whom as the source says. Reply with the corrected sentence only. " + FENCE_RULE
)


def rewrite_request(sentence: str, check: Check, excerpt: str, *, task: str = "briefing") -> ChatRequest:
    problems = ", ".join(check.unsupported)
    user = (f"Sentence: {clean_untrusted(sentence)}\nNot supported by the source: {problems}. Rewrite the sentence "
            "in under 30 words using only facts the source states.\n\n" + fence(excerpt, title="source"))
    return ChatRequest((ChatMessage("system", REWRITE_SYSTEM), ChatMessage("user", user)), max_tokens=72,
                       temperature=0.1, task=task)


def llm_rewrite(llm: LanguageModel, cancel: CancelToken | None = None, *, task: str = "briefing") -> Rewrite:
    """A :data:`Rewrite` that asks ``llm`` once; an LLM failure counts as a failed rewrite."""

    def rewrite(sentence: str, check: Check, excerpt: str) -> str:
        try:
            text = complete(llm, rewrite_request(sentence, check, excerpt, task=task), cancel or NEVER).text
        except Cancelled:
            raise
        except LLMError:
            return ""
        first = split_sentences(unfence(clean_untrusted(text)).strip().strip('"“”'))
        return first[0] if first else ""

    return rewrite


class Grounder:
    """Checks generated sentences against one source: pass, regenerate once, else the source's sentence."""

    def __init__(self, source: str | Source, rewrite: Rewrite | None, *, allow: Iterable[str] = (),
                 counts: GroundingCounts | None = None, question: str = "") -> None:
        self.source = source if isinstance(source, Source) else Source(source, allow=allow)
        self.rewrite = rewrite
        self.counts = counts if counts is not None else GroundingCounts()
        self.question = question
        """An answer's question: an answer that only restates it fails too."""
        self.used: set[str] = set()

    def check(self, sentence: str) -> Check:
        sentence = unfence(sentence)  # an echoed fence is never spoken, so it is never checked either
        check = self.source.check(sentence)
        if self.question and echoes_question(sentence, self.question, self.source):
            return Check(sentence, (*check.unsupported, "echo of the question"))
        return check

    def ground(self, sentence: str) -> str:
        """``sentence`` if grounded, else its grounded rewrite, else the closest source sentence ("" if none)."""
        sentence = unfence(sentence)
        if not sentence:
            return ""
        self.counts.checked += 1
        check = self.check(sentence)
        if check.ok:
            return sentence
        if self.rewrite is not None:
            self.counts.regenerated += 1
            again = self.rewrite(sentence, check, self.source.excerpt(sentence)).strip()
            if again and self.check(again).ok:
                self.counts.note(check, "regenerated")
                return again
        fallback = self.source.closest_sentence(sentence, self.used)
        if not fallback:
            self.counts.dropped += 1
            self.counts.note(check, "dropped")
            return ""
        self.used.add(fallback)
        self.counts.replaced += 1
        self.counts.note(check, "replaced")
        return fallback

    def ground_text(self, text: str) -> str:
        """Every sentence of ``text`` grounded (a podcast turn, an answer)."""
        kept = [self.ground(s) for s in split_sentences(text)]
        return " ".join(s for s in kept if s)
