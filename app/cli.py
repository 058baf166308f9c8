"""The ``daycast`` command: each subcommand lives in ``app/commands/<name>.py`` and registers itself."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from rich.console import Console

import app.commands
from app import __version__
from engines.errors import DaycastError

err_console = Console(stderr=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="daycast", description="Offline spoken briefings, podcasts and voice chat.")
    parser.add_argument("--version", action="version", version=f"daycast {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(app.commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"app.commands.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        err_console.print("[yellow]Stopped.[/] Nothing half-written was left at the output path.")
        return 130
    except DaycastError as exc:
        err_console.print(f"[bold red]Error[/] [dim]({exc.code})[/]: {exc.message}")
        if exc.hint:
            err_console.print(f"  [dim]→ {exc.hint}[/]")
        return exc.exit_status
    except OSError as exc:  # what the system refused (a port in use, a full disk): said plainly, no traceback
        err_console.print(f"[bold red]Error[/] [dim](os.error)[/]: {exc}", highlight=False)
        return 1


if __name__ == "__main__":
    sys.exit(main())
