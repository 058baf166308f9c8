"""A Japanese briefing end to end on the bundled models: a Japanese calendar, notes and feed -> Kokoro's
Japanese voice -> the audio file, heard back by Whisper base with language="ja"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.core.briefing.pipeline import BriefingEngines, BriefingRequest, run_briefing
from app.core.events import Finished, Notice
from engines.metrics import japanese_reading
from engines.paths import assets_dir

DAY = date(2026, 12, 7)
SOURCES_JA = assets_dir() / "demo" / "sources_ja"
FIRST_EVENT = "営業部の定例会議"
NOTE_FACT = "四十八万円"


def _heard(path: Path, asr) -> str:
    from app.core.audio.io import read_audio

    audio, _ = read_audio(path, sample_rate=16000)
    return asr.transcribe_text(audio, language="ja")


def _said(heard: str, phrase: str) -> bool:
    """Whether ``phrase`` was heard, compared by reading (Whisper may write 九時 or 9時)."""
    return japanese_reading(phrase) in japanese_reading(heard)


def _run(request: BriefingRequest, engines: BriefingEngines) -> tuple[list, object]:
    events = list(run_briefing(request, engines))
    return events, next(e.result for e in events if isinstance(e, Finished))


def test_japanese_calendar_briefing_is_heard_in_japanese(tmp_path: Path, smollm2, piper_tts, whisper_asr) -> None:
    """Reduced form (default run): the calendar alone, so no model writes; Piper's English voice is
    swapped for a Japanese one because the sources are Japanese."""
    out = tmp_path / "brief.wav"
    events, result = _run(BriefingRequest(sources=(SOURCES_JA / "calendar.ics",), out=out, day=DAY,
                                          tz="Asia/Tokyo", minutes=1.0, language="auto", disclosure="short"),
                          BriefingEngines(smollm2, piper_tts, None))
    notices = [e.message for e in events if isinstance(e, Notice) and e.code == "language.chosen"]
    assert notices == ["Briefing in Japanese."]
    written = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "AIによる合成音声です。" in written and f"午前9時30分から{FIRST_EVENT}" in written
    assert "歯医者" not in written  # tomorrow's event is not read
    heard = _heard(out, whisper_asr)
    assert _said(heard, FIRST_EVENT) and _said(heard, "九時三十分"), heard
    sidecar = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
    assert "kokoro" in json.dumps(sidecar) and '"language": "ja"' in json.dumps(sidecar)
    assert result.duration > 8


def test_english_sources_in_a_japanese_briefing_say_which_language(tmp_path: Path, smollm2, kokoro_tts) -> None:
    english = tmp_path / "work.ics"
    english.write_text((assets_dir() / "demo" / "sources" / "calendar.ics").read_text(encoding="utf-8"),
                       encoding="utf-8")
    request = BriefingRequest(sources=(english,), out=tmp_path / "b.wav", day=date(2026, 11, 24), tz="UTC",
                              language="ja")
    for event in run_briefing(request, BriefingEngines(smollm2, kokoro_tts, "jf_alpha")):
        if isinstance(event, Notice) and event.code == "language.chosen":
            assert event.message == "Speaking Japanese as set; the sources are in English."
            break
    else:
        pytest.fail("no language notice")


@pytest.mark.slow
def test_japanese_briefing_from_calendar_notes_and_feed(tmp_path: Path, default_llm, kokoro_tts, whisper_asr) -> None:
    """The full form: Qwen writes the note and feed items in Japanese; the first event and the note's amount
    are heard."""
    out = tmp_path / "brief.mp3"
    _events, result = _run(BriefingRequest(sources=(SOURCES_JA,), out=out, day=DAY, tz="Asia/Tokyo", minutes=1.5,
                                           language="ja"),
                           BriefingEngines(default_llm, kokoro_tts, "jf_alpha"))
    heard = _heard(out, whisper_asr)
    assert _said(heard, FIRST_EVENT), heard
    assert _said(heard, NOTE_FACT) or _said(heard, "田中"), heard
    assert result.duration > 20
