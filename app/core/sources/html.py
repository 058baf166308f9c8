"""Saved web pages: the article's main text (not menus and footers), extracted with trafilatura."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import trafilatura

from app.core.documents import Document
from app.core.sources._text import (
    charset_of,
    clean_line,
    clean_text,
    decode_declared,
    file_time,
    guard_errors,
    head,
    html_to_text,
    looks_binary,
    read_bytes,
    title_from_name,
)
from app.core.sources.structure import Heading, numbered_headings, sections_from_headings
from engines.errors import SourceError

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# Browsers mark pages saved with "Save as" so; it is the page's real address.
# Pages saved as one file (SingleFile, "Save page complete") inline images as huge data: URIs.
_DATA_URI = re.compile(rb"data:[a-zA-Z0-9.+/-]{0,64}[;,][^\"')\s>]{512,}")
_HEADING_TAG = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


def load_html(path: str | Path) -> Document:
    """The main text of a saved page; SourceError when the page has no readable text."""
    return _load_html(Path(path))


@guard_errors
def _load_html(path: Path) -> Document:
    return page_document(read_bytes(path), path)


@guard_errors
def page_document(data: bytes, path: Path, url: str = "", fetched: datetime | None = None,
                  content_type: str = "") -> Document:
    """The article of an HTML page already read (a fetched or cached body, with its Content-Type header);
    ``path`` names it."""
    if not data.strip():
        raise SourceError(str(path), "empty file", code="source.empty")
    problem = looks_binary(data)
    if problem:
        raise SourceError(str(path), problem, code="source.binary")
    data, _ = head(_DATA_URI.sub(b"data:,", data))
    html = _decode(data, content_type)
    extracted: Any = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)  # a Document
    if extracted is None or not (extracted.text or "").strip():
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    text = clean_text(extracted.text or "") if extracted is not None else ""
    if not text:
        text = html_to_text(html)  # tiny pages fall under trafilatura's minimum size
    if not any(char.isalnum() for char in text):  # punctuation left over from tag soup is not text
        raise SourceError(str(path), "no readable text in the page", code="source.no_text")
    title = clean_line(extracted.title or "") if extracted is not None else ""
    extra = {}
    author = clean_line(extracted.author or "") if extracted is not None else ""
    if author:
        extra["author"] = author
    published = _published(extracted.date if extracted is not None else None)
    if published is not None:
        extra["published"] = published.date().isoformat()
    return Document(
        sections=sections_from_headings(text, _headings(html) or numbered_headings(text)),
        title=title or _title_tag(html) or title_from_name(path),
        text=text,
        source=path.name,
        kind="web_page",
        time=published or fetched or file_time(path),
        url=url or _page_url(html, extracted.url if extracted is not None else None),
        extra=extra,
    )


def _decode(data: bytes, content_type: str = "") -> str:
    """Decode as a browser does: a BOM, else the HTTP header's charset, else the page's ``<meta>``."""
    declared = _META_CHARSET.search(data[:4096])
    meta = declared.group(1).decode("ascii", errors="replace") if declared else ""
    return decode_declared(data, charset_of(content_type), meta)


def _headings(html: str) -> list[Heading]:
    """h1-h3 of the page in order (their text as the extracted text shows it)."""
    found = ((int(m.group(1)), clean_line(html_to_text(m.group(2)))) for m in _HEADING_TAG.finditer(html))
    return [(level, text) for level, text in found if text]


def _title_tag(html: str) -> str:
    found = _TITLE_TAG.search(html[:65536])
    return html_to_text(found.group(1)).replace("\n", " ") if found else ""


def _page_url(html: str, url: str | None) -> str:
    if url:
        return clean_line(url)
    found = _SAVED_FROM.search(html[:4096])
    return clean_line(found.group(1)) if found else ""


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
