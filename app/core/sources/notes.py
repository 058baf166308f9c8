"""Markdown and plain-text notes: decoded carefully, Markdown syntax removed so it reads aloud well."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from app.core.documents import Document, Section
from app.core.sources._text import (
    clean_line,
    clean_text,
    decode_text,
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

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_TASK = re.compile(r"^\[([ xX])\]\s+")

# markdown-it parses ~100-200 KB/s here, but only ~25 KB/s on crafted input (thousands of "[a"):
# notes larger than this take a quick regex path instead, so no note costs more than ~3 s.
FULL_PARSE_LIMIT = 64 * 1024
# Every quick rule is linear in the note's size: no part can rescan a run that an earlier attempt
# already scanned (each repeat stops at the next delimiter, each anchored rule runs once per line).
_HEADING = r"^ {0,3}#{1,6}[ \t]+((?:.*[^ \t#\n])?)[ \t#]*$"
LIST_ITEMS = "list_items"
"""``Document.extra`` key: the note's list items, one a line."""
_QUICK_RULES = [
    (re.compile(r"^```.*$|^~~~.*$", re.MULTILINE), ""),  # code fences (the code itself stays)
    (re.compile(_HEADING, re.MULTILINE), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}(?:[=-]{3,}|[*_]{3,})[ \t]*$", re.MULTILINE), ""),  # setext underlines, rules
    (re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ ]\][ \t]*", re.MULTILINE), ""),  # open tasks
    (re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[xX]\][ \t]*", re.MULTILINE), "(done) "),
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE), ""),  # bullets
    (re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)"), r"\1"),  # links -> their text
    (re.compile(r"<[^<>\n]{1,200}>"), ""),  # inline HTML tags
    (re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*"), r"\1"),  # strong
    (re.compile(r"__(?=\S)([^_\n]+?)(?<=\S)__"), r"\1"),  # strong
    (re.compile(r"~~(?=\S)([^~\n]+?)(?<=\S)~~"), r"\1"),  # strike
    (re.compile(r"`+([^`\n]+)`+"), r"\1"),  # code
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)"), r"\1"),  # *emphasis*
    (re.compile(r"^[ \t:|]*-[ \t:|-]*$", re.MULTILINE), ""),  # table rules
    (re.compile(r"(?<![ \t])[ \t]*\|[ \t]*"), ", "),  # table cells
]


def load_note(path: str | Path) -> Document:
    """A note from a .md/.markdown/.txt file; SourceError for empty or binary files."""
    return _load_note(Path(path))


@guard_errors
def _load_note(path: Path) -> Document:
    data, cut = head(read_bytes(path))
    problem = looks_binary(data)
    if problem:
        raise SourceError(str(path), problem, code="source.binary")
    raw, encoding = decode_text(data)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        title, text, items, headings = markdown_structure(raw)
    else:
        text = clean_text(raw)
        title, items, headings = "", [], numbered_headings(text)
    if not text:
        raise SourceError(str(path), "empty file (no text)", code="source.empty")
    sections: tuple[Section, ...] = sections_from_headings(text, headings)
    return Document(
        title=title or title_from_name(path),
        text=text,
        source=path.name,
        kind="note",
        time=file_time(path),
        extra={"encoding": encoding, **({"truncated": f"only the first {len(data):,} bytes were read"} if cut else {}),
               **({LIST_ITEMS: "\n".join(items)} if items else {})},
        sections=sections,
    )


def markdown_to_text(source: str) -> tuple[str, str]:
    """``(title, text)``: the first heading (or front-matter title) and readable plain text."""
    title, text, _ = markdown_parts(source)
    return title, text


def markdown_parts(source: str) -> tuple[str, str, list[str]]:
    """``(title, text, list items)``: as :func:`markdown_to_text`, plus the text of each list item
    (a to-do or agenda is read as its items, never summarised; done tasks start with "(done) ")."""
    title, text, items, _ = markdown_structure(source)
    return title, text, items


def markdown_structure(source: str) -> tuple[str, str, list[str], list[Heading]]:
    """``(title, text, list items, headings)``: as :func:`markdown_parts`, plus every heading's level and text."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    title = ""
    front = _FRONT_MATTER.match(source)
    if front:
        found = _FRONT_TITLE.search(front.group(1))
        title = clean_line(found.group(1).strip("\"'")) if found else ""
        source = source[front.end() :]
    if len(source) > FULL_PARSE_LIMIT:
        return title or _quick_title(source), _quick_text(source), [], _quick_headings(source)
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    renderer = _Renderer()
    renderer.render(parser.parse(source))
    items = [clean_line(i) for i in renderer.items if clean_line(i)]
    return title or renderer.first_heading, clean_text("".join(renderer.out)), items, renderer.headings


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation


def _plain(text: str) -> str:
    """What the full parser also does: entities decoded ("&amp;"), escapes dropped ("\\*")."""
    return html.unescape(_ESCAPED.sub(r"\1", text))


def _quick_headings(source: str) -> list[Heading]:
    return [(len(m.group(0).lstrip(" ")) - len(m.group(0).lstrip(" ").lstrip("#")), clean_line(_plain(m.group(1))))
            for m in re.finditer(_HEADING, source, re.MULTILINE) if clean_line(m.group(1))]


def _quick_title(source: str) -> str:
    found = re.search(_HEADING, source, re.MULTILINE)
    return clean_line(_plain(found.group(1))) if found else ""


def _quick_text(source: str) -> str:
    """Good-enough Markdown removal for very large notes, linear in their size."""
    source = _ESCAPED.sub(r"\1", source)  # first: "\\*" is no emphasis mark, whatever the rules below see
    for pattern, replacement in _QUICK_RULES:
        source = pattern.sub(replacement, source)
    lines = (line.strip(" ,") for line in html.unescape(source).split("\n"))
    return clean_text("\n".join(lines))


class _Renderer:
    """Walks markdown-it block tokens and writes plain text."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.first_heading = ""
        self.headings: list[Heading] = []
        self._heading_level = 0
        self._cells: list[str] | None = None
        self._item_prefix: str | None = None
        self.items: list[str] = []

    def render(self, tokens: list[Any]) -> None:
        for token in tokens:
            handler = getattr(self, f"_on_{token.type}", None)
            if handler is not None:
                handler(token)

    def _on_inline(self, token: Any) -> None:
        text = _inline_text(token.children or [])
        if self._cells is not None:
            self._cells.append(text.strip())
            return
        if self._item_prefix is not None:  # the first line of a list item
            text = self._item_prefix + _TASK.sub(_task_word, text)
            self.items.append(_TASK.sub(_task_word, _inline_text(token.children or [])))
            self._item_prefix = None
        self.out.append(text)

    def _on_heading_open(self, token: Any) -> None:
        self._heading_level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1

    def _on_heading_close(self, token: Any) -> None:
        if not self.first_heading and self.out:
            self.first_heading = clean_line(self.out[-1])
        if self.out:
            self.headings.append((self._heading_level, clean_line(self.out[-1])))
        self.out.append("\n\n")

    def _on_paragraph_close(self, token: Any) -> None:
        self.out.append("\n" if token.hidden else "\n\n")  # tight list items have hidden paragraphs

    def _on_list_item_open(self, token: Any) -> None:
        number = token.info  # the item number in ordered lists, "" in bullet lists
        self._item_prefix = f"{number}. " if number else ""

    def _on_bullet_list_open(self, token: Any) -> None:
        self.out.append("\n")

    _on_ordered_list_open = _on_bullet_list_close = _on_ordered_list_close = _on_bullet_list_open

    def _on_tr_open(self, token: Any) -> None:
        self._cells = []

    def _on_tr_close(self, token: Any) -> None:
        cells = [cell for cell in self._cells or [] if cell]
        self._cells = None
        self.out.append(", ".join(cells) + "\n")

    def _on_table_close(self, token: Any) -> None:
        self.out.append("\n")

    def _on_fence(self, token: Any) -> None:
        self.out.append(token.content + "\n")

    _on_code_block = _on_fence

    def _on_html_block(self, token: Any) -> None:
        self.out.append(html_to_text(token.content) + "\n\n")

    def _on_hr(self, token: Any) -> None:
        self.out.append("\n")


def _task_word(match: re.Match[str]) -> str:
    return "" if match.group(1) == " " else "(done) "


def _inline_text(children: list[Any]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # the alt text
        elif child.type == "html_inline":
            continue  # inline tags carry no words; their text arrives as text tokens
    return "".join(parts)
