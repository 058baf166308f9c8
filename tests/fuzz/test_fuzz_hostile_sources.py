"""Crafted source files, each read through ``load_sources`` (what a briefing does) in a child process with
an asserted time and memory budget: recurrence bombs, regex bombs, inflate bombs, entity expansion,
deep nesting, and files at and past the size caps. Each must end quickly with the good parts kept and
a clear problem for the bad ones; none may hang or balloon."""

from __future__ import annotations

import zlib
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from budget import Outcome, run_bounded

from app.core.sources import pdf as pdf_mod
from app.core.sources.load import load_sources

DAY = date(2026, 3, 9)
UTC = ZoneInfo("UTC")


def _summary(folder: str) -> dict[str, Any]:
    result = load_sources([folder], day=DAY, tz=UTC)
    return {
        "events": [e.title for e in result.events],
        "documents": [(d.title, len(d.text), dict(d.extra)) for d in result.documents],
        "problems": [str(p) for p in result.problems],
    }


def _load(folder: Path, *, seconds: float = 8, megabytes: int = 600) -> dict[str, Any]:
    outcome: Outcome = run_bounded(_summary, str(folder), seconds=seconds, megabytes=megabytes)
    assert not outcome.killed, f"still running after {seconds} s"
    assert not outcome.error, outcome.error
    return outcome.value


def _calendar(rule_event: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:standup\r\nDTSTART:20260309T090000Z\r\nDTEND:20260309T091500Z\r\n"
        "SUMMARY:Stand-up\r\nEND:VEVENT\r\n"
        f"BEGIN:VEVENT\r\nUID:bomb\r\nSUMMARY:Bomb\r\n{rule_event}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


_ALL = ",".join(str(n) for n in range(60))
RECURRENCE_BOMBS = {
    "yearly-every-second": f"DTSTART:19000101T000000Z\r\nRRULE:FREQ=YEARLY;BYHOUR={','.join(map(str, range(24)))};"
                           f"BYMINUTE={_ALL};BYSECOND={_ALL}\r\n",
    "secondly-with-count": "DTSTART:19000101T000000Z\r\nRRULE:FREQ=SECONDLY;COUNT=2000000000\r\n",
    "monthly-byday-byminute": f"DTSTART:19000101T000000Z\r\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;"
                              f"BYHOUR=0,6,12,18;BYMINUTE={_ALL}\r\n",
    "never-matches": "DTSTART:19000101T000000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31\r\n",  # spins to 9999
}


@pytest.mark.parametrize("name", RECURRENCE_BOMBS)
def test_recurrence_bombs_are_skipped_and_the_other_events_kept(tmp_path: Path, name: str) -> None:
    (tmp_path / "work.ics").write_text(_calendar(RECURRENCE_BOMBS[name]), encoding="utf-8")
    result = _load(tmp_path)
    assert result["events"] == ["Stand-up"]
    assert len(result["problems"]) == 1 and "bomb" in result["problems"][0].lower(), result["problems"]


def test_a_calendar_past_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.ics"
    with path.open("wb") as handle:
        handle.write(b"BEGIN:VCALENDAR\r\n")
        handle.truncate(33 * 1024 * 1024)  # sparse: costs no disk
    result = _load(tmp_path, megabytes=200)
    assert result["events"] == [] and "file too large" in result["problems"][0]


REGEX_BOMBS = {
    "strike": "~~a " * 80_000,
    "table-rule": "- " * 160_000 + "x",
    "links": "[a" * 160_000,
    "link-targets": "[a](" * 80_000,
    "images": "![" * 160_000,
    "heading": "# " + "# " * 160_000 + "x",
    "emphasis": "*a " * 110_000,
    "html": "<" * 320_000,
    "spaces": " " * 320_000 + "x",
    "markdown-it-links": "[a" * 32_000,  # under the quick-path size: markdown-it's slowest input
}


@pytest.mark.parametrize("name", REGEX_BOMBS)
def test_regex_bombs_in_large_notes_are_linear(tmp_path: Path, name: str) -> None:
    """Large notes take the quick regex path; each crafted line used to cost tens of seconds (GIL held)."""
    (tmp_path / "note.md").write_text("# Plan\n\n" + REGEX_BOMBS[name] + "\n", encoding="utf-8")
    result = _load(tmp_path, seconds=4)
    assert [d[0] for d in result["documents"]] == ["Plan"] and not result["problems"]


def test_a_note_at_the_parse_cap_and_one_past_it(tmp_path: Path) -> None:
    from app.core.sources._text import MAX_PARSE_BYTES

    line = "The ferry leaves at nine. " * 3 + "\n"
    body = line * (MAX_PARSE_BYTES // len(line) + 2000)
    (tmp_path / "at.txt").write_text(body[:MAX_PARSE_BYTES], encoding="utf-8")
    (tmp_path / "past.txt").write_text(body, encoding="utf-8")
    result = _load(tmp_path, seconds=15)
    sizes = {title: length for title, length, _ in result["documents"]}
    assert set(sizes) == {"at", "past"} and all(length > 2_000_000 for length in sizes.values())


def _flate_pdf(stream: bytes, pages: int = 1) -> bytes:
    """A PDF whose pages share one FlateDecode content stream (``stream`` is already compressed)."""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    font = b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R " + font + b" >>"] * pages
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _deflated_zeros(megabytes: int) -> bytes:
    packer = zlib.compressobj(9)
    block = b"0" * (1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def test_a_pdf_inflate_bomb_stops_at_the_stream_cap(tmp_path: Path) -> None:
    (tmp_path / "bomb.pdf").write_bytes(_flate_pdf(_deflated_zeros(200)))  # 200 MB from ~200 KB
    result = _load(tmp_path, seconds=10, megabytes=500)
    assert result["documents"] == [] and "bomb.pdf" in result["problems"][0]


def test_a_pdf_with_too_many_pages_is_read_up_to_the_page_cap(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_mod, "MAX_PAGES", 40)  # the forked readers inherit it
    page = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Ferry news) Tj ET")
    (tmp_path / "book.pdf").write_bytes(_flate_pdf(page, pages=60))
    result = _load(tmp_path)
    assert not result["problems"], result["problems"]
    (_title, _, extra), = result["documents"]
    assert extra["pages"] == "60" and extra["truncated"] == "only the first 40 of 60 pages were read"


def test_a_deeply_nested_pdf_object_is_a_clear_error(tmp_path: Path) -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    page = _flate_pdf(zlib.compress(b"BT /F1 12 Tf (hi) Tj ET"))
    data = page.replace(b"/Type /Catalog", b"/Type /Catalog /X " + deep)
    (tmp_path / "deep.pdf").write_bytes(data)
    result = _load(tmp_path)
    assert result["documents"] == [] and "deep.pdf" in result["problems"][0]


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
              for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>Laughs</title><item><title>Ferry news</title>'
      "<description>&lol9;</description></item></channel></rss>\n"
)


def test_entity_expansion_in_a_feed_stays_bounded(tmp_path: Path) -> None:
    (tmp_path / "laughs.xml").write_text(BILLION_LAUGHS, encoding="utf-8")
    result = _load(tmp_path, megabytes=400)
    assert all(length < 2_000_000 for _, length, _ in result["documents"])


def test_deeply_nested_html_stays_bounded(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "Ferry at nine." + "</div>" * 100_000
                                        + "</body></html>", encoding="utf-8")
    _load(tmp_path, seconds=15)


def test_cancel_stops_a_calendar_that_is_still_expanding(tmp_path: Path) -> None:
    """Ten series that never match would take 20 s (2 s each); a cancel ends the read at once."""
    import threading
    import time

    from engines.cancel import CancelToken
    from engines.errors import Cancelled

    slow = "".join(f"BEGIN:VEVENT\r\nUID:bomb{i}\r\nSUMMARY:Bomb\r\n{RECURRENCE_BOMBS['never-matches']}END:VEVENT\r\n"
                   for i in range(10))
    (tmp_path / "slow.ics").write_text(_calendar(RECURRENCE_BOMBS["never-matches"]).replace(
        "END:VCALENDAR", slow + "END:VCALENDAR"), encoding="utf-8")
    cancel = CancelToken()
    timer = threading.Timer(0.5, cancel.cancel, args=("stopped by you",))  # the user presses Stop meanwhile
    started = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(Cancelled):
            load_sources([tmp_path], day=DAY, tz=UTC, cancel=cancel)
    finally:
        timer.cancel()
    assert time.perf_counter() - started < 3
