"""The desktop assistant's spoken commands follow the settings (the CLI and kiosk share ``open_session``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.core.assistant.session import TurnResult
from app.core.briefing.output import BriefingResult
from app.core.events import Finished
from app.core.settings import Settings
from app.core.trust.disclosure import SHORT
from engines.cancel import CancelToken

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour News</title>
<item><title>Ferry terminal reopens</title><description>The ferry terminal opened on Monday.</description></item>
<item><title>Library opens late</title><description>The library now opens until ten.</description></item>
<item><title>Bike racks approved</title><description>The council approved 212 bike racks.</description></item>
</channel></rss>
"""


def test_typed_brief_me_makes_a_briefing_of_the_set_length_with_the_set_disclosure(small_services: Any,
                                                                                   tmp_path: Path) -> None:
    """What the Assistant page runs for a typed "brief me" (Services.assistant_text_job): half a minute is
    one item of the three (the default three minutes reads them all)."""
    (tmp_path / "news.xml").write_text(FEED, encoding="utf-8")
    out = tmp_path / "out"
    settings = Settings(sources=(str(tmp_path / "news.xml"),), output_dir=str(out), briefing_minutes=0.5,
                        disclosure="short", llm_model="smollm2-135m-instruct-q4_1")
    try:
        events = list(small_services.assistant_text_job(settings, (), "Brief me.")(CancelToken()))
    finally:
        small_services.forget_engines()
    assert isinstance(events[-1], Finished) and isinstance(events[-1].result, TurnResult)
    briefing = events[-1].result.detail
    assert isinstance(briefing, BriefingResult)
    assert briefing.audio_path == out / f"briefing-{date.today().isoformat()}.mp3"
    headings = [line.text for line in briefing.lines if line.kind == "item" and line.text.startswith("From ")]
    assert len(headings) == 1, headings
    assert briefing.lines[0].kind == "disclosure" and briefing.lines[0].text == SHORT
