"""Fuzzing: random bytes and mutated valid files give Documents or a SourceError, never another exception."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfgen import make_pdf

from app.core.documents import Document
from app.core.sources._text import clean_text, html_to_text
from app.core.sources.load import events_on, load_feed, load_html, load_note, load_pdf, load_sources
from app.core.sources.notes import markdown_to_text
from engines.errors import SourceError

DAY = date(2026, 3, 10)
TZ = ZoneInfo("America/Los_Angeles")
# Modest by default to keep the suite fast; DAYCAST_FUZZ_EXAMPLES=5000 runs a deeper campaign.
FUZZ = settings(max_examples=int(os.environ.get("DAYCAST_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

SEEDS: dict[str, bytes] = {
    ".xml": b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Seed &amp; Co</title>
<item><title>First <![CDATA[item]]></title><link>https://e.org/1</link>
<pubDate>Tue, 10 Mar 2026 07:00:00 +0100</pubDate>
<description>&lt;p&gt;Body &lt;b&gt;one&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>Second</title><description>Two</description></item></channel></rss>""",
    ".atom": b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title type="html">x &lt;i&gt;y&lt;/i&gt;</title><updated>2026-03-10T10:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p></div></content></entry></feed>""",
    ".ics": b"""BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//f//EN\r\nX-WR-CALNAME:Fuzz\r\nBEGIN:VEVENT\r\nUID:a\r
DTSTART;TZID=Europe/Berlin:20260301T100000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=40\r
EXDATE;TZID=Europe/Berlin:20260311T100000\r\nSUMMARY:Standup\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r
DTSTART;VALUE=DATE:20260309\r\nDTEND;VALUE=DATE:20260312\r\nSUMMARY:Expo\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:c\r
DTSTART:20260310T230000Z\r\nDTEND:20260311T010000Z\r\nSTATUS:CONFIRMED\r\nSUMMARY:Late\r\nLOCATION:Room 4\r
DESCRIPTION:Line\\nTwo\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n""",
    ".md": "---\ntitle: Seed\n---\n# Plan\n\n- [ ] Buy *milk*\n- [x] Call [Ana](http://e.org)\n\n| a | b |\n|---|---|\n"
    "| 1 | 2 |\n\n```\ncode\n```\n<div>html</div>\nCafé ✓\n".encode(),
    ".txt": "Plain note\r\nwith\ttabs and ünïcode\n\n\n\nend".encode(),
    ".pdf": make_pdf([["Page one (of two)", "Café"], "Page two"], title="Fuzz report"),
    ".html": b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>T</title></head><body><nav>Menu</nav>
<article><h1>Heading</h1><p>A first paragraph with enough words to count as an article body for extraction.</p>
<p>A second paragraph, also long enough to be kept by the extractor, mentions 42 turbines.</p></article>
<footer>Footer</footer></body></html>""",
}

LOADERS: dict[str, Callable[[Path], object]] = {
    ".xml": load_feed,
    ".atom": load_feed,
    ".ics": lambda path: events_on(path, DAY, TZ),
    ".md": load_note,
    ".txt": load_note,
    ".pdf": load_pdf,
    ".html": load_html,
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@st.composite
def mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed file damaged the ways files really get damaged: bit flips, cuts, junk, repeats."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat", "ascii"]))
        if action == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=32))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif action == "truncate":
            del data[where:]
        elif action == "repeat":
            data[where:where] = data[where : where + draw(st.integers(1, 200))] * draw(st.integers(1, 4))
        elif action == "ascii":
            data[where:where] = draw(st.sampled_from([b"<", b">", b"&", b"]]>", b"\r\n", b":", b";", b"\\", b"BEGIN:",
                                                      b"END:VEVENT", b"obj", b"endstream", b"%%EOF", b"\x00"]))
    return bytes(data)


def check_outcome(suffix: str, path: Path) -> None:
    """Documents with clean text and aware times, or a SourceError naming the file; nothing else."""
    try:
        outcome = LOADERS[suffix](path)
    except SourceError as exc:
        assert str(path) in str(exc)
        assert exc.problem
        return
    docs = outcome if isinstance(outcome, list) else [outcome]
    for doc in docs:
        assert isinstance(doc, Document)
        assert doc.title and not CONTROLS.search(doc.title) and "\n" not in doc.title
        assert not CONTROLS.search(doc.text)
        for moment in (doc.time, doc.end_time):
            assert moment is None or moment.tzinfo is not None


@pytest.mark.parametrize("suffix", sorted(LOADERS))
@FUZZ
@given(data=st.data())
def test_mutated_valid_files(workdir: Path, suffix: str, data: st.DataObject) -> None:
    path = workdir / f"mutated{suffix}"
    path.write_bytes(data.draw(mutations(SEEDS[suffix])))
    check_outcome(suffix, path)


@pytest.mark.parametrize("suffix", [".xml", ".ics", ".md", ".pdf", ".html"])
@FUZZ
@given(blob=st.binary(max_size=2048) | st.text(max_size=600).map(str.encode))
def test_random_bytes(workdir: Path, suffix: str, blob: bytes) -> None:
    path = workdir / f"random{suffix}"
    path.write_bytes(blob)
    check_outcome(suffix, path)


def test_seeds_are_valid_files(workdir: Path) -> None:
    """The fuzzers start from files that load, so mutations explore near-valid input."""
    for suffix, seed in SEEDS.items():
        path = workdir / f"seed{suffix}"
        path.write_bytes(seed)
        outcome = LOADERS[suffix](path)
        assert outcome, suffix


@FUZZ
@given(blobs=st.lists(st.tuples(st.sampled_from([*SEEDS, ".xyz", ""]), st.binary(max_size=512)), max_size=6))
def test_load_sources_never_raises(workdir: Path, blobs: list[tuple[str, bytes]]) -> None:
    folder = workdir / "mixed"
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
    folder.mkdir(exist_ok=True)
    for index, (suffix, blob) in enumerate(blobs):
        (folder / f"f{index}{suffix}").write_bytes(blob)
    result = load_sources([folder], day=DAY, tz=TZ)
    assert len(result.files) == len(blobs)
    for problem in result.problems:
        assert problem.path in str(problem)


@FUZZ
@given(text=st.text(max_size=400))
def test_text_helpers_leave_no_control_characters(text: str) -> None:
    for cleaned in (clean_text(text), html_to_text(text), *markdown_to_text(text)):
        assert not CONTROLS.search(cleaned)
        assert not re.search("[\ud800-\udfff]", cleaned)
