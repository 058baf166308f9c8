"""``daycast usage``: what every model request cost, per day, task, model and route (from the ledger).

Every engine kind is there: LLM requests with their tokens, speech recognition and synthesis with
their seconds of audio; the route says where each ran (``local``, a self-hosted server, a cloud).
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from rich.console import Console
from rich.table import Table

from engines.errors import UsageError
from engines.ledger import Ledger, UsageTotals

_VIEWS = {
    "by_day_task": ("day", "task", "engine", "model", "route"),
    "by_model_day": ("model", "day"),
    "by_route": ("route", "kind"),
}
_TITLES = {"by_day_task": "Per day, task, model and route", "by_model_day": "Per model and day",
           "by_route": "Per route"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("usage", help="requests, tokens, audio, latency and cost per day, model and route")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only requests on or after this day")
    parser.add_argument("--json", action="store_true", help="print machine-readable totals")
    parser.set_defaults(handler=run)


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since {text!r} is not a date; use YYYY-MM-DD, e.g. 2025-06-01") from None


def _cost(row: UsageTotals) -> str:
    text = f"${row.cost_usd:.4f}"
    return text + f" +{row.unpriced} unpriced" if row.unpriced else text


_COLUMNS = ("requests", "tokens in", "tokens out", "audio", "failures", "mean latency", "mean TTFT", "cost",
            "local compute")
_COMPACT = ("requests", "tokens in", "tokens out", "audio", "failures", "mean latency", "cost")
"""The per-task table has five key columns; TTFT and compute are in the other two tables."""


def _cells(row: UsageTotals) -> dict[str, str]:
    return {
        "requests": str(row.requests), "tokens in": str(row.tokens_in), "tokens out": str(row.tokens_out),
        "audio": f"{row.audio_s:.1f} s", "failures": str(row.failures), "mean latency": f"{row.mean_latency_s:.2f} s",
        "mean TTFT": f"{row.mean_ttft_s:.2f} s", "cost": _cost(row), "local compute": f"{row.compute_s:.1f} s",
    }


def _table(title: str, rows: list[UsageTotals], keys: tuple[str, ...]) -> Table:
    columns = _COMPACT if len(keys) > 2 else _COLUMNS
    table = Table(title=title, title_justify="left")
    for key in keys:
        table.add_column(key, overflow="fold")
    for name in columns:
        table.add_column(name, justify="right")
    for row in rows:
        cells = _cells(row)
        table.add_row(*(row.group[k] for k in keys), *(cells[c] for c in columns))
    return table


def run(args: argparse.Namespace, ledger: Ledger | None = None) -> int:
    ledger = ledger if ledger is not None else Ledger()
    since = parse_day(args.since)
    views = {name: ledger.summary(by=keys, since=since) for name, keys in _VIEWS.items()}
    if args.json:
        payload = {name: [r.to_dict() for r in rows] for name, rows in views.items()}
        print(json.dumps({"ledger": str(ledger.path), **payload}, indent=2))
        return 0
    console = Console(width=max(150, Console().width))
    if not views["by_model_day"]:
        console.print(f"No model requests recorded yet (ledger: {ledger.path}).")
        return 0
    for name, keys in _VIEWS.items():
        console.print(_table(_TITLES[name], views[name], keys))
    console.print(f"[dim]Ledger: {ledger.path}[/]")
    return 0
