"""What a question is about: its dates resolved against the session's day, the calendar entries on them
(or whose titles it names), and the notes and news that share its words.

Calendar answers are composed here without the model ("On Thursday, March 5 you have one thing in
your calendar: City Lights Festival, all day."), as the briefing's opening is: a small model asked
the same question restates it instead. Other answers come from the model, given only what was
retrieved, and are grounded against it (``app.core.trust.grounding``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.core.briefing.text import began_before, ends_on, list_items, place_phrase, spoken_date, spoken_time
from app.core.compose import clean_untrusted, fence
from app.core.documents import Document
from app.core.trust.grounding import MONTHS, WEEKDAYS, facts_of, wordset
from engines.text import split_sentences

EventsFor = Callable[[date], Sequence[Document]]
SEARCH_DAYS = 14
"""How far ahead a question that names an entry but no day is looked up."""
MAX_DOCUMENTS = 3
PASSAGE_CHARS = 1600
"""Of each document, at most this much reaches the model (about 400 tokens): three fit beside the context."""
_GENERIC = wordset("""
anything something happening happen happens special going on plans plan planned schedule scheduled calendar
diary agenda events event have has my me i do does is are there any what whats when where which who time
today tomorrow tonight week weekend day days next this coming thing things tell about know please
morning afternoon evening night
""")
_CALENDAR_WORDS = re.compile(
    r"\b(?:calendar|schedule|scheduled|agenda|diary|meeting|meetings|appointment|appointments|event|events|"
    r"busy|free)\b", re.IGNORECASE)
# Words that ask about the calendar only when nothing else matches: "what's on my to-do list today" is the note's.
_MAYBE_CALENDAR_WORDS = re.compile(r"\b(?:plans?|happening|on for|what's on|whats on|when is|when's|what time|"
                                   r"do i have|have i got|am i)\b", re.IGNORECASE)
# "What do I need to do today?" names no word of the to-do note: asking about tasks is asking for the lists.
_TASK_WORDS = re.compile(r"\b(?:to-?dos?|to do|tasks?|errands|chores|remember)\b", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:my|mine|our|calendar|diary|notes?|news|feeds?|briefing|to-?do|schedule|appointments?|"
                       r"meetings?)\b|\b(?:do|did|am|should|have|must) i\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    """The days a question asks about, and how to say them ("Thursday, March 5", "next week")."""

    start: date
    end: date
    label: str

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def _day_label(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return spoken_date(day)


def resolve_dates(question: str, today: date) -> DateSpan | None:
    """ "Thursday" is the next Thursday (today if today is one); "next Thursday" the one in next week;
    "tomorrow", "next week", "this weekend", "March 12" and "the 12th" as a reader would take them."""
    text = question.casefold().replace("’", "'")
    one = _single_day(text, today)
    if one is not None:
        return DateSpan(one, one, _day_label(one, today))
    monday = today - timedelta(days=today.weekday())
    if re.search(r"\bnext week\b", text):
        start = monday + timedelta(days=7)
        return DateSpan(start, start + timedelta(days=6), "next week")
    if re.search(r"\bthis week\b|\bthe rest of the week\b", text):
        return DateSpan(today, monday + timedelta(days=6), "this week")
    if re.search(r"\b(?:this |the )?weekend\b", text):
        saturday = monday + timedelta(days=5)
        if re.search(r"\bnext weekend\b", text):
            saturday += timedelta(days=7)
        start = max(today, saturday)
        return DateSpan(start, saturday + timedelta(days=1), "the weekend")
    return None


def _single_day(text: str, today: date) -> date | None:
    if re.search(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", text):
        return today
    if re.search(r"\btomorrow\b", text):
        return today + timedelta(days=1)
    if re.search(r"\byesterday\b", text):
        return today - timedelta(days=1)
    found = re.search(r"\b(next |this |coming )?(" + "|".join(WEEKDAYS) + r")\b", text)
    if found:
        ahead = (WEEKDAYS.index(found.group(2)) - today.weekday()) % 7
        day = today + timedelta(days=ahead)
        if found.group(1) == "next ":
            monday = today - timedelta(days=today.weekday())
            day = monday + timedelta(days=7 + WEEKDAYS.index(found.group(2)))
        return day
    return _calendar_date(text, today)


def _calendar_date(text: str, today: date) -> date | None:
    """ "March 12", "12 March", "the 12th": the next such date from today (this year or next)."""
    months = "|".join(MONTHS)
    found = re.search(rf"\b({months})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", text) or \
        re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({months})\b", text)
    if found:
        month_name, day_text = (found.group(1), found.group(2)) if found.group(1).isalpha() else \
            (found.group(2), found.group(1))
        month = MONTHS.index(month_name) + 1
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, int(day_text))
            except ValueError:
                return None
            if candidate >= today - timedelta(days=1):
                return candidate
        return None
    ordinal = re.search(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b", text)
    if ordinal:
        month_start = today.replace(day=1)
        for offset in (0, 32):
            first = (month_start + timedelta(days=offset)).replace(day=1)
            try:
                candidate = first.replace(day=int(ordinal.group(1)))
            except ValueError:
                continue
            if candidate >= today:
                return candidate
    return None


@dataclass(frozen=True)
class Retrieved:
    """What was found for a question: the days asked about, their calendar entries, matching documents."""

    question: str
    today: date
    span: DateSpan | None
    events: tuple[tuple[date, Document], ...]
    documents: tuple[Document, ...]
    about_calendar: bool
    personal: bool

    @property
    def empty(self) -> bool:
        return not self.events and not self.documents

    def calendar_text(self) -> str:
        """The retrieved entries as lines a listener could hear ("Thursday, March 5: all day: …")."""
        return "\n".join(f"{spoken_date(day)}: {event_phrase(event, day)}." for day, event in self.events)

    def source_text(self) -> str:
        """Everything retrieved, plain: what the answer is grounded against."""
        parts = [f"Today is {spoken_date(self.today)}, {self.today.year}.", self.calendar_text()]
        parts += [f"{clean_untrusted(d.title)}.\n{clean_untrusted(d.text)}" for d in self.documents]
        return "\n".join(p for p in parts if p)

    def prompt_text(self, context: str = "") -> str:
        """The retrieved sources for the model, fenced (untrusted). A source whose whole text is already in
        ``context`` (the system prompt, read once and kept in the model's cache) is named, not repeated:
        re-reading it would cost every turn ~0.5 s of prompt on a 2-core CPU before the first word."""
        if self.empty:
            return "Nothing in the user's calendar, notes or news matches this question."
        named: list[str] = []
        blocks: list[str] = []
        if self.events and all(self._in_context(context, day, event) for day, event in self.events):
            named.append("the calendar above")
        elif self.events:
            blocks.append(fence(self.calendar_text(), title="calendar"))
        wanted = _keywords(self.question)
        for doc in self.documents:
            body = passage(doc.text or doc.title, wanted)
            if body and body in context:
                named.append(f'"{clean_untrusted(doc.title)}" above')
            else:
                blocks.append(fence(body, title=doc.title, source=doc.source))
        lead = "Answer from these sources only:"
        if named:
            lead += f" {', '.join(named)}" + (", and these:" if blocks else ".")
        return "\n".join([lead, *blocks])

    def _in_context(self, context: str, day: date, event: Document) -> bool:
        """The context lists today's and tomorrow's calendars (see ``fit_context``), unless trimmed."""
        name = clean_untrusted(event.title)
        return day in (self.today, self.today + timedelta(days=1)) and bool(name) and name in context


def passage(text: str, wanted: set[str], limit: int = PASSAGE_CHARS) -> str:
    """``text`` whole when short; else its sentences that share most words with the question, in their order,
    up to ``limit`` characters: a handbook asked about must not overflow the model's context."""
    text = clean_untrusted(text)
    if len(text) <= limit:
        return text
    sentences = split_sentences(text)
    ranked = sorted(range(len(sentences)), key=lambda i: (-len(wanted & _keywords(sentences[i])), i))
    chosen: list[int] = []
    used = 0
    for index in ranked:
        size = len(sentences[index]) + 1
        if used + size <= limit:
            chosen.append(index)
            used += size
    return " ".join(sentences[i] for i in sorted(chosen)) or text[:limit]


def event_phrase(event: Document, day: date | None = None) -> str:
    """ "Standup with Priya at 9:30 AM in Room 2", "City Lights Festival, all day"; on a ``day`` after it began,
    "Offsite, all day" or "Release night, until 1 AM" (its start time belongs to an earlier day)."""
    name = clean_untrusted(event.title) or "an untitled entry"
    where = place_phrase(clean_untrusted(event.location))
    if day is not None and began_before(event, day):
        end = ends_on(event, day)
        return f"{name}, until {spoken_time(end)}{where}" if end else f"{name}, all day{where}"
    if event.all_day or event.time is None:
        return f"{name}, all day{where}"
    until = f" until {spoken_time(event.end_time)}" if event.end_time and event.end_time > event.time else ""
    return f"{name} at {spoken_time(event.time)}{until}{where}"


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _keywords(text: str) -> set[str]:
    return {_stem(w) for w in facts_of(text).content if w not in _GENERIC and len(w) > 2}


def retrieve(question: str, today: date, events_for: EventsFor, documents: Sequence[Document]) -> Retrieved:
    """The calendar entries and documents that match ``question`` (dates resolved against ``today``)."""
    span = resolve_dates(question, today)
    wanted = _keywords(question) - {_stem(m) for m in MONTHS} - {_stem(d) for d in WEEKDAYS}
    events: list[tuple[date, Document]] = []
    named: list[tuple[date, Document]] = []
    if span is not None:
        events = [(day, e) for day in span.days() for e in events_for(day)]
        named = [(d, e) for d, e in events if wanted & _keywords(e.title + " " + e.location)]
        events = named or events
    elif wanted:
        for offset in range(SEARCH_DAYS):
            day = today + timedelta(days=offset)
            named += [(day, e) for e in events_for(day) if wanted & _keywords(e.title + " " + e.location)]
            if named:
                break
        events = named
    scored = sorted(((len(wanted & _keywords(f"{d.title} {d.text}")) + len(wanted & _keywords(d.title)), i)
                     for i, d in enumerate(documents)), reverse=True)
    found = tuple(documents[i] for score, i in scored[:MAX_DOCUMENTS] if score >= 1)
    if _TASK_WORDS.search(question):
        lists = [d for d in documents if list_items(d)]
        found = (*lists, *(d for d in found if not any(d is listed for listed in lists)))[:MAX_DOCUMENTS]
    # A day alone ("what's the weather today?") is no calendar question: only a calendar word, an entry's
    # name, or a day with nothing else asked ("and tomorrow?") is; a weaker word only when no source matched.
    weak = bool(_MAYBE_CALENDAR_WORDS.search(question)) or (span is not None and not wanted)
    about_calendar = bool(_CALENDAR_WORDS.search(question)) or bool(named) or (weak and not found)
    return Retrieved(question, today, span, tuple(events), found, about_calendar,
                     personal=span is not None or bool(_PERSONAL.search(question)))


def calendar_answer(found: Retrieved) -> list[str] | None:
    """A calendar question answered from the entries themselves; None when the model should answer."""
    if not found.about_calendar or (found.documents and not found.events):
        return None
    when = found.span.label if found.span else ""
    if not found.events:
        if found.span is None:
            return None
        return [f"I don't see anything in your calendar for {when}."]
    if found.span is None or found.span.start != found.span.end:
        phrases = [f"{event_phrase(e, d)} on {spoken_date(d)}" for d, e in found.events]
        head = f"For {when}, you have" if when else "Your calendar has"
        return [f"{head} {_listed(phrases)}."]
    timed = [e for d, e in found.events if not e.all_day and e.time is not None and not began_before(e, d)]
    if timed and re.search(r"\b(?:first|earliest)\b", found.question, re.IGNORECASE):
        day = "" if when in ("today", "tomorrow") else "on "
        first = min(timed, key=lambda e: e.time.timestamp() if e.time else 0.0)
        return [f"Your first entry {day}{when} is {event_phrase(first)}."]
    phrases = [event_phrase(e, d) for d, e in found.events]
    count = "one thing" if len(phrases) == 1 else f"{len(phrases)} things"
    lead = when[:1].upper() + when[1:] if when in ("today", "tomorrow") else f"On {when}"
    return [f"{lead} you have {count} in your calendar: {_listed(phrases)}."]


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return "; ".join(items[:-1]) + "; and " + items[-1]


NOTHING_FOUND = "I couldn't find anything about that in your calendar, notes or news."
