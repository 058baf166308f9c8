"""The daily schedule ("weekdays 07:00"): parsing, the next due time, and a systemd user timer.

Qt-free: the app's in-window timer and the settings page use it, and so could the CLI.
Grammar of ``Settings.schedule``: ``""`` (off) or ``DAYS HH:MM`` where DAYS is ``daily``,
``weekdays``, ``weekends`` or a comma list of ``mon,tue,wed,thu,fri,sat,sun``.

With the app closed, a systemd *user* timer runs ``daycast brief`` (Linux), which fetches the
subscriptions first (when the network switch allows) and then briefs, as the in-app timer's run does.
Other platforms,
documented here because there is nothing to install for them yet:
- macOS: a LaunchAgent plist in ``~/Library/LaunchAgents`` with ``StartCalendarInterval``
  (one dict per weekday, ``Hour``/``Minute``) running the same command; ``launchctl load`` it.
- Windows: Task Scheduler, ``schtasks /Create /SC WEEKLY /D MON,TUE,WED,THU,FRI /ST 07:00
  /TN Daycast /TR "daycast brief"``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from app.core.sources.calendar import local_zone
from engines.errors import SettingsError
from engines.fsutil import atomic_write_text
from engines.paths import PROJECT_ROOT

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_GROUPS = {
    "daily": tuple(range(7)),
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
}
UNIT_NAME = "daycast-briefing"


@dataclass(frozen=True)
class Schedule:
    """Weekdays (0 = Monday) and a local time of day."""

    days: tuple[int, ...]
    at: time

    def text(self) -> str:
        """The settings form of this schedule (inverse of :func:`parse`)."""
        for name, group in _GROUPS.items():
            if self.days == group:
                return f"{name} {self.at:%H:%M}"
        return f"{','.join(DAY_NAMES[d] for d in self.days)} {self.at:%H:%M}"

    def on_calendar(self) -> str:
        """systemd ``OnCalendar=`` form, e.g. ``Mon,Tue,Wed,Thu,Fri *-*-* 07:00:00``."""
        names = ",".join(DAY_NAMES[d].capitalize() for d in self.days)
        return f"{names} *-*-* {self.at:%H:%M}:00"


def parse(text: str) -> Schedule | None:
    """``None`` for an empty schedule (off); :class:`SettingsError` naming the problem otherwise."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return None
    parts = cleaned.rsplit(" ", 1)
    if len(parts) != 2:
        raise SettingsError(f"Schedule {text!r} needs days and a time, e.g. 'weekdays 07:00'")
    days_text, clock = parts
    return Schedule(_parse_days(days_text, text), _parse_clock(clock, text))


def _parse_days(days_text: str, original: str) -> tuple[int, ...]:
    if days_text in _GROUPS:
        return _GROUPS[days_text]
    days: set[int] = set()
    for name in days_text.replace(" ", "").split(","):
        if name in DAY_NAMES:
            days.add(DAY_NAMES.index(name))
        elif name in _FULL_NAMES:
            days.add(_FULL_NAMES.index(name))
        else:
            raise SettingsError(
                f"Schedule {original!r}: unknown day {name!r}; use daily, weekdays, weekends or mon,tue,..."
            )
    return tuple(sorted(days))


def _parse_clock(clock: str, original: str) -> time:
    try:
        hours, minutes = (int(p) for p in clock.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise SettingsError(f"Schedule {original!r}: time {clock!r} must be HH:MM (24-hour)") from None


def next_run(schedule: Schedule, after: datetime) -> datetime:
    """The first scheduled moment strictly after ``after`` (same tzinfo as ``after``)."""
    for offset in range(8):
        day = after.date() + timedelta(days=offset)
        if day.weekday() not in schedule.days:
            continue
        moment = datetime.combine(day, schedule.at, tzinfo=after.tzinfo)
        if moment > after:
            return moment
    raise SettingsError(f"Schedule {schedule.text()!r} has no days")  # unreachable with a parsed schedule


def local_now() -> datetime:
    """Now in the machine's time zone, which knows its DST changes (``astimezone()`` gives a fixed offset)."""
    return datetime.now(local_zone())


def due_between(schedule: Schedule, since: datetime, now: datetime) -> datetime | None:
    """The scheduled moment that fell in ``(since, now]`` (None when none did): the in-app timer's check."""
    moment = next_run(schedule, since)
    return moment if moment <= now else None


# --- systemd user timer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimerInstall:
    """What installing the user timer did; ``ok`` False means the units exist but are not active."""

    service: Path
    timer: Path
    ok: bool
    message: str


def systemd_user_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME")
    return (Path(base) if base else Path.home() / ".config") / "systemd" / "user"


def default_command() -> list[str]:
    """``daycast brief`` through this interpreter, so the timer uses the same installation."""
    return [sys.executable, "-m", "app.cli", "brief"]


def service_text(command: list[str], working_dir: Path) -> str:
    return (
        "[Unit]\n"
        "Description=Daycast: prepare today's spoken briefing\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"WorkingDirectory={working_dir}\n"
        f"ExecStart={shlex.join(command)}\n"
        "Nice=10\n"
    )


def timer_text(schedule: Schedule) -> str:
    return (
        "[Unit]\n"
        f"Description=Daycast briefing ({schedule.text()})\n\n"
        "[Timer]\n"
        f"OnCalendar={schedule.on_calendar()}\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def install_user_timer(
    schedule: Schedule, command: list[str] | None = None, unit_dir: Path | None = None
) -> TimerInstall:
    """Write the service + timer atomically; enable them with ``systemctl --user`` when it exists."""
    target = unit_dir or systemd_user_dir()

    service = target / f"{UNIT_NAME}.service"
    timer = target / f"{UNIT_NAME}.timer"
    atomic_write_text(service, service_text(command or default_command(), PROJECT_ROOT))
    atomic_write_text(timer, timer_text(schedule))
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        return TimerInstall(service, timer, False, f"Wrote {timer} and {service}, but systemctl is not available "
                            "here, so the timer is not active. On a systemd desktop run: "
                            f"systemctl --user enable --now {timer.name}")
    for args in (["daemon-reload"], ["enable", "--now", timer.name]):
        problem = _systemctl(systemctl, args)
        if problem:
            return TimerInstall(service, timer, False, f"Wrote {timer}, but 'systemctl --user {' '.join(args)}' "
                                f"failed: {problem}")
    return TimerInstall(service, timer, True, f"Installed {timer.name}: the briefing is prepared "
                        f"{schedule.text()} even when Daycast is closed.")


def timer_installed(unit_dir: Path | None = None) -> bool:
    return ((unit_dir or systemd_user_dir()) / f"{UNIT_NAME}.timer").exists()


def remove_user_timer(unit_dir: Path | None = None) -> str:
    """Disable the user timer and delete its units; what was done, in a sentence."""
    target = unit_dir or systemd_user_dir()
    timer, service = target / f"{UNIT_NAME}.timer", target / f"{UNIT_NAME}.service"
    if not timer.exists() and not service.exists():
        return "No user timer is installed."
    systemctl = shutil.which("systemctl")
    problem = _systemctl(systemctl, ["disable", "--now", timer.name]) if systemctl else ""
    timer.unlink(missing_ok=True)
    service.unlink(missing_ok=True)
    if systemctl:
        _systemctl(systemctl, ["daemon-reload"])
    return f"Removed {timer.name}" + (f" (systemctl said: {problem})" if problem else "") + "."


def sync_user_timer(schedule: Schedule | None, unit_dir: Path | None = None,
                    command: list[str] | None = None) -> str:
    """Keep an installed user timer in step with the schedule: rewritten when it changes, removed when the
    schedule is off. "" when none is installed (nothing to keep in step)."""
    if not timer_installed(unit_dir):
        return ""
    if schedule is None:
        return remove_user_timer(unit_dir)
    return install_user_timer(schedule, command, unit_dir).message


def _systemctl(systemctl: str, args: list[str]) -> str:
    try:
        done = subprocess.run([systemctl, "--user", *args], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return "" if done.returncode == 0 else (done.stderr.strip() or f"exit status {done.returncode}")
