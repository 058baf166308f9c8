"""The two demo flows end to end in the kiosk window: "Play today's briefing" (made once with the
small real models, then played from the cache) and "Make a podcast from this sample" (the
pre-written script voiced by Piper and Kokoro, heard back through Whisper)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.core.audio.io import read_audio
from app.core.kiosk import demo as kiosk_demo
from app.core.trust.disclosure import FULL
from engines.metrics import contains_all


def _wait_playing(qtbot: Any, kiosk: Any, timeout: int) -> None:
    qtbot.waitUntil(lambda: kiosk._clip is not None or kiosk.activity.stage.text().startswith("Sorry"),
                    timeout=timeout)
    assert kiosk._clip is not None, kiosk.activity.stage.text()


@pytest.mark.slow  # a whole briefing with SmolLM2 + Piper: 40 s idle, 2 min on the busy shared machine
def _yesterdays_leftovers() -> dict[str, Any]:
    """What a kiosk left behind before today: an old briefing, visitors' podcasts, a year of ledger rows."""
    import os
    import time

    from app.core.kiosk.config import kiosk_data_dir
    from engines.ledger import Ledger, LedgerEntry

    folder = kiosk_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    old_briefing, old_podcast, new_podcast = (folder / "briefing-2020-01-01.mp3", folder / "podcast-llamas-1.mp3",
                                              folder / "podcast-boats-1.mp3")
    for path in (old_briefing, old_podcast, new_podcast):
        path.write_bytes(b"audio")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old_podcast, (two_days_ago, two_days_ago))
    for age_days in (200, 1):
        Ledger(now=lambda age=age_days: time.time() - age * 86400).record(
            LedgerEntry("kiosk", "local", "local", "smollm2", 10, 5, 0.5, 0.1))
    return {"gone": (old_briefing, old_podcast), "kept": new_podcast, "ledger": Ledger()}


def test_briefing_is_made_once_then_played_from_the_cache(qtbot: Any, kiosk: Any) -> None:
    leftovers = _yesterdays_leftovers()
    kiosk.prepare_content()  # the kiosk's start-up preparation runs while the first visitor presses
    qtbot.mouseClick(kiosk.home.briefing_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.activity
    _wait_playing(qtbot, kiosk, timeout=240_000)
    made_at = kiosk_demo.briefing_path(date.today()).stat().st_mtime_ns
    assert kiosk.visitor_busy()  # someone is listening: idle must not cut it off
    qtbot.waitUntil(lambda: "briefing" not in kiosk.preparing, timeout=60_000)
    made = kiosk._clip.made
    assert made.audio_path == kiosk_demo.briefing_path(date.today()) and made.audio_path.is_file()
    assert made.captions[0].text == FULL  # the AI-voice disclosure comes first
    assert any("meeting" in cue.text for cue in made.captions)
    qtbot.waitUntil(lambda: kiosk.activity.caption.text() != "", timeout=5000)  # captions follow the audio
    qtbot.mouseClick(kiosk.activity.back_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.home
    qtbot.waitUntil(lambda: not kiosk.player.is_playing, timeout=2000)  # stop reaches the device at once

    again: list[str] = []
    qtbot.mouseClick(kiosk.home.briefing_button, Qt.MouseButton.LeftButton)
    kiosk.visitor_job.stage_started.connect(lambda stage, _m: again.append(stage))
    _wait_playing(qtbot, kiosk, timeout=20_000)
    assert "speak" not in again and kiosk._clip.made.audio_path == made.audio_path
    assert made.audio_path.stat().st_mtime_ns == made_at  # made once, though asked for twice at the start
    # making today's briefing tidied up: old files and ledger rows gone, a visitor's podcast of today kept
    assert not any(path.exists() for path in leftovers["gone"]) and leftovers["kept"].exists()
    assert [row["task"] for row in leftovers["ledger"].rows() if row["task"] == "kiosk"] == ["kiosk"]


@pytest.mark.slow  # a minute of Piper + Kokoro speech and a Whisper check
def test_sample_podcast_two_hosts_heard_back(qtbot: Any, kiosk: Any, whisper_tiny: Any) -> None:
    qtbot.mouseClick(kiosk.home.podcast_button, Qt.MouseButton.LeftButton)
    _wait_playing(qtbot, kiosk, timeout=300_000)
    made = kiosk._clip.made
    assert made.audio_path == kiosk_demo.episode_path() and 40.0 < made.duration < 120.0
    assert {cue.speaker for cue in made.captions} == {"Alex", "Sam"}
    assert made.captions[0].text.startswith(FULL)
    samples, rate = read_audio(made.audio_path, sample_rate=16000, mono=True)
    assert abs(len(samples) / rate - made.duration) < 0.2  # the duration read from the file
    sam_cue = next(c for c in made.captions if c.speaker == "Sam" and "9.6 gigawatt" in c.text)
    excerpt = samples[int(sam_cue.start * rate): int(sam_cue.end * rate) + rate // 2]  # Kokoro's line
    heard = " ".join(s.text for s in whisper_tiny.transcribe(np.asarray(excerpt, np.float32))).lower()
    # Whisper tiny writes "gigawatt hours" as "gigawatt hours", "GWh" or even "kWh": the unit's spelling is
    # Whisper's, the number and the month are what the listener must hear.
    assert contains_all(heard, ["August", "9.6"]) == [] and ("gigawatt" in heard or "wh" in heard), heard
    opening = " ".join(s.text for s in whisper_tiny.transcribe(np.asarray(samples[: 12 * rate], np.float32))).lower()
    assert "synthetic" in opening and "daycast" in opening.replace(" ", ""), opening
