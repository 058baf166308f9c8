"""The assistant conversation: your words (live while you speak), replies streamed, each labelled."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.ui.theme import current_colours


@dataclass
class Exchange:
    question: str = ""
    question_final: bool = False
    reply: str = ""
    label: str = ""
    interrupted: bool = False
    notes: list[str] = field(default_factory=list)


class ConversationWidget(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Conversation"))
        self.exchanges: list[Exchange] = []
        self.placeholder = self.tr("Ask about your day: “What's my first meeting?”, “Brief me”, “Make a podcast "
                                   "about…”")
        self._render()

    def _current(self) -> Exchange:
        if not self.exchanges or (self.exchanges[-1].reply and self.exchanges[-1].label):
            self.exchanges.append(Exchange())
        return self.exchanges[-1]

    def set_partial(self, text: str, final: bool = False) -> None:
        exchange = self._current()
        exchange.question = text
        exchange.question_final = final
        self._render()

    def add_reply_text(self, text: str) -> None:
        exchange = self.exchanges[-1] if self.exchanges else self._current()
        exchange.reply += text
        self._render()

    def finish_reply(self, label: str, interrupted: bool = False) -> None:
        if not self.exchanges:
            return
        self.exchanges[-1].label = label or "—"
        self.exchanges[-1].interrupted = interrupted
        self._render()

    def add_note(self, text: str) -> None:
        exchange = self.exchanges[-1] if self.exchanges else self._current()
        exchange.notes.append(text)
        self._render()

    def _render(self) -> None:
        c = current_colours()
        if not self.exchanges:
            self.setHtml(f"<p style='color:{c.muted}'>{html.escape(self.placeholder)}</p>")
            return
        parts = []
        you, interrupted = html.escape(self.tr("You")), html.escape(self.tr("interrupted"))
        for e in self.exchanges:
            style = "" if e.question_final else "font-style:italic"
            if e.question:
                parts.append(f"<p style='margin:12px 0 4px 0'><b>{you}</b><br><span style='{style}'>"
                             f"{html.escape(e.question)}</span></p>")
            if e.reply:
                parts.append(f"<p style='margin:4px 0 2px 0'><b>Daycast</b><br>{html.escape(e.reply)}</p>")
            if e.label:
                stopped = f" · {interrupted}" if e.interrupted else ""
                parts.append(f"<p style='margin:0 0 8px 0; color:{c.muted}; font-size:9pt'>"
                             f"{html.escape(e.label)}{stopped}</p>")
            for note in e.notes:
                parts.append(f"<p style='color:{c.warning}; font-size:9pt'>{html.escape(note)}</p>")
        self.setHtml("".join(parts))
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
