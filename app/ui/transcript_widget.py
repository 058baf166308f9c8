"""The spoken transcript: the sentence being heard is highlighted, each item links to its source.

Clicking a sentence seeks there; clicking a source link opens the file or web page (through an
injectable opener, ``QDesktopServices.openUrl`` by default). Lines are any objects with ``text``,
``start``, ``end``, ``source``, ``url`` and ``kind`` (the briefing's and podcast's spoken lines).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.ui.theme import current_colours

WEB_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class TranscriptLine:
    text: str
    start: float = -1.0
    end: float = -1.0
    source: str = ""
    url: str = ""
    kind: str = ""
    title: str = ""
    speaker: str = ""

    @classmethod
    def of(cls, line: Any) -> TranscriptLine:
        return cls(
            text=str(getattr(line, "text", line)), start=float(getattr(line, "start", -1.0)),
            end=float(getattr(line, "end", -1.0)), source=str(getattr(line, "source", "") or ""),
            url=str(getattr(line, "url", "") or ""), kind=str(getattr(line, "kind", "") or ""),
            title=str(getattr(line, "title", "") or ""), speaker=str(getattr(line, "speaker", "") or ""),
        )

    def link(self) -> QUrl | None:
        """Where the source link goes: a web address (http/https only) or the local source file.

        A link written by a feed or a page is untrusted: ``file:``, ``smb:``, ``javascript:`` or a
        custom handler's scheme must never reach the desktop's opener.
        """
        for text in (self.url, self.source if "://" in self.source else ""):
            if text:
                return _web_link(text)
        if not self.source or (_SCHEME.match(self.source) and not Path(self.source).drive):
            return None  # "mailto:x", "smb:share"...: a scheme without //, not a path of ours
        return QUrl.fromLocalFile(str(Path(self.source).expanduser()))


def _web_link(text: str) -> QUrl | None:
    url = QUrl(text.strip(), QUrl.ParsingMode.StrictMode)
    return url if url.isValid() and url.scheme().lower() in WEB_SCHEMES and url.host() else None


def source_label(line: TranscriptLine) -> str:
    name = line.title or (Path(line.source).name if line.source and "://" not in line.source else line.source)
    return name or line.url


class TranscriptWidget(QTextBrowser):
    seek_requested = Signal(float)
    source_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None, opener: Callable[[QUrl], bool] | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Transcript"))
        self.setAccessibleDescription(self.tr("The spoken text; the sentence being heard is highlighted. "
                                      "Links open each item's source."))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._opener = opener if opener is not None else QDesktopServices.openUrl
        self.lines: list[TranscriptLine] = []
        self._starts: list[float] = []
        self.current_index = -1
        self.placeholder = self.tr("Nothing yet.")
        self._render()

    # --- content ---------------------------------------------------------------------------------

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        if not self.lines:
            self._render()

    def set_lines(self, lines: Sequence[Any]) -> None:
        self.lines = [TranscriptLine.of(line) for line in lines]
        self._starts = [line.start for line in self.lines]
        self.current_index = -1
        self._render()

    def append_live(self, text: str, speaker: str = "") -> None:
        """A sentence as it is written, before timings exist."""
        self.lines.append(TranscriptLine(text=text, speaker=speaker))
        self._starts.append(-1.0)
        self._render()
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def clear_lines(self) -> None:
        self.set_lines([])

    # --- following playback ----------------------------------------------------------------------

    def index_at(self, seconds: float) -> int:
        """The line being spoken at ``seconds`` (-1 before the first)."""
        if not self._starts or self._starts[0] < 0:
            return -1
        index = bisect.bisect_right(self._starts, seconds) - 1
        return index if index >= 0 else -1

    def set_position(self, seconds: float) -> None:
        index = self.index_at(seconds)
        if index != self.current_index:
            self.current_index = index
            self._render()
            if index >= 0:
                self.scrollToAnchor(f"l{index}")

    def open_source(self, index: int) -> bool:
        link = self.lines[index].link() if 0 <= index < len(self.lines) else None
        if link is None:
            return False
        self.source_opened.emit(link.toString())
        return bool(self._opener(link))

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, value = url.toString().partition(":")
        if not value.isdigit():
            return
        index = int(value)
        if kind == "seek" and 0 <= index < len(self.lines) and self.lines[index].start >= 0:
            self.seek_requested.emit(self.lines[index].start)
        elif kind == "src":
            self.open_source(index)

    # --- rendering -------------------------------------------------------------------------------

    def _render(self) -> None:
        c = current_colours()
        if not self.lines:
            self.setHtml(f"<p style='color:{c.muted}'>{html.escape(self.placeholder)}</p>")
            return
        parts: list[str] = []
        previous_source = None
        from_word = self.tr("From")
        for index, line in enumerate(self.lines):
            if line.source and line.source != previous_source and line.kind in ("item", "opening", ""):
                parts.append(
                    f"<p style='margin:14px 0 2px 0; color:{c.muted}; font-size:9pt'>{from_word} "
                    f"<a href='src:{index}' style='color:{c.accent}'>{html.escape(source_label(line))}</a> ↗</p>"
                )
            previous_source = line.source or previous_source
            parts.append(self._line_html(index, line, c))
        self.setHtml("<div style='line-height:140%'>" + "".join(parts) + "</div>")

    def _line_html(self, index: int, line: TranscriptLine, c: Any) -> str:
        style = f"color:{c.text}; text-decoration:none"
        if index == self.current_index:
            style += f"; background-color:{c.highlight_line}; font-weight:600"
        if line.kind == "disclosure":
            style += f"; color:{c.muted}; font-style:italic"
        speaker = f"<b>{html.escape(line.speaker)}:</b> " if line.speaker else ""
        body = html.escape(line.text)
        if line.start >= 0:
            body = f"<a href='seek:{index}' style='{style}'>{body}</a>"
        else:
            body = f"<span style='{style}'>{body}</span>"
        return f"<p style='margin:2px 0'><a name='l{index}'></a>{speaker}{body}</p>"
