"""The daily schedule: parsing, next run, the in-app timer, and the systemd user timer files."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.core import schedule as sched
from app.ui.daily_scheduler import DailyScheduler
from engines.errors import SettingsError

TZ = ZoneInfo("Europe/Berlin")


def test_parse_forms_and_round_trip() -> None:
    weekdays = sched.parse("Weekdays 07:00")
    assert weekdays == sched.Schedule((0, 1, 2, 3, 4), time(7, 0))
    assert weekdays.text() == "weekdays 07:00"
    assert sched.parse("mon, wed,friday 6:30") == sched.Schedule((0, 2, 4), time(6, 30))
    assert sched.parse("mon,wed,fri 06:30").text() == "mon,wed,fri 06:30"
    assert sched.parse("   ") is None
    assert weekdays.on_calendar() == "Mon,Tue,Wed,Thu,Fri *-*-* 07:00:00"


@pytest.mark.parametrize(("text", "problem"), [
    ("weekdays", "needs days and a time"),
    ("someday 07:00", "unknown day 'someday'"),
    ("weekdays 25:00", "must be HH:MM"),
    ("weekdays 7h", "must be HH:MM"),
])
def test_parse_errors_name_the_problem(text: str, problem: str) -> None:
    with pytest.raises(SettingsError, match=problem):
        sched.parse(text)


def test_next_run_skips_weekends_and_past_times() -> None:
    weekdays = sched.parse("weekdays 07:00")
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=TZ)
    assert sched.next_run(weekdays, friday_evening) == datetime(2026, 11, 30, 7, 0, tzinfo=TZ)  # Monday
    monday_early = datetime(2026, 11, 30, 6, 59, tzinfo=TZ)
    assert sched.next_run(weekdays, monday_early) == datetime(2026, 11, 30, 7, 0, tzinfo=TZ)
    assert sched.due_between(weekdays, monday_early, monday_early + timedelta(minutes=2))
    assert not sched.due_between(weekdays, friday_evening, friday_evening + timedelta(hours=12))


def test_user_timer_files_are_written_and_missing_systemctl_is_reported(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no systemctl on this PATH
    report = sched.install_user_timer(sched.parse("weekdays 07:15"), ["/usr/bin/daycast", "brief"],
                                      unit_dir=tmp_path / "units")
    assert not report.ok
    assert "systemctl is not available" in report.message and "systemctl --user enable --now" in report.message
    timer = (tmp_path / "units" / "daycast-briefing.timer").read_text()
    service = (tmp_path / "units" / "daycast-briefing.service").read_text()
    assert "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 07:15:00" in timer and "Persistent=true" in timer
    assert "ExecStart=/usr/bin/daycast brief" in service and "Type=oneshot" in service
    assert sorted(p.name for p in (tmp_path / "units").iterdir()) == ["daycast-briefing.service",
                                                                      "daycast-briefing.timer"]


def test_in_app_scheduler_fires_once_when_the_time_passes(qtbot: Any) -> None:
    now = [datetime(2026, 11, 30, 6, 59, 30, tzinfo=TZ)]
    scheduler = DailyScheduler("weekdays 07:00", clock=lambda: now[0], interval_ms=60_000)
    assert scheduler.next_run() == datetime(2026, 11, 30, 7, 0, tzinfo=TZ)
    assert not scheduler.check()
    now[0] += timedelta(minutes=1)
    with qtbot.waitSignal(scheduler.due, timeout=1000):
        assert scheduler.check()
    now[0] += timedelta(minutes=1)
    assert not scheduler.check()  # not again the same morning
    scheduler.set_text("not a schedule")
    assert scheduler.schedule is None and "unknown day" in scheduler.problem


def test_schedule_editor_saves_and_installs(qtbot: Any, window: Any, settings_file: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # never enable a real timer from a test

    installed: list[sched.Schedule] = []
    units = sched.systemd_user_dir()  # under the test's own XDG_CONFIG_HOME

    def installer(schedule: sched.Schedule) -> sched.TimerInstall:
        installed.append(schedule)
        return sched.install_user_timer(schedule, ["daycast", "brief"], unit_dir=units)

    editor = window.settings_view.schedule
    editor._installer = installer
    editor._syncer = lambda schedule: sched.sync_user_timer(schedule, unit_dir=units,
                                                            command=["daycast", "brief"])
    editor.enabled.setChecked(True)
    assert json.loads(settings_file.read_text())["schedule"] == "weekdays 07:00"
    assert window.scheduler.schedule == sched.parse("weekdays 07:00")
    editor.days.setCurrentIndex(editor.days.findData("daily"))
    assert json.loads(settings_file.read_text())["schedule"] == "daily 07:00"
    editor.install.click()
    assert installed == [sched.parse("daily 07:00")]
    assert (units / "daycast-briefing.timer").is_file()
    assert "daycast-briefing.timer" in editor.result.text()
    editor.days.setCurrentIndex(editor.days.findData("weekends"))  # the installed timer moves with the schedule
    qtbot.waitUntil(lambda: "Sat,Sun" in (units / "daycast-briefing.timer").read_text(), timeout=10_000)
    window.scheduler.due.emit()
    assert not window.today.busy  # the timer makes it: the open app does not make a second one
    editor.enabled.setChecked(False)  # turned off: the timer goes too
    qtbot.waitUntil(lambda: "Removed daycast-briefing.timer" in editor.result.text(), timeout=10_000)
    assert not (units / "daycast-briefing.timer").exists()


def test_a_due_schedule_starts_the_briefing_in_the_background(qtbot: Any, window: Any) -> None:
    today = window.today
    window.show_page(3)  # the user is elsewhere in the window
    window.scheduler.due.emit()
    assert today.worker is not None and window.stack.currentWidget() is window.models
    assert window._scheduled_run
    today.cancel()
    qtbot.waitUntil(lambda: today.worker is None, timeout=60_000)
    assert "Cancelled" in today.status.text()


def _berlin_clock(start_utc: datetime) -> tuple[list[datetime], Any]:
    """A clock that follows real time (UTC steps shown in Berlin), as the machine's clock does across DST."""
    instant = [start_utc]
    return instant, lambda: instant[0].astimezone(TZ)


@pytest.mark.parametrize(("first_utc", "change"), [
    (datetime(2026, 3, 28, 23, 0, tzinfo=ZoneInfo("UTC")), "02:30 does not exist: summer time starts at 02:00"),
    (datetime(2026, 10, 24, 23, 0, tzinfo=ZoneInfo("UTC")), "02:30 comes twice: summer time ends at 03:00"),
])
def test_in_app_scheduler_fires_once_on_the_days_the_clocks_change(qtbot: Any, first_utc: datetime,
                                                                   change: str) -> None:
    instant, clock = _berlin_clock(first_utc)
    scheduler = DailyScheduler("daily 02:30", clock=clock, interval_ms=60_000)
    fired = []
    for _ in range(4 * 120):  # four hours in 30-second checks
        instant[0] += timedelta(seconds=30)
        if scheduler.check():
            fired.append(clock())
    assert len(fired) == 1, (change, fired)


def test_in_app_scheduler_does_not_fire_again_when_the_clock_is_put_back(qtbot: Any) -> None:
    now = [datetime(2026, 11, 30, 6, 59, 30, tzinfo=TZ)]
    scheduler = DailyScheduler("daily 07:00", clock=lambda: now[0], interval_ms=60_000)
    fired = 0
    for step in [timedelta(minutes=1)] * 10 + [timedelta(minutes=-30)] + [timedelta(minutes=1)] * 40:
        now[0] += step
        fired += scheduler.check()
    assert fired == 1
    now[0] = datetime(2026, 12, 1, 7, 0, 30, tzinfo=TZ)
    assert scheduler.check()  # the next morning it fires again
