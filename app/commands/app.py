"""``daycast app``: the desktop window (Today, Podcast studio, Assistant, Models, Settings, History)."""

from __future__ import annotations

import argparse
import sys

from app.core.desktop_libs import check_desktop_libraries

PAGES = ("today", "podcast", "assistant", "models", "settings", "history")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("app", help="open the Daycast window")
    parser.add_argument("--page", choices=PAGES, default="", help="page to open first")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    missing = check_desktop_libraries()  # before Qt is even imported; printed plainly so it copies as typed
    if missing is not None:
        print(missing.message(), file=sys.stderr)
        return 2
    from app.ui.main import main  # Qt is imported only when the window is asked for

    return main(page=args.page)
