"""Export rules a podcast maker depends on: a new episode never takes an earlier one's name, and a
re-render that is stopped while encoding leaves the earlier episode whole (audio and captions agree)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.audio.meta import Chapter
from app.core.podcast.export import ExportRequest, export_episode, new_episode_path
from app.core.podcast.mix import Mixdown, PlacedTurn
from app.core.podcast.script import Host, Script, ScriptChapter, Turn
from engines.cancel import Cancelled, CancelToken


def test_a_new_episode_takes_the_first_name_whose_audio_is_not_there(tmp_path: Path) -> None:
    assert new_episode_path(tmp_path, "podcast-2026-12-06") == tmp_path / "podcast-2026-12-06.mp3"
    (tmp_path / "podcast-2026-12-06.mp3").write_bytes(b"first")
    (tmp_path / "podcast-2026-12-06.json").write_text("{}")  # a script alone: a stopped render, resumed by name
    assert new_episode_path(tmp_path, "podcast-2026-12-06") == tmp_path / "podcast-2026-12-06-2.mp3"
    (tmp_path / "podcast-2026-12-06-2.m4a").write_bytes(b"the second, as m4a")  # one episode in any format
    assert new_episode_path(tmp_path, "podcast-2026-12-06") == tmp_path / "podcast-2026-12-06-3.mp3"
    assert new_episode_path(tmp_path, "podcast-2026-12-06", ".m4a") == tmp_path / "podcast-2026-12-06-3.m4a"
    assert new_episode_path(tmp_path, "other") == tmp_path / "other.mp3"


def _episode(text: str) -> tuple[Script, Mixdown]:
    script = Script("Harbour", (Host("Alex", "piper:en_US-joe-medium"), Host("Sam", "piper:en_US-joe-medium")),
                    (ScriptChapter("Ferries", (Turn("Alex", text),)),))
    turn = PlacedTurn(0, 0, "Alex", text, 0.0, 2.0, ((0.0, 2.0, text),))
    samples = np.zeros((2 * 24000, 2), np.float32)
    return script, Mixdown(samples, 24000, (turn,), (Chapter("Ferries", 0.0, 2.0),), -16.0, -1.5)


def test_a_re_render_stopped_while_encoding_keeps_the_old_captions(tmp_path: Path) -> None:
    out = tmp_path / "harbour.wav"
    request = ExportRequest(out=out, disclosure="Made with AI voices.", models=())
    export_episode(*_episode("The ferry leaves at nine."), request)
    old_captions = out.with_suffix(".vtt").read_text(encoding="utf-8")
    assert "The ferry leaves at nine." in old_captions
    stopped = CancelToken()
    stopped.cancel()
    with pytest.raises(Cancelled):
        export_episode(*_episode("The ferry now leaves at ten."), request, stopped)
    assert out.with_suffix(".vtt").read_text(encoding="utf-8") == old_captions
    assert "at nine" in out.with_suffix(".srt").read_text(encoding="utf-8")
