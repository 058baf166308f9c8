"""kill -9 in the middle of an export: the destination is absent (or the earlier file, unchanged), never
half-written.

Each victim is a real child process of Daycast; the test waits (polling, with a deadline) until the work
is visibly under way, then sends SIGKILL, so no cleanup code of the child can run. A podcast render
killed midway and resumed from its journal is tested by the podcast's own suite:
tests/core/podcast/test_podcast_resume.py::test_killed_then_cancelled_render_resumes_without_resynthesising.
"""

from __future__ import annotations

import signal
from pathlib import Path

import numpy as np
import pytest
from faults_util import start_python, wait_until

from app.core.audio.encode import write_audio
from app.core.audio.io import read_audio

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
    # a new export to the same place is not disturbed by it, and clears the dead writer's temp file away
    write_audio(target, np.zeros(8000, np.float32), 16000)
    assert len(read_audio(target, sample_rate=16000)[0]) == 8000
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_kill_during_export_keeps_the_earlier_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "briefing.mp3"
    t = np.arange(16000 * 2) / 16000
    write_audio(target, (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), 16000)
    before = target.read_bytes()
    _kill_while_writing(target)
    assert target.read_bytes() == before
    samples, _ = read_audio(target, sample_rate=16000)
    assert abs(len(samples) - 32000) < 1200  # still the two-second file, and it decodes
