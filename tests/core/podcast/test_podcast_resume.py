"""Interrupted renders resume from the segment cache; an edited script re-voices only what changed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from podcast_helpers import PIPER, CountingLLM, CountingTTS, render

from app.core.audio import subtitles
from app.core.events import AudioReady, Notice
from app.core.podcast import script as script_mod
from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast
from app.core.podcast.render import Voice, job_dir
from app.core.podcast.script import Host, Script, ScriptChapter, Turn
from app.core.trust.disclosure import disclosure_text
from engines.cancel import CancelToken
from engines.errors import Cancelled
from engines.paths import PROJECT_ROOT

HOSTS = (Host("Alex", PIPER, 1.0), Host("Sam", PIPER, 1.2))  # one model, two speeds: quick to render


def small_script() -> Script:
    return Script(
        title="Resume check",
        hosts=HOSTS,
        chapters=(
            ScriptChapter("Introduction", (Turn("Alex", f"{disclosure_text('full')} Hello, I'm Alex."),
                                           Turn("Sam", "And I'm Sam.")), (), "intro"),
            ScriptChapter("Trains", (Turn("Alex", "How fast is the new train?"),
                                     Turn("Sam", "It runs at two hundred kilometres an hour."),
                                     Turn("Alex", "That is quick.")), ("trains.md",)),
            ScriptChapter("Wrap-up", (Turn("Sam", "Thanks for listening."),), (), "outro"),
        ),
    )


TOTAL = 6


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    script_path = tmp_path / "resume.json"
    script_path.write_text(script_mod.to_json(small_script()), encoding="utf-8")
    return script_path, tmp_path / "out" / "resume.mp3"


_CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast
    from app.core.podcast.render import Voice
    from engines import bundled
    from engines.tts_piper import PiperTTS

    model = bundled.require("piper-en_US-joe-medium")
    piper = PiperTTS(model.path("en_US-joe-medium.onnx"), device="cpu", model_id=model.id)
    calls = []

    class KilledOnThirdCall:
        info, sample_rate = piper.info, piper.sample_rate

        def voices(self):
            return piper.voices()

        def synthesize(self, text, **kwargs):
            calls.append(text)
            if len(calls) == 3:
                os.kill(os.getpid(), signal.SIGKILL)  # a real kill: no cleanup, no finally blocks
            yield from piper.synthesize(text, **kwargs)

    tts = KilledOnThirdCall()
    request = PodcastRequest(out=Path(sys.argv[2]), from_script=Path(sys.argv[1]))
    for _ in run_podcast(request, PodcastEngines(load_voice=lambda spec: Voice(tts, piper.voices()[0], spec))):
        pass
""")


def _engines(tts: CountingTTS) -> PodcastEngines:
    return PodcastEngines(load_voice=lambda spec: Voice(tts, tts.voices()[0], spec))


def test_killed_then_cancelled_render_resumes_without_resynthesising(tmp_path: Path, piper_tts) -> None:
    script_path, out = _setup(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.run([sys.executable, "-c", _CHILD, str(script_path), str(out)], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr
    job = job_dir(out)
    journal = json.loads((job / "journal.json").read_text(encoding="utf-8"))
    assert journal["state"] == "rendering" and journal["total"] == TOTAL
    assert len(journal["done"]) == 2
    assert len(list((job / "segments").glob("*.npz"))) == 2
    assert not out.exists() and not list(out.parent.glob("*.part"))  # nothing half-written

    # second run: Ctrl-C (the cancel token) after one more segment
    counting = CountingTTS(piper_tts)
    cancel = CancelToken()
    request = PodcastRequest(out=out, from_script=script_path)
    with pytest.raises(Cancelled):
        for event in run_podcast(request, _engines(counting), cancel):
            if isinstance(event, AudioReady):
                cancel.cancel("Ctrl-C")
    assert len(counting.calls) == 1
    assert not out.exists()

    # third run finishes, making only the three segments still missing
    counting = CountingTTS(piper_tts)
    done = render(request, _engines(counting))
    assert len(counting.calls) == TOTAL - 3
    resumed = [e for e in done.events if isinstance(e, Notice) and e.code == "podcast.resumed"]
    assert resumed and "3 of 6" in resumed[0].message
    spoken = [t.text for _, _, t in small_script().turns()]
    assert set(counting.calls) <= set(spoken)
    assert json.loads((job / "journal.json").read_text(encoding="utf-8"))["state"] == "done"
    assert out.is_file() and done.result.duration > 5


def test_edited_script_rerenders_only_the_edited_turn(tmp_path: Path, piper_tts) -> None:
    script_path, out = _setup(tmp_path)
    request = PodcastRequest(out=out, from_script=script_path)
    first = render(request, _engines(CountingTTS(piper_tts)))
    before = subtitles.parse_vtt(first.result.vtt.read_text(encoding="utf-8"))

    raw = json.loads(script_path.read_text(encoding="utf-8"))
    raw["chapters"][1]["turns"][1]["text"] = "It runs at three hundred kilometres an hour."
    script_path.write_text(json.dumps(raw), encoding="utf-8")
    counting = CountingTTS(piper_tts)
    second = render(request, _engines(counting))
    assert counting.calls == ["It runs at three hundred kilometres an hour."]
    after = subtitles.parse_vtt(second.result.vtt.read_text(encoding="utf-8"))
    assert [c.text for c in after if "kilometres" in c.text] == ["It runs at three hundred kilometres an hour."]
    unchanged = [c.text for c in before if "kilometres" not in c.text]
    assert [c.text for c in after if "kilometres" not in c.text] == unchanged
    assert [c.title for c in second.result.chapters] == ["Introduction", "Trains", "Wrap-up"]


def test_script_without_the_disclosure_gets_it_back(tmp_path: Path, piper_tts) -> None:
    script_path, out = _setup(tmp_path)
    raw = json.loads(script_path.read_text(encoding="utf-8"))
    raw["chapters"][0]["turns"][0]["text"] = "Hello, I'm Alex."
    script_path.write_text(json.dumps(raw), encoding="utf-8")
    done = render(PodcastRequest(out=out, from_script=script_path, disclosure="short"),
                  _engines(CountingTTS(piper_tts)))
    assert any(isinstance(e, Notice) and e.code == "podcast.disclosure_restored" for e in done.events)
    cues = subtitles.parse_vtt(done.result.vtt.read_text(encoding="utf-8"))
    assert cues[0].text == disclosure_text("short")
    assert json.loads(script_path.read_text(encoding="utf-8")) == raw  # the user's file is left as written


def test_resumed_run_from_documents_reuses_the_written_script(tmp_path: Path, smollm2, piper_tts) -> None:
    from podcast_helpers import write_documents

    documents = (write_documents(tmp_path / "docs")[1],)  # the Markdown note: a short script
    out = tmp_path / "out" / "docs.mp3"
    # prerender off: turns are spoken only in the render, so Ctrl-C at the first one leaves the rest to resume
    request = PodcastRequest(out=out, inputs=documents, minutes=0.5, hosts=HOSTS, prerender=False)
    cancel = CancelToken()
    first_llm = CountingLLM(smollm2)
    with pytest.raises(Cancelled):
        for event in run_podcast(request, PodcastEngines(_engines(CountingTTS(piper_tts)).load_voice, first_llm),
                                 cancel):
            if isinstance(event, AudioReady):
                cancel.cancel("Ctrl-C")
    assert first_llm.requests > 0 and not out.exists()

    second_llm, counting = CountingLLM(smollm2), CountingTTS(piper_tts)
    done = render(request, PodcastEngines(_engines(counting).load_voice, second_llm))
    assert second_llm.requests == 0
    assert any(isinstance(e, Notice) and e.code == "podcast.script_reused" for e in done.events)
    written = script_mod.load(out.with_suffix(".script.json"))
    assert len(counting.calls) == sum(1 for _ in written.turns()) - 1


def test_script_in_memory_is_saved_then_rendered(tmp_path: Path, piper_tts) -> None:
    from app.core.events import Finished
    from app.core.podcast.pipeline import run_podcast_script

    out = tmp_path / "studio" / "edited.m4a"
    events = list(run_podcast_script(PodcastRequest(out=out, formats=("mp3",)), small_script(),
                                     _engines(CountingTTS(piper_tts))))
    result = next(e.result for e in events if isinstance(e, Finished))
    assert script_mod.load(out.with_suffix(".script.json")) == small_script()
    assert result.audio_path == out and result.extra_exports == (out.with_suffix(".mp3"),)
    assert [c.title for c in result.chapters] == ["Introduction", "Trains", "Wrap-up"]


def test_chapters_spoken_while_the_script_is_written_are_not_spoken_again(tmp_path: Path, smollm2,
                                                                         piper_tts) -> None:
    from podcast_helpers import write_documents

    documents = (write_documents(tmp_path / "docs")[1],)
    out = tmp_path / "out" / "docs.mp3"
    counting = CountingTTS(piper_tts)
    # on: as for a model on a GPU or a server (on this CPU the default leaves it off, see prerender_pays)
    request = PodcastRequest(out=out, inputs=documents, minutes=0.5, hosts=HOSTS, prerender=True)
    done = render(request, PodcastEngines(_engines(counting).load_voice, smollm2))
    written = script_mod.load(out.with_suffix(".script.json"))
    assert done.result.timings["tts_beside_script"] > 0
    assert len(counting.calls) == sum(1 for _ in written.turns())  # every turn spoken once, most while writing


def test_chapters_are_spoken_while_writing_only_when_the_model_is_not_on_this_cpu() -> None:
    from app.core.podcast.pipeline import prerender_pays
    from engines.types import ModelInfo

    class Model:
        def __init__(self, info: ModelInfo) -> None:
            self.info = info

    assert not prerender_pays(Model(ModelInfo("qwen", "llama.cpp", device="cpu")))  # type: ignore[arg-type]
    assert prerender_pays(Model(ModelInfo("qwen", "llama.cpp", device="cuda")))  # type: ignore[arg-type]
    assert prerender_pays(Model(ModelInfo("qwen", "openai", route="self-hosted")))  # type: ignore[arg-type]
    assert not prerender_pays(None)
