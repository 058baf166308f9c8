"""Answers from retrieved sources: dates resolved against the session's day, calendar answers composed from
the entries, "nothing found" said plainly, and model answers grounded in what was retrieved.

Retrieval and composed answers are checked without a model; the spoken tests use the real models
(SmolLM2 by default, the default Qwen MoE under ``slow``) and hear the answer back through Whisper.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.core.assistant.context import ContextRequest, build_context, calendar_lines
from app.core.assistant.retrieve import NOTHING_FOUND, calendar_answer, resolve_dates, retrieve
from app.core.assistant.session import AssistantEngines, AssistantOptions, AssistantSession, answer_text, answer_turn
from app.core.documents import Document
from app.core.events import AudioReady, Finished, TextReady
from engines.metrics import contains_all
from engines.speech_util import resample
from tests.piper_speech import better_of_two_takes

UTC = ZoneInfo("UTC")
DAY = date(2026, 3, 3)  # a Tuesday
FESTIVAL = Document("City Lights Festival", "", "city.ics", kind="event", all_day=True, location="the old harbour")
DENTIST = Document("Dentist appointment", "", "work.ics", kind="event",
                   time=datetime(2026, 3, 4, 8, 15, tzinfo=UTC), end_time=datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
ERRANDS = Document("Errands", "Send the invoice to Marco by Friday\nBuy oat milk", "errands.md", kind="note")
CALENDAR = {date(2026, 3, 5): [FESTIVAL], date(2026, 3, 4): [DENTIST]}


def events_for(day: date) -> list[Document]:
    return CALENDAR.get(day, [])


@pytest.mark.parametrize(("question", "start", "end"), [
    ("Is anything special happening in the city on Thursday?", date(2026, 3, 5), date(2026, 3, 5)),
    ("What's on tomorrow?", date(2026, 3, 4), date(2026, 3, 4)),
    ("What about next Thursday?", date(2026, 3, 12), date(2026, 3, 12)),
    ("Anything on Tuesday?", DAY, DAY),
    ("What do I have next week?", date(2026, 3, 9), date(2026, 3, 15)),
    ("Plans for the weekend?", date(2026, 3, 7), date(2026, 3, 8)),
    ("What's on March 12th?", date(2026, 3, 12), date(2026, 3, 12)),
    ("And on the 20th?", date(2026, 3, 20), date(2026, 3, 20)),
])
def test_dates_in_a_question_are_resolved_against_the_session_day(question: str, start: date, end: date) -> None:
    span = resolve_dates(question, DAY)
    assert span is not None and (span.start, span.end) == (start, end)


def test_the_festival_question_is_answered_with_the_entry_not_the_question() -> None:
    found = retrieve("Is anything special happening in the city on Thursday?", DAY, events_for, [ERRANDS])
    assert calendar_answer(found) == ["On Thursday, March 5 you have one thing in your calendar: "
                                      "City Lights Festival, all day in the old harbour."]


def test_an_entry_named_without_a_day_is_found_in_the_coming_days() -> None:
    found = retrieve("When is my dentist appointment?", DAY, events_for, [ERRANDS])
    assert calendar_answer(found) == ["Your calendar has Dentist appointment at 8:15 AM until 9 AM "
                                      "on Wednesday, March 4."]


def test_an_entry_that_began_yesterday_is_not_said_at_yesterdays_time() -> None:
    release = Document("Release night", "", "work.ics", kind="event", time=datetime(2026, 3, 2, 23, 0, tzinfo=UTC),
                       end_time=datetime(2026, 3, 3, 1, 0, tzinfo=UTC))
    standup = Document("Standup", "", "work.ics", kind="event", time=datetime(2026, 3, 3, 9, 30, tzinfo=UTC))
    found = retrieve("What's my first meeting today?", DAY, lambda day: [release, standup] if day == DAY else [], [])
    assert calendar_answer(found) == ["Your first entry today is Standup at 9:30 AM."]
    everything = retrieve("What's on today?", DAY, lambda day: [release, standup] if day == DAY else [], [])
    assert calendar_answer(everything) == ["Today you have 2 things in your calendar: Release night, until 1 AM; "
                                           "and Standup at 9:30 AM."]


def test_an_online_meeting_is_said_to_be_on_its_tool_not_in_its_link() -> None:
    call = Document("Supplier call", "", "work.ics", kind="event", time=datetime(2026, 3, 6, 15, 0, tzinfo=UTC),
                    location="https://zoom.us/j/8812?pwd=abc")
    found = retrieve("What's on Friday?", DAY, lambda day: [call] if day == date(2026, 3, 6) else [], [])
    assert calendar_answer(found) == ["On Friday, March 6 you have one thing in your calendar: "
                                      "Supplier call at 3 PM on Zoom."]
    assert calendar_lines("Friday", [call]) == "Friday:\n- 3 PM: Supplier call, on Zoom"  # what the model reads
    blank = Document("Standup", "", "work.ics", kind="event", time=call.time, location="\x00\u200b ")
    assert calendar_lines("Friday", [blank]) == "Friday:\n- 3 PM: Standup"  # nothing left to say: no stray comma


def test_an_empty_day_is_said_plainly_and_notes_are_retrieved_by_their_words() -> None:
    empty = retrieve("What's on next Thursday?", DAY, events_for, [ERRANDS])
    assert calendar_answer(empty) == ["I don't see anything in your calendar for Thursday, March 12."]
    invoice = retrieve("Who gets the invoice?", DAY, events_for, [ERRANDS])
    assert invoice.documents == (ERRANDS,) and calendar_answer(invoice) is None
    boiler = retrieve("What did my notes say about the boiler?", DAY, events_for, [ERRANDS])
    assert boiler.empty and boiler.personal


@pytest.mark.parametrize("question", ["What's on my errands list today?", "Do I buy oat milk today?",
                                      "Is the invoice for Marco due today?"])
def test_a_question_naming_a_day_about_a_note_is_not_answered_with_the_calendar(question: str) -> None:
    found = retrieve(question, date(2026, 3, 4), events_for, [ERRANDS])
    assert found.documents == (ERRANDS,) and calendar_answer(found) is None  # the model answers from the note


@pytest.mark.parametrize("question", ["What do I need to do today?", "What should I remember to do today?",
                                      "Any errands for today?"])
def test_a_question_about_tasks_gets_the_to_do_list(question: str) -> None:
    memo = Document("Boiler", "The plumber quoted 340 euros for the boiler valve.", "boiler.md", kind="note")
    found = retrieve(question, date(2026, 3, 4), events_for, [memo, ERRANDS])
    assert found.documents[:1] == (ERRANDS,) and calendar_answer(found) is None  # the model reads the list


@pytest.mark.parametrize(("question", "said"), [
    ("What's on tomorrow?", "Tomorrow you have one thing"),
    ("And tomorrow?", "Tomorrow you have one thing"),
    ("What do I have tomorrow morning?", "Tomorrow you have one thing"),
    ("Do I have any appointments tomorrow?", "Tomorrow you have one thing"),
    ("When is the dentist?", "Your calendar has Dentist appointment"),
])
def test_calendar_questions_are_still_composed_from_the_entries(question: str, said: str) -> None:
    answer = calendar_answer(retrieve(question, DAY, events_for, [ERRANDS]))
    assert answer and answer[0].startswith(said), answer


def test_sources_already_in_the_cached_context_are_named_not_read_again() -> None:
    invoice = retrieve("Who gets the invoice?", DAY, events_for, [ERRANDS])
    in_context = 'Notes:\n<<<SOURCE title="Errands">>>\nSend the invoice to Marco by Friday\nBuy oat milk\n'
    assert invoice.prompt_text(in_context) == 'Answer from these sources only: "Errands" above.'
    trimmed = in_context.replace("Buy oat milk", "Buy …")  # the context had room for only part of it
    for context in ("", trimmed):
        fenced = invoice.prompt_text(context)
        assert fenced.startswith("Answer from these sources only:\n<<<SOURCE ") and "Buy oat milk" in fenced
    festival = retrieve("Is anything special happening in the city on Thursday?", DAY, events_for, [ERRANDS])
    assert "City Lights Festival" in festival.prompt_text("Today's calendar:\n- All day: City Lights Festival")
    dentist = retrieve("When is my dentist appointment?", DAY, events_for, [ERRANDS])  # tomorrow's: in context
    assert dentist.prompt_text("Tomorrow's calendar:\n- 8:15 AM: Dentist appointment").startswith(
        "Answer from these sources only: the calendar above.")


# -- spoken, on the real models --------------------------------------------------------------------------------

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tester//EN
BEGIN:VEVENT
UID:fest@tester
DTSTAMP:20260301T000000Z
DTSTART;VALUE=DATE:20260305
DTEND;VALUE=DATE:20260306
SUMMARY:City Lights Festival
END:VEVENT
BEGIN:VEVENT
UID:kiln@tester
DTSTAMP:20260301T000000Z
DTSTART:20260306T141500Z
DTEND:20260306T150000Z
SUMMARY:Pottery kiln inspection with Ottoline
END:VEVENT
END:VCALENDAR
"""
NOTE = ("# Boiler\n\nThe plumber Mr. Okafor quoted 340 euros for the new boiler valve. "
        "The appointment reference is 4471.\n")


def grounded_session(engines: AssistantEngines, tmp_path: Path) -> AssistantSession:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "city.ics").write_text(ICS, encoding="utf-8")
    (folder / "boiler.md").write_text(NOTE, encoding="utf-8")
    request = ContextRequest(sources=(folder,), day=DAY, tz=UTC, budget_tokens=300)
    context = build_context(request, count_tokens=engines.llm.count_tokens)
    return AssistantSession(engines, context, context_request=request,
                            options=AssistantOptions(max_tokens=60, tell_time=False))


def heard(events: list, asr: object) -> str:
    chunks = [e.chunk for e in events if isinstance(e, AudioReady)]
    audio = np.concatenate([resample(c.samples, c.sample_rate, 16000) for c in chunks])
    return asr.transcribe_text(audio)  # type: ignore[attr-defined]


def test_a_spoken_calendar_question_is_answered_with_the_entrys_title_and_time(smol_engines, say, whisper_asr,
                                                                               tmp_path: Path) -> None:
    session = grounded_session(smol_engines, tmp_path)
    facts = ["pottery", "inspection", "2:15", "friday march"]  # Whisper hears "kiln" badly

    def take() -> tuple[list, str]:
        events = list(answer_turn(say("When is the pottery kiln inspection?"), session))
        return events, heard(events, whisper_asr)

    events, spoken = better_of_two_takes(take, lambda t: len(contains_all(t[1], facts)))
    result = events[-1].result
    assert isinstance(events[-1], Finished) and result.model is None  # composed from the entry, no model
    missing = contains_all(spoken, facts)
    assert not missing, f"missing {missing} in: {spoken}"
    assert result.grounding["extractive"] == 1


def test_the_festival_question_heard_back_names_the_festival(smol_engines, whisper_asr, tmp_path: Path) -> None:
    session = grounded_session(smol_engines, tmp_path)
    events = list(answer_text("Is anything special happening in the city on Thursday?", session))
    spoken = heard(events, whisper_asr).lower()
    assert not contains_all(spoken, ["city lights festival", "all day", "thursday march 5"]), spoken
    assert "announcing" not in spoken


def test_nothing_matching_is_said_plainly(smol_engines, tmp_path: Path) -> None:
    session = grounded_session(smol_engines, tmp_path)
    events = list(answer_text("What did my notes say about the car insurance?", session))
    assert [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"] == [NOTHING_FOUND]


def test_a_one_sentence_invention_is_dropped_and_nothing_found_is_said(smol_engines, replay_llm,
                                                                       tmp_path: Path) -> None:
    from dataclasses import replace

    session = grounded_session(replace(smol_engines, llm=replay_llm("Penguins sing opera on Saturn.")), tmp_path)
    events = list(answer_text("How much did the plumber quote for the boiler valve?", session))
    assert [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"] == [NOTHING_FOUND]
    assert events[-1].result.grounding["dropped"] == 1


def test_a_model_answer_from_a_note_has_only_the_notes_facts(smol_engines, tmp_path: Path) -> None:
    from app.core.trust.grounding import Source

    session = grounded_session(smol_engines, tmp_path)
    events = list(answer_text("How much did the plumber quote for the boiler valve?", session))
    result = events[-1].result
    assert result.reply and result.grounding["checked"] >= 1
    source = Source(NOTE + " " + session.context.text, allow=("Daycast",))
    assert source.check(result.reply).ok, (result.reply, source.check(result.reply).unsupported)


@pytest.mark.slow
def test_default_model_answers_the_boiler_question_from_the_note(default_llm, piper_tts, whisper_asr,
                                                                tmp_path: Path) -> None:
    engines = AssistantEngines(asr=whisper_asr, vad=None, llm=default_llm, tts=piper_tts)
    session = grounded_session(engines, tmp_path)
    events = list(answer_text("How much did the plumber quote for the boiler valve, and what is the reference?",
                              session))
    result = events[-1].result
    spoken = heard(events, whisper_asr)
    print("REPLY:", result.reply, "\nHEARD:", spoken, "\nGROUNDING:", result.grounding)
    assert not contains_all(spoken, ["340"]), spoken
    from app.core.trust.grounding import facts_of

    invented = facts_of(spoken).numbers - facts_of(NOTE).numbers - {"1", "0"}
    assert not invented, f"invented {invented} in: {spoken}"
    assert result.grounding["checked"] >= 1


def handbook() -> str:
    filler = [f"Section {n}. The office plants on floor {n % 7} are watered by the team on duty that week."
              for n in range(1, 700)]
    filler.insert(400, "The deployment checklist has 12 steps and ends with a rollback drill led by Ingrid.")
    return "# Team handbook\n\n" + " ".join(filler)


def test_a_long_document_reaches_the_model_as_the_passage_the_question_is_about() -> None:
    doc = Document("Team handbook", handbook(), "handbook.md", kind="note")
    found = retrieve("What does the handbook say about the deployment checklist?", DAY, events_for, [doc])
    prompt = found.prompt_text()
    assert len(doc.text) > 50_000 and len(prompt) < 2_000
    assert "The deployment checklist has 12 steps and ends with a rollback drill led by Ingrid." in prompt


def test_a_question_about_a_long_document_is_answered_not_refused_for_length(smol_engines, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "handbook.md").write_text(handbook(), encoding="utf-8")
    request = ContextRequest(sources=(folder,), day=DAY, tz=UTC, budget_tokens=300)
    session = AssistantSession(smol_engines, build_context(request, count_tokens=smol_engines.llm.count_tokens),
                               context_request=request, options=AssistantOptions(max_tokens=60, tell_time=False))
    events = list(answer_text("What does the handbook say about the deployment checklist?", session))
    assert isinstance(events[-1], Finished)
    assert events[-1].result.grounding["checked"] >= 1  # the model wrote (the old prompt overflowed: nothing)


def test_resolved_weekday_is_relative_to_the_session_day_not_the_clock() -> None:
    later = DAY + timedelta(days=7)
    span = resolve_dates("Anything on Thursday?", later)
    assert span is not None and span.start == date(2026, 3, 12)
