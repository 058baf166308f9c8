"""kill -9 in the middle of an export: the destination is absent (or the earlier file, unchanged), never
half-written; a podcast render killed midway leaves a journal and segment cache that the next run resumes.

Each victim is a real child process of Daycast; the test waits (polling, with a deadline) until the work
is visibly under way, then sends SIGKILL, so no cleanup code of the child can run.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import numpy as np
import pytest
from faults_util import start_python, wait_until

from app.core.audio.encode import write_audio
from app.core.audio.io import read_audio
from app.core.events import Notice, StageFinished
from app.core.podcast.render import RenderJob, Voice, job_dir, load_segments, render_segments
from app.core.podcast.script import Host, Script, ScriptChapter, Turn, to_json

# A ten-minute export, paced so it is certainly still writing when the kill comes (one block of a second
# of audio per 20 ms): the child's cancel token waits a little on each block before encoding it.
EXPORT = r"""
import sys, threading
import numpy as np
from app.core.audio.encode import Tags, write_audio

class Paced:
    cancelled = False
    def check(self):
        threading.Event().wait(0.02)

rate = 16000
t = np.arange(rate * 600) / rate
audio = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
write_audio(sys.argv[1], audio, rate, tags=Tags(title="Long export"), cancel=Paced())
print("finished")
"""


def _parts(folder: Path, target: Path) -> list[Path]:
    return list(folder.glob(f".{target.name}.*.part"))


def _kill_while_writing(target: Path) -> None:
    child = start_python(EXPORT, str(target))
    try:
        wait_until(lambda: any(p.stat().st_size > 4096 for p in _parts(target.parent, target)) or
                   child.poll() is not None, 120, "the export's temp file to grow")
        assert child.poll() is None, "the export ended before it could be killed: " + child.stderr.read().decode()
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)


@pytest.mark.parametrize("suffix", [".mp3", ".m4a", ".wav"])
def test_kill_during_export_leaves_no_file_at_the_destination(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"episode{suffix}"
    _kill_while_writing(target)
    assert not target.exists()
    # what is left is only the hidden temp file, never something a player or a feed would pick up
    assert [p.name for p in tmp_path.iterdir()] == [p.name for p in _parts(tmp_path, target)]
    # a new export to the same place is not disturbed by it
    write_audio(target, np.zeros(8000, np.float32), 16000)
    assert len(read_audio(target, sample_rate=16000)[0]) == 8000


def test_kill_during_export_keeps_the_earlier_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "briefing.mp3"
    t = np.arange(16000 * 2) / 16000
    write_audio(target, (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), 16000)
    before = target.read_bytes()
    _kill_while_writing(target)
    assert target.read_bytes() == before
    samples, _ = read_audio(target, sample_rate=16000)
    assert abs(len(samples) - 32000) < 1200  # still the two-second file, and it decodes


# ---- podcast render: killed midway, resumed from the journal -------------------------------------

PIPER = "piper:en_US-joe-medium"
HOSTS = (Host("Alex", PIPER, 1.0), Host("Sam", PIPER, 1.1))
LINES = [
    "Welcome back to the show.", "Today we talk about the harbour bridge.", "It opened on Monday morning.",
    "About three thousand people crossed it.", "The ferry stops running in June.", "That is all for today.",
    "Thanks for listening.", "See you tomorrow.",
]

RENDER = r"""
import sys
from pathlib import Path
from app.core.podcast.render import RenderJob, Voice, render_segments
from app.core.podcast.script import load
from engines import bundled
from engines.tts_piper import PiperTTS

script = load(Path(sys.argv[1]))
model = bundled.require("piper-en_US-joe-medium")
tts = PiperTTS(model.path("en_US-joe-medium.onnx"), device="cpu", model_id=model.id, license=model.license)
voices = {h.name: Voice(tts, None, h.voice) for h in script.hosts}
out = Path(sys.argv[2])
for _ in render_segments(RenderJob(script, voices, Path(sys.argv[3]), out)):
    pass
print("rendered")
"""


def _script() -> Script:
    turns = tuple(Turn(HOSTS[i % 2].name, text) for i, text in enumerate(LINES))
    return Script(title="Bridge day", hosts=HOSTS, chapters=(ScriptChapter("Bridge", turns),))


def test_podcast_render_killed_midway_resumes_from_its_journal(tmp_path: Path, piper_tts) -> None:
    script = _script()
    script_path = tmp_path / "script.json"
    script_path.write_text(to_json(script), encoding="utf-8")
    out = tmp_path / "episode.mp3"
    folder = job_dir(out)
    journal = folder / "journal.json"

    def done_in_journal() -> list[str]:
        try:
            return json.loads(journal.read_text(encoding="utf-8"))["done"]
        except (OSError, ValueError, KeyError):
            return []

    child = start_python(RENDER, str(script_path), str(out), str(folder))
    try:
        wait_until(lambda: len(done_in_journal()) >= 2 or child.poll() is not None, 300, "two rendered turns")
        assert child.poll() is None, "the render ended before it could be killed: " + child.stderr.read().decode()
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)

    killed = json.loads(journal.read_text(encoding="utf-8"))  # the journal itself is whole JSON
    assert killed["state"] == "rendering" and 2 <= len(killed["done"]) < len(LINES)
    assert not out.exists()

    voices = {h.name: Voice(piper_tts, None, h.voice) for h in script.hosts}
    job = RenderJob(script, voices, folder, out)
    events = list(render_segments(job))
    resumed = [e for e in events if isinstance(e, Notice) and e.code == "podcast.resumed"]
    assert resumed and f"{len(killed['done'])} of {len(LINES)} turns" in resumed[0].message
    stats = next(e for e in events if isinstance(e, StageFinished) and e.stage == "tts").detail
    assert stats["reused"] >= len(killed["done"])  # nothing finished before the kill was spoken again
    assert stats["synthesised"] == len(LINES) - stats["reused"]
    segments = load_segments(job)  # every segment is there and readable, in script order
    assert [s.text for s, _ in segments] == LINES
    assert all(audio.duration > 0.5 for _, audio in segments)
    assert json.loads(journal.read_text(encoding="utf-8"))["state"] == "rendered"
