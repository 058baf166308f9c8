"""``daycast podcast`` as a user runs it: three documents to an episode, re-render from a script,
extra formats, an accumulating feed, clear usage errors, and Ctrl-C that leaves a resumable job."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import feedparser
import pytest
from mutagen.id3 import ID3

from app.cli import main
from app.core.audio import chapters as chapters_mod
from app.core.audio import loudness
from app.core.audio.io import read_audio
from app.core.podcast import script as script_mod
from app.core.podcast.render import job_dir

PIPER = "piper:en_US-joe-medium"
SMOLLM2 = "smollm2-135m-instruct-q4_1"


def _helpers() -> Any:
    """The podcast tests' helpers (documents, counting TTS wrapper), loaded from their folder."""
    name = "podcast_helpers"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "core" / "podcast" / "podcast_helpers.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module  # dataclasses look their module up while the file runs
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]


def _tiny_script(path: Path) -> Path:
    from app.core.podcast.script import Host, Script, ScriptChapter, Turn
    from app.core.trust.disclosure import disclosure_text

    script = Script("Tiny", (Host("Alex", PIPER), Host("Sam", PIPER, 1.2)), (
        ScriptChapter("Introduction", (Turn("Alex", f"{disclosure_text('full')} Hi."),), (), "intro"),
        ScriptChapter("Rain", (Turn("Sam", "It will rain at noon."), Turn("Alex", "Bring an umbrella.")),
                      ("weather.txt",)),
    ))
    path.write_text(script_mod.to_json(script), encoding="utf-8")
    return path


@pytest.fixture
def one_llm_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local models on one thread: with many test runs sharing two cores, llama.cpp's spinning threads
    made two threads ~10x slower than one. The CLI path (settings, --model, router) is unchanged."""
    from app.core import llm_setup

    monkeypatch.setattr(llm_setup, "LocalModelSpec", functools.partial(llm_setup.LocalModelSpec, n_threads=1))


@pytest.mark.usefixtures("one_llm_thread")
def test_three_documents_to_an_episode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    documents = _helpers().write_documents(tmp_path / "docs")
    out = tmp_path / "show" / "episode.mp3"
    code = main(["podcast", *map(str, documents), "--out", str(out), "--minutes", "1", "--model", SMOLLM2,
                 "--hosts", "Ana,Ben", "--voices", f"{PIPER},{PIPER}", "--title", "Three documents", "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    for stage in ("import", "script", "tts", "mix", "export"):
        assert f"✓ {stage}" in printed
    script = script_mod.load(out.with_suffix(".script.json"))
    assert script.title == "Three documents" and [h.name for h in script.hosts] == ["Ana", "Ben"]
    assert [c.sources for c in script.chapters[1:-1]] == [(d.name,) for d in documents]
    # chapters read back with mutagen: titles of the script, start times of the chapters JSON
    frames = sorted(ID3(out).getall("CHAP"), key=lambda f: f.start_time)
    assert [str(f.sub_frames.get("TIT2")) for f in frames] == [c.title for c in script.chapters]
    listed = json.loads(out.with_suffix(".chapters.json").read_text(encoding="utf-8"))["chapters"]
    assert [f.start_time / 1000 for f in frames] == pytest.approx([c["startTime"] for c in listed], abs=0.002)
    samples, rate = read_audio(out, mono=False)
    assert abs(loudness.integrated_lufs(samples, rate) - loudness.STEREO_TARGET_LUFS) <= 1.0
    feed = feedparser.parse(str(out.parent / "feed.xml"))
    entry = feed.entries[0]
    assert entry.enclosures[0].href == "episode.mp3" and entry.itunes_duration.startswith("00:")
    assert entry.podcast_transcript["url"] == "episode.vtt"
    assert (out.parent / "episode.mp3.json").is_file() and out.with_suffix(".md").is_file()


def test_from_script_extra_formats_and_a_feed_that_accumulates(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    script = _tiny_script(tmp_path / "tiny.json")
    first = tmp_path / "pod" / "one.mp3"
    assert main(["podcast", "--from-script", str(script), "--out", str(first), "--formats", "m4a,opus",
                 "--quiet"]) == 0
    for suffix in (".m4a", ".opus"):
        extra = first.with_suffix(suffix)
        assert extra.is_file() and Path(f"{extra}.json").is_file()
        assert [c.title for c in chapters_mod.read_chapters(extra)] == ["Introduction", "Rain"]
    second = tmp_path / "pod" / "two.mp3"
    assert main(["podcast", "--from-script", str(script), "--out", str(second), "--mono", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "Both hosts speak with" in printed  # the same voice for both hosts is called out
    feed = feedparser.parse(str(tmp_path / "pod" / "feed.xml"))
    assert sorted(e.enclosures[0].href for e in feed.entries) == ["one.mp3", "two.mp3"]
    mono, rate = read_audio(second, mono=False)
    assert mono.shape[1] == 1
    assert abs(loudness.integrated_lufs(mono[:, 0], rate) - loudness.MONO_TARGET_LUFS) <= 1.0
    assert json.loads(script.read_text(encoding="utf-8"))["title"] == "Tiny"  # input script untouched


def test_no_chapters_leaves_none_in_the_audio_files_feed_or_notes(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    script = _tiny_script(tmp_path / "tiny.json")
    out = tmp_path / "pod" / "plain.mp3"
    assert main(["podcast", "--from-script", str(script), "--out", str(out), "--quiet"]) == 0
    assert out.with_suffix(".chapters.json").is_file()
    assert main(["podcast", "--from-script", str(script), "--out", str(out), "--quiet", "--no-chapters"]) == 0
    assert re.search(r"Chapters +none", capsys.readouterr().out)
    assert ID3(out).getall("CHAP") == [] and chapters_mod.read_chapters(out) == []
    assert not out.with_suffix(".chapters.json").exists()  # the first render's file went with its chapters
    notes = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "## Chapters" not in notes and ".chapters.json" not in notes and "## Sources" in notes
    entry = feedparser.parse(str(out.parent / "feed.xml")).entries[0]
    assert "podcast_chapters" not in entry and "Chapters:" not in entry.summary
    sidecar = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
    assert sidecar["extra"]["chapters"] == [] and sidecar["extra"]["chapters_json"] is None


def test_a_second_episode_on_the_same_day_keeps_the_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --out, episodes are named by date: the second one of a day must not replace the first."""
    from datetime import date

    from app.core import settings as settings_mod

    settings_mod.save(settings_mod.update(settings_mod.Settings(), output_dir=str(tmp_path / "out")))
    script = _tiny_script(tmp_path / "tiny.json")
    assert main(["podcast", "--from-script", str(script), "--quiet"]) == 0
    first = tmp_path / "out" / f"podcast-{date.today().isoformat()}.mp3"
    first_bytes = first.read_bytes()
    assert main(["podcast", "--from-script", str(script), "--quiet", "--feed-url", "https://example.org/pod"]) == 0
    second = first.with_name(f"{first.stem}-2.mp3")
    assert second.is_file() and first.read_bytes() == first_bytes
    assert "-2.vtt" in capsys.readouterr().out.replace("\n", "")
    feed = feedparser.parse(str(first.parent / "feed.xml"))
    # the second export knew where the feed is published: its links are web addresses a podcast app can fetch
    assert {e.enclosures[0].href for e in feed.entries} == {first.name, f"https://example.org/pod/{second.name}"}
    assert feed.feed.link == "https://example.org/pod/" and len({e.id for e in feed.entries}) == 2
    kept = settings_mod.load().settings  # given once, like the studio's field; the rest of the settings unchanged
    assert kept.feed_url.startswith("https://example.org/pod") and kept.output_dir == str(tmp_path / "out")


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        ([], 2, "No documents given"),
        (["a.md", "--from-script", "s.json"], 2, "not both"),
        (["a.md", "--hosts", "Alex"], 2, "exactly two"),
        (["a.md", "--hosts", "Alex,alex"], 2, "different names"),
        (["a.md", "--voices", "piper:en_US-joe-medium,espeak:bob"], 2, "engine:name"),
        (["a.md", "--out", "{tmp}/episode.xyz"], 1, "unsupported audio format .xyz"),
        (["a.md", "--feed-url", "ftp://example.org/pod"], 2, "--feed-url: 'ftp://example.org/pod' is not a web"),
        (["{tmp}/missing.md", "--out", "{tmp}/e.mp3"], 2, "No usable input"),
        (["--from-script", "{tmp}/broken.json", "--out", "{tmp}/e.mp3"], 1, "chapters[0].turns[0].speaker"),
    ],
)
def test_usage_errors_are_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], status: int,
                                message: str) -> None:
    raw = script_mod.to_dict(script_mod.load(_tiny_script(tmp_path / "ok.json")))
    raw["chapters"][0]["turns"][0]["speaker"] = "Nobody"
    (tmp_path / "broken.json").write_text(json.dumps(raw), encoding="utf-8")
    code = main(["podcast", *(a.replace("{tmp}", str(tmp_path)) for a in argv), "--model", SMOLLM2])
    err = capsys.readouterr().err
    assert code == status, err
    assert message in " ".join(err.split())


def test_fake_ctrl_c_keeps_a_resumable_job_and_no_half_written_episode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, piper_tts: Any,
) -> None:
    """Ctrl-C is simulated by the TTS raising KeyboardInterrupt on its third call (a fake key press)."""
    from app.commands import podcast as podcast_command
    from app.core.podcast.render import Voice

    helpers = _helpers()
    script = _tiny_script(tmp_path / "tiny.json")
    out = tmp_path / "pod" / "episode.mp3"

    def interrupt(call: int) -> None:
        if call == 3:
            raise KeyboardInterrupt

    interrupting = helpers.CountingTTS(piper_tts, on_call=interrupt)
    monkeypatch.setattr(podcast_command, "tts_loader", lambda device: lambda spec: Voice(interrupting, None, spec))
    assert main(["podcast", "--from-script", str(script), "--out", str(out), "--quiet"]) == 130
    printed = capsys.readouterr()
    assert "run the same command again to resume" in " ".join(printed.out.split())
    assert (printed.out + printed.err).count("Stopped.") == 1
    assert not out.exists() and not list(out.parent.glob("*.part")) and not out.with_suffix(".vtt").exists()
    journal = json.loads((job_dir(out) / "journal.json").read_text(encoding="utf-8"))
    assert journal["state"] == "rendering" and len(journal["done"]) == 2

    counting = helpers.CountingTTS(piper_tts)
    monkeypatch.setattr(podcast_command, "tts_loader", lambda device: lambda spec: Voice(counting, None, spec))
    assert main(["podcast", "--from-script", str(script), "--out", str(out), "--quiet"]) == 0
    assert len(counting.calls) == 1 and out.is_file()
    assert "Resuming: 2 of 3 turns" in " ".join(capsys.readouterr().out.split())


def test_a_japanese_script_carries_the_japanese_disclosure_in_its_tags_and_files(tmp_path: Path) -> None:
    from app.core.podcast.script import Host, Script, ScriptChapter, Turn, to_json
    from app.core.trust.disclosure import FULL_JA

    hosts = (Host("アキ", "kokoro:jf_alpha"), Host("ケン", "kokoro:jm_kumo"))
    script = tmp_path / "ja.script.json"  # hand-written: no "language" field, and the disclosure left out
    script.write_text(to_json(Script("港町の話", hosts, (
        ScriptChapter("はじめに", (Turn("アキ", "こんにちは、アキです。"), Turn("ケン", "ケンです。")), (), "intro"),
    ))).replace('"language": "en"', '"language": ""'), encoding="utf-8")
    out = tmp_path / "pod" / "ja.mp3"
    assert main(["podcast", "--from-script", str(script), "--out", str(out), "--quiet"]) == 0
    tags = ID3(out)
    assert str(tags.getall("TXXX:AI_DISCLOSURE")[0]) == FULL_JA
    assert FULL_JA in str(tags.getall("COMM")[0])
    assert f"> {FULL_JA}" in out.with_suffix(".md").read_text(encoding="utf-8")
    assert FULL_JA in feedparser.parse(str(out.parent / "feed.xml")).entries[0].description
    assert out.with_suffix(".srt").read_text(encoding="utf-8").count(FULL_JA) == 1  # spoken first, once


def test_an_explicit_gpu_that_is_not_there_fails_instead_of_rendering_on_the_cpu(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """No CUDA on this machine: "--device gpu" must say so, not take the CPU for the voices unannounced."""
    from engines.device import cuda_available

    if cuda_available("onnxruntime")[0]:
        pytest.skip("a usable GPU is here: the voices would run on it")
    script = _tiny_script(tmp_path / "tiny.json")
    out = tmp_path / "pod" / "gpu.mp3"
    assert main(["podcast", "--from-script", str(script), "--out", str(out), "--device", "gpu", "--quiet"]) != 0
    assert "GPU requested for onnxruntime but it cannot be used" in " ".join(capsys.readouterr().err.split())
    assert not out.exists()
