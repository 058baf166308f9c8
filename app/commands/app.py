"""``daycast app``: the desktop window (Today, Podcast studio, Assistant, Models, Settings, History)."""

from __future__ import annotations

import argparse

PAGES = ("today", "podcast", "assistant", "models", "settings", "history")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("app", help="open the Daycast window")
    parser.add_argument("--page", choices=PAGES, default="", help="page to open first")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.ui.main import main

    return main(page=args.page)
