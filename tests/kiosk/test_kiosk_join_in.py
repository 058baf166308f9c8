"""The kiosk's Join in: while the sample episode plays, a visitor taps "Ask the hosts"; the hosts answer and
the episode resumes at the start of the interrupted sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.kiosk import demo as kiosk_demo
from app.kiosk import jobs


def test_ask_the_hosts_answers_and_resumes_the_episode(qtbot: Any, kiosk: Any, small_episode: Path, smollm2: Any,
                                                       smollm2_one_thread: None, kiosk_services: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kiosk_services, "podcast_engines", lambda _settings: smollm2)  # the session's model
    made = kiosk_demo.read_made(small_episode)
    assert made is not None
    kiosk.show_view("activity")
    kiosk.play_clip(jobs.Playable(made, kiosk_demo.read_clip(small_episode)), joinable=True)
    assert kiosk.activity.join_button.isVisibleTo(kiosk.activity)
    qtbot.waitUntil(lambda: kiosk.clip_position() > made.captions[2].start + 0.2, timeout=30_000)
    kiosk.activity.join_button.click()
    worker = kiosk.visitor_job
    assert worker is not None and worker.name == "kiosk-join-in"
    qtbot.waitUntil(lambda: not worker.running and kiosk.join_answer is not None, timeout=300_000)
    answer = kiosk.join_answer
    assert answer.lines and {host for host, _ in answer.lines} <= {"Alex", "Sam"}
    assert answer.resumed_at in {cue.start for cue in made.captions}
    assert answer.resumed_at <= answer.paused_at


    def played() -> list[str]:
        return [p.source.text for p in kiosk.player.player.played if p.source is not None]

    # the answer, then the episode again from the cut (the player's writer thread queues them)
    qtbot.waitUntil(lambda: played()[-2:] == ["join-in answer", small_episode.name], timeout=10_000)
