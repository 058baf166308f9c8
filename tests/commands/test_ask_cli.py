"""``daycast ask --audio q.wav --out r.wav`` as a user runs it: a question spoken about the tester's own
calendar, answered by the default LLM, and the reply audio transcribed back for the fact it must hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.cli import main
from app.core.audio.encode import write_audio
from app.core.audio.io import read_audio
from engines.metrics import contains_all

# Floating local times: the calendar means "10:45 on the wall clock", whatever this machine's zone.
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tester//EN
BEGIN:VEVENT
UID:yesterday@tester
DTSTAMP:20260301T000000Z
DTSTART:20260302T080000
DTEND:20260302T090000
SUMMARY:Breakfast with the auditors
END:VEVENT
BEGIN:VEVENT
UID:sync@tester
DTSTAMP:20260301T000000Z
DTSTART:20260303T140000
DTEND:20260303T143000
SUMMARY:Budget sync
END:VEVENT
BEGIN:VEVENT
UID:grooming@tester
DTSTAMP:20260301T000000Z
DTSTART:20260303T104500
DTEND:20260303T113000
SUMMARY:Quarterly llama grooming review
LOCATION:Barn Seven
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def speech_models(piper_tts: object, whisper_asr: object) -> tuple[object, object]:
    return piper_tts, whisper_asr


def spoken_question(tts: object, text: str, path: Path) -> Path:
    chunks = list(tts.synthesize(text))  # type: ignore[attr-defined]
    write_audio(path, np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate)
    return path


def test_ask_answers_a_spoken_question_about_the_testers_calendar(tmp_path: Path, speech_models, capsys) -> None:
    tts, asr = speech_models
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "calendar.ics").write_text(CALENDAR, encoding="utf-8")
    question = spoken_question(tts, "What time is my first meeting today?", tmp_path / "q.wav")
    reply = tmp_path / "r.wav"

    status = main(["ask", "--audio", str(question), "--sources", str(sources), "--date", "2026-03-03",
                   "--out", str(reply)])

    out = capsys.readouterr().out
    assert status == 0
    assert "You: What time is my first meeting today?" in out
    assert "Daycast:" in out and "10:45" in out
    samples, rate = read_audio(reply, sample_rate=16000)
    assert len(samples) / rate > 1.0
    heard = asr.transcribe_text(samples)  # type: ignore[attr-defined]
    assert contains_all(heard, ["10:45"]) == [], heard
    assert main(["verify", str(reply)]) == 1  # no signed sidecar for a reply, but the watermark is there
    assert "Daycast watermark found, not signed" in capsys.readouterr().out
    assert "tokens, read (" in out  # the first run read them (and saved the model's state)

    # Run again with the same sources: the model's state is loaded from the cache instead of read.
    status = main(["ask", "--audio", str(question), "--sources", str(sources), "--date", "2026-03-03",
                   "--out", str(reply)])
    out = capsys.readouterr().out
    assert status == 0 and "loaded from the last run" in out
    assert "10:45" in out


def test_ask_without_sources_reads_the_followed_calendar_from_its_cached_copy(
        tmp_path: Path, speech_models, capsys) -> None:
    """No --sources: the subscriptions are read, as a briefing reads them, from the last fetch's copy."""
    from tests.core.sources.feedserver import FeedServer, Route

    tts, _ = speech_models
    server = FeedServer()
    server.routes["/work.ics"] = Route(CALENDAR.encode(), content_type="text/calendar")
    try:
        assert main(["sources", "add", "webcal" + server.url("/work.ics")[4:], "--name", "Work"]) == 0
    finally:
        server.stop()  # a question never waits on the network: it reads the cached copy
    question = spoken_question(tts, "What time is my first meeting today?", tmp_path / "q.wav")
    status = main(["ask", "--audio", str(question), "--date", "2026-03-03", "--out", str(tmp_path / "r.wav")])
    out = capsys.readouterr().out
    assert status == 0
    assert "10:45" in out and "No sources given" not in out
    status = main(["ask", "--audio", str(question), "--date", "2026-03-03", "--sources", str(tmp_path / "none"),
                   "--out", str(tmp_path / "r2.wav")])
    assert "10:45" not in capsys.readouterr().out  # named sources replace the subscriptions, as in a briefing


def test_ask_names_the_file_it_cannot_decode(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "question.wav"
    broken.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage that is not audio")
    status = main(["ask", "--audio", str(broken), "--out", str(tmp_path / "r.wav")])
    err = capsys.readouterr().err
    assert status != 0
    assert "audio.unsupported" in err and "question.wav" in err
    assert not (tmp_path / "r.wav").exists()


def test_ask_without_the_audio_option_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["ask"])
    assert info.value.code == 2
    assert "--audio" in capsys.readouterr().err


def test_a_question_file_with_no_speech_fails_and_writes_nothing(tmp_path: Path, capsys) -> None:
    from app.core.audio.io import write_wav_bytes

    silent = tmp_path / "silent.wav"
    silent.write_bytes(write_wav_bytes(np.zeros(16000 * 2, np.float32), 16000))
    status = main(["ask", "--audio", str(silent), "--out", str(tmp_path / "r.wav"), "--sources", str(tmp_path)])
    err = " ".join(capsys.readouterr().err.split())
    assert status == 1 and f"No speech was heard in {silent}; nothing was written to" in err
    assert not (tmp_path / "r.wav").exists()


def test_a_reply_file_of_the_wrong_format_is_refused_before_models_load(tmp_path: Path, monkeypatch, capsys) -> None:
    import app.commands.ask as ask_command

    loads: list[object] = []
    monkeypatch.setattr(ask_command, "load_assistant_engines", lambda *a, **k: loads.append(a))
    silent = tmp_path / "q.wav"
    from app.core.audio.io import write_wav_bytes

    silent.write_bytes(write_wav_bytes(np.zeros(16000, np.float32), 16000))
    assert main(["ask", "--audio", str(silent), "--out", str(tmp_path / "reply.txt")]) == 1
    assert "unsupported audio format .txt" in " ".join(capsys.readouterr().err.split()) and loads == []
