"""``daycast schedule``: when the morning briefing is prepared, and the systemd user timer that makes it
while Daycast is closed (the same setting as the app's Settings → Schedule)."""

from __future__ import annotations

import argparse

from rich.console import Console

from app.core import schedule as sched
from app.core import settings as settings_mod
from engines.errors import SettingsError, UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("schedule", help="when the daily briefing is prepared (and its user timer)",
                                   description="Show or change when the briefing is prepared. The app prepares "
                                               "it while it runs; --timer installs a systemd user timer that "
                                               "runs `daycast brief` even when the app is closed.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("show", help="the schedule, its next run and whether a user timer is installed")
    set_parser = actions.add_parser("set", help='e.g. "weekdays 07:00", "daily 06:30", "mon,wed,fri 08:15"')
    set_parser.add_argument("when", help='days and a 24-hour time, e.g. "weekdays 07:00"')
    set_parser.add_argument("--timer", action="store_true", help="also install the systemd user timer")
    actions.add_parser("off", help="no scheduled briefing (an installed user timer is removed)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    console = Console()
    loaded = settings_mod.load()
    if loaded.message:
        console.print(f"[yellow]![/] {loaded.message}")
    if args.action == "set":
        try:
            schedule = sched.parse(args.when)
        except SettingsError as exc:  # a mistyped argument: a usage error (exit 2), the problem named
            raise UsageError(exc.message, hint='e.g. daycast schedule set "weekdays 07:00"') from None
        settings_mod.save(settings_mod.update(loaded.settings, schedule=schedule.text() if schedule else ""))
        message = sched.install_user_timer(schedule).message if schedule and args.timer else \
            sched.sync_user_timer(schedule)
        console.print(f"Scheduled: {schedule.text() if schedule else 'off'}.", highlight=False)
        if message:
            console.print(message, highlight=False)
        return 0
    if args.action == "off":
        settings_mod.save(settings_mod.update(loaded.settings, schedule=""))
        console.print("No scheduled briefing.", highlight=False)
        message = sched.sync_user_timer(None)
        if message:
            console.print(message, highlight=False)
        return 0
    return _show(loaded.settings.schedule, console)


def _show(text: str, console: Console) -> int:
    schedule = sched.parse(text)
    if schedule is None:
        console.print("No scheduled briefing. Set one with: daycast schedule set \"weekdays 07:00\"", highlight=False)
    else:
        when = sched.next_run(schedule, sched.local_now())
        console.print(f"Scheduled: {schedule.text()}; next at {when:%A %d %B %H:%M}.", highlight=False)
    timer = "installed (runs even when Daycast is closed)" if sched.timer_installed() else \
        "not installed (the app prepares it while it runs; add --timer to `schedule set`)"
    console.print(f"User timer: {timer}", highlight=False)
    return 0
