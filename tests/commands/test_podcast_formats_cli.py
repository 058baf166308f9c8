"""``daycast podcast --format/--focus`` and a long document, as a user runs them.

Default run: a brief (one host, under two minutes) of a sectioned document with SmolLM2, and the
usage error for an unknown format. Slow: the 10-minute episode of the ~45,000-character document with
the default model, its chapters read back with mutagen, its length, per-section coverage, and the
names and figures heard in it by Whisper.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from app.cli import main
from app.core.podcast import script as script_mod
from app.core.podcast.plan import facts_said
from bench.longdoc import SECTIONS, write_long_document

SMOLLM2 = "smollm2-135m-instruct-q4_1"
PIPER = "piper:en_US-joe-medium"


@pytest.fixture
def one_llm_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local models on one thread (two spin-waiting llama.cpp threads crawl on a shared 2-core machine)."""
    from app.core import llm_setup

    monkeypatch.setattr(llm_setup, "LocalModelSpec", functools.partial(llm_setup.LocalModelSpec, n_threads=1))


def _chapter_titles(path: Path) -> list[str]:
    frames = sorted(ID3(path).getall("CHAP"), key=lambda f: f.start_time)
    return [str(f.sub_frames.get("TIT2")) for f in frames]


@pytest.mark.usefixtures("one_llm_thread")
def test_brief_is_one_host_under_two_minutes_with_the_focus_recorded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = write_long_document(tmp_path / "docs", "md", scale=0.15)
    out = tmp_path / "brief.mp3"
    code = main(["podcast", str(document), "--out", str(out), "--minutes", "5", "--format", "brief",
                 "--focus", "the people, for schoolchildren", "--model", SMOLLM2, "--voices", f"{PIPER},{PIPER}",
                 "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "brief is one host" in printed  # 5 minutes asked: the Notice says a brief is under two
    # turns were spoken while the script was written; the render reuses them without calling it a resume
    assert "Resuming" not in printed
    journal = json.loads((out.parent / ".daycast-jobs" / "brief" / "journal.json").read_text(encoding="utf-8"))
    assert journal["state"] == "done" and len(journal["done"]) == journal["total"]
    script = script_mod.load(out.with_suffix(".script.json"))
    assert {t.speaker for _, _, t in script.turns()} == {script.hosts[0].name}
    assert script.extra["format"] == "brief" and script.extra["focus"] == "the people, for schoolchildren"
    provenance = json.loads(out.with_name(out.name + ".json").read_text(encoding="utf-8"))
    assert provenance["settings"]["format"] == "brief"
    assert "schoolchildren" in provenance["prompts"]["dialogue_system"]
    from app.core.audio.io import read_audio

    samples, rate = read_audio(out, mono=True)
    assert 30 < len(samples) / rate < 120
    assert _chapter_titles(out)[0] == "Introduction" and "Coverage" in printed


def _long_brief_script(path: Path) -> list[str]:
    """A hand-written one-host brief of about 2.5 minutes of Piper speech; returns its topic lines."""
    from app.core.podcast.script import Host, Script, ScriptChapter, Turn, to_json

    hosts = (Host("Ava", PIPER), Host("Ben", PIPER))
    lines = [f"Item {n}: the library on Quarry Street lends garden tools, seed packets and sewing machines "
             f"to anyone with a card, every weekday until six in the evening." for n in range(1, 21)]
    script = Script("Long brief", hosts, (
        ScriptChapter("Introduction", (Turn("Ava", "This brief was made with AI voices. I'm Ava."),), (), "intro"),
        ScriptChapter("The library", tuple(Turn("Ava", line) for line in lines), ("library.md",)),
        ScriptChapter("Wrap-up", (Turn("Ava", "That's the brief. Goodbye."),), (), "outro"),
    ))
    path.write_text(to_json(script), encoding="utf-8")
    return lines


def test_brief_over_two_minutes_loses_its_last_lines_not_its_wrap_up(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever the voice's pace, a brief stays under two minutes: the last topic lines are cut at the mix."""
    from app.core.audio.io import read_audio

    source, out = tmp_path / "brief.script.json", tmp_path / "out" / "brief.mp3"
    lines = _long_brief_script(source)
    code = main(["podcast", "--from-script", str(source), "--out", str(out), "--format", "brief",
                 "--voices", f"{PIPER},{PIPER}", "--quiet"])
    printed = " ".join(capsys.readouterr().out.split())  # rich wraps lines
    assert code == 0, printed
    assert "to keep it under two minutes" in printed
    samples, rate = read_audio(out, mono=True)
    assert 90 < len(samples) / rate < 120
    transcript = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "Item 1:" in transcript and lines[-1] not in transcript and "Item 20:" not in transcript
    assert transcript.rstrip().endswith("Goodbye.")  # the wrap-up stays
    assert script_mod.load(source).word_count > 400  # the user's script file is never rewritten


def test_unknown_format_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = write_long_document(tmp_path, "md", scale=0.05)
    with pytest.raises(SystemExit) as stop:
        main(["podcast", str(document), "--format", "panel", "--out", str(tmp_path / "x.mp3")])
    assert stop.value.code == 2
    assert "deep-dive" in capsys.readouterr().err


@pytest.mark.slow
def test_ten_minute_episode_of_a_long_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The default model: one chapter per main section, ±15% of 10 minutes, names and figures heard."""
    from app.core.audio.io import read_audio
    from engines import bundled
    from engines.asr_whisper import WhisperASR

    document = write_long_document(tmp_path / "docs", "md")
    out = tmp_path / "long.mp3"
    code = main(["podcast", str(document), "--out", str(out), "--minutes", "10", "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert _chapter_titles(out) == ["Introduction", *(s.title for s in SECTIONS), "Wrap-up"]
    samples, rate = read_audio(out, sample_rate=16000, mono=True)
    assert 8.5 <= len(samples) / rate / 60 <= 11.5
    script = script_mod.load(out.with_suffix(".script.json"))
    coverage = script.extra["coverage"]
    assert [row["chapter"] for row in coverage] == [s.title for s in SECTIONS]
    for row in coverage:  # each section got its share of the words, within a third
        assert row["words"] >= 0.66 * row["target_words"], row
    model = bundled.require("whisper-base-ct2")
    heard = WhisperASR(model.directory, model_id=model.id).transcribe_text(samples)
    figures = [f for s in SECTIONS for f in s.figures]
    assert len(facts_said(figures, heard)) >= 0.5 * len(figures), sorted(set(figures) - set(facts_said(figures, heard)))
    for section in SECTIONS:  # every main subject is heard: at least one of its figures
        assert facts_said(section.figures, heard), section.title
    # Whisper spells invented names by ear ("Furgle Ashdown", "Tobias Renfield"): compare by similarity
    names = [n for s in SECTIONS for n in s.names]
    assert sum(_heard_name(n, heard) >= 0.65 for n in names) >= len(names) / 2


def _heard_name(name: str, heard: str) -> float:
    """The best similarity of ``name`` to any run of as many words (one more or less) in ``heard``."""
    import difflib
    import re

    words = re.findall(r"[a-z']+", heard.casefold())
    target = name.casefold().replace("-", " ")
    size = len(target.split())
    runs = (" ".join(words[i:i + k]) for k in (size - 1, size, size + 1) if k for i in range(len(words) - k + 1))
    return max((difflib.SequenceMatcher(None, target, run).ratio() for run in runs), default=0.0)
