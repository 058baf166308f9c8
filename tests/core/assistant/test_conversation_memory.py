"""Conversation memory within its budget with a stable prompt prefix; the day's context within its budget."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from app.core.assistant.context import ContextRequest, build_context, estimate_tokens, trim_to_tokens
from app.core.assistant.memory import SYSTEM_PROMPT, Conversation, system_message

UTC = ZoneInfo("UTC")


def test_memory_stays_within_budget_and_drops_oldest_first(smollm2) -> None:
    conversation = Conversation(system_message("Today is Tuesday."), count_tokens=smollm2.count_tokens,
                                budget_tokens=200)
    for i in range(30):
        conversation.add(f"Question number {i}: what is on my calendar at {i} o'clock?",
                         f"At {i} o'clock you have the weekly sync with the design team in room {i}.")
        assert conversation.history_tokens <= 200
    kept = [e.question for e in conversation.exchanges]
    assert kept[-1].startswith("Question number 29")  # the newest is always kept
    assert conversation.dropped == 30 - len(kept) and conversation.dropped > 0
    numbers = [int(q.split()[2].rstrip(":")) for q in kept]
    assert numbers == sorted(numbers) and numbers == list(range(numbers[0], 30))  # contiguous: oldest went


def test_prefix_is_stable_between_turns_so_the_kv_cache_is_reused(smollm2) -> None:
    conversation = Conversation(system_message("Calendar: 10:45 AM grooming review."),
                                count_tokens=smollm2.count_tokens, budget_tokens=400)
    previous: tuple = ()
    trims = 0
    for i in range(25):
        dropped = conversation.dropped
        if i:
            conversation.add(f"Question {i - 1}?", f"Answer {i - 1} is a sentence of ordinary length for a reply.")
        messages = conversation.messages(f"Question {i}?")
        assert messages[0].content.startswith(SYSTEM_PROMPT)
        if conversation.dropped != dropped:
            trims += 1
        elif previous:  # the last prompt, up to and including its question, is this prompt's prefix
            assert messages[: len(previous)] == previous, f"turn {i} rewrote the prompt without trimming"
        previous = messages
    assert 0 < trims <= 3  # trimming to half the budget at once makes re-reads rare


def test_interrupted_answers_are_remembered_as_cut_off(smollm2) -> None:
    conversation = Conversation("system", count_tokens=smollm2.count_tokens)
    conversation.add("Tell me about the houseboat", "The houseboat call is at", interrupted=True)
    assert conversation.messages("and then?")[2].content == "The houseboat call is at …"


def test_context_has_today_tomorrow_notes_and_the_briefing_within_budget(sources: Path, tmp_path: Path,
                                                                       smollm2) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "briefing-2026-03-03.txt").write_text(
        "Good morning. The ferry strike ends on Thursday.\n\nSources:\n- feed.xml\n\nMade by:\n- qwen\n",
        encoding="utf-8")
    request = ContextRequest(sources=(sources,), day=date(2026, 3, 3), tz=UTC,
                             output_dir=out, budget_tokens=400)
    context = build_context(request, count_tokens=smollm2.count_tokens)
    text = context.text
    assert "Today is Tuesday, March 3, 2026." in text
    assert "- 10:45 AM to 11:30 AM: Quarterly llama grooming review, in Barn Seven" in text
    assert "3 PM to 3:30 PM: Call with Priya about the houseboat" in text
    assert "Tomorrow's calendar (Wednesday, March 4):\n- 8:15 AM to 9 AM: Dentist appointment" in text
    assert "Send the invoice to Marco by Friday" in text
    assert "ferry strike ends on Thursday" in text and "Made by" not in text
    assert context.tokens == smollm2.count_tokens(text) <= 400
    assert context.briefing_path == out / "briefing-2026-03-03.txt"


def test_small_budget_keeps_the_calendar_and_trims_the_rest(sources: Path) -> None:
    (sources / "long.md").write_text("# Long note\n\n" + "The shed needs painting before spring. " * 300,
                                     encoding="utf-8")
    request = ContextRequest(sources=(sources,), day=date(2026, 3, 3), tz=UTC,
                             budget_tokens=160)
    context = build_context(request)
    assert "Quarterly llama grooming review" in context.text
    assert estimate_tokens(context.text) <= 160
    assert trim_to_tokens("one two three four five", 2, lambda t: len(t.split())) == "one …"
