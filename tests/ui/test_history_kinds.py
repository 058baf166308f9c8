"""History lists every kind of file Daycast signs: a saved reply (``daycast ask --out``) by its question,
and each kind under its own translated label."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.assistant.intents import route
from app.core.assistant.reply_file import save_reply
from app.core.assistant.state import TurnResult, TurnTimings
from app.ui.history_view import KINDS


def test_a_saved_reply_is_listed_by_its_question(qtbot: Any, window: Any, piper_tts: Any) -> None:
    question = "What time is my first meeting today?"
    chunks = list(piper_tts.synthesize("Your first meeting is at 10:45 AM, the quarterly llama grooming review."))
    out = Path(window.store.settings.resolved_output_dir()) / "reply-20260303-090000.mp3"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = TurnResult(question, route(question), "Your first meeting is at 10:45 AM.", TurnTimings())
    save_reply(out, chunks, result, (piper_tts.info,), sources=(), disclosure="full", settings={})
    window.show_page(5)
    scan = window.history.refresh()
    qtbot.waitUntil(lambda: not scan.running, timeout=10_000)
    entry = next(e for e in window.history.entries if e.audio == out)
    assert (entry.kind, entry.title) == ("reply", question)
    assert window.history.list.item(window.history.entries.index(entry)).text().startswith(f"{question}\nReply · ")
    assert {"briefing", "podcast", "reply"} <= set(KINDS)  # the kinds the sidecars write
