"""load_sources: folders walked, files dispatched, one bad file never stops the others."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pdfgen import encrypt_pdf, make_pdf

from app.core.sources._text import MAX_TEXT_CHARS
from app.core.sources.load import ImportResult, load_sources
from engines.cancel import CancelToken
from engines.errors import Cancelled
from engines.paths import assets_dir

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
DAY = date(2026, 3, 10)

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>
<item><title>Dam inspection passed</title><pubDate>Tue, 10 Mar 2026 05:00:00 GMT</pubDate>
<description>The Orrin dam passed its 5-year inspection.</description></item></channel></rss>"""
CALENDAR = """BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n
DTSTART:20260310T083000Z\r\nDTEND:20260310T090000Z\r\nSUMMARY:Budget sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n""".replace(
    "\r\n\n", "\r\n"
)


def build_folder(root: Path) -> dict[str, Path]:
    """A realistic mix: good files of each kind beside broken ones, nested, with hidden files."""
    files = {
        "feed": root / "news" / "valley.xml",
        "calendar": root / "calendar.ics",
        "note": root / "notes" / "todo.md",
        "text": root / "notes" / "deep" / "memo.txt",
        "pdf": root / "docs" / "report.pdf",
        "html": root / "saved" / "page.html",
        "encrypted": root / "docs" / "locked.pdf",
        "not_feed": root / "news" / "layout.xml",
        "binary_note": root / "notes" / "photo.md",
        "unknown": root / "data.xyz",
        "hidden": root / ".secret.md",
        "hidden_dir_file": root / ".git" / "HEAD.txt",
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    files["feed"].write_text(FEED)
    files["calendar"].write_text(CALENDAR)
    files["note"].write_text("# Groceries\n\n- oat milk\n- 6 eggs\n")
    files["text"].write_text("Pick up the parcel at counter 3.")
    files["pdf"].write_bytes(make_pdf(["Quarterly revenue grew 11 percent."], title="Q1 report"))
    files["html"].write_text("<html><head><title>Ferry</title></head><body><p>The 7:40 is late.</p></body></html>")
    files["encrypted"].write_bytes(encrypt_pdf(make_pdf(["hidden"]), user_password="pw"))
    files["not_feed"].write_text("<html><body><div>Layout, not a feed</div></body></html>")
    files["binary_note"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    files["unknown"].write_text("1,2,3")
    files["hidden"].write_text("# should be skipped")
    files["hidden_dir_file"].write_text("ref: refs/heads/main")
    return files


def test_folder_mix_loads_good_files_and_reports_each_bad_one(tmp_path: Path) -> None:
    files = build_folder(tmp_path)
    result = load_sources([tmp_path, tmp_path / "missing.md"], day=DAY, tz=BERLIN)
    assert isinstance(result, ImportResult)

    assert sorted(d.title for d in result.documents) == [
        "Dam inspection passed", "Ferry", "Groceries", "Q1 report", "memo",
    ]
    assert [e.title for e in result.events] == ["Budget sync"]
    assert result.events[0].time == datetime.combine(DAY, time(9, 30), tzinfo=BERLIN)

    problems = {Path(p.path).name: p for p in result.problems}
    assert set(problems) == {"locked.pdf", "layout.xml", "photo.md", "data.xyz", "missing.md"}
    assert problems["locked.pdf"].problem == "encrypted PDF (password protected)"
    assert "not an RSS or Atom feed" in problems["layout.xml"].problem
    assert "binary file" in problems["photo.md"].problem
    assert problems["data.xyz"].problem == "unsupported file type .xyz"
    assert problems["data.xyz"].code == "source.unsupported"
    assert problems["missing.md"].code == "source.missing"
    for problem in result.problems:
        assert problem.path in str(problem)

    # Every file looked at, sorted; a folder's files before its sub-folders; hidden names skipped.
    assert result.files == [
        files["calendar"], files["unknown"], files["encrypted"], files["pdf"], files["not_feed"], files["feed"],
        files["binary_note"], files["note"], files["text"], files["html"],
    ]


def test_document_times_are_in_the_users_zone(tmp_path: Path) -> None:
    build_folder(tmp_path)
    result = load_sources([tmp_path / "news"], day=DAY, tz=BERLIN)
    (item,) = result.documents
    assert item.time == datetime(2026, 3, 10, 6, 0, tzinfo=BERLIN)
    assert item.time.tzinfo == BERLIN


def test_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    files = build_folder(tmp_path)
    result = load_sources([files["note"], tmp_path / "notes", str(files["note"])], day=DAY, tz=BERLIN)
    assert [d.title for d in result.documents].count("Groceries") == 1


def test_files_without_an_extension_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "feed").write_text(FEED)
    (tmp_path / "cal").write_text(CALENDAR)
    (tmp_path / "README").write_text("just words")
    result = load_sources([tmp_path], day=DAY, tz=UTC)
    assert [d.title for d in result.documents] == ["Dam inspection passed"]
    assert [e.title for e in result.events] == ["Budget sync"]
    assert [p.problem for p in result.problems] == ["unsupported file type (no extension)"]


def test_huge_document_is_kept_but_truncated_with_a_note(tmp_path: Path) -> None:
    paragraph = "The committee met again and discussed the harbour budget at length.\n\n"
    path = tmp_path / "minutes.txt"
    path.write_text(paragraph * (3 * MAX_TEXT_CHARS // len(paragraph)))
    result = load_sources([path], day=DAY, tz=UTC)
    (doc,) = result.documents
    assert MAX_TEXT_CHARS - 5000 < len(doc.text) <= MAX_TEXT_CHARS
    assert doc.text.endswith("at length.")
    assert "cut from" in doc.extra["truncated"]
    assert result.problems == []


def test_cancel_stops_between_files(tmp_path: Path) -> None:
    build_folder(tmp_path)
    token = CancelToken()
    token.cancel("user pressed stop")
    with pytest.raises(Cancelled):
        load_sources([tmp_path], day=DAY, tz=UTC, cancel=token)


def test_nothing_given_is_an_empty_result() -> None:
    assert load_sources([], day=DAY, tz=UTC) == ImportResult(documents=[], events=[], problems=[], files=[])


def test_demo_sources_load_cleanly_on_any_day() -> None:
    folder = assets_dir() / "demo" / "sources"
    for day in (date(2026, 1, 15), date(2026, 7, 1), date(2031, 2, 28)):
        result = load_sources([folder], day=day, tz=UTC)
        assert result.problems == []
        assert [f.name for f in result.files] == ["article.html", "calendar.ics", "news.xml", "notes.md"]
        events = result.events
        assert events[0].all_day and events[0].title == "Release freeze for Lantern 2.4"
        first_meeting = events[1]
        assert first_meeting.time == datetime.combine(day, time(9, 30), tzinfo=UTC)
        assert "Priya Raman" in first_meeting.title
        berlin_call = next(e for e in events if "Jonas Weber" in e.title)
        assert berlin_call.time.astimezone(BERLIN).time() == time(16, 0)
        assert len(events) == 4
    kinds = sorted(d.kind for d in result.documents)
    assert kinds == ["feed_item"] * 5 + ["note", "web_page"]
    text = " ".join(d.text for d in result.documents)
    for fact in ("Marrow Tern", "Ines Okafor", "212 bike racks", "1,850 euros", "9.6 gigawatt hours"):
        assert fact in text
