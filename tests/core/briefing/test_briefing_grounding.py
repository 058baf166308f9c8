"""Grounded briefings on documents with traps: a to-do whose meaning inverts when summarised, a reference
number a model likes to drop, figures it likes to change. Every sentence spoken must be in its source.

The default run uses SmolLM2 (it invents freely, so the check has work to do); the slow test uses the
real default model (the Qwen MoE) and reads the audio back with Whisper.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from app.core.briefing.pipeline import BriefingEngines, BriefingRequest, BriefingResult, run_briefing
from app.core.events import Finished
from app.core.trust.grounding import Source, facts_of

DAY = date(2026, 3, 12)
TODO = """# To do

- [ ] Call the plumber, Mr. Okafor, about the boiler before Friday
- [ ] Renew the parking permit for bay 17
- [x] Return the library books
"""
NOTE = """# Dentist

The appointment reference is 4471. Bring the referral letter from Dr. Hallworth.
"""
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Brindlemoor Courier</title><link>https://courier.example</link>
<description>Local news</description>
<item><title>Harbour ferry fares frozen</title><link>https://courier.example/ferry</link>
<pubDate>Thu, 12 Mar 2026 06:00:00 +0000</pubDate>
<description>The harbour board froze ferry fares at 3 pounds 20 for the rest of the year. Board chair Ines
Maddox said 2,860 people use the ferry each weekday, up from 2,310 a year ago.</description></item>
</channel></rss>
"""
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tester//EN
BEGIN:VEVENT
UID:standup@tester
DTSTAMP:20260301T000000Z
DTSTART:20260312T093000Z
DTEND:20260312T094500Z
SUMMARY:Standup with Priya
END:VEVENT
END:VCALENDAR
"""


# Over 40 words: summarised by the model (a shorter note is read as written).
LONG_NOTE = NOTE + """The practice has moved upstairs in the Quay building. Parking behind the building is free for
patients, and the lift is beside the pharmacy. Arrive early to fill in the new health form at the desk.
"""


def write_trap_sources(folder: Path, note: str = NOTE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "todo.md").write_text(TODO, encoding="utf-8")
    (folder / "dentist.md").write_text(note, encoding="utf-8")
    (folder / "courier.xml").write_text(FEED, encoding="utf-8")
    (folder / "work.ics").write_text(CALENDAR, encoding="utf-8")
    return folder


SOURCE_TEXT = " ".join([TODO, LONG_NOTE, re.sub(r"<[^>]+>", " ", FEED), "Standup with Priya at 9:30 AM."])


def run(request: BriefingRequest, engines: BriefingEngines) -> BriefingResult:
    finished = [e for e in run_briefing(request, engines) if isinstance(e, Finished)]
    return finished[0].result  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def piper() -> object:
    from engines.tts import load_tts

    return load_tts("piper:en_US-joe-medium")


def item_lines(result: BriefingResult) -> list[str]:
    return [line.text for line in result.lines if line.kind == "item"]


@pytest.mark.slow  # ~2 minutes: SmolLM2 invents freely, so most items take a rewrite
def test_every_item_sentence_is_grounded_and_the_todo_is_read_as_items(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    out = tmp_path / "briefing.wav"
    result = run(BriefingRequest(sources=(write_trap_sources(tmp_path / "s"),), out=out, day=DAY, tz="UTC",
                                 minutes=1.5), BriefingEngines(smollm2, tts, voice))
    lines = item_lines(result)
    assert "First: Call the plumber, Mr. Okafor, about the boiler before Friday." in lines
    assert "Second: Renew the parking permit for bay 17." in lines
    assert "1 item is already done." in lines
    source = Source(SOURCE_TEXT, allow=("Brindlemoor Courier", "your notes"))
    generated = [s for s in lines if not re.match(r"(?:\d+ (?:open )?items?|First|Second|From )", s)]
    print("GENERATED:", generated, "\nGROUNDING:", result.grounding)
    bad = [(s, source.check(s).unsupported) for s in generated if not source.check(s).ok]
    assert not bad, bad
    counts = json.loads(Path(f"{out}.json").read_text())["extra"]["grounding"]
    assert counts == result.grounding
    # 2 items, the "2 open…" count line, "1 done", and the short dentist note's 2 sentences read as written
    assert counts["checked"] >= 1 and counts["extractive"] == 6
    assert counts["regenerated"] >= counts["replaced"] + counts["dropped"]  # a rewrite is tried first


class ScriptedModel:
    """The real model's interface with scripted replies: the reported failures, replayed exactly (a real
    model makes them only some of the time). Each request takes the next reply."""

    def __init__(self, real: object, replies: list[str]) -> None:
        self.info, self.n_ctx, self.replies, self.requests = real.info, 4096, replies, []  # type: ignore[attr-defined]
        self.count_tokens = real.count_tokens  # type: ignore[attr-defined]

    def stream_chat(self, request: object, cancel: object = None) -> object:
        from engines.types import ChatResult, TextDelta

        self.requests.append(request.messages[-1].content)  # type: ignore[attr-defined]
        reply = self.replies.pop(0)
        for word in reply.split(" "):
            yield TextDelta(word + " ")
        yield ChatResult(reply, self.info)


def test_the_reported_invention_is_regenerated_then_replaced_by_the_source_sentence(tmp_path: Path, smollm2,
                                                                                  piper) -> None:
    tts, voice = piper
    scripted = ScriptedModel(smollm2, [
        "The appointment is scheduled for next week. Bring the letter from Dr. Hallworth.",  # dentist note
        "It is next Tuesday.",  # the one rewrite: still invented
        "The harbour board froze fares at 3 pounds 20. Ines Maddox said 2,900 people ride each weekday.",
        "Ines Maddox said 2,860 people use the ferry each weekday.",  # the rewrite: grounded
    ])
    out = tmp_path / "scripted.wav"
    result = run(BriefingRequest(sources=(write_trap_sources(tmp_path / "s", LONG_NOTE),), out=out, day=DAY, tz="UTC",
                                 minutes=2.0), BriefingEngines(scripted, tts, voice))  # type: ignore[arg-type]
    lines = item_lines(result)
    assert "The appointment reference is 4471." in lines  # the source's own sentence
    assert "Ines Maddox said 2,860 people use the ferry each weekday." in lines
    assert not any("next week" in line or "2,900" in line for line in lines)
    assert lines.index("Bring the letter from Dr. Hallworth.") > lines.index("The appointment reference is 4471.")
    assert "next week" in scripted.requests[1] and "4471" in scripted.requests[1]  # the rewrite saw the source
    counts = json.loads(Path(f"{out}.json").read_text())["extra"]["grounding"]
    assert {k: counts[k] for k in ("checked", "regenerated", "replaced", "extractive")} == {
        "checked": 4, "regenerated": 2, "replaced": 1, "extractive": 4}
    assert [i["action"] for i in counts["issues"]] == ["replaced", "regenerated"]


def test_an_invented_cause_is_rewritten_from_the_source(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    scripted = ScriptedModel(smollm2, [
        "The appointment reference is 4471. Bring the referral letter from Dr. Hallworth.",  # dentist note
        "The harbour board froze ferry fares at 3 pounds 20 due to rising fuel costs.",
        "The harbour board froze ferry fares at 3 pounds 20 for the rest of the year.",  # the rewrite
        "Ines Maddox said 2,860 people use the ferry each weekday.",
    ])
    out = tmp_path / "cause.wav"
    result = run(BriefingRequest(sources=(write_trap_sources(tmp_path / "s", LONG_NOTE),), out=out, day=DAY, tz="UTC",
                                 minutes=2.0), BriefingEngines(scripted, tts, voice))  # type: ignore[arg-type]
    lines = item_lines(result)
    assert "The harbour board froze ferry fares at 3 pounds 20 for the rest of the year." in lines
    assert not any("fuel" in line for line in lines)
    assert "due to rising fuel costs" in scripted.requests[2]  # the rewrite was told what was unsupported
    issues = json.loads(Path(f"{out}.json").read_text())["extra"]["grounding"]["issues"]
    assert issues[0]["unsupported"] == ["claim 'due to rising fuel costs'"] and issues[0]["action"] == "regenerated"


@pytest.mark.parametrize(("tz", "heading"), [
    ("Asia/Tokyo", "From Brindlemoor Courier: Harbour ferry fares frozen."),  # 08:30 on the 12th there: today's
    ("UTC", "From Brindlemoor Courier, yesterday: Harbour ferry fares frozen."),
])
def test_when_an_item_was_written_is_told_in_the_briefings_zone(tmp_path: Path, smollm2, piper, tz: str,
                                                                heading: str) -> None:
    tts, voice = piper
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "courier.xml").write_text(FEED.replace("Thu, 12 Mar 2026 06:00:00", "Wed, 11 Mar 2026 23:30:00"),
                                        encoding="utf-8")
    scripted = ScriptedModel(smollm2, ["The harbour board froze ferry fares at 3 pounds 20 for the rest of the year."])
    result = run(BriefingRequest(sources=(folder,), out=tmp_path / "b.wav", day=DAY, tz=tz, minutes=1.0),
                 BriefingEngines(scripted, tts, voice))  # type: ignore[arg-type]
    assert item_lines(result)[0] == heading


def test_an_older_items_tomorrow_is_said_again_with_the_days_name(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    folder = tmp_path / "s"
    folder.mkdir()
    tuesday = FEED.replace("Thu, 12 Mar 2026 06:00:00", "Tue, 10 Mar 2026 06:00:00").replace(
        "The harbour board froze ferry fares", "Tomorrow the harbour board freezes ferry fares")
    (folder / "courier.xml").write_text(tuesday, encoding="utf-8")
    scripted = ScriptedModel(smollm2, [
        "Tomorrow the harbour board freezes ferry fares at 3 pounds 20.",  # Tuesday's tomorrow, said on Thursday
        "On Wednesday the harbour board froze ferry fares at 3 pounds 20.",  # the rewrite
    ])
    result = run(BriefingRequest(sources=(folder,), out=tmp_path / "b.wav", day=DAY, tz="UTC", minutes=1.0),
                 BriefingEngines(scripted, tts, voice))  # type: ignore[arg-type]
    assert item_lines(result) == ["From Brindlemoor Courier, Tuesday: Harbour ferry fares frozen.",
                                  "On Wednesday the harbour board froze ferry fares at 3 pounds 20."]
    assert "date tomorrow" in scripted.requests[1]


@pytest.mark.slow
def test_default_model_briefing_heard_back_has_no_invented_numbers(tmp_path: Path, default_llm, piper,
                                                                   whisper_asr) -> None:
    from app.core.audio.io import read_audio
    from engines.metrics import contains_all

    tts, voice = piper
    out = tmp_path / "briefing.mp3"
    result = run(BriefingRequest(sources=(write_trap_sources(tmp_path / "s"),), out=out, day=DAY, tz="UTC",
                                 minutes=2.0), BriefingEngines(default_llm, tts, voice))
    audio, _ = read_audio(out, sample_rate=16000)
    heard = whisper_asr.transcribe_text(audio)
    print("HEARD:", heard, "\nGROUNDING:", result.grounding)
    # Whisper base hears "Okafor" as "Achafer" and "bay 17" as "base 17": the names are checked in the text
    missing = contains_all(heard, ["plumber", "boiler before friday", "4471", "17", "ferry", "2860"])
    assert not missing, f"missing {missing} in: {heard}"
    scaffold = " ".join(line.text for line in result.lines if line.kind != "item")  # opening, headings, close
    allowed = facts_of(SOURCE_TEXT + " " + scaffold).numbers | {"0", "1", "2", "1st", "2nd"}
    allowed |= {clock.replace(":", "") for clock in re.findall(r"\d{1,2}:\d\d", scaffold)}  # "9:30" heard as "930"
    invented = facts_of(heard).numbers - allowed
    assert not invented, f"numbers not in any source: {invented} in: {heard}"
    lowered = heard.lower()
    assert "next week" not in lowered and "call mr okafor" not in lowered.replace(".", "")
    assert "due to call" not in lowered
    assert "First: Call the plumber, Mr. Okafor, about the boiler before Friday." in item_lines(result)
    counts = result.grounding  # the feed item is the model's; the to-do and the short note are read as written
    assert counts["checked"] >= 1 and counts["extractive"] >= 5
