"""PDFs made by the test (pdfgen) -> text per page; encrypted, scanned and broken PDFs -> SourceError."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pdfgen import encrypt_pdf, make_pdf

from app.core.sources.load import load_pdf
from engines.errors import SourceError


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def report_pdf(title: str | None = "Harbour Survey 2026") -> bytes:
    return make_pdf(
        [["Harbour survey", "Divers counted 312 mooring chains (2 broken)."], ["Page two: costs rise to 4.2 million."]],
        title=title,
    )


def test_text_of_every_page_title_and_date_from_metadata(tmp_path: Path) -> None:
    doc = load_pdf(write(tmp_path, "survey.pdf", report_pdf()))
    assert doc.kind == "pdf"
    assert doc.title == "Harbour Survey 2026"
    assert doc.source == "survey.pdf"
    assert "Divers counted 312 mooring chains (2 broken)." in doc.text
    assert "Page two: costs rise to 4.2 million." in doc.text
    assert doc.text.index("Divers") < doc.text.index("Page two")
    assert doc.extra["pages"] == "2"
    assert doc.time == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    doc = load_pdf(write(tmp_path, "q3_board-pack.pdf", report_pdf(title=None)))
    assert doc.title == "q3 board pack"


def test_pdf_encrypted_only_against_editing_opens(tmp_path: Path) -> None:
    doc = load_pdf(write(tmp_path, "locked-edit.pdf", encrypt_pdf(report_pdf(), user_password="")))
    assert "312 mooring chains" in doc.text


def test_password_protected_pdf_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.pdf", encrypt_pdf(report_pdf(), user_password="hunter2"))
    with pytest.raises(SourceError) as raised:
        load_pdf(path)
    assert raised.value.problem == "encrypted PDF (password protected)"
    assert raised.value.code == "source.encrypted"
    assert str(path) in str(raised.value)


def test_pdf_without_a_text_layer_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf(["ignored", "ignored"], draw_only=True))
    with pytest.raises(SourceError) as raised:
        load_pdf(path)
    assert raised.value.problem == "no text layer (scanned?)"
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (report_pdf()[:40], "malformed PDF"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "malformed PDF"),
        (b"Plain words in a file named .pdf", "not a PDF file"),
        (b"", "empty file"),
    ],
    ids=["truncated", "corrupt", "not-pdf", "empty"],
)
def test_broken_pdfs_raise_source_error_naming_the_file(tmp_path: Path, data: bytes, expected: str) -> None:
    path = write(tmp_path, "broken.pdf", data)
    with pytest.raises(SourceError) as raised:
        load_pdf(path)
    assert str(path) in str(raised.value)
    assert expected in raised.value.problem


@pytest.mark.parametrize("keep", [0.5, 0.75, 0.99])
def test_pdf_cut_short_is_reported_as_malformed(tmp_path: Path, keep: float) -> None:
    data = report_pdf()
    path = write(tmp_path, "cut.pdf", data[: int(len(data) * keep)])  # a partial download: no trailer
    with pytest.raises(SourceError) as raised:
        load_pdf(path)
    assert str(path) in str(raised.value)
    assert "malformed PDF" in raised.value.problem
