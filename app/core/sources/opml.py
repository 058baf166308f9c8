"""OPML 2.0 import and export of subscriptions, the format every feed reader speaks.

Feeds are ``<outline type="rss" xmlUrl=...>``; other URL sources (calendars, pages, CalDAV) are
``type="link"`` with ``url`` and a ``daycastKind`` attribute, which other readers ignore. Folders
(nested outlines) are flattened. Files with a DOCTYPE or entities are refused before parsing, so a
"billion laughs" file costs nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from app.core.sources._text import clean_line, read_bytes
from app.core.sources.fetch import is_url
from app.core.sources.subscriptions import KINDS, Kind, Subscription
from engines.errors import SourceError

MAX_OPML_BYTES = 5 * 1024 * 1024


def read_opml(path: Path) -> tuple[list[Subscription], list[str]]:
    """Subscriptions in an OPML file, and a line for each outline that was skipped (and why)."""
    data = read_bytes(path)
    if len(data) > MAX_OPML_BYTES:
        raise SourceError(str(path), f"too large for an OPML file ({len(data):,} bytes)", code="source.too_large")
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise SourceError(str(path), "OPML with a DOCTYPE or entities is refused", code="source.malformed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(str(path), f"not valid XML ({exc})", code="source.malformed") from exc
    if root.tag.lower() != "opml" or root.find("body") is None:
        raise SourceError(str(path), "not an OPML file (no <opml><body>)", code="source.malformed")
    subs: list[Subscription] = []
    skipped: list[str] = []
    body = root.find("body")
    for outline in _outlines(body if body is not None else root):
        sub, problem = _subscription(outline)
        if sub is not None:
            subs.append(sub)
        elif problem:
            skipped.append(problem)
    return subs, skipped


def _outlines(parent: ET.Element) -> Iterator[ET.Element]:
    for outline in parent.iter("outline"):
        if outline.get("xmlUrl") or outline.get("url"):
            yield outline


def _subscription(outline: ET.Element) -> tuple[Subscription | None, str]:
    url = (outline.get("xmlUrl") or outline.get("url") or "").strip()
    name = clean_line(outline.get("title") or outline.get("text") or "")
    if not is_url(url):
        return None, f"{name or url}: not an http(s) or webcal address"
    declared = outline.get("daycastKind", "")
    kind: Kind
    if declared in KINDS and declared not in ("mail", "file"):
        kind = declared  # type: ignore[assignment]
    elif outline.get("xmlUrl"):
        kind = "feed"
    elif url.lower().startswith("webcal") or url.lower().split("?", 1)[0].endswith(".ics"):
        kind = "calendar"
    else:
        kind = "page"
    return Subscription(url, kind, name=name, found_via=outline.get("htmlUrl", "")), ""


def write_opml(subscriptions: Sequence[Subscription], title: str = "Daycast subscriptions") -> str:
    """OPML 2.0 text of the URL subscriptions (mail, local or IMAP, and files have no place in OPML)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = ET.SubElement(root, "body")
    for sub in subscriptions:
        if not sub.is_network or sub.kind == "imap":
            continue
        attrs = {"text": sub.label, "title": sub.label}
        if sub.kind == "feed":
            attrs.update(type="rss", xmlUrl=sub.location)
            if sub.found_via:
                attrs["htmlUrl"] = sub.found_via
        else:
            attrs.update(type="link", url=sub.location, daycastKind=sub.kind)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
