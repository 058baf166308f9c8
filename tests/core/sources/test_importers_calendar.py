"""Calendar files -> the events that touch one day in the user's zone."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.core.sources.load import events_on, load_sources
from engines.errors import SourceError

BERLIN = ZoneInfo("Europe/Berlin")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
UTC = ZoneInfo("UTC")


def ics(*events: str, header: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{header}{body}END:VCALENDAR\n"


def write(tmp_path: Path, text: str, name: str = "cal.ics") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


def titles(path: Path, day: date, tz: ZoneInfo) -> list[str]:
    return [event.title for event in events_on(path, day, tz)]


STANDUP = """
UID:standup
DTSTART;TZID=Europe/Berlin:20260302T100000
DURATION:PT15M
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
EXDATE;TZID=Europe/Berlin:20260311T100000
SUMMARY:Standup
LOCATION:Room Kestrel
DESCRIPTION:Bring the build numbers.
"""


def test_daily_recurrence_honours_exdate_and_weekdays(tmp_path: Path) -> None:
    path = write(tmp_path, ics(STANDUP, header="X-WR-CALNAME:Team\n"))
    (event,) = events_on(path, date(2026, 3, 10), BERLIN)
    assert event.title == "Standup"
    assert event.kind == "event"
    assert event.time == datetime(2026, 3, 10, 10, 0, tzinfo=BERLIN)
    assert event.end_time == datetime(2026, 3, 10, 10, 15, tzinfo=BERLIN)
    assert event.location == "Room Kestrel"
    assert event.text == "Bring the build numbers."
    assert event.source == "Team (cal.ics)"
    assert event.extra["recurring"] == "yes"
    assert titles(path, date(2026, 3, 11), BERLIN) == []  # EXDATE
    assert titles(path, date(2026, 3, 14), BERLIN) == []  # Saturday
    assert titles(path, date(2026, 3, 1), BERLIN) == []  # before DTSTART
    assert titles(path, date(2026, 3, 12), BERLIN) == ["Standup"]


def test_moved_and_cancelled_occurrences(tmp_path: Path) -> None:
    moved = """
UID:standup
RECURRENCE-ID;TZID=Europe/Berlin:20260312T100000
DTSTART;TZID=Europe/Berlin:20260312T140000
DTEND;TZID=Europe/Berlin:20260312T141500
SUMMARY:Standup (moved)
"""
    cancelled = """
UID:standup
RECURRENCE-ID;TZID=Europe/Berlin:20260313T100000
DTSTART;TZID=Europe/Berlin:20260313T100000
DTEND;TZID=Europe/Berlin:20260313T101500
STATUS:CANCELLED
SUMMARY:Standup
"""
    path = write(tmp_path, ics(STANDUP, moved, cancelled))
    (event,) = events_on(path, date(2026, 3, 12), BERLIN)
    assert (event.title, event.time.hour) == ("Standup (moved)", 14)
    assert titles(path, date(2026, 3, 13), BERLIN) == []


def test_event_in_another_zone_lands_on_the_next_local_day(tmp_path: Path) -> None:
    late_call = """
UID:late
DTSTART;TZID=America/Los_Angeles:20260310T233000
DTEND;TZID=America/Los_Angeles:20260311T000000
SUMMARY:Call with the Portland office
"""
    path = write(tmp_path, ics(late_call))
    assert titles(path, date(2026, 3, 10), BERLIN) == []
    (event,) = events_on(path, date(2026, 3, 11), BERLIN)
    assert event.time == datetime(2026, 3, 11, 7, 30, tzinfo=BERLIN)
    assert event.time.tzinfo == BERLIN and event.time.utcoffset().total_seconds() == 3600
    # The same event read in its own zone stays on the 10th.
    assert [e.time.hour for e in events_on(path, date(2026, 3, 10), LOS_ANGELES)] == [23]


def test_utc_times_are_converted(tmp_path: Path) -> None:
    path = write(tmp_path, ics("UID:z\nDTSTART:20260310T060000Z\nDTEND:20260310T070000Z\nSUMMARY:Early sync"))
    (event,) = events_on(path, date(2026, 3, 9), LOS_ANGELES)
    assert event.time == datetime(2026, 3, 9, 23, 0, tzinfo=LOS_ANGELES)  # PDT began on 8 March


def test_floating_times_are_the_users_local_time(tmp_path: Path) -> None:
    path = write(tmp_path, ics("UID:f\nDTSTART:20260310T090000\nDTEND:20260310T093000\nSUMMARY:Dentist"))
    for tz in (BERLIN, LOS_ANGELES):
        (event,) = events_on(path, date(2026, 3, 10), tz)
        assert event.time == datetime(2026, 3, 10, 9, 0, tzinfo=tz)
        assert event.end_time == datetime(2026, 3, 10, 9, 30, tzinfo=tz)


def test_x_wr_timezone_gives_floating_times_a_zone(tmp_path: Path) -> None:
    header = "X-WR-TIMEZONE:America/New_York\n"
    event = "UID:g\nDTSTART:20260310T090000\nDTEND:20260310T100000\nSUMMARY:Board call"
    path = write(tmp_path, ics(event, header=header))
    (event,) = events_on(path, date(2026, 3, 10), UTC)
    assert event.time == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


def test_multi_day_all_day_event_covers_each_day_and_comes_first(tmp_path: Path) -> None:
    conference = "UID:c\nDTSTART;VALUE=DATE:20260310\nDTEND;VALUE=DATE:20260313\nSUMMARY:Harbour Expo"
    breakfast = "UID:b\nDTSTART:20260311T073000\nDTEND:20260311T080000\nSUMMARY:Breakfast"
    holiday = "UID:h\nDTSTART;VALUE=DATE:20260311\nSUMMARY:Founders Day"
    path = write(tmp_path, ics(breakfast, conference, holiday))
    assert titles(path, date(2026, 3, 9), BERLIN) == []
    assert titles(path, date(2026, 3, 10), BERLIN) == ["Harbour Expo"]
    events = events_on(path, date(2026, 3, 11), BERLIN)
    assert [e.title for e in events] == ["Harbour Expo", "Founders Day", "Breakfast"]
    assert [e.all_day for e in events] == [True, True, False]
    assert events[0].time == datetime(2026, 3, 10, tzinfo=BERLIN)
    assert events[0].end_time == datetime(2026, 3, 13, tzinfo=BERLIN)
    assert titles(path, date(2026, 3, 12), BERLIN) == ["Harbour Expo"]
    assert titles(path, date(2026, 3, 13), BERLIN) == []  # DTEND is exclusive


def test_event_crossing_midnight_is_on_both_days(tmp_path: Path) -> None:
    path = write(tmp_path, ics("UID:n\nDTSTART:20260310T220000\nDTEND:20260311T020000\nSUMMARY:Night shift"))
    assert titles(path, date(2026, 3, 10), BERLIN) == ["Night shift"]
    assert titles(path, date(2026, 3, 11), BERLIN) == ["Night shift"]
    assert titles(path, date(2026, 3, 12), BERLIN) == []


def test_cancelled_events_are_left_out(tmp_path: Path) -> None:
    kept = "UID:k\nDTSTART:20260310T100000\nDTEND:20260310T110000\nSUMMARY:Kept"
    dropped = "UID:d\nDTSTART:20260310T120000\nDTEND:20260310T130000\nSTATUS:CANCELLED\nSUMMARY:Dropped"
    path = write(tmp_path, ics(kept, dropped))
    assert titles(path, date(2026, 3, 10), BERLIN) == ["Kept"]


def test_broken_event_is_skipped_and_reported_while_others_load(tmp_path: Path) -> None:
    good = "UID:g\nDTSTART:20260310T100000\nDTEND:20260310T110000\nSUMMARY:Good meeting"
    bad = "UID:b\nDTSTART:2026XX10T100000\nSUMMARY:Bad meeting"
    no_start = "UID:n\nSUMMARY:No start"
    path = write(tmp_path, ics(good, bad, no_start))
    assert titles(path, date(2026, 3, 10), BERLIN) == ["Good meeting"]
    result = load_sources([path], day=date(2026, 3, 10), tz=BERLIN)
    assert [e.title for e in result.events] == ["Good meeting"]
    (problem,) = result.problems
    assert problem.code == "source.partial"
    assert str(path) in str(problem)
    assert "skipped 2 broken events" in problem.problem
    assert "Bad meeting" in problem.problem and "DTSTART" in problem.problem


def test_runaway_recurrence_is_skipped_quickly(tmp_path: Path) -> None:
    flood = "UID:s\nDTSTART:19000101T000000\nRRULE:FREQ=SECONDLY\nSUMMARY:Flood"
    every_minute = "UID:m\nDTSTART:20260310T000000\nRRULE:FREQ=MINUTELY\nSUMMARY:Every minute"
    good = "UID:g\nDTSTART:20260310T100000\nSUMMARY:Good"
    path = write(tmp_path, ics(flood, every_minute, good))
    started = time.perf_counter()
    result = load_sources([path], day=date(2026, 3, 10), tz=BERLIN)
    assert time.perf_counter() - started < 5
    assert [e.title for e in result.events] == ["Good"]
    assert "repeats too often" in result.problems[0].problem


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("hello, this is not a calendar\n", "not a valid iCalendar file"),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:20260310T090000\n", "truncated"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Mara Olsen\nEND:VCARD\n", "no BEGIN:VCALENDAR"),
        ("", "empty file"),
    ],
)
def test_unreadable_calendars_raise_source_error_naming_the_file(tmp_path: Path, content: str, expected: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(SourceError) as raised:
        events_on(path, date(2026, 3, 10), BERLIN)
    assert str(path) in str(raised.value)
    assert expected in raised.value.problem


def test_untrusted_text_in_events_is_cleaned(tmp_path: Path) -> None:
    event = "UID:c\nDTSTART:20260310T100000\nSUMMARY:Review\\nof\tplans\x07\nDESCRIPTION:Line one\\nLine\x1b two"
    (doc,) = events_on(write(tmp_path, ics(event)), date(2026, 3, 10), BERLIN)
    assert doc.title == "Review of plans"
    assert doc.text == "Line one\nLine two"


def test_html_notes_from_google_or_outlook_are_read_as_text(tmp_path: Path) -> None:
    event = ("UID:h\nDTSTART:20260310T100000\nSUMMARY:Budget\nDESCRIPTION:<b>Agenda</b><br>1. Budget &amp\\; "
             'hiring<br><a href="https://meet.example.org/x">Join</a>&nbsp\\;now')
    (doc,) = events_on(write(tmp_path, ics(event)), date(2026, 3, 10), BERLIN)
    assert "<" not in doc.text and "&amp" not in doc.text and "&nbsp" not in doc.text
    assert "Agenda" in doc.text and "1. Budget & hiring" in doc.text and "Join" in doc.text
    plain = "UID:p\nDTSTART:20260311T100000\nSUMMARY:Plan\nDESCRIPTION:Costs < 5 k and R&D > 2"
    (doc,) = events_on(write(tmp_path, ics(plain), "plain.ics"), date(2026, 3, 11), BERLIN)
    assert doc.text == "Costs < 5 k and R&D > 2"  # plain notes stay as written


def test_truncated_calendar_keeps_the_complete_events(tmp_path: Path) -> None:
    first = "UID:a\nDTSTART:20260310T090000\nSUMMARY:Before the break"
    second = "UID:b\nDTSTART:20260310T110000\nSUMMARY:After the break"
    text = ics(first, second)
    path = write(tmp_path, text[: text.index("SUMMARY:After")])
    result = load_sources([path], day=date(2026, 3, 10), tz=BERLIN)
    assert [e.title for e in result.events] == ["Before the break"]
    assert "truncated" in result.problems[0].problem


def test_loose_vevents_without_a_vcalendar_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "BEGIN:VEVENT\nUID:l\nDTSTART:20260310T100000Z\nSUMMARY:Loose event\nEND:VEVENT\n")
    assert titles(path, date(2026, 3, 10), UTC) == ["Loose event"]


def test_event_with_two_start_times_is_reported_as_such(tmp_path: Path) -> None:
    twice = "UID:t\nDTSTART:20260310T080000\nDTSTART:20260310T100000\nSUMMARY:Twice"
    result = load_sources([write(tmp_path, ics(twice))], day=date(2026, 3, 10), tz=UTC)
    assert result.events == []
    assert "event 'Twice': DTSTART appears more than once" in result.problems[0].problem


def third_party_calendars() -> list[Path]:
    """The .ics files of icalendar's and recurring-ical-events' own test suites (shipped in their wheels)."""
    import icalendar
    import recurring_ical_events

    roots = [Path(icalendar.__file__).parent / "tests", Path(recurring_ical_events.__file__).parent / "test"]
    return sorted(path for root in roots for path in root.rglob("*.ics"))


def test_third_party_test_calendars_give_events_or_a_clear_error() -> None:
    files = third_party_calendars()
    if len(files) < 50:
        pytest.skip("the calendar libraries were installed without their test calendars")
    loaded = failed = 0
    started = time.perf_counter()
    for path in files:
        try:
            events = events_on(path, date(2019, 3, 19), BERLIN)
        except SourceError as exc:
            assert str(path) in str(exc) and exc.problem
            failed += 1
        else:
            assert all(e.time is not None and e.time.tzinfo is not None for e in events)
            loaded += 1
    assert loaded > 3 * failed  # most are valid calendars; the rest are fragments or deliberately broken
    assert time.perf_counter() - started < 60


def test_a_zone_known_only_by_its_posix_rule_still_changes_at_dst(tmp_path: Path) -> None:
    """TZ as a rule, not a name (as on some systems and containers): an event in Berlin after the March change
    is at 9:00 local time, not an hour off as with a fixed offset taken in winter."""
    import os
    import subprocess
    import sys

    path = write(tmp_path, ics("UID:d\nDTSTART;TZID=Europe/Berlin:20260402T090000\nSUMMARY:Ferry board"))
    code = ("import sys; from datetime import date; from pathlib import Path\n"
            "from app.core.sources.calendar import events_on, local_zone\n"
            "[e] = events_on(Path(sys.argv[1]), date(2026, 4, 2), local_zone())\n"
            "print(e.time.strftime('%H:%M %z'))\n")
    env = {**os.environ, "TZ": "CET-1CEST,M3.5.0,M10.5.0/3"}
    done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "09:00 +0200"
