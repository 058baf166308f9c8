"""The podcast's hook into grounding: each turn's sentences checked against its chapter's documents."""

from __future__ import annotations

from collections.abc import Iterable

from app.core.documents import Document
from app.core.podcast.script import Turn
from app.core.trust.grounding import Grounder, GroundingCounts, Source, llm_rewrite
from engines.cancel import CancelToken
from engines.protocols import LanguageModel


def attributions(documents: Iterable[Document]) -> tuple[str, ...]:
    """Who published or wrote each document (a feed's name, an author): a host may credit them, though
    the text itself never names them ("the Port Alder Gazette reports...")."""
    return tuple(name for d in documents for name in (d.extra.get("feed"), d.extra.get("author")) if name)


def chapter_grounder(documents: Iterable[Document], allow: Iterable[str], llm: LanguageModel | None,
                     counts: GroundingCounts, cancel: CancelToken | None = None) -> Grounder:
    """A grounder for one chapter: its documents' own text (not the condensed notes) is the source;
    ``allow`` holds the names a host may say that no document holds (the hosts, the show, the title)."""
    documents = list(documents)
    text = "\n\n".join(f"{d.title}.\n{d.text}" for d in documents)
    rewrite = llm_rewrite(llm, cancel, task="podcast") if llm is not None else None
    return Grounder(Source(text, allow=(*allow, *attributions(documents))), rewrite, counts=counts)


def ground_turn(grounder: Grounder, turn: Turn) -> Turn:
    """``turn`` with every sentence grounded; its text is empty when nothing of it could stand."""
    return Turn(turn.speaker, grounder.ground_text(turn.text))
