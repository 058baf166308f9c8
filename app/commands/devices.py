"""``daycast devices``: which device each engine uses here (CTranslate2, onnxruntime, llama.cpp), and why."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table

from app.core import settings
from engines.device import DeviceReport, report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("devices", help="show the CPU/GPU backend each engine uses, why, and versions")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default=None,
                        help="what to ask for (default: the device in Settings)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--refresh", action="store_true", help="probe again instead of using this run's cache")
    parser.set_defaults(handler=run)


def _requested(args: argparse.Namespace) -> str:
    if args.device:
        return str(args.device)

    return settings.load().settings.device


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
    result = report(_requested(args), refresh=args.refresh)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))  # plain: rich would wrap long lines
    else:
        render(result, console)
    return 0
