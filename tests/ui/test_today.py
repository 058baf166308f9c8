"""Today page on the real window: a real briefing (SmolLM2 + Piper) appears as audio and transcript."""

from __future__ import annotations

import itertools
import statistics
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

BRIEFING_TIMEOUT_MS = 240_000


def _wait_done(qtbot: Any, view: Any) -> None:
    qtbot.waitUntil(lambda: view.worker is None, timeout=BRIEFING_TIMEOUT_MS)


def test_generate_demo_briefing_shows_audio_transcript_and_models(qtbot: Any, window: Any) -> None:
    today = window.today
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    assert today.generate()
    assert not today.generate_button.isEnabled() and today.cancel_button.isEnabled()
    _wait_done(qtbot, today)
    timer.stop()
    assert not today.error.isVisibleTo(today), today.error.text()
    result = today.result
    assert result is not None

    audio = Path(result.audio_path)
    assert audio.is_file() and audio.stat().st_size > 20_000
    assert audio.parent == Path(window.store.settings.output_dir)
    assert result.duration > 10
    # the transcript shows the timed lines, and the player knows the length
    lines = today.transcript.lines
    assert len(lines) == len(result.lines) >= 4
    assert all(a.start <= b.start for a, b in itertools.pairwise(lines))
    assert abs(today.player.duration - result.duration) < 0.01
    assert "smollm2" in today.made_by.text().lower() and "piper" in today.made_by.text().lower()
    assert today.generate_button.isEnabled() and not today.cancel_button.isEnabled()
    # following playback: a position inside line k highlights line k
    k = len(lines) // 2
    today.player.seek(lines[k].start + 0.05)
    qtbot.waitUntil(lambda: today.transcript.current_index == k, timeout=2000)
    # each item links to its source: opening it asks the desktop for that file or URL
    item = next(i for i, line in enumerate(lines) if line.kind == "item" and (line.source or line.url))
    assert today.transcript.open_source(item)
    expected = lines[item].url or Path(lines[item].source).name
    assert expected in window.opened[-1]
    # responsiveness during the whole generation (measured above)
    p99 = statistics.quantiles(gaps, n=100)[98]
    print(f"\nUI timer gaps during generation: n={len(gaps)} median={statistics.median(gaps) * 1000:.1f} ms "
          f"p99={p99 * 1000:.1f} ms max={max(gaps) * 1000:.1f} ms")
