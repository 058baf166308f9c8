"""A corrupt settings file: detected with a clear message, kept as a backup, defaults used; ``daycast brief``
prints the message and goes on to make the briefing. (Arbitrary files: tests/fuzz/test_fuzz_settings.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from faults_util import run_cli

from app.core import settings as settings_mod
from app.core.settings import Settings

CORRUPT = {
    "truncated": b'{"llm_model": "smollm2-135m-instruct-q4_1", "voices": {"speed": 1.',
    "not utf-8": b'{"output_dir": "\xff\xfe"}',
    "wrong type": b'{"briefing_minutes": "three"}',
    "unknown choice": b'{"disclosure": "none"}',
    "feed url not a web address": b'{"feed_url": "file:///home/me/pod"}',
    "too deep": b"[" * 50_000 + b"]" * 50_000,
}


@pytest.mark.parametrize("raw", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_file_gives_defaults_a_message_and_a_backup(raw: bytes) -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    loaded = settings_mod.load()
    assert loaded.settings == Settings()
    assert loaded.message.startswith("Settings file was unreadable: ")
    assert loaded.backup is not None and loaded.backup.parent == path.parent
    assert loaded.backup.name.startswith("settings.json.corrupt-") and loaded.backup.read_bytes() == raw
    assert f"the old file is kept as {loaded.backup}" in loaded.message
    assert not path.exists()
    assert settings_mod.load().message == ""  # the next start is quiet: defaults, no second backup
    # saving after the repair writes a good file again
    settings_mod.save(Settings(briefing_minutes=2.0))
    assert settings_mod.load().settings.briefing_minutes == 2.0


def test_the_message_says_what_was_wrong() -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"disclosure": "none"}', encoding="utf-8")
    assert "Setting 'disclosure' is 'none'; expected one of full, short" in settings_mod.load().message
    path.write_text('{"cloud": {"context_window": 1e999}}', encoding="utf-8")
    assert "Setting cloud.context_window must be a finite number" in settings_mod.load().message


def test_daycast_brief_prints_the_message_and_makes_the_briefing(tmp_path: Path, calendar_sources: Path) -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(CORRUPT["truncated"])
    out = tmp_path / "out" / "briefing.wav"
    done = run_cli("brief", "--sources", str(calendar_sources), "--out", str(out), "--date", "2026-03-12",
                   "--tz", "UTC", "--minutes", "0.3", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    said = " ".join(done.stdout.split())
    assert "Settings file was unreadable: not valid JSON" in said and "Defaults are in use" in said
    (backup,) = path.parent.glob("settings.json.corrupt-*")
    assert str(backup) in said and backup.read_bytes() == CORRUPT["truncated"]
    assert out.is_file() and out.stat().st_size > 10_000  # it went on: the briefing exists
    assert out.with_suffix(".vtt").read_text(encoding="utf-8").startswith("WEBVTT")
