"""``daycast compare``: two models, one input, side by side (text, time to first token, tokens/s).

Models are bundled ids (``smollm2-135m-instruct-q4_1``), with options after ``@`` (``@ctx=1024``,
``@threads=1``, ``@device=cpu``), a ``.gguf`` path, or ``cloud:<model>`` through the configured
endpoint (refused in privacy mode). ``--blind`` shows them as A and B in shuffled order and asks
which is better; votes go to the usage ledger and ``daycast compare --summary`` totals them.
``--task briefing`` builds the briefing pipeline's own item prompt (``briefing_text.item_request``)
for the first item of the demo sources in ``assets/demo/sources`` (fixed notes if those cannot be
read), so both models get exactly what the briefing would send.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.columns import Columns
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from app.core import settings as settings_mod
from app.core.briefing.text import item_request
from app.core.llm_setup import LazyLocalModel, LocalModelSpec, ModelPool, cloud_allowed, endpoint_config
from app.core.sources.load import load_sources
from engines.errors import DaycastError, LLMError, RouteUnavailableError, UsageError
from engines.ledger import VOTE_CHOICES, Ledger, LedgerEntry, Vote, VoteChoice
from engines.llm_openai import OpenAICompatibleModel
from engines.paths import assets_dir
from engines.protocols import LanguageModel
from engines.types import ChatMessage, ChatRequest, ChatResult

BRIEFING_SYSTEM = (
    "You are the presenter of a short spoken morning briefing. Write plain sentences for the ear: "
    "no lists, no markdown, no URLs. Mention only what the notes say."
)
BRIEFING_NOTES = """Today's notes (demo data):
- Calendar: 09:30 stand-up with the design team; 14:00 dentist appointment, Harbour Street clinic.
- Weather: cloudy in the morning, light rain after 16:00, highs of 14 degrees.
- News: the city council approved the new riverside cycle path; works start in March.
- News: the regional rail line runs a reduced timetable this weekend for track repairs.
- Reminder: library books are due on Friday."""


@dataclass
class Contender:
    spec: str
    label: str  # "A"/"B" when blind, else the spec
    model: LanguageModel
    kind: str
    load_s: float = 0.0
    runs: list[dict[str, Any]] = field(default_factory=list)

    def mean(self, key: str) -> float:
        return statistics.fmean(r[key] for r in self.runs) if self.runs else 0.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("compare", help="run two models on the same input side by side (A/B)")
    parser.add_argument("--task", choices=["prompt", "briefing"], default="prompt")
    parser.add_argument("--models", help="two models, comma-separated: bundled ids, .gguf paths or cloud:<model>")
    parser.add_argument("--prompt", help="the user prompt (task 'prompt')")
    parser.add_argument("--blind", action="store_true", help="hide names as A/B in shuffled order and vote")
    parser.add_argument("--vote", choices=["A", "B", "tie"], help="the vote, without asking on stdin")
    parser.add_argument("--runs", type=int, default=1, help="generations per model (timings are averaged)")
    parser.add_argument("--max-tokens", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None, help="seed for the blind shuffle and sampling")
    parser.add_argument("--summary", action="store_true", help="print the saved votes per model and exit")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=run)


def briefing_messages() -> tuple[ChatMessage, ...]:
    """The briefing pipeline's prompt for the first demo item (stable order: by source, then title)."""
    try:
        found = load_sources([assets_dir() / "demo" / "sources"], day=date(2025, 1, 6))
        docs = sorted((d for d in found.documents if d.text.strip()), key=lambda d: (d.source, d.title))
        if docs:
            text = docs[0].text[:1500]
            return item_request(docs[0], text, fence_id=_stable_fence(text)).messages
    except (ImportError, DaycastError, OSError):
        pass
    return ChatMessage("system", BRIEFING_SYSTEM), ChatMessage("user", BRIEFING_NOTES)


def messages_for(args: argparse.Namespace) -> tuple[ChatMessage, ...]:
    if args.task == "briefing":
        return briefing_messages()
    if not args.prompt:
        raise UsageError("compare --task prompt needs --prompt \"...\"")
    return (ChatMessage("user", args.prompt),)


def parse_local(spec: str) -> LocalModelSpec:
    name, *options = spec.split("@")
    values: dict[str, Any] = {}
    for option in options:
        key, _, value = option.partition("=")
        try:
            if key in ("ctx", "threads"):
                values["n_ctx" if key == "ctx" else "n_threads"] = int(value)
            elif key == "device" and value in ("auto", "cpu", "gpu"):
                values["device"] = value
            else:
                raise ValueError(option)
        except ValueError:
            raise UsageError(f"{spec}: unknown option {option!r}; use @ctx=N, @threads=N or @device=cpu|gpu") from None
    path = Path(name).expanduser() if name.endswith(".gguf") else None
    return LocalModelSpec(name, path=path, **values)


def build_contenders(args: argparse.Namespace, pool: ModelPool, settings: settings_mod.Settings) -> list[Contender]:
    specs = [s.strip() for s in (args.models or "").split(",") if s.strip()]
    if len(specs) != 2:
        raise UsageError("compare needs exactly two models: --models A,B")
    contenders = []
    for spec in specs:
        if spec.startswith("cloud:"):
            if not cloud_allowed(settings):
                raise RouteUnavailableError(
                    f"{spec}: the cloud endpoint is off (privacy mode, local_only policy, or not enabled)",
                    hint="turn privacy mode off and enable the cloud endpoint in Settings to compare with it",
                )
            model: LanguageModel = OpenAICompatibleModel(endpoint_config(settings, spec.removeprefix("cloud:")))
            contenders.append(Contender(spec, spec, model, "cloud"))
        else:
            contenders.append(Contender(spec, spec, LazyLocalModel(parse_local(spec), pool), "local"))
    if args.blind:
        random.Random(args.seed).shuffle(contenders)
        for contender, label in zip(contenders, "AB", strict=True):
            contender.label = label
    return contenders


def generate(contender: Contender, request: ChatRequest) -> dict[str, Any]:
    start = time.perf_counter()
    first = 0.0
    result: ChatResult | None = None
    for item in contender.model.stream_chat(request):
        if isinstance(item, ChatResult):
            result = item
        elif item.text and not first:
            first = time.perf_counter() - start
    seconds = time.perf_counter() - start
    if result is None:
        raise LLMError(f"{contender.spec} ended its reply without a result", code="llm.no_result")
    tokens = result.completion_tokens
    decode = seconds - first
    rate = (tokens - 1) / decode if tokens > 1 and decode > 0 else tokens / seconds if seconds else 0.0
    return {"text": result.text.strip(), "ttft_s": first, "seconds": seconds, "tokens": tokens,
            "prompt_tokens": result.prompt_tokens, "tok_s": rate, "model": result.model.id}


def _record(ledger: Ledger, contender: Contender, run: dict[str, Any]) -> None:
    ledger.record(LedgerEntry(
        task="compare", route="compare", kind=contender.kind,  # type: ignore[arg-type]
        model=run["model"] if contender.kind == "cloud" else contender.spec, tokens_in=run["prompt_tokens"],
        tokens_out=run["tokens"], latency_s=run["seconds"], ttft_s=run["ttft_s"],
    ))


def timing_line(c: Contender) -> str:
    return f"TTFT {c.mean('ttft_s'):.2f} s · {c.mean('tok_s'):.1f} tok/s"


def timing_table(contenders: list[Contender], *, names: bool) -> Table:
    runs = len(contenders[0].runs)
    table = Table(title=f"Timing (mean of {runs} runs)" if runs > 1 else "Timing", title_justify="left")
    for name in ("", "model", "TTFT", "tok/s", "tokens", "total", "load"):
        table.add_column(name, justify="left" if name in ("", "model") else "right", overflow="fold")
    for c in contenders:
        table.add_row(c.label if c.label != c.spec else "", c.spec if names else "(hidden)",
                      f"{c.mean('ttft_s'):.2f} s", f"{c.mean('tok_s'):.1f}", f"{c.mean('tokens'):.0f}",
                      f"{c.mean('seconds'):.2f} s", f"{c.load_s:.1f} s")
    return table


def show(console: Console, contenders: list[Contender], *, reveal: bool) -> None:
    panels = [
        Panel(c.runs[0]["text"] or "[dim](empty reply)[/]", title=f"[bold]{c.label}[/]",
              subtitle=timing_line(c) if reveal else None, subtitle_align="left")
        for c in contenders
    ]
    console.print(Columns(panels, equal=True, expand=True, width=console.width // 2 - 2))
    if reveal:
        console.print(timing_table(contenders, names=True))


def ask_vote(args: argparse.Namespace, console: Console) -> VoteChoice | None:
    if args.vote:
        return VOTE_CHOICES[str(args.vote).upper()]
    for _ in range(3):
        console.print("Which answer is better? [bold]A[/], [bold]B[/] or [bold]tie[/]: ", end="")
        line = sys.stdin.readline()
        if not line:
            return None  # stdin closed: no vote
        choice = VOTE_CHOICES.get(line.strip().upper())
        if choice is not None:
            return choice
        console.print(f"[yellow]{line.strip()!r} is not A, B or tie.[/]")
    return None


def summary(ledger: Ledger, args: argparse.Namespace, console: Console) -> int:
    totals = ledger.vote_summary()
    if args.json:
        print(json.dumps([t.__dict__ for t in totals], indent=2))
        return 0
    if not totals:
        console.print("No A/B votes recorded yet.")
        return 0
    table = Table(title="A/B votes", title_justify="left")
    for name in ("model", "votes", "wins", "losses", "ties", "win rate"):
        table.add_column(name, justify="left" if name == "model" else "right")
    for t in totals:
        table.add_row(t.model, str(t.votes), str(t.wins), str(t.losses), str(t.ties), f"{t.wins / t.votes:.0%}")
    console.print(table)
    return 0


def run(args: argparse.Namespace) -> int:
    console = Console(width=max(140, Console().width))
    ledger = Ledger()
    if args.summary:
        return summary(ledger, args, console)
    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    messages = messages_for(args)
    settings = settings_mod.load_and_report(Console(stderr=True).print).settings  # stderr: --json stays JSON
    pool = ModelPool()
    try:
        contenders = build_contenders(args, pool, settings)
        for c in contenders:
            started = time.perf_counter()
            if isinstance(c.model, LazyLocalModel):
                c.model.load()  # loading is not part of the timings
            c.load_s = time.perf_counter() - started
        for n in range(args.runs):
            seed = (args.seed or 7) + n
            request = ChatRequest(messages, max_tokens=args.max_tokens, task="compare", seed=seed)
            for c in contenders:
                c.runs.append(generate(c, request))
                _record(ledger, c, c.runs[-1])
    finally:
        pool.close()
    return report(args, console, ledger, contenders, messages)


def report(args: argparse.Namespace, console: Console, ledger: Ledger, contenders: list[Contender],
           messages: tuple[ChatMessage, ...]) -> int:
    digest = hashlib.sha256("\n".join(m.content for m in messages).encode()).hexdigest()
    if not args.json:
        show(console, contenders, reveal=not args.blind)
    # --json is for programs: a vote comes only from --vote (a prompt would land in the JSON, answers unseen)
    choice = ask_vote(args, console) if args.vote or (args.blind and not args.json) else None
    if choice:
        ledger.record_vote(Vote(args.task, digest, contenders[0].spec, contenders[1].spec, choice, args.blind))
    if args.json:
        print(json.dumps({
            "task": args.task, "prompt_sha256": digest, "blind": args.blind, "vote": choice,
            "results": [{"label": c.label, "model": c.spec, "load_s": c.load_s, "runs": c.runs,
                         "mean": {k: c.mean(k) for k in ("ttft_s", "tok_s", "tokens", "seconds")}}
                        for c in contenders],
        }, indent=2))
        return 0
    if args.blind:
        for c in contenders:
            console.print(f"[bold]{c.label}[/] was [bold]{c.spec}[/]")
        console.print(timing_table(contenders, names=True))
        console.print(f"Vote saved: {choice}." if choice else "No vote saved.")
    elif choice:
        console.print(f"Vote saved: {choice}.")
    return 0


def _stable_fence(text: str) -> str:
    """The same fence for the same item: both models, and every run's vote, get the same prompt."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]
