"""The seen store: items already spoken in a briefing are not repeated in the next one.

Keyed by the item's guid, else its link, else its source and title (a page's key also carries a
hash of its text, so a page that changed is news again). Calendar events are never "seen": today's
agenda is read every day. Entries older than ``KEEP_DAYS`` are dropped on save.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.documents import Document
from engines.fsutil import atomic_write_text
from engines.paths import data_dir

KEEP_DAYS = 60
MAX_ENTRIES = 20_000
REMEMBERED_KINDS = frozenset({"feed_item", "web_page", "mail"})


def seen_key(doc: Document) -> str | None:
    """The item's identity, or None for things that are read every time (events, notes, files)."""
    if doc.kind not in REMEMBERED_KINDS:
        return None
    if doc.kind == "web_page":
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
        return f"page:{doc.url or doc.source}:{digest}"
    guid = doc.extra.get("guid", "")
    if guid:
        return f"guid:{doc.source}:{guid}"
    if doc.url:
        return f"link:{doc.url}"
    return f"title:{doc.source}:{doc.title}"


@dataclass
class SeenStore:
    """``path`` holds {key: first time spoken} and the time of the last briefing."""

    path: Path = field(default_factory=lambda: data_dir() / "seen.json")
    items: dict[str, str] = field(default_factory=dict)
    last_briefing: datetime | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> SeenStore:
        store = cls(path) if path else cls()
        try:
            raw = json.loads(store.path.read_text(encoding="utf-8"))
            store.items = {str(k): str(v) for k, v in raw.get("items", {}).items()}
            last = raw.get("last_briefing")
            store.last_briefing = datetime.fromisoformat(last) if last else None
        except (OSError, ValueError, AttributeError, TypeError):
            pass  # a missing or damaged store only means items may be heard once more
        return store

    def is_seen(self, doc: Document) -> bool:
        key = seen_key(doc)
        return key is not None and key in self.items

    def unseen(self, documents: list[Document]) -> tuple[list[Document], int]:
        """The documents not yet spoken, and how many were left out."""
        kept = [d for d in documents if not self.is_seen(d)]
        return kept, len(documents) - len(kept)

    def mark(self, documents: Iterable[Document], when: datetime | None = None) -> None:
        moment = (when or datetime.now(UTC)).isoformat(timespec="seconds")
        for doc in documents:
            key = seen_key(doc)
            if key is not None:
                self.items.setdefault(key, moment)
        self.last_briefing = when or datetime.now(UTC)

    def save(self) -> None:
        cutoff = (datetime.now(UTC) - timedelta(days=KEEP_DAYS)).isoformat(timespec="seconds")
        kept = sorted(((k, v) for k, v in self.items.items() if v >= cutoff), key=lambda kv: kv[1])[-MAX_ENTRIES:]
        self.items = dict(kept)
        last = self.last_briefing.isoformat(timespec="seconds") if self.last_briefing else None
        atomic_write_text(self.path, json.dumps({"last_briefing": last, "items": self.items}, indent=0))
