"""Helpers every importer shares: reading files safely, decoding, cleaning untrusted text.

Source files are untrusted: they may be huge, binary, badly encoded, or carry control characters
meant to confuse a terminal or a prompt. Every importer goes through :func:`clean_text` so that
what reaches the composer is plain, printable text.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import ParamSpec, TypeVar

from app.core.documents import Document
from engines.errors import Cancelled, SourceError

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Files larger than this are refused before reading: nothing a briefing needs is that big."""

MAX_TEXT_CHARS = 2 * 1024 * 1024
"""A document's text is cut to this many characters (2 MB of ASCII); a note in ``extra`` says so."""

MAX_PARSE_BYTES = 8 * 1024 * 1024
"""Text formats (notes, pages, feeds) are parsed from at most this many bytes; the text is cut anyway."""

# C0 controls except \t and \n, DEL, C1 controls, bidirectional overrides and isolates (used to
# disguise text), stray byte-order marks, surrogates (cannot be encoded) and non-characters.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"[^\S\n\t]+")
_BLANK_LINES = re.compile(r"\n{3,}")

P = ParamSpec("P")
R = TypeVar("R")


_C1 = re.compile("[\x80-\x9f]")


def _as_windows_1252(found: re.Match[str]) -> str:
    try:
        return bytes([ord(found.group())]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return ""


def strip_controls(text: str) -> str:
    """Remove control and disguising characters; keep newlines and tabs. C1 controls are Windows-1252 text
    read as Latin-1 (a page or mail labelled ISO-8859-1, as browsers and mail clients read it): "\x92" is "’"."""
    return _UNWANTED.sub("", _LINE_BREAKS.sub("\n", _C1.sub(_as_windows_1252, text)))


def clean_text(text: str) -> str:
    """Strip controls, collapse runs of spaces (tabs stay), keep at most one blank line between paragraphs."""
    text = strip_controls(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(text: str) -> str:
    """A single line (titles, locations): controls stripped, all whitespace collapsed."""
    return " ".join(strip_controls(text).split())


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or a SourceError saying why they cannot be had (a file over ``limit`` is not read)."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(limit + 1) if size <= limit else b""  # a file growing meanwhile is caught too
        if size > limit or len(data) > limit:
            raise SourceError(
                str(path),
                f"file too large ({max(size, len(data)) / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)",
                code="source.too_large",
            )
        return data
    except FileNotFoundError as exc:
        raise SourceError(str(path), "file not found", code="source.missing") from exc
    except IsADirectoryError as exc:
        raise SourceError(str(path), "is a folder, not a file", code="source.unreadable") from exc
    except PermissionError as exc:
        raise SourceError(str(path), "permission denied", code="source.unreadable") from exc
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}", code="source.unreadable") from exc


def head(data: bytes, limit: int = MAX_PARSE_BYTES) -> tuple[bytes, bool]:
    """At most ``limit`` bytes, cut after a line break (kept UTF-16/32 aligned); True when cut."""
    if len(data) <= limit:
        return data, False
    cut = data.rfind(b"\n", 0, limit) + 1 or limit
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        cut -= cut % 4  # whole UTF-16/32 code units
    return data[:cut], True


def file_time(path: Path) -> datetime | None:
    """The file's modification time, timezone-aware (UTC)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except (OSError, OverflowError, ValueError):
        return None


def title_from_name(path: Path) -> str:
    """A readable title from a file name: ``team-notes_2024.md`` -> ``team notes 2024``."""
    return clean_line(path.stem.replace("_", " ").replace("-", " ")) or path.name


def reason(exc: BaseException) -> str:
    """A one-line description of a library exception for a user-facing message."""
    text = clean_line(str(exc))
    if len(text) > 200:
        text = text[:197] + "..."
    return text or type(exc).__name__


def guard_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn any unexpected exception from a parser library into a SourceError naming the file.

    Third-party parsers raise an open-ended set of exceptions on hostile input (KeyError,
    RecursionError, struct.error...); one bad file must never stop the others. The first
    Path among the positional arguments (else the first) names the source.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (SourceError, Cancelled):
            raise
        except Exception as exc:
            named = [a for a in args if isinstance(a, Path)]  # data-first readers name their source by a Path
            path = str(named[0] if named else args[0]) if args else "?"
            raise SourceError(path, f"could not be read ({type(exc).__name__}: {reason(exc)})") from exc

    return wrapper


def guard_size(doc: Document) -> Document:
    """Keep a huge document but cut its text, saying so in ``extra['truncated']``."""
    if len(doc.text) <= MAX_TEXT_CHARS:
        return doc
    cut = doc.text[:MAX_TEXT_CHARS]
    # End on a paragraph or line break when one is near, so the last sentence is whole.
    for mark in ("\n\n", "\n", ". "):
        at = cut.rfind(mark, MAX_TEXT_CHARS - 4096)
        if at > 0:
            cut = cut[: at + len(mark)].rstrip()
            break
    note = f"text cut from {len(doc.text):,} to {len(cut):,} characters (limit {MAX_TEXT_CHARS:,})"
    return replace(doc, text=cut, extra={**doc.extra, "truncated": note})


class _TextExtractor(HTMLParser):
    """HTML -> plain text: block elements become line breaks, scripts and styles vanish."""

    _BLOCKS = frozenset({
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
    })  # fmt: skip
    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._pre += 1
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        elif tag == "img" and not self._skipping:
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        # Outside <pre>, source line breaks are only wrapping: block tags make the real ones.
        self.parts.append(data if self._pre else data.replace("\n", " ").replace("\r", " "))


def html_to_text(html: str) -> str:
    """Readable plain text from an HTML fragment (feed summaries, fallback for saved pages)."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some malformed declarations
        pass
    return clean_text("".join(parser.parts))


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOMs first, then strict UTF-8, then Windows-1252, then Latin-1.

    Returns ``(text, encoding)``. Latin-1 accepts every byte, so this never fails; callers decide
    separately whether the bytes are text at all (:func:`looks_binary`).
    """
    boms = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-32", b"\xff\xfe\x00\x00"), ("utf-32", b"\x00\x00\xfe\xff"),
            ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
    for encoding, bom in boms:
        if data.startswith(bom):
            # The BOM settles the encoding; a damaged or cut sequence becomes U+FFFD, not mojibake.
            return data.decode(encoding, errors="replace"), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:+-]+)""", re.IGNORECASE)


def charset_of(content_type: str) -> str:
    """The charset a Content-Type header names ("" when none)."""
    found = _CHARSET_PARAM.search(content_type or "")
    return found.group(1) if found else ""


def decode_declared(data: bytes, *charsets: str) -> str:
    """Decode with the first declared charset (HTTP header, ``<meta>``, MIME part) that names a real codec
    and fits the bytes; a BOM overrides them, and without a usable one :func:`decode_text` decides. A
    declaration readable as ASCII is never UTF-16/32."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        for charset in filter(None, charsets):
            try:
                codec = codecs.lookup(charset).name
                if not codec.startswith(("utf-16", "utf-32")):
                    return data.decode(codec)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_text(data)[0]


def looks_binary(data: bytes) -> str:
    """Why these bytes are not text ("" when they look like text)."""
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ""  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in sample:
        return "binary file, not text (contains NUL bytes)"
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        return f"binary file, not text ({controls} control bytes in the first {len(sample)})"
    return ""
