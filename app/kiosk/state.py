"""The kiosk's session, without Qt: which view is up, what the visitor asked, and the reset on idle."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

View = Literal["home", "activity", "attract"]


@dataclass
class Exchange:
    question: str
    reply: str = ""


@dataclass
class KioskSession:
    """One visitor's session. ``reset`` clears it: the next visitor never sees the last one's questions."""

    view: View = "home"
    exchanges: list[Exchange] = field(default_factory=list)
    resets: int = 0

    def ask(self, question: str) -> Exchange:
        exchange = Exchange(question.strip())
        self.exchanges.append(exchange)
        return exchange

    def answer(self, text: str) -> None:
        if not self.exchanges:
            self.exchanges.append(Exchange(""))
        self.exchanges[-1].reply += text

    def reset(self) -> None:
        self.exchanges.clear()
        self.view = "home"
        self.resets += 1

    @property
    def transcript(self) -> str:
        parts = []
        for e in self.exchanges:
            if e.question:
                parts.append(f"You: {e.question}")
            if e.reply:
                parts.append(f"Daycast: {e.reply.strip()}")
        return "\n".join(parts)

