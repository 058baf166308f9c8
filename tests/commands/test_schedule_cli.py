"""``daycast schedule``: the setting the app's Settings page shows, and the systemd user timer kept in step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.cli import main
from app.core import settings as settings_mod


def _timer() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user" / "daycast-briefing.timer"


def test_set_show_move_and_turn_off_with_the_user_timer_following(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # never enable a real timer from a test
    assert main(["schedule", "set", "weekdays 07:15"]) == 0
    assert settings_mod.load().settings.schedule == "weekdays 07:15"
    assert main(["schedule"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "Scheduled: weekdays 07:15; next at" in shown and "User timer: not installed" in shown
    assert not _timer().exists()

    assert main(["schedule", "set", "daily 06:30", "--timer"]) == 0
    assert "06:30:00" in _timer().read_text()
    assert "systemctl is not available" in " ".join(capsys.readouterr().out.split())
    assert main(["schedule", "set", "weekdays 08:00"]) == 0  # no --timer: the installed one still follows
    assert "08:00:00" in _timer().read_text() and "06:30" not in _timer().read_text()
    assert main(["schedule", "show"]) == 0 and "User timer: installed" in capsys.readouterr().out

    assert main(["schedule", "off"]) == 0
    assert "Removed daycast-briefing.timer" in capsys.readouterr().out
    assert settings_mod.load().settings.schedule == "" and not _timer().exists()
    assert not _timer().with_suffix(".service").exists()


def test_a_schedule_that_does_not_parse_is_refused_and_nothing_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "set", "weekdays 07:00"]) == 0
    assert main(["schedule", "set", "someday 25:00"]) == 2
    assert "someday" in capsys.readouterr().err
    assert settings_mod.load().settings.schedule == "weekdays 07:00"
