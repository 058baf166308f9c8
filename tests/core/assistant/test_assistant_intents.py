"""Spoken commands route deterministically; questions that merely contain a command word stay questions."""

from __future__ import annotations

import pytest

from app.core.assistant.intents import clean, route

TABLE = [
    # (what Whisper wrote, intent, argument)
    ("Brief me.", "brief", ""),
    ("Hey Daycast, brief me please.", "brief", ""),
    ("Give me my morning briefing.", "brief", ""),
    ("Could you read me today's briefing?", "brief", ""),
    ("What does my day look like?", "brief", ""),
    ("Make a podcast about the harbour redevelopment.", "podcast", "the harbour redevelopment"),
    ("Please create a short podcast on notes.md", "podcast", "notes.md"),
    ("Make me a podcast episode about the file Quarterly-Report.pdf.", "podcast", "Quarterly-Report.pdf"),
    ("Stop.", "stop", ""),
    ("Stop talking!", "stop", ""),
    ("OK, never mind.", "stop", ""),
    ("Be quiet, please.", "stop", ""),
    ("Louder.", "louder", ""),
    ("Speak up a bit.", "louder", ""),
    ("Turn it up, please!", "louder", ""),
    ("Quieter please", "quieter", ""),
    ("Volume down.", "quieter", ""),
    ("That's too loud.", "quieter", ""),
    ("Slower.", "slower", ""),
    ("Slow down a little, please.", "slower", ""),
    ("Faster!", "faster", ""),
    ("Could you speak faster?", "faster", ""),
    # Questions that contain command words are questions.
    ("When does the bus stop at the station?", "ask", ""),
    ("What time is my first meeting today?", "ask", ""),
    ("Is the briefing room booked for Friday?", "ask", ""),
    ("Which podcast did Priya recommend?", "ask", ""),
    ("Who talks faster, Sam or Alex?", "ask", ""),
    ("Stop the meeting reminder from going off tomorrow at nine.", "ask", ""),
    ("", "ask", ""),
]


@pytest.mark.parametrize(("text", "kind", "argument"), TABLE)
def test_route_table(text: str, kind: str, argument: str) -> None:
    intent = route(text)
    assert (intent.kind, intent.argument) == (kind, argument)
    assert intent.text == text


def test_clean_removes_punctuation_and_politeness_but_keeps_file_names() -> None:
    assert clean("Hey Daycast, could you please turn it up now?") == "turn it up"
    assert clean("Make a podcast about report-2026.pdf!") == "make a podcast about report-2026.pdf"


def test_controls_are_flagged_and_questions_are_not() -> None:
    assert route("Louder!").is_control
    assert route("Stop").is_control
    assert not route("Brief me").is_control
    assert not route("What's on tomorrow?").is_control
