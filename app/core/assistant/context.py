"""What the assistant knows about the user's day: calendar, notes, news and today's briefing.

Built once per session (not per turn), so the system prompt that carries it stays byte-identical
from turn to turn and llama.cpp reuses its KV cache: only the new question is read each turn.
The context is fitted to a token budget in priority order: calendar, today's briefing, notes,
then other documents. Everything from a file is untrusted and fenced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from app.core.briefing.text import place_phrase, spoken_date, spoken_time
from app.core.compose import clean_untrusted
from app.core.documents import Document
from app.core.sources.cache import SourceCache
from app.core.sources.load import CALENDAR_SUFFIXES, load_sources, local_zone
from app.core.sources.refresh import SubscribedRead, read_subscriptions
from app.core.sources.subscriptions import SubscriptionStore
from engines.cancel import NEVER, CancelToken

CountTokens = Callable[[str], int]
DEFAULT_BUDGET = 600
_SECTION_SHARE = {"briefing": 0.4, "note": 0.6}
_BRIEFING_TRAILER = re.compile(r"\n\s*(?:Sources|Made by):\s*\n.*", re.DOTALL)
_KIND_ORDER = {"note": 0, "text": 1, "feed_item": 2, "web_page": 3, "pdf": 4}


def estimate_tokens(text: str) -> int:
    """About four characters a token: used before a model is loaded."""
    return (len(text) + 3) // 4


@dataclass(frozen=True)
class ContextRequest:
    """Where the context comes from: source paths, the day ("today" to the user), the output folder
    holding today's briefing transcript, and the token budget for the whole block."""

    sources: tuple[Path, ...] = ()
    day: date | None = None
    tz: tzinfo | None = None
    output_dir: Path | None = None
    budget_tokens: int = DEFAULT_BUDGET
    subscriptions: bool = False
    """Also the followed sources (``daycast sources``), from their cached copies: nothing is fetched."""


@dataclass(frozen=True)
class AssistantContext:
    """The fitted context block (``text``) and what went into it."""

    day: date
    text: str
    events: tuple[Document, ...] = ()
    tomorrow: tuple[Document, ...] = ()
    documents: tuple[Document, ...] = ()
    briefing_path: Path | None = None
    problems: tuple[str, ...] = ()
    tokens: int = 0
    sources: tuple[Path, ...] = field(default_factory=tuple)
    tz: tzinfo | None = None
    files: tuple[Path, ...] = ()
    """Every file read from ``sources``."""

    @classmethod
    def empty(cls, day: date | None = None) -> AssistantContext:
        today = day or date.today()
        return cls(day=today, text=f"Today is {spoken_date(today)}, {today.year}. No calendar or notes are loaded.")


def build_context(
    request: ContextRequest, *, count_tokens: CountTokens | None = None, cancel: CancelToken | None = None
) -> AssistantContext:
    """Read the sources for ``request.day`` (and tomorrow's calendar) and fit them to the budget."""
    tz = request.tz or local_zone()
    day = request.day or datetime.now(tz).date()
    imported = load_sources(list(request.sources), day=day, tz=tz, cancel=cancel) if request.sources else None
    followed = _followed(day, tz, cancel) if request.subscriptions else _Followed()
    events = tuple(sorted((*(imported.events if imported else ()), *followed.today.events), key=Document.event_order))
    documents = (*(imported.documents if imported else ()), *followed.today.documents)
    problems = tuple(str(p) for p in (*(imported.problems if imported else ()), *followed.today.problems))
    tomorrow = tuple(sorted((*_tomorrow_events(imported.files if imported else [], day, tz, cancel),
                             *followed.tomorrow), key=Document.event_order))
    briefing_path = briefing_transcript_path(request.output_dir, day)
    briefing = read_briefing(briefing_path) if briefing_path else ""
    text = fit_context(ContextParts(day, events, tomorrow, documents, briefing), request.budget_tokens,
                       count_tokens or estimate_tokens)
    return AssistantContext(
        day=day, text=text, events=events, tomorrow=tomorrow, documents=documents,
        briefing_path=briefing_path if briefing else None, problems=problems,
        tokens=(count_tokens or estimate_tokens)(text), sources=tuple(request.sources), tz=tz,
        files=tuple(imported.files) if imported else (),
    )


@dataclass(frozen=True)
class _Followed:
    today: SubscribedRead = field(default_factory=SubscribedRead)
    tomorrow: tuple[Document, ...] = ()


def _followed(day: date, tz: tzinfo, cancel: CancelToken | None) -> _Followed:
    """The subscriptions as the last fetch left them (the briefing fetches; a question must not wait)."""
    subs = SubscriptionStore().load()
    if not subs:
        return _Followed()
    cache, token = SourceCache(), cancel or NEVER
    today = read_subscriptions(subs, cache, day=day, tz=tz, fetched=True, cancel=token)
    calendars = [s for s in subs if s.kind in ("calendar", "caldav")]
    tomorrow = read_subscriptions(calendars, cache, day=day + timedelta(days=1), tz=tz, fetched=True, cancel=token)
    return _Followed(today, tuple(tomorrow.events))


def _tomorrow_events(files: Sequence[Path], day: date, tz: tzinfo, cancel: CancelToken | None) -> tuple[Document, ...]:
    """Tomorrow's events, read again from the calendar files only ("what's on tomorrow?")."""
    calendars = [f for f in files if f.suffix.lower() in CALENDAR_SUFFIXES]
    if not calendars:
        return ()
    return tuple(load_sources(calendars, day=day + timedelta(days=1), tz=tz, cancel=cancel).events)


def briefing_transcript_path(output_dir: Path | None, day: date) -> Path | None:
    """``briefing-<day>.txt`` in the output folder, as ``daycast brief`` writes it, when it exists."""
    if output_dir is None:
        return None
    path = Path(output_dir).expanduser() / f"briefing-{day.isoformat()}.txt"
    return path if path.is_file() else None


def read_briefing(path: Path) -> str:
    """The spoken text of a briefing transcript, without its sources and model list."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return _BRIEFING_TRAILER.sub("", text).strip()


@dataclass(frozen=True)
class ContextParts:
    day: date
    events: Sequence[Document]
    tomorrow: Sequence[Document]
    documents: Sequence[Document]
    briefing: str = ""


def fit_context(parts: ContextParts, budget: int, count: CountTokens) -> str:
    """The context block within ``budget`` tokens: calendars whole where possible, the rest trimmed."""
    head = f"Today is {spoken_date(parts.day)}, {parts.day.year}."
    calendar = "\n".join([
        calendar_lines("Today's calendar", parts.events),
        calendar_lines(f"Tomorrow's calendar ({spoken_date(parts.day + timedelta(days=1))})", parts.tomorrow),
    ])
    sections = [head, trim_to_tokens(calendar, max(0, budget - count(head)), count)]
    left = budget - count("\n".join(sections))
    if parts.briefing and left > 40:
        share = int(left * (_SECTION_SHARE["briefing"] if parts.documents else 1.0))
        body = trim_to_tokens(clean_untrusted(parts.briefing), share - 20, count)
        sections.append(f"Today's briefing said:\n<<<SOURCE title=\"briefing\">>>\n{body}\n<<<END SOURCE>>>")
        left = budget - count("\n".join(sections))
    notes = _notes_block(parts.documents, left, count)
    if notes:
        sections.append(notes)
    return "\n".join(s for s in sections if s)


def calendar_lines(title: str, events: Sequence[Document]) -> str:
    if not events:
        return f"{title}: nothing scheduled."
    lines = [f"{title}:"]
    for event in events:
        name = clean_untrusted(event.title) or "Untitled event"
        place = place_phrase(clean_untrusted(event.location))
        where = f",{place}" if place else ""
        if event.all_day or event.time is None:
            lines.append(f"- All day: {name}{where}")
        else:
            until = f" to {spoken_time(event.end_time)}" if event.end_time and event.end_time > event.time else ""
            lines.append(f"- {spoken_time(event.time)}{until}: {name}{where}")
    return "\n".join(lines)


def _notes_block(documents: Sequence[Document], budget: int, count: CountTokens) -> str:
    """Notes first, then other documents, each fenced; stops when the budget is spent."""
    header = "Notes and news from the user's files:"
    left = budget - count(header) - 4
    if left < 30 or not documents:
        return ""
    ordered = sorted((d for d in documents if (d.text or d.title).strip()),
                     key=lambda d: (_KIND_ORDER.get(d.kind, 9), -(d.time.timestamp() if d.time else 0.0)))
    blocks: list[str] = []
    for doc in ordered:
        frame = f'<<<SOURCE title="{clean_untrusted(doc.title)[:80]}">>>\n\n<<<END SOURCE>>>'
        room = left - count(frame)
        if room < 15:
            break
        per_doc = room if doc.kind in ("note", "text") else min(room, 60)
        body = trim_to_tokens(clean_untrusted(doc.text) or clean_untrusted(doc.title), per_doc, count)
        block = frame.replace("\n\n", f"\n{body}\n", 1)
        blocks.append(block)
        left -= count(block)
    return "\n".join([header, *blocks]) if blocks else ""


def trim_to_tokens(text: str, budget: int, count: CountTokens) -> str:
    """``text`` cut at a word boundary to at most ``budget`` tokens (with "…" when cut)."""
    if budget <= 0:
        return ""
    if count(text) <= budget:
        return text
    words = text.split(" ")
    low, high = 0, len(words)
    while low < high:  # the longest word prefix that fits
        middle = (low + high + 1) // 2
        if count(" ".join(words[:middle]) + " …") <= budget:
            low = middle
        else:
            high = middle - 1
    return (" ".join(words[:low]) + " …") if low else ""
