"""A document's own structure reaches ``Document.sections``: Markdown headings, HTML h1-h3, numbered
sections in plain text, a PDF's outline or its pages. Numbered to-do lists are not structure."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfgen import make_pdf
from pypdf import PdfReader, PdfWriter

from app.core.sources.html import load_html
from app.core.sources.notes import load_note
from app.core.sources.pdf import load_pdf
from app.core.sources.structure import main_sections, numbered_headings, plain_title
from bench.longdoc import SECTIONS, write_long_document

TITLES = [s.title for s in SECTIONS]


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_long_document_sections_are_its_six_main_sections(tmp_path: Path, fmt: str) -> None:
    path = write_long_document(tmp_path, fmt, scale=0.2)
    doc = load_html(path) if fmt == "html" else load_note(path)
    main = main_sections(doc.sections)
    assert [s.title for s in main] == TITLES
    for section, expected in zip(main, SECTIONS, strict=True):
        for name in expected.names:  # each section carries its own people, and not the next section's
            assert name in section.text
        assert expected.subsections[1] in section.text  # subsections are folded into their main section
    assert SECTIONS[1].names[0] not in main[0].text


def test_numbered_lists_are_not_sections() -> None:
    todo = "Things to do\n\n1. Call the plumber about the boiler\n2. Pay the rent\n3. Buy bread\n"
    assert numbered_headings(todo) == []
    out_of_order = "Intro\n\n1. First part\n\nText here.\n\n3. Third part\n\nMore text.\n"
    assert numbered_headings(out_of_order) == []
    assert plain_title("Chapter IV The Flood") == "The Flood" and plain_title("2019") == "2019"


def _outlined_pdf(pages: list[list[str]], outline: list[tuple[int, str]]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(pages, title="Harbour report"))))
    for page, title in outline:
        writer.add_outline_item(title, page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_outline_entries_become_sections_by_page(tmp_path: Path) -> None:
    pages = [["The harbour report, page one.", "Brigid Tallowmere signed it."], ["Still the charter, page two."],
             ["The flood of 1781 broke the wall."], ["Osric Vell rowed the boats."]]
    path = tmp_path / "report.pdf"
    path.write_bytes(_outlined_pdf(pages, [(0, "The charter"), (2, "The flood")]))
    doc = load_pdf(path)
    assert [(s.title, s.page) for s in doc.sections] == [("The charter", 1), ("The flood", 3)]
    assert "page two" in doc.sections[0].text and "Osric Vell" in doc.sections[1].text
    assert "Osric Vell" not in doc.sections[0].text


def test_long_pdf_without_outline_is_cut_into_page_runs(tmp_path: Path) -> None:
    line = "The quay was busy with carts and boats from early morning until late in the evening."
    pages = [[f"Page {n} of the harbour book."] + [line] * 30 for n in range(1, 9)]
    path = tmp_path / "book.pdf"
    path.write_bytes(make_pdf(pages))
    doc = load_pdf(path)
    assert [s.title for s in doc.sections] == [f"Page {n}" for n in range(1, 9)]
    short = tmp_path / "short.pdf"
    short.write_bytes(make_pdf([["One short page."]]))
    assert load_pdf(short).sections == ()
