"""A document's own structure: headings (Markdown, HTML h1-h3, numbered lines in plain text), a PDF's
outline or its pages, turned into :class:`Section` objects cut from the document's clean text.

Importers know where the headings are (the parser saw them); this module finds each heading's line
in the extracted text, in order, and cuts the text between them. A heading that cannot be found is
skipped rather than guessed, so a section's text is always the document's own text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from app.core.documents import Section

Heading = tuple[int, str]
"""(level, text) of one heading, level 1 the top."""

MAX_HEADING_CHARS = 120
_NUMBERED = re.compile(
    r"^(?:(?P<word>chapter|part|section)\s+)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,2}|[IVXL]{1,6})"
    r"(?:[.):]|\s+[-\u2013\u2014:])?\s+(?P<title>[A-Z\u00c0-\u00de][^\n]{1,100})$",
    re.IGNORECASE,
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_NUMBER_PREFIX = re.compile(r"^(?:(?:chapter|part|section)\s+)?(?:\d{1,2}(?:\.\d{1,2}){0,2}|[IVXL]{1,6})"
                            r"(?:[.):]|\s+[-\u2013\u2014:])?\s+(?=\S)", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def sections_from_headings(text: str, headings: Sequence[Heading]) -> tuple[Section, ...]:
    """Cut ``text`` at each heading's own line (found in order); the text before the first is dropped
    from the sections (it is the document's preamble, still in ``Document.text``)."""
    lines = text.split("\n")
    keys = [_key(line) for line in lines]
    found: list[tuple[int, int, str]] = []  # (line index, level, title)
    position = 0
    for level, heading in headings:
        wanted = _key(heading)
        if not wanted:
            continue
        for index in range(position, len(lines)):
            if keys[index] == wanted:
                found.append((index, level, plain_title(heading)))
                position = index + 1
                break
    sections = []
    for n, (index, level, title) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(lines)
        body = "\n".join(lines[index + 1 : end]).strip()
        sections.append(Section(title[:MAX_HEADING_CHARS], body, level))
    return tuple(sections)


def plain_title(heading: str) -> str:
    """A heading without its numbering ("2.1 Costs" -> "Costs"; "Chapter IV The Flood" -> "The Flood")."""
    title = " ".join(heading.split())
    stripped = _NUMBER_PREFIX.sub("", title)
    return stripped if any(ch.isalpha() for ch in stripped) else title


def numbered_headings(text: str) -> list[Heading]:
    """Headings of plain text: short numbered lines ("2. Harbour works", "3.1 Costs", "Chapter IV The
    Flood") that stand alone between paragraphs and follow each other in order. Fewer than two
    top-level ones in sequence means the numbers are a list, not a structure: none are returned."""
    lines = text.split("\n")
    candidates: list[tuple[tuple[int, ...], str]] = []
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line or len(line) > 90 or line.endswith((".", ",", ";")):
            continue
        alone = (index == 0 or not lines[index - 1].strip()) and (
            index + 1 >= len(lines) or not lines[index + 1].strip() or len(lines[index + 1].strip()) > len(line))
        match = _NUMBERED.match(line)
        if not match or not alone:
            continue
        number = _number(match.group("num"))
        if number:
            candidates.append((number, line))
    top = [n[0] for n, _ in candidates if len(n) == 1]
    if len(top) < 2 or any(b != a + 1 for a, b in pairwise(top)):
        return []
    return [(len(number), line) for number, line in candidates]


def _number(text: str) -> tuple[int, ...]:
    if text[0].isdigit():
        return tuple(int(part) for part in text.split("."))
    value, previous = 0, 0
    for char in reversed(text.upper()):
        digit = _ROMAN[char]
        value, previous = (value - digit, previous) if digit < previous else (value + digit, digit)
    return (value,) if value > 0 else ()


def main_sections(sections: Sequence[Section]) -> list[Section]:
    """The document's main sections: the highest level that has at least two headings (a lone h1 is
    the title), each with the text of its subsections (their headings kept as lines)."""
    levels = sorted({s.level for s in sections})
    main_level = next((level for level in levels if sum(s.level == level for s in sections) >= 2), None)
    if main_level is None:
        return []
    merged: list[Section] = []
    for section in sections:
        if section.level == main_level:
            merged.append(section)
        elif section.level > main_level and merged:
            last = merged[-1]
            merged[-1] = Section(last.title, f"{last.text}\n\n{section.title}\n{section.text}".strip(),
                                 last.level, last.page)
    return merged


def page_sections(pages: Sequence[str], starts: Sequence[tuple[int, str]]) -> tuple[Section, ...]:
    """Sections from a PDF's outline: (first page index, title) entries, each running to the next."""
    ordered = sorted({(page, title) for page, title in starts if 0 <= page < len(pages)})
    sections = []
    for n, (page, title) in enumerate(ordered):
        end = ordered[n + 1][0] if n + 1 < len(ordered) else len(pages)
        body = "\n\n".join(pages[page:max(end, page + 1)]).strip()
        sections.append(Section(" ".join(title.split())[:MAX_HEADING_CHARS], body, 1, page + 1))
    return tuple(sections)


def page_groups(pages: Sequence[str], *, groups: int = 8, min_chars: int = 12_000) -> tuple[Section, ...]:
    """A long PDF with no outline and no numbered headings: runs of pages ("Pages 4-6") as sections."""
    total = sum(len(p) for p in pages)
    if len(pages) < 4 or total < min_chars:
        return ()
    per = -(-len(pages) // min(groups, len(pages)))
    out = []
    for start in range(0, len(pages), per):
        end = min(len(pages), start + per)
        title = f"Page {start + 1}" if end - start == 1 else f"Pages {start + 1}-{end}"
        out.append(Section(title, "\n\n".join(pages[start:end]).strip(), 1, start + 1))
    return tuple(out)
