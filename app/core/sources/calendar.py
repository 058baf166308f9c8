"""iCalendar (.ics) files: the events that touch one day, in the user's time zone.

Recurrences (RRULE, RDATE, EXDATE, moved instances) are expanded by recurring-ical-events;
this module decides which occurrences touch the day once they are converted to the user's zone:
an event at 23:30 in Los Angeles is on the next day in Berlin, an all-day event spanning three
days is on each of them, floating times (no zone) are read as the user's local time.

A calendar file is untrusted: it is read in a child process with a time and memory budget
(:mod:`app.core.sources._isolate`), files over MAX_CALENDAR_BYTES are refused, every repeat rule's
expansion is estimated before it runs (COUNT, MONTHLY/YEARLY and BYxxx parts included), and inside
the child each series gets SERIES_SECONDS to expand before it is skipped.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
import x_wr_timezone
from dateutil import tz as dateutil_tz

from app.core.documents import Document
from app.core.sources import _isolate
from app.core.sources._text import clean_line, clean_text, guard_errors, html_to_text, read_bytes, reason
from engines.cancel import CancelToken
from engines.errors import SourceError

# Expanding a series is bounded: a hostile RRULE (FREQ=SECONDLY since 1900) must not hang us.
_MAX_OCCURRENCES_IN_WINDOW = 500
_MAX_RULE_STEPS = 2_000_000
_MAX_WINDOW_STEPS = 5000
_WINDOW_SECONDS = 5 * 86400
_DAY, _WEEK, _MONTH, _YEAR = 86400, 604800, 2629746, 31556952
_FREQ_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": _DAY, "WEEKLY": _WEEK, "MONTHLY": _MONTH,
                 "YEARLY": _YEAR}
# The span each BYxxx part picks within: finer than the rule's frequency, it multiplies the occurrences.
_BY_SPAN = {"BYSECOND": 1, "BYMINUTE": 60, "BYHOUR": 3600, "BYDAY": _DAY, "BYMONTHDAY": _DAY, "BYYEARDAY": _DAY,
            "BYWEEKNO": _WEEK, "BYMONTH": _MONTH}
MAX_CALENDAR_BYTES = 32 * 1024 * 1024
"""Years of a busy shared calendar fit in a few MB; a larger .ics is refused before it is read."""
CALENDAR_SECONDS, CALENDAR_MEGABYTES = 30.0, 768
SERIES_SECONDS = 2.0
_PLAIN_BYTES = 1024 * 1024


@dataclass
class CalendarRead:
    """The events on the day and the series that had to be skipped (with why)."""

    events: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def events_on(path: str | Path, day: date, tz: tzinfo) -> list[Document]:
    """Events of the .ics file at ``path`` that touch ``day`` in ``tz``, all-day first, then by start.

    Broken events are skipped when others are readable; a file that is not a calendar at all
    raises SourceError.
    """
    return read_calendar(Path(path), day, tz).events


def local_zone() -> tzinfo:
    """The machine's time zone, as a ZoneInfo when its name can be found. Otherwise (a POSIX rule in TZ, a
    copied /etc/localtime, Windows) the C library's own rules, which still change at DST: today's fixed
    offset would put every event after the change an hour off."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            link = os.readlink("/etc/localtime")
            name = link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else ""
        except OSError:
            name = ""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return dateutil_tz.tzlocal()


def read_calendar(path: Path, day: date, tz: tzinfo, cancel: CancelToken | None = None) -> CalendarRead:
    """Like :func:`events_on`, also reporting skipped broken series.

    A file with repeat rules, or a large one, is read in a bounded child process; a small file of
    plain events cannot make the expansion blow up and is read here (a fork costs more than it does).
    """
    if _needs_isolation(path):
        return _isolate.run_isolated(_read_in_child, str(path), day, tz, seconds=CALENDAR_SECONDS,
                                     megabytes=CALENDAR_MEGABYTES, cancel=cancel)
    return _read_calendar(path, day, tz)


def _needs_isolation(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_PLAIN_BYTES + 1)
    except OSError:
        return False  # _read_calendar reports why it cannot be read
    return len(head) > _PLAIN_BYTES or any(word in head.upper() for word in (b"RRULE", b"RDATE", b"EXRULE"))


def _read_in_child(path: str, day: date, tz: tzinfo) -> CalendarRead:
    return _read_calendar(Path(path), day, tz)


@guard_errors
def _read_calendar(path: Path, day: date, tz: tzinfo) -> CalendarRead:
    return _read_calendar_data(read_bytes(path, MAX_CALENDAR_BYTES), path, day, tz)


def read_calendar_data(data: bytes, path: Path, day: date, tz: tzinfo,
                       cancel: CancelToken | None = None) -> CalendarRead:
    """Like :func:`read_calendar` from bytes already read (a fetched or cached body); ``path`` names it.

    Bodies from the network are as untrusted as files: repeat rules or a large body go to the child too.
    """
    if len(data) > MAX_CALENDAR_BYTES:
        raise SourceError(str(path), f"too large for a calendar ({len(data):,} bytes)", code="source.too_large")
    if len(data) > _PLAIN_BYTES or any(word in data.upper() for word in (b"RRULE", b"RDATE", b"EXRULE")):
        return _isolate.run_isolated(_read_data_in_child, str(path), data, day, tz, seconds=CALENDAR_SECONDS,
                                     megabytes=CALENDAR_MEGABYTES, cancel=cancel)
    return _read_calendar_data(data, path, day, tz)


def _read_data_in_child(path: str, data: bytes, day: date, tz: tzinfo) -> CalendarRead:
    return _read_calendar_data(data, Path(path), day, tz)


@guard_errors
def _read_calendar_data(data: bytes, path: Path, day: date, tz: tzinfo) -> CalendarRead:
    if not data.strip():
        raise SourceError(str(path), "empty file", code="source.empty")
    result = CalendarRead()
    calendars = _parse(path, data, result.skipped)
    for calendar in calendars:
        name = clean_line(str(calendar.get("X-WR-CALNAME", "")))
        source = f"{name} ({path.name})" if name else path.name
        repeating = {str(c.get("UID", "")) for c in calendar.walk("VEVENT") if c.get("RRULE") or c.get("RDATE")}
        for component in _occurrences(calendar, day, result.skipped):
            doc = _to_document(component, source, tz, repeating)
            if doc is not None and _touches(doc, day, tz):
                result.events.append(doc)
    result.events.sort(key=lambda d: (not d.all_day, d.time or datetime.min.replace(tzinfo=tz), d.title))
    return result


def _parse(path: Path, data: bytes, skipped: list[str]) -> list[icalendar.Calendar]:
    data = data.removeprefix(b"\xef\xbb\xbf")
    calendars = _calendars_in(path, data)
    if not calendars and b"BEGIN:VCALENDAR" in data.upper():
        # Cut off (a partial download or copy): keep the events that are complete.
        end = data.upper().rfind(b"END:VEVENT")
        if end >= 0:
            calendars = _calendars_in(path, data[: end + len(b"END:VEVENT")] + b"\r\nEND:VCALENDAR\r\n")
        if not calendars:
            raise SourceError(str(path), "not a valid iCalendar file (truncated: no complete VCALENDAR)")
        skipped.append("the file is truncated: events after the break are missing")
    if not calendars:
        raise SourceError(str(path), "not an iCalendar file (no BEGIN:VCALENDAR)")
    return calendars


def _calendars_in(path: Path, data: bytes) -> list[icalendar.Calendar]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. guessed vendor TZIDs: handled, not the user's concern
            components = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # icalendar raises ValueError and friends for unparseable content
        raise SourceError(str(path), f"not a valid iCalendar file ({reason(exc)})") from exc
    calendars = [c for c in components if getattr(c, "name", "") == "VCALENDAR"]
    bare = [c for c in components if getattr(c, "name", "") in ("VEVENT", "VTIMEZONE")]
    if not calendars and any(c.name == "VEVENT" for c in bare):
        # Some tools export loose VEVENTs without the VCALENDAR around them.
        wrapper = icalendar.Calendar()
        wrapper.subcomponents.extend(bare)
        calendars.append(wrapper)
    return calendars


def _occurrences(calendar: icalendar.Calendar, day: date, skipped: list[str]) -> Iterator[Any]:
    """Occurrence components in a window around ``day`` wide enough for any zone offset."""
    start, stop = day - timedelta(days=2), day + timedelta(days=3)
    calendar = _standardised(calendar)
    _drop_broken_events(calendar, start, skipped)
    try:
        query = recurring_ical_events.CalendarQuery(calendar, components=("VEVENT",), skip_bad_series=True)
    except Exception as exc:
        skipped.append(f"calendar could not be expanded ({reason(exc)})")
        return
    for series in query.series:
        label = f"event {clean_line(str(series.uid))!r}"
        try:
            with _time_limit(SERIES_SECONDS):
                span = series.between(_midnight(start), _midnight(stop))
                occurrences = list(islice(span, _MAX_OCCURRENCES_IN_WINDOW + 1))
                components = [occurrence.as_component(False) for occurrence in occurrences]
        except _TooSlow:
            skipped.append(f"{label}: its repeat rule takes too long to expand (over {SERIES_SECONDS:g} s)")
            continue
        except Exception as exc:  # one broken series must not hide the others
            skipped.append(f"{label}: {reason(exc)}")
            continue
        if len(components) > _MAX_OCCURRENCES_IN_WINDOW:
            skipped.append(f"{label}: repeats more than {_MAX_OCCURRENCES_IN_WINDOW} times in a few days")
            continue
        yield from components


class _TooSlow(Exception):
    """One series ran out of its time (raised from SIGALRM inside the isolated child)."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds``; only in the isolated child's main thread (elsewhere a no-op,
    the parent's deadline still applies)."""
    if not _isolate.IN_CHILD or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _standardised(calendar: icalendar.Calendar) -> icalendar.Calendar:
    """Apply X-WR-TIMEZONE (Google exports); ignore it when it names no real zone."""
    try:
        return x_wr_timezone.to_standard(calendar)
    except Exception:
        calendar.pop("X-WR-TIMEZONE", None)
        return calendar


def _drop_broken_events(calendar: icalendar.Calendar, window_start: date, skipped: list[str]) -> None:
    """Remove VEVENTs whose times cannot be read or whose rules cannot be expanded, noting each one."""
    kept = []
    for component in calendar.subcomponents:
        problem = ""
        if getattr(component, "name", "") == "VEVENT":
            problem = _event_problem(component) or _density_problem(component, window_start)
        if problem:
            skipped.append(f"{_summary(component)}: {problem}")
        else:
            kept.append(component)
    calendar.subcomponents[:] = kept


def _event_problem(event: Any) -> str:
    try:
        for key in ("DTSTART", "DTEND", "RECURRENCE-ID", "DURATION"):
            value = event.get(key)
            if value is None:
                if key == "DTSTART":
                    return "no start time (DTSTART)"
            elif isinstance(value, list):
                return f"{key} appears more than once"
            elif not isinstance(value.dt, timedelta if key == "DURATION" else date):
                return f"{key} is not a {'duration' if key == 'DURATION' else 'date or date-time'}"
    except Exception as exc:
        return reason(exc)
    return ""


def _density_problem(event: Any, window_start: date) -> str:
    """Why expanding the event's rules up to the window would take millions of steps ("" if not).

    Every rule is budgeted: its occurrences per second (the BYxxx parts finer than its frequency
    multiply them) times the time from its start to the window, capped by COUNT.
    """
    try:
        rule = event.get("RRULE")
        rules = rule if isinstance(rule, list) else [rule] if rule is not None else []
        start = event["DTSTART"].dt
        first = start.date() if isinstance(start, datetime) else start
        elapsed = max(0.0, (window_start - first).total_seconds())
        for item in rules:
            freq = str((item.get("FREQ") or [""])[0]).upper()
            unit = _FREQ_SECONDS.get(freq)
            if unit is None:
                return f"recurrence rule with an unknown frequency {freq!r}"
            interval = max(1, int((item.get("INTERVAL") or [1])[0] or 1))
            rate = _per_period(item, unit) / (unit * interval)
            count = int((item.get("COUNT") or [0])[0] or 0)
            before_window = min(elapsed * rate, count) if count > 0 else elapsed * rate
            if before_window > _MAX_RULE_STEPS or _WINDOW_SECONDS * rate > _MAX_WINDOW_STEPS:
                return f"recurrence rule {freq} repeats too often to expand"
    except Exception as exc:
        return f"unreadable recurrence rule ({reason(exc)})"
    return ""


def _per_period(rule: Any, unit: int) -> float:
    """How many occurrences one period of the rule can have, from its BYxxx lists."""
    total = 1.0
    for key, span in _BY_SPAN.items():
        values = rule.get(key) or []
        if values and span < unit:
            many = len(values)
            if key == "BYDAY" and unit > _WEEK:  # MO in a monthly or yearly rule: every Monday of the period
                many *= max(1, unit // _WEEK)
            total *= many
    return total


def _summary(event: Any) -> str:
    text = clean_line(str(event.get("SUMMARY", "")))
    return f"event {text!r}" if text else "an event without a title"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


_LOOKS_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:[A-Za-z]+|#\d+);")


def description_text(text: str) -> str:
    """An event's notes as plain text: Google and Outlook export them as HTML ("<b>Agenda</b><br>…")."""
    return html_to_text(text) if _LOOKS_HTML.search(text) else clean_text(text)


def _to_document(event: Any, source: str, tz: tzinfo, repeating: set[str]) -> Document | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = event["DTSTART"].dt
    end_prop = event.get("DTEND")
    end = end_prop.dt if end_prop is not None else None
    all_day = not isinstance(start, datetime)
    if all_day:
        end_day = end.date() if isinstance(end, datetime) else end
        if not isinstance(end_day, date) or end_day <= start:
            end_day = start + timedelta(days=1)  # a DATE event without an end lasts its day
        begins, ends = _at_midnight(start, tz), _at_midnight(end_day, tz)
    else:
        begins = _in_zone(start, tz)
        ends = _in_zone(end, tz) if isinstance(end, datetime) else begins
        ends = max(ends, begins)
    uid = str(event.get("UID", ""))
    extra = {"uid": clean_line(uid)}
    if uid in repeating:
        extra["recurring"] = "yes"
    status = clean_line(str(event.get("STATUS", "")))
    if status:
        extra["status"] = status.lower()
    return Document(
        title=clean_line(str(event.get("SUMMARY", ""))) or "Untitled event",
        text=description_text(str(event.get("DESCRIPTION", ""))),
        source=source,
        kind="event",
        time=begins,
        end_time=ends,
        all_day=all_day,
        location=clean_line(str(event.get("LOCATION", ""))),
        url=clean_line(str(event.get("URL", ""))),
        extra=extra,
    )


def _in_zone(moment: datetime, tz: tzinfo) -> datetime:
    """Aware times are converted; floating times are the user's local time."""
    return moment.astimezone(tz) if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _at_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def _touches(doc: Document, day: date, tz: tzinfo) -> bool:
    """Whether the event overlaps ``day`` (a zero-length event: starts on it)."""
    if doc.time is None or doc.end_time is None:
        return False
    day_start, day_end = _at_midnight(day, tz), _at_midnight(day + timedelta(days=1), tz)
    if doc.end_time == doc.time:
        return day_start <= doc.time < day_end
    return doc.time < day_end and doc.end_time > day_start
