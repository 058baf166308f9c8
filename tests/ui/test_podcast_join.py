"""The Podcast studio's Join in button: the episode pauses, its hosts answer in a worker thread, it resumes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.audio.subtitles import parse_vtt


def test_join_in_pauses_asks_the_hosts_and_resumes_at_the_cut_sentence(qtbot: Any, window: Any, small_episode: Path,
                                                                       smollm2_one_thread: None) -> None:
    view = window.podcast
    window.show_page(1)
    assert not view.join_button.isEnabled()  # no episode yet
    view.player_widget.load(small_episode)
    view.current_episode = small_episode
    cues = parse_vtt(small_episode.with_suffix(".vtt").read_text(encoding="utf-8"))
    cut = cues[2]
    view.player.seek((cut.start + cut.end) / 2)
    view.join_question.setText("How many bike lanes did the council approve?")
    assert view.join_button.isEnabled()
    view.join_button.click()
    assert view.join_worker is not None and not view.join_button.isEnabled()  # the UI thread is free meanwhile
    qtbot.waitUntil(lambda: view.join_worker is None, timeout=300_000)
    answer = view.join_result
    assert answer is not None and answer.lines, view.join_answer.text()
    assert {host for host, _ in answer.lines} <= {"Alex", "Sam"}
    assert answer.resumed_at == cut.start
    assert answer.grounding["checked"] >= 1
    assert any(f"{host}: " in view.join_answer.text() for host in ("Alex", "Sam"))
    # the episode resumes once the answer has been played
    qtbot.waitUntil(lambda: view.player.playing, timeout=int(answer.duration * 1000) + 30_000)
    assert abs(view.player.position() - cut.start) < 1.0


def test_a_pending_resume_is_dropped_when_other_audio_is_loaded(qtbot: Any, window: Any, small_episode: Path) -> None:
    import numpy as np

    from app.jobs.join_in import JoinInAnswer

    view = window.podcast
    view.player_widget.load(small_episode)
    view.current_episode = small_episode
    answer = JoinInAnswer("Who?", (("Alex", "A regional fund."),), np.zeros(2400, np.float32), 24000, 2.0, 1.5)
    view._join_done(answer)
    assert view.resume_timer.isActive() and view.resume_timer.parent() is view
    view._play_preview(small_episode)  # a voice preview meanwhile: the episode must not start again over it
    assert not view.resume_timer.isActive()
    view.player.pause()
    view._join_done(answer)
    qtbot.waitUntil(lambda: view.player.playing, timeout=5_000)  # with nothing else loaded, the episode resumes
    assert abs(view.player.position() - 1.5) < 0.5
