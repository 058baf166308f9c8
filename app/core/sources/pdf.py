"""PDF documents: the text layer of each page, extracted with pypdf.

PDFs are untrusted and pypdf is pure Python: a file is parsed in a child process with a time and
memory budget (:mod:`app.core.sources._isolate`), pypdf's own per-stream decode limits are
lowered (PDF_STREAM_BYTES), at most MAX_PAGES pages are read, and reading stops once the decoded
text passes the size limit.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pypdf
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from app.core.documents import Document, Section
from app.core.sources import _isolate
from app.core.sources._text import (
    MAX_TEXT_CHARS,
    clean_line,
    clean_text,
    file_time,
    guard_errors,
    read_bytes,
    reason,
    title_from_name,
)
from app.core.sources.structure import numbered_headings, page_groups, page_sections, sections_from_headings
from engines.cancel import CancelToken
from engines.errors import SourceError

# Word processors put their own name in the title field; it is not the document's title.
_TITLE_NOISE = ("Microsoft Word - ", "Microsoft PowerPoint - ", "untitled", "Untitled")


MAX_PAGES = 2000
"""Pages past this are not read (a book's worth; a briefing or an episode never needs more)."""
PDF_STREAM_BYTES = 32 * 1024 * 1024
"""No single stream may inflate to more than this (a deflate bomb is stopped early)."""
PDF_SECONDS, PDF_MEGABYTES = 60.0, 1024


def load_pdf(path: str | Path, cancel: CancelToken | None = None) -> Document:
    """One Document with the text of every page; SourceError when there is no text to be had."""
    return _isolate.run_isolated(_load_in_child, str(path), seconds=PDF_SECONDS, megabytes=PDF_MEGABYTES,
                                 cancel=cancel)


def _load_in_child(path: str) -> Document:
    limits = dict.fromkeys(_STREAM_LIMITS, PDF_STREAM_BYTES)
    with pypdf.apply_configuration(None, **limits):  # pypdf's default is 75 MB per stream
        return _load_pdf(Path(path))


_STREAM_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                  "array_based_stream_maximum_output_length", "maximum_declared_stream_length",
                  "jbig2_maximum_output_length", "image_maximum_buffer_size")


@guard_errors
def _load_pdf(path: Path) -> Document:
    data = read_bytes(path)
    if not data.strip():
        raise SourceError(str(path), "empty file", code="source.empty")
    with _quiet_pypdf():
        reader = _open(path, data)
        pages, failed = _page_texts(reader)
        title = _metadata_title(reader)
        created = _creation_time(reader)
        outline = _outline(reader)
    text = clean_text("\n\n".join(pages))
    if not text:
        if failed:
            raise SourceError(str(path), f"text could not be extracted from any of its {failed} pages")
        raise SourceError(str(path), "no text layer (scanned?)", code="source.no_text",
                          hint="run OCR on it first, e.g. ocrmypdf")
    extra = {"pages": str(len(reader.pages))}
    if len(reader.pages) > MAX_PAGES:
        extra["truncated"] = f"only the first {MAX_PAGES} of {len(reader.pages)} pages were read"
    if failed:
        extra["unreadable_pages"] = str(failed)
    return Document(
        title=title or title_from_name(path),
        text=text,
        source=path.name,
        kind="pdf",
        time=created or file_time(path),
        extra=extra,
        sections=_sections(text, [clean_text(p) for p in pages], outline),
    )


def _sections(text: str, pages: list[str], outline: list[tuple[int, str]]) -> tuple[Section, ...]:
    """The outline's top entries when it has two or more; else numbered headings; else page runs."""
    if len(outline) >= 2:
        return page_sections(pages, outline)
    return sections_from_headings(text, numbered_headings(text)) or page_groups(pages)


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    """(page index, title) of the outline's top-level entries; empty when there is none or it is broken."""
    entries: list[tuple[int, str]] = []
    try:
        for item in reader.outline:
            if isinstance(item, list):  # the children of the previous entry
                continue
            page = reader.get_destination_page_number(item)
            title = clean_line(str(item.title or ""))
            if page is not None and page >= 0 and title:
                entries.append((page, title))
    except Exception:  # outlines in the wild are often malformed; the pages still read
        return []
    return entries


def _open(path: Path, data: bytes) -> PdfReader:
    if b"%PDF" not in data[:1024]:  # the header may follow up to 1 KB of junk
        raise SourceError(str(path), "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except PdfReadError as exc:
        raise SourceError(str(path), f"malformed PDF ({reason(exc)})") from exc
    if reader.is_encrypted:
        _decrypt(path, reader)
    try:
        len(reader.pages)
    except FileNotDecryptedError as exc:
        raise SourceError(str(path), "encrypted PDF (password protected)", code="source.encrypted") from exc
    except PdfReadError as exc:
        raise SourceError(str(path), f"malformed PDF ({reason(exc)})") from exc
    return reader


def _decrypt(path: Path, reader: PdfReader) -> None:
    """Open PDFs that are encrypted only against editing (an empty user password)."""
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise SourceError(str(path), f"encrypted PDF that needs a missing library ({reason(exc)})",
                          code="source.encrypted") from exc
    except Exception as exc:
        raise SourceError(str(path), "encrypted PDF (password protected)", code="source.encrypted") from exc
    if not opened:
        raise SourceError(str(path), "encrypted PDF (password protected)", code="source.encrypted",
                          hint="save an unprotected copy and add that instead")


def _page_texts(reader: PdfReader) -> tuple[list[str], int]:
    """Text of each page ("" for a page without text, so indices are page numbers), and how many pages
    failed; stops near the size limit."""
    texts: list[str] = []
    failed = 0
    total = 0
    for index, page in enumerate(reader.pages):
        if index >= MAX_PAGES:
            break
        try:
            text = page.extract_text() or ""
        except Exception:  # one broken page (bad font, bad stream) must not lose the others
            failed += 1
            text = ""
        texts.append(text)
        total += len(text)
        if total > MAX_TEXT_CHARS:
            break  # the rest would be cut by the size guard anyway
    return texts, failed


def _metadata_title(reader: PdfReader) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:
        return ""
    text = clean_line(str(title or ""))
    for noise in _TITLE_NOISE:
        text = text.removeprefix(noise)
    return text.strip()


def _creation_time(reader: PdfReader) -> datetime | None:
    try:
        created = reader.metadata.creation_date if reader.metadata else None
    except Exception:  # dates in the wild are often malformed; the file's mtime will do
        return None
    if not isinstance(created, datetime):
        return None
    return created if created.tzinfo else created.replace(tzinfo=UTC)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every repairable flaw; the user gets one clear message instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
