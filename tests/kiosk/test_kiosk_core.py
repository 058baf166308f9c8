"""Kiosk logic without Qt: the hashed PIN, the options file, the locked-down settings (no cloud
route, no voice import), the rotating log and ``daycast kiosk --set-pin``."""

from __future__ import annotations

import io
import json
import logging
import stat
import sys
import threading
from pathlib import Path

import pytest

from app.core import settings as settings_mod
from app.core.kiosk.config import (
    KioskConfig,
    config_path,
    kiosk_settings,
    load_config,
    require_pin,
    save_config,
    set_pin,
    stored_pin,
)
from app.core.kiosk.pin import PinGate, check_pin, hash_pin, is_hashed, verify_pin
from app.core.settings import CloudSettings, Settings
from engines.errors import UsageError


def test_pin_is_stored_as_a_salted_hash() -> None:
    first, second = hash_pin("471100"), hash_pin("471100")
    assert first != second and "471100" not in first  # salted, never the PIN itself
    assert first.startswith(("scrypt$", "pbkdf2_sha256$")) and is_hashed(first)
    assert verify_pin("471100", first) and not verify_pin("471200", first) and not verify_pin("", first)
    assert not verify_pin("471100", "471100")  # a plain value is never accepted as a hash


@pytest.mark.parametrize(("pin", "problem"), [("12a456", "digits only"), ("1234", "6 to 12 digits"),
                                              ("1234567890123", "6 to 12 digits"), ("١٢٣٤٥٦", "digits only")])
def test_bad_pins_are_refused_with_the_reason(pin: str, problem: str) -> None:
    with pytest.raises(UsageError) as caught:
        check_pin(pin)
    assert problem in caught.value.message


def test_gate_locks_after_five_wrong_pins_then_opens_again() -> None:
    now = [100.0]
    gate = PinGate(hash_pin("246800"), clock=lambda: now[0])
    assert [gate.attempt("000000") for _ in range(4)] == ["wrong"] * 4
    assert gate.attempt("111111") == "locked" and gate.attempt("246800") == "locked"
    now[0] += 29.0
    assert gate.attempt("246800") == "locked" and 0 < gate.locked_for() <= 1.0
    now[0] += 1.5
    assert gate.attempt("246800") == "ok"


def test_set_pin_keeps_the_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings_mod.save(Settings(briefing_minutes=4.0, output_dir="/srv/out"), path)
    stored = set_pin("975310", path)
    raw = json.loads(path.read_text())
    assert raw["kiosk_pin"] == stored and "975310" not in path.read_text()
    assert raw["briefing_minutes"] == 4.0 and raw["output_dir"] == "/srv/out"
    assert verify_pin("975310", require_pin(path))


def test_a_plain_text_pin_in_the_settings_is_hashed_on_first_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings_mod.save(Settings(kiosk_pin="864200"), path)
    hashed = stored_pin(path)
    assert is_hashed(hashed) and verify_pin("864200", hashed)
    assert "864200" not in path.read_text()


def test_no_pin_means_no_kiosk(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        require_pin(tmp_path / "settings.json")
    assert caught.value.code == "kiosk.no_pin" and "--set-pin" in caught.value.hint


def test_kiosk_settings_have_no_cloud_route() -> None:
    from app.core.llm_setup import build_llm, cloud_allowed

    risky = Settings(privacy_mode=False, policy="cloud_first", llm_model="smollm2-135m-instruct-q4_1",
                     cloud=CloudSettings(enabled=True, base_url="https://api.example.com/v1", model="big"))
    assert cloud_allowed(risky)
    assert [r.kind for r in build_llm(risky, task="assistant").routes] == ["local", "cloud"]  # the desktop would
    kiosk = kiosk_settings(risky)
    assert kiosk.privacy_mode and kiosk.policy == "local_only" and not kiosk.cloud.enabled
    assert not cloud_allowed(kiosk)
    assert [r.kind for r in build_llm(kiosk, task="assistant").routes] == ["local"]
    assert kiosk.sources == (str(Path(kiosk.sources[0])),) and kiosk.sources[0].endswith("demo/sources")


def test_kiosk_mode_cannot_import_voices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.trust import voices
    from app.kiosk.main import enter_kiosk_mode

    monkeypatch.delenv("DAYCAST_KIOSK", raising=False)
    assert not voices.kiosk_active()
    enter_kiosk_mode()
    try:
        assert voices.kiosk_active()
        model = tmp_path / "alice.onnx"
        model.write_bytes(b"not used: refused before reading")
        with pytest.raises(UsageError) as caught:
            voices.import_voice(model, None)
        assert caught.value.code == "voices.kiosk_forbidden"
    finally:
        monkeypatch.delenv("DAYCAST_KIOSK", raising=False)


def test_options_file_round_trip_and_corrupt_file_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    save_config(KioskConfig(idle_seconds=45.0, output_device="USB speaker"), path)
    config, message = load_config(path)
    assert config.idle_seconds == 45.0 and config.output_device == "USB speaker" and message == ""
    path.write_text('{"idle_seconds": "soon"}')
    config, message = load_config(path)
    assert config == KioskConfig() and "idle_seconds" in message
    assert list(tmp_path.glob("kiosk.json.corrupt-*")) and not path.exists()
    assert config_path().name == "kiosk.json"


def test_log_rotates(tmp_path: Path) -> None:
    from app.kiosk.logs import setup_logging

    handler = setup_logging(tmp_path / "kiosk.log", max_bytes=2000, backups=2)
    try:
        log = logging.getLogger("daycast.kiosk.test")
        for index in range(200):
            log.info("visitor %03d asked about the day", index)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(p.stat().st_size <= 2100 for p in tmp_path.iterdir())
    assert "visitor 199" in (tmp_path / "kiosk.log").read_text()


def test_set_pin_command_reads_stdin_and_kiosk_refuses_to_start_without_a_pin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli import main

    assert main(["kiosk"]) == 2
    assert "No kiosk admin PIN is set" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("11223344\n"))
    assert main(["kiosk", "--set-pin"]) == 0
    saved = settings_mod.load().settings.kiosk_pin
    assert is_hashed(saved) and verify_pin("11223344", saved)
    monkeypatch.setattr(sys, "stdin", io.StringIO("12\n"))
    assert main(["kiosk", "--set-pin"]) == 2
    assert verify_pin("11223344", settings_mod.load().settings.kiosk_pin)  # unchanged


def test_short_pins_are_refused() -> None:
    with pytest.raises(UsageError, match="6 to 12 digits"):
        hash_pin("4711")


def test_lockout_survives_a_restart_and_doubles_each_time(tmp_path: Path) -> None:
    """A visitor who pulls the plug after five wrong tries meets the same lockout, then a longer one."""
    now = [1_000.0]
    state = tmp_path / "pin-attempts.json"
    stored = hash_pin("246800")
    gate = PinGate(stored, clock=lambda: now[0], state_path=state)
    assert [gate.attempt("000000") for _ in range(5)][-1] == "locked"
    restarted = PinGate(stored, clock=lambda: now[0], state_path=state)  # a new kiosk process
    assert restarted.attempt("246800") == "locked" and restarted.locked_for() == 30.0
    now[0] += 30.5
    assert [restarted.attempt("000000") for _ in range(5)][-1] == "locked"
    assert restarted.locked_for() == 60.0  # the second lockout is twice as long
    assert stat.S_IMODE(state.stat().st_mode) == 0o600


def test_a_lockout_set_while_the_clock_ran_ahead_ends_within_the_cap(tmp_path: Path) -> None:
    now = [2_000_000_000.0]  # the clock is years ahead when a visitor locks the gate
    state = tmp_path / "pin-state.json"
    gate = PinGate(hash_pin("246800"), clock=lambda: now[0], state_path=state)
    assert [gate.attempt("000000") for _ in range(5)][-1] == "locked"
    now[0] = 1_800_000_000.0  # then corrected
    assert gate.attempt("246800") == "locked"
    now[0] += gate.max_lockout_s + 1
    restarted = PinGate(hash_pin("246800"), clock=lambda: now[0], state_path=state)
    assert restarted.attempt("246800") == "ok"  # an hour at most, not until the old clock's date


def test_lockouts_keep_locking_after_a_thousand_of_them(tmp_path: Path) -> None:
    now = [100.0]
    gate = PinGate(hash_pin("246800"), clock=lambda: now[0], state_path=None, lockouts=1030)
    assert [gate.attempt("000000") for _ in range(5)][-1] == "locked"  # 2 ** 1030 once ended every lockout
    assert gate.locked_for() == gate.max_lockout_s


def test_settings_holding_the_pin_hash_are_private(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings_mod.save(Settings(), path)
    set_pin("975310", path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_set_pin_waits_for_another_writer_of_the_settings(tmp_path: Path) -> None:
    """The app saving its settings while the CLI sets the PIN: both changes survive."""
    from engines.fsutil import file_lock

    path = tmp_path / "settings.json"
    settings_mod.save(Settings(), path)
    with file_lock(path):  # the app's read-modify-write holds the lock
        setter = threading.Thread(target=set_pin, args=("975310", path))
        setter.start()
        setter.join(timeout=0.5)
        assert setter.is_alive(), "set_pin wrote while another writer held the settings"
        settings_mod.save(Settings(briefing_minutes=7.0), path)
    setter.join(timeout=30)
    loaded = settings_mod.load(path).settings
    assert loaded.briefing_minutes == 7.0 and verify_pin("975310", loaded.kiosk_pin)
