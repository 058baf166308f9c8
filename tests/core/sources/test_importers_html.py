"""Saved web pages -> the article's main text; pages with nothing to read -> SourceError."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.sources.load import load_html
from engines.errors import SourceError

PAGE = """<!DOCTYPE html>
<!-- saved from url=(0040)https://news.example.org/2026/lighthouse -->
<html><head>
<meta charset="{charset}">
<title>Lighthouse keeper retires | Coast News</title>
<meta name="author" content="Lena Varga">
<meta property="og:title" content="Lighthouse keeper retires after 31 years">
<meta property="article:published_time" content="2026-03-09">
<script>var tracking = "should never appear";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/login">Log in</a></nav>
<article>
<h1>Lighthouse keeper retires after 31 years</h1>
<p>Håkon Brekke, who kept the Skarvik light since 1995, climbed its 214 steps for the last time on Sunday.</p>
<p>The light was automated in 2019, but Brekke stayed on to look after the lenses and the weather station.</p>
<p>The town will hold a farewell concert at the harbour on 21 March, with the brass band playing.</p>
</article>
<footer>Copyright Coast News. All rights reserved. Subscribe now!</footer>
</body></html>
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_main_text_title_author_and_address_are_extracted(tmp_path: Path) -> None:
    doc = load_html(write(tmp_path, "lighthouse.html", PAGE.format(charset="utf-8").encode()))
    assert doc.kind == "web_page"
    assert doc.title == "Lighthouse keeper retires after 31 years"
    assert doc.source == "lighthouse.html"
    assert doc.url == "https://news.example.org/2026/lighthouse"
    assert doc.extra["author"] == "Lena Varga"
    assert doc.extra["published"] == "2026-03-09"
    assert "Håkon Brekke, who kept the Skarvik light since 1995, climbed its 214 steps" in doc.text
    assert "farewell concert at the harbour on 21 March" in doc.text
    for noise in ("should never appear", "Log in", "Subscribe now", "<p>"):
        assert noise not in doc.text


def test_declared_charset_is_respected(tmp_path: Path) -> None:
    data = PAGE.format(charset="iso-8859-1").encode("iso-8859-1")
    doc = load_html(write(tmp_path, "latin.htm", data))
    assert "Håkon Brekke" in doc.text


def test_tiny_page_still_gives_its_text(tmp_path: Path) -> None:
    page = b"<html><head><title>Gate code</title></head><body><p>The gate code is 4471.</p></body></html>"
    doc = load_html(write(tmp_path, "gate.html", page))
    assert doc.text == "The gate code is 4471."
    assert doc.title == "Gate code"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<html><head><script>var a = 1;</script></head><body>  </body></html>", "no readable text"),
        (b"<<<>>><<<///>>>", "no readable text"),
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
    ],
    ids=["scripts-only", "tag-soup", "empty", "binary"],
)
def test_pages_without_text_raise_source_error_naming_the_file(tmp_path: Path, data: bytes, expected: str) -> None:
    path = write(tmp_path, "page.html", data)
    with pytest.raises(SourceError) as raised:
        load_html(path)
    assert str(path) in str(raised.value)
    assert expected in raised.value.problem
