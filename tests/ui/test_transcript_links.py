"""Source links in the transcript open only web pages (http/https) or the user's own source files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from app.ui.transcript_widget import TranscriptLine, TranscriptWidget

HOSTILE = ["file:///etc/passwd", "smb://attacker.example/share", "javascript:alert(1)", "ms-settings:display",
           "vscode://file/etc/passwd", "FILE:///home", "data:text/html,<b>x</b>", " file:///x", "https://"]


@pytest.mark.parametrize("url", HOSTILE)
def test_a_feed_link_with_another_scheme_is_never_opened(qtbot: Any, url: str) -> None:
    opened: list[QUrl] = []
    widget = TranscriptWidget(opener=lambda link: opened.append(link) or True)
    qtbot.addWidget(widget)
    widget.set_lines([TranscriptLine("Ferry news.", url=url, source="news.xml"),
                      TranscriptLine("More.", source=url)])
    assert not widget.open_source(0) and not widget.open_source(1)
    assert opened == []


def test_web_links_and_local_source_files_still_open(qtbot: Any, tmp_path: Path) -> None:
    opened: list[QUrl] = []
    widget = TranscriptWidget(opener=lambda link: opened.append(link) or True)
    qtbot.addWidget(widget)
    note = tmp_path / "plan.md"
    widget.set_lines([TranscriptLine("a", url="https://news.example.org/ferry?id=3"),
                      TranscriptLine("b", source="http://news.example.org/feed.xml"),
                      TranscriptLine("c", source=str(note))])
    assert widget.open_source(0) and widget.open_source(1) and widget.open_source(2)
    assert [u.toString() for u in opened] == ["https://news.example.org/ferry?id=3",
                                              "http://news.example.org/feed.xml", note.as_uri()]
