"""The model-free parts of the briefing: what the opening says, which items are chosen."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from app.core.briefing import text
from app.core.briefing.pipeline import select_items
from app.core.briefing.text import item_budget, item_heading, opening_lines, place_phrase, spoken_time
from app.core.documents import Document

TZ = timezone(timedelta(hours=1))


def _event(title: str, hour: int, minute: int = 0, *, location: str = "", all_day: bool = False) -> Document:
    return Document(title=title, text="", source="cal.ics", kind="event",
                    time=datetime(2026, 11, 24, hour, minute, tzinfo=TZ), location=location, all_day=all_day)


def test_opening_names_count_first_meeting_and_the_rest() -> None:
    events = [
        _event("Harvest fair", 0, all_day=True),
        _event("Budget sync with Orla Veen", 9, 30, location="Room Kestrel"),
        _event("Vendor call", 13),
        _event("Retro", 16, 15),
    ]
    lines = opening_lines(events, date(2026, 11, 24), datetime(2026, 11, 24, 7, 0, tzinfo=TZ))
    text = " ".join(lines)
    assert lines[0].startswith("Good morning.") and "Tuesday, November 24" in lines[0]
    assert "You have 3 meetings today." in text
    assert "Your first meeting is Budget sync with Orla Veen at 9:30 AM in Room Kestrel." in text
    assert "After that: Vendor call at 1 PM, and Retro at 4:15 PM." in text
    assert "All day: Harvest fair." in text


@pytest.mark.parametrize(("location", "said"), [
    ("Room Kestrel", " in Room Kestrel"), ("Tamarind Kitchen, Calder Avenue", " in Tamarind Kitchen, Calder Avenue"),
    ("Video call", " by video call"), ("https://zoom.us/j/123?pwd=x", " on Zoom"),
    ("Microsoft Teams Meeting", " on Teams"),
    ("meet.google.com/abc-defg-hij", " on Google Meet"), ("+44 20 7946 0958", " by phone"), ("Phone", " by phone"),
    ("Online", " online"), ("https://video.example.org/room/7", " online"),
    # a room named after the tool is still a room; a phone booth is a place
    ("Teams Room 4", " in Teams Room 4"), ("Video Conference Room B", " in Video Conference Room B"),
    ("Phone booth 3", " in Phone booth 3"), ("", ""), ("  ", ""),
    ("MS Teams", " on Teams"), ("Skype", " on Skype"), ("Phone: +1 555 123 4567", " by phone"),
    ("Online (link in invite)", " online"), ("Remote / Online", " online"),
    # a dotted room number is not a phone number; a hybrid meeting is said where its room is
    ("2.05.012", " in 2.05.012"), ("Main office + Zoom", " in Main office + Zoom"),
])
def test_a_meetings_place_is_said_as_a_person_would(location: str, said: str) -> None:
    assert place_phrase(location) == said
    event = _event("Supplier call", 15, location=location)
    lines = opening_lines([event], date(2026, 11, 24), datetime(2026, 11, 24, 7, 0, tzinfo=TZ))
    assert f"Your first meeting is Supplier call at 3 PM{said}." in lines


def test_opening_with_empty_calendar_says_so() -> None:
    lines = opening_lines([], date(2026, 11, 24), datetime(2026, 11, 24, 19, 0, tzinfo=TZ))
    assert lines[0].startswith("Good evening.")
    assert lines[-1] == "Your calendar is clear today."


def test_spoken_time_noon_and_midnight() -> None:
    assert spoken_time(datetime(2026, 1, 1, 0, 5)) == "12:05 AM"
    assert spoken_time(datetime(2026, 1, 1, 12, 0)) == "12 PM"


def test_select_items_round_robins_sources_newest_first() -> None:
    def doc(source: str, kind: str, hour: int) -> Document:
        return Document(title=f"{source}-{hour}", text="x", source=source, kind=kind,  # type: ignore[arg-type]
                        time=datetime(2026, 11, 24, hour, tzinfo=TZ))

    docs = [doc("feed.xml", "feed_item", 8), doc("feed.xml", "feed_item", 10), doc("feed.xml", "feed_item", 9),
            doc("notes.md", "note", 7), doc("page.html", "web_page", 6)]
    picked = [d.title for d in select_items(docs, 4)]
    assert picked == ["notes.md-7", "feed.xml-10", "page.html-6", "feed.xml-9"]


def test_item_budget_grows_with_minutes() -> None:
    assert item_budget(1, 40) < item_budget(3, 40) < item_budget(6, 40)
    assert item_budget(0.1, 200) == 1


def test_item_heading_names_the_source_as_a_listener_knows_it() -> None:
    feed = Document(title="Ferry returns.", text="x", source="Port Gazette (news.xml)", kind="feed_item",
                    extra={"feed": "Port Gazette"})
    note = Document(title="To-do", text="x", source="notes.md", kind="note")
    page = Document(title="Tides", text="x", source="a.html", kind="web_page", extra={"author": "Ana Ruiz"})
    pdf = Document(title="Q3", text="x", source="/tmp/q3_report.pdf", kind="pdf")
    assert item_heading(feed) == "From Port Gazette: Ferry returns."
    assert item_heading(note) == "From your notes: To-do."
    assert item_heading(page) == "From an article by Ana Ruiz: Tides."
    assert item_heading(pdf) == "From the document q3 report: Q3."


def test_echoed_source_fences_are_never_spoken() -> None:
    from app.core.compose import clean_untrusted, unfence

    assert unfence('<<<SOURCE title="x" from="note.md">>> The plumber comes Friday.') == "The plumber comes Friday."
    assert unfence("<<<Sender: to: note.md") == ""
    assert unfence("Rain of 40 mm expected.") == "Rain of 40 mm expected."
    # seen in CI: SmolLM2 copied two fences, ids and all, around the one sentence it meant
    echo = '<<<SOURCE 1db7d1f461b1 title="source">>> The Council approved 47 lanes. <<<SOURCE f15f309986f0 title="x">>>'
    assert unfence(echo) == unfence(clean_untrusted(echo)) == "The Council approved 47 lanes."
    assert unfence("SOURCE 1db7d1f461b1 title='source' It opens in May.") == "It opens in May."
    assert unfence("The source says so.") == "The source says so."


def test_a_note_named_todo_is_read_as_its_items_not_summarised() -> None:
    from app.core.briefing.text import list_items, list_lines

    text = "Plumber visit\nCall the plumber about the boiler. The quote was 340 euros."
    todo = Document(title="Plumber visit", text=text, source="todo.md", kind="note")
    assert list_lines(todo, list_items(todo)) == ["Call the plumber about the boiler. The quote was 340 euros."]
    assert list_items(Document(title="Plumber visit", text=text, source="house.md", kind="note")) == []


def test_entries_already_under_way_are_not_said_as_today_at_their_old_start_time() -> None:
    day = date(2026, 11, 24)
    release = Document(title="Release night", text="", source="cal.ics", kind="event",
                       time=datetime(2026, 11, 23, 23, 0, tzinfo=TZ), end_time=datetime(2026, 11, 24, 1, 0, tzinfo=TZ))
    offsite = Document(title="Offsite", text="", source="cal.ics", kind="event",
                       time=datetime(2026, 11, 22, 9, 0, tzinfo=TZ), end_time=datetime(2026, 11, 25, 17, 0, tzinfo=TZ))
    text = " ".join(opening_lines([release, offsite, _event("Standup", 9, 30)], day,
                                  datetime(2026, 11, 24, 7, 0, tzinfo=TZ)))
    assert "Still going from before today: Release night, until 1 AM, and Offsite, all day." in text
    assert "You have 1 meeting today." in text and "Your first meeting is Standup at 9:30 AM." in text
    assert "11 PM" not in text and "9 AM" not in text
    only_continuing = " ".join(opening_lines([offsite], day, datetime(2026, 11, 24, 7, 0, tzinfo=TZ)))
    assert "Offsite, all day" in only_continuing and "clear" not in only_continuing


def test_an_older_items_relative_days_are_anchored_to_the_day_it_was_written() -> None:
    """Monday's "the strike starts tomorrow", read on Wednesday: the heading says when it was written, the
    model is told both days, and a sentence that says the day by name is accepted by the grounding check."""
    from app.core.briefing.text import date_anchors, item_request
    from app.core.trust.grounding import Source

    strike = Document(title="Rail strike", text="The rail strike starts tomorrow at 6 AM.", source="rail.xml",
                      kind="feed_item", time=datetime(2026, 3, 2, 12, 0, tzinfo=TZ), extra={"feed": "Rail News"})
    wednesday = date(2026, 3, 4)
    assert item_heading(strike, "en", wednesday) == "From Rail News, Monday: Rail strike."
    assert item_heading(strike, "en", date(2026, 3, 3)) == "From Rail News, yesterday: Rail strike."
    assert item_heading(strike, "en", date(2026, 3, 2)) == "From Rail News: Rail strike."  # today's: as it is
    prompt = item_request(strike, strike.text, day=wednesday).messages[-1].content
    assert "written on Monday, March 2 and today is Wednesday, March 4" in prompt
    source = Source(f"{strike.title}.\n{strike.text}\n{date_anchors(strike, wednesday)}", relative_days=False)
    assert source.check("The rail strike started on Tuesday at 6 AM.").ok
    assert not source.check("The rail strike starts on Friday at 6 AM.").ok
    # Monday's "tomorrow" said on Wednesday is not the listener's tomorrow
    assert source.check("The rail strike starts tomorrow at 6 AM.").unsupported == ("date tomorrow",)
    assert Source(strike.text).check("The rail strike starts tomorrow at 6 AM.").ok  # today's item: it is
    # a week, a month or a year on from Monday is still this one: only the days moved
    older = Source("Fares rise next month, and the strike starts tomorrow morning. Usage rose this year by a third.",
                   relative_days=False)
    assert older.check("Fares rise next month.").ok and older.check("Usage rose this year by a third.").ok
    assert not older.check("The strike starts tomorrow morning.").ok
    # nor does a fallback say the source's own "tomorrow": a sentence without it, or nothing
    assert older.closest_sentence("The strike starts tomorrow morning at the depot.") == ""


def test_a_short_note_is_read_as_written_and_a_long_or_foreign_one_is_summarised() -> None:
    note = Document("Dentist", "The appointment reference is 4471.\nBring the referral letter from Dr. Hallworth.",
                    "dentist.md", kind="note")
    assert text.short_note_lines(note) == ["The appointment reference is 4471.",
                                           "Bring the referral letter from Dr. Hallworth."]
    long_note = Document("Dentist", note.text + " The practice has moved upstairs." * 10, "dentist.md", kind="note")
    assert text.short_note_lines(long_note) == []
    assert text.short_note_lines(note, "ja") == []  # said in the briefing's language: the model translates it
    japanese = Document("歯医者", "予約番号は4471です。紹介状を持ってきてください。", "d.md", kind="note")
    assert text.short_note_lines(japanese, "ja") == ["予約番号は4471です。", "紹介状を持ってきてください。"]
    news = Document("Ferry fares frozen", "The board froze fares.", "courier.xml", kind="feed_item")
    assert text.short_note_lines(news) == []  # news is told as a newsreader would
