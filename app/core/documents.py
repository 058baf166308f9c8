"""The common shape every importer produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

DocumentKind = Literal["feed_item", "event", "note", "pdf", "web_page", "mail", "text"]


@dataclass(frozen=True, slots=True)
class Document:
    """One unit of source material: a feed item, a calendar event, a note, a PDF, a saved page."""

    title: str
    text: str
    source: str
    kind: DocumentKind = "text"
    time: datetime | None = None
    url: str = ""
    end_time: datetime | None = None
    all_day: bool = False
    location: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_event(self) -> bool:
        return self.kind == "event"
