"""The briefing end to end on the real models: sources a tester writes → MP3 → transcribed back."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.core.briefing.pipeline import BriefingEngines, BriefingRequest, run_briefing
from app.core.events import AudioReady, Finished, Notice
from engines.cancel import CancelToken
from engines.errors import Cancelled, NoSourcesError, OutputError
from tests.piper_speech import better_of_two_takes

DAY = date(2026, 3, 12)

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Brindlemoor Courier</title><link>https://courier.example</link>
<description>Local news</description>
<item><title>Brindlemoor council approves 47 new bike lanes</title><link>https://courier.example/lanes</link>
<pubDate>Thu, 12 Mar 2026 06:00:00 +0000</pubDate>
<description>The Brindlemoor council voted on Wednesday to build 47 new bike lanes across the old harbour district.
Mayor Tamsin Oyelaran said the first lanes will open in May.</description></item>
</channel></rss>
"""

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tester//EN
BEGIN:VEVENT
UID:review-1@tester
DTSTAMP:20260301T000000Z
DTSTART:20260312T104500Z
DTEND:20260312T113000Z
SUMMARY:Quarterly review with Petra
LOCATION:the Harbor Room
END:VEVENT
BEGIN:VEVENT
UID:lunch-1@tester
DTSTAMP:20260301T000000Z
DTSTART:20260312T123000Z
DTEND:20260312T133000Z
SUMMARY:Lunch with the design team
LOCATION:Video call
END:VEVENT
BEGIN:VEVENT
UID:other-day@tester
DTSTAMP:20260301T000000Z
DTSTART:20260313T080000Z
DTEND:20260313T090000Z
SUMMARY:Dentist appointment
END:VEVENT
END:VCALENDAR
"""

NOTES = """# Plumber visit

Call the plumber about the boiler. The quote was 340 euros and the visit is on Friday.
"""


def write_sources(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "courier.xml").write_text(FEED, encoding="utf-8")
    (folder / "work.ics").write_text(CALENDAR, encoding="utf-8")
    (folder / "todo.md").write_text(NOTES, encoding="utf-8")
    return folder


def _run(request: BriefingRequest, engines: BriefingEngines, cancel: CancelToken | None = None) -> tuple:
    events = list(run_briefing(request, engines, cancel))
    finished = [e for e in events if isinstance(e, Finished)]
    return events, finished[0].result if finished else None


@pytest.fixture(scope="module")
def piper():
    from engines.tts import load_tts

    return load_tts("piper:en_US-joe-medium")


def test_briefing_speaks_the_testers_facts_and_names_its_models(
    tmp_path: Path, default_llm, piper, whisper_asr
) -> None:
    from app.core.audio.io import read_audio
    from engines.metrics import contains_all

    tts, voice = piper
    sources = write_sources(tmp_path / "sources")
    # "Plummer": Whisper spells the note's title-cased "Plumber" as the surname (CI heard it so)
    facts = ["quarterly review", "10:45", "harbor room", "bike lanes", "47", ("plumber", "plummer"), "340"]

    def take() -> tuple[list, Any, Path, str]:
        out = Path(tempfile.mkdtemp(dir=tmp_path)) / "briefing.mp3"
        events, result = _run(BriefingRequest(sources=(sources,), out=out, day=DAY, tz="UTC", minutes=1.5),
                              BriefingEngines(default_llm, tts, voice))
        return events, result, out, whisper_asr.transcribe_text(read_audio(out, sample_rate=16000)[0])

    events, result, out, heard = better_of_two_takes(take, lambda t: len(contains_all(t[3], facts)))
    assert out.exists() and result.duration > 15
    missing = contains_all(heard, facts)
    assert not missing, f"missing {missing} in: {heard}"
    # todo.md is read as the to-do it is, word for word (CI once heard "the plumber has been called"). The
    # wording is checked in the spoken text: Whisper has heard "Call" as "haul" after the heading.
    assert "Call the plumber about the boiler." in result.text
    assert "Lunch with the design team at 12:30 PM by video call." in result.text  # not "in Video call"
    assert "been called" not in heard.lower()
    assert "dentist" not in heard.lower()  # tomorrow's event must not be read
    sidecar = json.loads(Path(f"{out}.json").read_text())
    text = json.dumps(sidecar)
    assert default_llm.info.id in text and "piper" in text.lower()
    assert "courier.xml" in text and "work.ics" in text and "todo.md" in text
    first_audio = next(i for i, e in enumerate(events) if isinstance(e, AudioReady))
    assert result.first_audio_seconds < 5.0 and first_audio < len(events) // 2
    assert out.with_suffix(".vtt").read_text().startswith("WEBVTT")


def test_malformed_source_is_reported_and_the_rest_is_used(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    sources = write_sources(tmp_path / "sources")
    (sources / "broken.ics").write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\n", encoding="utf-8")
    (sources / "broken.xml").write_bytes(b"<rss><channel><item><title>half")
    events, result = _run(BriefingRequest(sources=(sources,), out=tmp_path / "b.wav", day=DAY, tz="UTC", minutes=0.6),
                          BriefingEngines(smollm2, tts, voice))
    notices = [e.message for e in events if isinstance(e, Notice)]
    assert any("broken.ics" in n for n in notices), notices
    assert any("broken.xml" in n for n in notices), notices
    assert result.audio_path.exists()
    assert "Quarterly review with Petra" in result.text


def test_a_briefing_read_wholly_from_its_sources_names_only_the_voice(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    sources = write_sources(tmp_path / "sources")
    (sources / "courier.xml").unlink()  # left: the calendar and a note read as its own words
    out = tmp_path / "b.wav"
    _, result = _run(BriefingRequest(sources=(sources,), out=out, day=DAY, tz="UTC", minutes=0.6),
                     BriefingEngines(smollm2, tts, voice))
    assert "Call the plumber about the boiler." in result.text
    models = [m["id"] for m in json.loads(Path(f"{out}.json").read_text())["models"]]
    assert models == [tts.info.id]  # the LLM wrote none of it


def test_no_usable_source_is_a_clear_error(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "junk.pdf").write_bytes(b"not a pdf at all")
    with pytest.raises(NoSourcesError) as err:
        _run(BriefingRequest(sources=(empty,), out=tmp_path / "x.mp3", day=DAY), BriefingEngines(smollm2, tts, voice))
    assert err.value.exit_status == 2
    assert not (tmp_path / "x.mp3").exists()


def test_unwritable_output_fails_before_any_model_work(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    blocker = tmp_path / "file"
    blocker.write_text("x")
    request = BriefingRequest(sources=(write_sources(tmp_path / "s"),), out=blocker / "sub" / "b.mp3", day=DAY)
    calls = []
    original = smollm2.stream_chat
    smollm2.stream_chat = lambda *a, **k: calls.append(1) or original(*a, **k)  # type: ignore[method-assign]
    try:
        with pytest.raises(OutputError):
            _run(request, BriefingEngines(smollm2, tts, voice))
    finally:
        del smollm2.stream_chat
    assert calls == []


def test_cancel_leaves_nothing_at_the_output_path(tmp_path: Path, smollm2, piper) -> None:
    tts, voice = piper
    out = tmp_path / "cancelled.mp3"
    cancel = CancelToken()
    events = run_briefing(BriefingRequest(sources=(write_sources(tmp_path / "s"),), out=out, day=DAY, tz="UTC"),
                          BriefingEngines(smollm2, tts, voice), cancel)
    with pytest.raises(Cancelled):
        for event in events:
            if isinstance(event, AudioReady):
                cancel.cancel("test")
    assert not out.exists()
    assert not list(tmp_path.glob(".cancelled.mp3.*"))


def test_document_longer_than_the_context_is_condensed(tmp_path: Path, piper) -> None:
    from engines import bundled
    from engines.llm_llamacpp import LlamaConfig, LlamaCppModel

    model = bundled.require("smollm2-135m-instruct-q4_1")
    small = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=512, n_threads=1))
    tts, voice = piper
    folder = tmp_path / "long"
    folder.mkdir()
    paragraph = ("The Orrin valley railway carried 1200 passengers a day between Kelby and Sorrowmere. "
                 "Engineers replaced the old signal boxes and the trains now run every twenty minutes. ")
    (folder / "history.txt").write_text("Orrin valley railway\n\n" + paragraph * 24, encoding="utf-8")
    assert small.count_tokens(paragraph * 24) > 1.5 * small.n_ctx
    events, result = _run(BriefingRequest(sources=(folder,), out=tmp_path / "long.wav", day=DAY, minutes=0.5),
                          BriefingEngines(small, tts, voice))
    notices = [(e.code, e.message) for e in events if isinstance(e, Notice)]
    assert any(isinstance(e, Notice) and e.code == "source.condensed" for e in events), notices
    assert result.duration > 3
    small.close()
