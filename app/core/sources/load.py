"""Importers: user source files -> :class:`~app.core.documents.Document`.

``load_sources`` walks files and folders, dispatches each file by its extension (sniffing the
content when there is none), and collects what it could read beside what it could not: one bad
file is a problem in the result, never an exception that stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, tzinfo
from pathlib import Path

from app.core.documents import Document
from app.core.sources._text import guard_size
from app.core.sources.calendar import events_on, local_zone, read_calendar
from app.core.sources.feeds import load_feed
from app.core.sources.html import HTML_SUFFIXES, load_html
from app.core.sources.mail import MAIL_SUFFIXES, is_maildir, load_mail
from app.core.sources.notes import MARKDOWN_SUFFIXES, TEXT_SUFFIXES, load_note
from app.core.sources.pdf import load_pdf
from engines.cancel import CancelToken
from engines.errors import SourceError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ImportResult",
    "events_on",
    "load_feed",
    "load_html",
    "load_note",
    "load_pdf",
    "load_sources",
    "local_zone",
]

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".feed"})
CALENDAR_SUFFIXES = frozenset({".ics", ".ical", ".icalendar"})
PDF_SUFFIXES = frozenset({".pdf"})
NOTE_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES
SUPPORTED_SUFFIXES = FEED_SUFFIXES | CALENDAR_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES | NOTE_SUFFIXES | MAIL_SUFFIXES


@dataclass(frozen=True)
class ImportResult:
    """What :func:`load_sources` found.

    ``documents``: feed items, notes, PDFs, pages (times in the user's zone).
    ``events``: calendar events that touch the requested day, all-day first, then by start.
    ``problems``: one SourceError per file (or path) that could not be read, or read only in part.
    ``files``: every file looked at, readable or not, in the order read.
    """

    documents: list[Document]
    events: list[Document]
    problems: list[SourceError]
    files: list[Path]


def load_sources(
    paths: Sequence[str | Path],
    *,
    day: date,
    tz: tzinfo | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Read every file in ``paths`` (folders recursively); calendar events are those on ``day`` in ``tz``.

    ``tz`` defaults to the machine's zone. Raises only Cancelled (when ``cancel`` is cancelled).
    """
    zone = tz or local_zone()
    result = ImportResult(documents=[], events=[], problems=[], files=[])
    seen: set[Path] = set()
    for file, problem in _walk(paths):
        if cancel is not None:
            cancel.check()
        if problem is not None:
            result.problems.append(problem)
            continue
        key = _identity(file)
        if key in seen:
            continue
        seen.add(key)
        result.files.append(file)
        try:
            _load_one(file, day, zone, result, cancel)
        except SourceError as exc:
            result.problems.append(exc)
    return result


def _load_one(path: Path, day: date, zone: tzinfo, result: ImportResult, cancel: CancelToken | None) -> None:
    kind = _kind(path)
    if kind == "calendar":
        read = read_calendar(path, day, zone, cancel)
        result.events.extend(guard_size(doc) for doc in read.events)
        if read.skipped:
            result.problems.append(_partial(path, read.skipped))
        return
    if kind == "feed":
        documents = load_feed(path)
    elif kind == "note":
        documents = [load_note(path)]
    elif kind == "pdf":
        documents = [load_pdf(path, cancel)]
    elif kind == "html":
        documents = [load_html(path)]
    elif kind == "mail":
        documents = load_mail(path)
    else:
        suffix = path.suffix.lower()
        problem = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
        raise SourceError(str(path), problem, code="source.unsupported",
                          hint="supported: " + " ".join(sorted(SUPPORTED_SUFFIXES)))
    result.documents.extend(guard_size(_in_zone(doc, zone)) for doc in documents)


def _kind(path: Path) -> str:
    if is_maildir(path):
        return "mail"
    suffix = path.suffix.lower()
    for kind, suffixes in (("feed", FEED_SUFFIXES), ("calendar", CALENDAR_SUFFIXES), ("pdf", PDF_SUFFIXES),
                           ("html", HTML_SUFFIXES), ("note", NOTE_SUFFIXES), ("mail", MAIL_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return _sniff(path) if not suffix else ""


def _sniff(path: Path) -> str:
    """Guess the kind of a file without an extension from its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return ""
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"begin:vcalendar"):
        return "calendar"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "feed"
    return ""


def _walk(paths: Sequence[str | Path]) -> Iterator[tuple[Path, SourceError | None]]:
    """Each file under ``paths`` (sorted, hidden names skipped inside folders), or why a path is unusable."""
    for raw in paths:
        path = Path(raw).expanduser()
        if is_maildir(path):
            yield path, None  # a Maildir is one mailbox, not a folder of files
        elif path.is_dir():
            yield from _files_in(path)
        elif path.exists():
            yield path, None
        else:
            yield path, SourceError(str(path), "no such file or folder", code="source.missing")


def _files_in(folder: Path) -> Iterator[tuple[Path, SourceError | None]]:
    errors: list[OSError] = []  # os.walk reports unreadable sub-folders here instead of raising
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _listing_problems(errors, folder)
        if root != str(folder) and is_maildir(Path(root)):
            dirs[:] = []
            yield Path(root), None
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name, None
    yield from _listing_problems(errors, folder)


def _listing_problems(errors: list[OSError], folder: Path) -> Iterator[tuple[Path, SourceError]]:
    while errors:
        error = errors.pop(0)
        where = Path(error.filename or folder)
        yield where, SourceError(str(where), f"cannot list folder: {error.strerror or error}", code="source.unreadable")


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _in_zone(doc: Document, zone: tzinfo) -> Document:
    if doc.time is None or doc.time.tzinfo is None:
        return doc
    end = doc.end_time.astimezone(zone) if doc.end_time and doc.end_time.tzinfo else doc.end_time
    return replace(doc, time=doc.time.astimezone(zone), end_time=end)


def _partial(path: Path, skipped: list[str]) -> SourceError:
    shown = "; ".join(skipped[:3]) + (f"; and {len(skipped) - 3} more" if len(skipped) > 3 else "")
    count = f"{len(skipped)} broken event" + ("s" if len(skipped) != 1 else "")
    return SourceError(str(path), f"skipped {count} ({shown})", code="source.partial")
