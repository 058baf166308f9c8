"""``daycast devices``: which device each engine uses here (CTranslate2, onnxruntime, llama.cpp), and why;
and which routes (local, self-hosted, cloud) each engine kind has and which of them served last."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table

from app.core import settings
from app.core.route_status import RouteRow, route_rows
from engines.device import DeviceReport, report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("devices", help="show the CPU/GPU backend each engine uses, why, and versions")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default=None,
                        help="what to ask for (default: the device in Settings)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--refresh", action="store_true", help="probe again instead of using this run's cache")
    parser.set_defaults(handler=run)


def _requested(args: argparse.Namespace, current: settings.Settings) -> str:
    return str(args.device) if args.device else current.device


def render_routes(rows: list[RouteRow], console: Console) -> None:
    table = Table(title="Routes (which served what: see also `daycast usage`)", title_justify="left")
    for name in ("engine", "route", "kind", "where", "model", "allowed", "last served"):
        table.add_column(name, overflow="fold")
    for row in rows:
        allowed = "[green]yes[/]" if row.usable else f"[red]no[/] ({row.note})"
        table.add_row(row.engine, row.name, row.kind, row.where, row.model, allowed, row.last_served)
    console.print(table)


def render(result: DeviceReport, console: Console) -> None:
    table = Table(title=f"Devices (requested: {result.requested})", title_justify="left")
    for name in ("engine", "device", "backend", "why", "version"):
        table.add_column(name, overflow="fold")
    for row in result.rows:
        colour = "green" if row.device == "cuda" else "yellow"
        table.add_row(row.engine, f"[{colour}]{row.device}[/]", row.backend, row.reason, row.version)
    console.print(table)
    versions = "  ".join(f"{name} {value}" for name, value in result.versions.items())
    console.print(f"[dim]{versions}[/]", highlight=False)


def run(args: argparse.Namespace, console: Console | None = None) -> int:
    console = console or Console()
    current = settings.load_and_report(Console(stderr=True).print).settings  # stderr: --json stays JSON
    result = report(_requested(args, current), refresh=args.refresh)  # type: ignore[arg-type]
    routes: list[RouteRow] = route_rows(current)
    if args.json:  # plain: rich would wrap long lines
        print(json.dumps({**result.to_dict(), "routes": [r.to_dict() for r in routes]}, indent=2))
    else:
        render(result, console)
        render_routes(routes, console)
    return 0
