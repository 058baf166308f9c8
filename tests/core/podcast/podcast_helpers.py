"""Podcast test helpers: the three test documents, a hand-written script, counting TTS and LLM wrappers."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.events import Finished, PipelineEvent
from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast
from app.core.podcast.script import Host, Script, ScriptChapter, Turn
from app.core.trust.disclosure import disclosure_text
from engines.cancel import CancelToken
from engines.types import AudioChunk

PIPER = "piper:en_US-joe-medium"
KOKORO = "kokoro:jf_gongitsune"
HOSTS = (Host("Alex", PIPER, 1.0), Host("Sam", KOKORO, 1.05))

BRIDGE_LINES = [
    "The Millbrook footbridge opened on 3 March 2026 after two years of work.",
    "It spans 140 metres across the river Wendle and cost 4.2 million euros.",
    "About 3,000 people crossed it on the first day. The old ferry service stops in June.",
]
BEES_MD = """# Bees on the rooftops

The city council counted **412 beehives** on rooftops this year, up from 150 in 2022.

- Beekeeper Tomas Rey says a rooftop hive gives about 15 kilograms of honey.
- Lime trees along the canals are the main nectar source in July.
"""
MARKET_HTML = """<!doctype html><html><head><title>The harbour night market</title></head><body>
<article><h1>The harbour night market</h1>
<p>A night market opens every Friday evening by the old harbour, from 6 pm to midnight.</p>
<p>Forty stalls sell street food, books and bicycles; entry is free.</p></article></body></html>
"""


def _pdfgen() -> Any:
    """The importer tests' hand-written PDF generator, loaded from its folder."""
    name = "podcast_pdfgen"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "sources" / "pdfgen.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]


def write_documents(folder: Path) -> list[Path]:
    """A PDF (hand-made with the importer tests' generator), a Markdown note and a saved HTML page."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "bridge.pdf"
    pdf.write_bytes(_pdfgen().make_pdf([BRIDGE_LINES], title="The Millbrook footbridge"))
    md = folder / "bees.md"
    md.write_text(BEES_MD, encoding="utf-8")
    html = folder / "market.html"
    html.write_text(MARKET_HTML, encoding="utf-8")
    return [pdf, md, html]


def handwritten_script(hosts: tuple[Host, Host] = HOSTS) -> Script:
    a, b = hosts[0].name, hosts[1].name
    return Script(
        title="Bridges, bees and a night market",
        hosts=hosts,
        summary=f"{a} and {b} talk about a footbridge, rooftop bees and a night market.",
        chapters=(
            ScriptChapter("Introduction", (
                Turn(a, f"{disclosure_text('full')} Welcome to Daycast. I'm {a}."),
                Turn(b, f"And I'm {b}. Today we talk about a new bridge, city bees and a night market."),
            ), (), "intro"),
            ScriptChapter("The Millbrook footbridge", (
                Turn(a, "So what opened in Millbrook this spring?"),
                Turn(b, "A footbridge across the river Wendle. It is one hundred and forty meters long."),
                Turn(a, "Really?"),
                Turn(b, "Yes, and three thousand people walked over it on the first day."),
            ), ("bridge.pdf",)),
            ScriptChapter("Bees on the rooftops", (
                Turn(a, "Now, bees. Where do they live in the city?"),
                Turn(b, "On rooftops. The council counted four hundred and twelve hives this year."),
                Turn(a, "That is a lot of honey."),
            ), ("bees.md",)),
            ScriptChapter("The harbour night market", (
                Turn(b, "Finally, a night market opens on Friday evenings by the old harbor."),
                Turn(a, "I will bring my appetite."),
            ), ("market.html",)),
            ScriptChapter("Wrap-up", (
                Turn(a, "That's our episode. Thanks for listening."),
                Turn(b, "Goodbye, everyone!"),
            ), (), "outro"),
        ),
    )


class CountingTTS:
    """The real engine, counting ``synthesize`` calls; ``on_call(n)`` runs before call n (1-based).

    Used to prove which segments a render re-made, and to stop a render at a chosen point.
    """

    def __init__(self, inner: Any, on_call: Any = None) -> None:
        self.inner = inner
        self.info = inner.info
        self.sample_rate = inner.sample_rate
        self.calls: list[str] = []
        self.on_call = on_call

    def voices(self) -> list[str]:
        return self.inner.voices()

    def synthesize(self, text: str, *, voice: str | None = None, speed: float = 1.0,
                   cancel: CancelToken | None = None) -> Iterator[AudioChunk]:
        if self.on_call is not None:
            self.on_call(len(self.calls) + 1)
        self.calls.append(text)
        yield from self.inner.synthesize(text, voice=voice, speed=speed, cancel=cancel)


@dataclass
class Rendered:
    result: Any
    script: Script
    events: list[PipelineEvent]
    folder: Path


def render(request: PodcastRequest, engines: PodcastEngines, cancel: CancelToken | None = None) -> Rendered:
    events = list(run_podcast(request, engines, cancel))
    finished = [e for e in events if isinstance(e, Finished)]
    assert finished, "the pipeline ended without a result"
    return Rendered(finished[-1].result, None, events, request.out.parent)  # type: ignore[arg-type]


class CountingLLM:
    """The real model, counting requests and noting their temperatures (a resumed run must not write the
    script again; the writer's chapter rounds are its requests at the chapter temperature)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.info, self.n_ctx, self.requests = inner, inner.info, inner.n_ctx, 0
        self.temperatures: list[float] = []
        self.users: list[str] = []  # each request's last user message

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def stream_chat(self, request: Any, cancel: Any = None) -> Any:
        self.requests += 1
        self.temperatures.append(request.temperature)
        self.users.append(request.messages[-1].content)
        return self.inner.stream_chat(request, cancel)
