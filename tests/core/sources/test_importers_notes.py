"""Markdown and text notes: readable text, titles, encodings, and binary files refused."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.sources.load import load_note
from engines.errors import SourceError

MARKDOWN = """---
tags: [work]
---
# Weekly plan

Call **Ines** about the [Sparrow 2 order](https://example.org/order) and check `build 412`.
This line wraps
onto the next one.

## To do
- [ ] Renew the permit: 64 euros
- [x] Book the train
1. First step
2. Second step

| Item | Cost |
|------|------|
| Lens | 120  |

> Quoted advice.

![Site map](map.png)
<div class="x">Inline <b>html</b> block</div>
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_markdown_becomes_readable_text_with_the_first_heading_as_title(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.md", MARKDOWN.encode())
    doc = load_note(path)
    assert doc.title == "Weekly plan"
    assert doc.kind == "note"
    assert doc.source == "plan.md"
    assert "Call Ines about the Sparrow 2 order and check build 412." in doc.text
    assert "This line wraps onto the next one." in doc.text
    assert "Renew the permit: 64 euros\n(done) Book the train" in doc.text
    assert "1. First step\n2. Second step" in doc.text
    assert "Item, Cost\nLens, 120" in doc.text
    assert "Quoted advice." in doc.text and "Site map" in doc.text and "Inline html block" in doc.text
    for syntax in ("**", "](", "`", "# ", "[ ]", "|", "<b>", "tags:", "---"):
        assert syntax not in doc.text, syntax


def test_front_matter_title_wins_and_file_name_is_the_fallback(tmp_path: Path) -> None:
    with_front = write(tmp_path, "a.md", b"---\ntitle: \"Board minutes\"\n---\n# Item one\ntext\n")
    assert load_note(with_front).title == "Board minutes"
    no_heading = write(tmp_path, "harbour_trip-notes.markdown", b"Just some *text*.\n")
    assert load_note(no_heading).title == "harbour trip notes"
    assert load_note(no_heading).text == "Just some text."


def test_plain_text_is_kept_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.txt", b"# not a heading in plain text\r\nLine two\twith a tab\r\n\r\n\r\n\r\nEnd\n")
    doc = load_note(path)
    assert doc.title == "memo"
    assert doc.text == "# not a heading in plain text\nLine two\twith a tab\n\nEnd"


def test_time_is_the_file_modification_time(tmp_path: Path) -> None:
    path = write(tmp_path, "t.txt", b"hello")
    stamp = datetime(2026, 3, 10, 8, 30, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    assert load_note(path).time == datetime(2026, 3, 10, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café crème, 5 €".encode() , "utf-8"),
        (b"\xef\xbb\xbf" + "Café crème, 5 €".encode(), "utf-8-sig"),
        ("Café crème, 5 €".encode("cp1252"), "cp1252"),
        ("Café crème, 5 €".encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = load_note(write(tmp_path, "enc.txt", data))
    assert doc.text == "Café crème, 5 €"
    assert doc.extra["encoding"] == encoding


def test_latin1_is_the_last_resort(tmp_path: Path) -> None:
    doc = load_note(write(tmp_path, "l1.txt", b"caf\xe9 \x81 ok"))  # 0x81 is undefined in cp1252
    assert doc.extra["encoding"] == "latin-1"
    assert doc.text == "café ok"  # the C1 control character is stripped


def test_control_characters_are_stripped_but_newlines_and_tabs_kept(tmp_path: Path) -> None:
    doc = load_note(write(tmp_path, "c.txt", "a\x1b[2Jb\u202ec\tcol\nnext\x08line".encode()))
    assert doc.text == "a[2Jbc\tcol\nnextline"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        ("blob.txt", bytes(range(256)) * 4, "binary file, not text"),
        ("empty.md", b"", "empty file"),
        ("blank.txt", b"  \n\t\n  ", "empty file"),
        ("syntax-only.md", b"---\n\n***\n", "empty file"),
    ],
)
def test_binary_and_empty_notes_raise_source_error(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(SourceError) as raised:
        load_note(path)
    assert str(path) in str(raised.value)
    assert expected in raised.value.problem


def test_very_large_note_is_read_from_its_head_without_breaking_the_encoding(tmp_path: Path) -> None:
    line = "Überprüfung der Hafenkräne — Kran 7 läuft wieder.\n"
    path = write(tmp_path, "huge.txt", (line * (9 * 1024 * 1024 // len(line.encode()) + 10)).encode())
    doc = load_note(path)
    assert doc.extra["encoding"] == "utf-8"
    assert "only the first" in doc.extra["truncated"]
    assert doc.text.endswith("Kran 7 läuft wieder.")


def test_large_markdown_takes_the_quick_path_and_still_reads_cleanly(tmp_path: Path) -> None:
    block = "## Shift log\n\n- [x] Checked **crane 7** ([report](http://e.org/r))\n- [ ] Oil the `winch`\n\n"
    path = write(tmp_path, "log.md", ("# Harbour log\n\n" + block * 5000).encode())
    assert path.stat().st_size > 256 * 1024
    doc = load_note(path)
    assert doc.title == "Harbour log"
    assert doc.text.startswith("Harbour log\n\nShift log\n\n(done) Checked crane 7 (report)\nOil the winch")
    for syntax in ("**", "](", "`", "# ", "[ ]", "[x]", "- "):
        assert syntax not in doc.text, syntax


@pytest.mark.parametrize("repeat", [1, 5000], ids=["small, full parser", "large, quick path"])
def test_entities_and_escapes_read_the_same_in_small_and_large_notes(tmp_path: Path, repeat: int) -> None:
    block = "Fish &amp; chips&nbsp;today, 5 &lt; 6, \\*not emphasis\\* and 100\\% done.\n\n"
    doc = load_note(write(tmp_path, "menu.md", ("# Tom &amp; Jerry\n\n" + block * repeat).encode()))
    assert doc.title == "Tom & Jerry"
    first = doc.text.split("\n\n")[1]
    assert first.replace("\u00a0", " ") in ("Fish & chips today, 5 < 6, *not emphasis* and 100% done.",
                                             "Fish & chips today, 5 < 6, not emphasis and 100% done.")
