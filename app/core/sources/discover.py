"""What a fetched body is (feed, calendar, web page), and the feeds an HTML page names.

Feed auto-discovery follows what feed readers do: ``<link rel="alternate" type="application/rss+xml"
href="...">`` (or atom/rdf) in the page's head, resolved against the page's address.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Literal
from urllib.parse import urljoin

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                        "text/xml"})
_SCAN_BYTES = 512 * 1024


def sniff_kind(body: bytes, content_type: str = "") -> Literal["feed", "calendar", "page", ""]:
    """"feed", "calendar", "page" or "" (unknown), from the content type and the first bytes."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ctype = content_type.split(";", 1)[0].strip().lower()
    if head.startswith(b"begin:vcalendar"):
        return "calendar"
    if head.startswith((b"<!doctype html", b"<html")):
        return "page"
    if head.startswith((b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if head.startswith(b"<?xml"):  # XHTML pages also start so
        return "page" if b"<html" in head else "feed"
    if ctype == "text/calendar":
        return "calendar"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "page"
    if ctype in FEED_TYPES or ctype.endswith(("+xml", "/xml")):
        return "feed"
    return ""


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").split(";", 1)[0].strip().lower()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.found.append((values["href"].strip(), values.get("title", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def feed_links(html: bytes, base_url: str) -> list[str]:
    """Absolute addresses of the feeds the page links as alternates, in page order, without repeats."""
    parser = _AlternateLinks()
    try:
        parser.feed(html[:_SCAN_BYTES].decode("utf-8", errors="replace"))
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some malformed declarations
        pass
    links = [urljoin(base_url, href) for href, _ in parser.found]
    return list(dict.fromkeys(link for link in links if link.startswith(("http://", "https://"))))
