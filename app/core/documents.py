"""The common shape every importer produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

DocumentKind = Literal["feed_item", "event", "note", "pdf", "web_page", "mail", "text"]


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a document from its own structure: a heading and the text under it (up to the next
    heading of any level), a PDF outline entry, or a range of pages. ``level`` 1 is the top."""

    title: str
    text: str
    level: int = 1
    page: int | None = None
    """First page (1-based) for PDF sections."""


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
    sections: tuple[Section, ...] = ()
    """The document's own structure, in reading order; empty when it has none."""

    @property
    def is_event(self) -> bool:
        return self.kind == "event"

    def event_order(self) -> tuple[bool, float, str]:
        """Sort key of a day's events from several calendars: all-day first, then by start, then title."""
        return not self.all_day, self.time.timestamp() if self.time else 0.0, self.title
