"""RSS and Atom feeds saved as files, parsed from bytes with feedparser (it never fetches anything)."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from app.core.documents import Document
from app.core.sources._text import clean_line, clean_text, guard_errors, head, html_to_text, read_bytes, reason
from engines.errors import SourceError

_TITLE_FROM_TEXT = 80


def load_feed(path: str | Path) -> list[Document]:
    """One Document per feed entry; SourceError when the file is not a feed at all."""
    return _load_feed(Path(path))


@guard_errors
def _load_feed(path: Path) -> list[Document]:
    data = read_bytes(path)
    if not data.strip():
        raise SourceError(str(path), "empty file", code="source.empty")
    # A cut feed still gives the entries before the cut (feedparser reads past the break).
    return parse_feed(head(data)[0], path)


def parse_feed(data: bytes, path: Path, content_type: str = "") -> list[Document]:
    """Parse feed bytes (with their Content-Type header, whose charset counts); ``path`` names the file in
    the source and in errors."""
    # A stream, never bytes or str: feedparser treats a string as a URL or file name to open.
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    feed = parsed.get("feed") or {}
    feed_title = _text_of(feed, "title", single_line=True)
    source = f"{feed_title} ({path.name})" if feed_title else path.name
    documents = []
    for entry in parsed.get("entries") or []:
        doc = _entry_document(entry, source, feed_title)
        if doc is not None:
            documents.append(doc)
    if documents:
        return documents  # even when the XML broke further on (bozo): keep what was read
    if parsed.get("bozo"):
        problem = reason(parsed.get("bozo_exception") or ValueError("unknown"))
        raise SourceError(str(path), f"not a readable RSS or Atom feed ({problem})")
    if not parsed.get("version"):
        raise SourceError(str(path), "not an RSS or Atom feed (no channel or feed element)")
    return []  # a valid feed that simply has no items today


def _entry_document(entry: Any, source: str, feed_title: str) -> Document | None:
    text = _entry_text(entry)
    title = _text_of(entry, "title", single_line=True)
    if not title and not text:
        return None
    if not title:
        first_line = text.split("\n", 1)[0]
        title = first_line if len(first_line) <= _TITLE_FROM_TEXT else first_line[: _TITLE_FROM_TEXT - 3] + "..."
    extra = {"feed": feed_title} if feed_title else {}
    guid = clean_line(str(entry.get("id") or ""))
    if guid:
        extra["guid"] = guid  # the seen store's key: items already spoken are not repeated
    author = clean_line(str(entry.get("author") or ""))
    if author:
        extra["author"] = author
    return Document(
        title=title,
        text=text,
        source=source,
        kind="feed_item",
        time=_entry_time(entry),
        url=clean_line(str(entry.get("link") or "")),
        extra=extra,
    )


def _entry_text(entry: Any) -> str:
    """The longest of the entry's full content and its summary, as plain text."""
    candidates = [_detail_text(item) for item in entry.get("content") or [] if isinstance(item, dict)]
    candidates.append(_text_of(entry, "summary"))
    return max(candidates, key=len, default="")


def _text_of(container: Any, key: str, *, single_line: bool = False) -> str:
    value = container.get(key)
    if not isinstance(value, str):
        return ""
    detail = container.get(f"{key}_detail")
    kind = detail.get("type", "") if isinstance(detail, dict) else "text/html"
    text = _as_plain(value, kind)
    return " ".join(text.split()) if single_line else text


def _detail_text(detail: dict[str, Any]) -> str:
    value = detail.get("value")
    return _as_plain(value, str(detail.get("type", ""))) if isinstance(value, str) else ""


def _as_plain(value: str, kind: str) -> str:
    return clean_text(value) if kind == "text/plain" else html_to_text(value)


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)  # feedparser normalises dates to UTC
            except (ValueError, OverflowError):
                continue
    return None
