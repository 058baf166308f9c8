"""``daycast kiosk``: the offline demo kiosk (fullscreen, attract loop, admin PIN, systemd watchdog)."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.core.kiosk.config import set_pin
from app.core.kiosk.pin import check_pin
from app.core.settings import settings_path
from engines.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("kiosk", help="run the fullscreen offline demo kiosk (exit needs the admin PIN)")
    parser.add_argument("--set-pin", action="store_true",
                        help="set the admin PIN (asked twice; read from stdin when it is not a terminal) and exit")
    parser.add_argument("--windowed", action="store_true", help="a 1280×800 window instead of fullscreen (testing)")
    parser.add_argument("--idle", type=float, metavar="SECONDS", help="idle time before the attract loop")
    parser.add_argument("--no-prepare", action="store_true",
                        help="do not make today's demo content in the background at start")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.set_pin:
        return set_pin_command()
    from app.kiosk.main import KioskLaunch
    from app.kiosk.main import run as run_kiosk

    return run_kiosk(KioskLaunch(windowed=args.windowed, idle_seconds=args.idle,
                                 prepare=False if args.no_prepare else None))


def set_pin_command() -> int:
    if sys.stdin.isatty():
        first = getpass.getpass("New kiosk admin PIN (4–12 digits): ")
        check_pin(first)
        if getpass.getpass("Repeat the PIN: ") != first:
            raise UsageError("The two PINs differ; nothing was changed")
    else:
        first = sys.stdin.readline().strip()
    set_pin(first)
    print(f"Kiosk admin PIN saved (hashed) in {settings_path()}")
    return 0
