"""Which items a briefing reads first, and what it says about copies it could not refresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core.briefing.pipeline import select_items
from app.core.documents import Document
from app.core.sources.refresh import stale_sentence

NOW = datetime(2026, 3, 12, 7, 0, tzinfo=UTC)


def _item(title: str, source: str, hours_ago: float, kind: str = "feed_item") -> Document:
    return Document(title, "text", source, kind=kind, time=NOW - timedelta(hours=hours_ago))  # type: ignore[arg-type]


def test_sources_with_items_new_since_the_last_briefing_come_first() -> None:
    docs = [_item("Old note", "notes.md", 40, "note"), _item("Older feed item", "A", 30),
            _item("Fresh feed item", "B", 1), _item("Stale B item", "B", 50)]
    picked = [d.title for d in select_items(docs, 3, new_since=NOW - timedelta(hours=20))]
    assert picked == ["Fresh feed item", "Old note", "Older feed item"]
    assert next(d.title for d in select_items(docs, 3)) == "Old note"  # without a last briefing: notes first


def test_stale_sentence_names_the_sources_and_the_oldest_copy() -> None:
    one = stale_sentence([("Harbour News", NOW - timedelta(hours=3))], True, NOW)
    assert one == "Harbour News could not be refreshed, so this is its copy from 3 hours ago."
    many = stale_sentence([("Harbour News", NOW - timedelta(hours=3)), ("your calendar", NOW - timedelta(days=2))],
                          True, NOW)
    assert many == ("Harbour News and your calendar could not be refreshed, so these are their cached copies; "
                    "the oldest is 2 days old.")
    assert stale_sentence([("Ferry", NOW - timedelta(minutes=5))], False, NOW).startswith("Fetching is switched off")
