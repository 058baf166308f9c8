"""Signed provenance sidecars: valid when untouched; any edit to the sidecar or the audio is caught with a
clear message; secrets never go in; the install's keys are private, stable and made once."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app import __version__
from app.core.audio.io import write_wav_bytes
from app.core.trust import keys, provenance
from app.core.trust.disclosure import SHORT, disclosure_text
from engines.errors import DaycastError
from engines.fsutil import sha256_file
from engines.types import ModelInfo


@pytest.fixture
def audio(tmp_path: Path) -> Path:
    t = np.arange(3 * 22050) / 22050
    path = tmp_path / "briefing.wav"
    path.write_bytes(write_wav_bytes((0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), 22050))
    return path


def _record(audio: Path, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "briefing",
        "audio_path": audio,
        "sources": [{"title": "City news", "url": "https://example.org/feed.xml", "kind": "feed"}],
        "models": [ModelInfo("piper-en_US-joe-medium", "piper", sha256="ab" * 32),
                   {"id": "qwen2.5-1.5b-instruct-q4km", "backend": "llama.cpp", "device": "cpu"}],
        "settings": {"voices": {"briefing_voice": "piper:en_US-joe-medium"}, "minutes": 3.0, "tokens": 512},
        "timings": {"llm": 12.5, "tts": 3.25},
        "prompts": {"system": "You write short spoken briefings."},
        "disclosure": disclosure_text("full"),
        "extra": {"output": audio.parent / "out"},
    }
    fields.update(overrides)
    return provenance.build_record(**fields)


def _signed(audio: Path) -> Path:
    return provenance.write_sidecar(audio, _record(audio))


def test_signed_sidecar_verifies_and_records_how_the_audio_was_made(audio: Path) -> None:
    path = _signed(audio)
    assert path == audio.with_name("briefing.wav.json")
    check = provenance.verify_sidecar(audio)
    assert check.present and check.signature_valid and check.audio_hash_matches and check.ok
    assert check.problems == []
    record = json.loads(path.read_text())
    install = keys.load_or_create()
    assert record["audio"] == {"file": "briefing.wav", "sha256": sha256_file(audio), "size": audio.stat().st_size}
    assert record["watermark"]["key_id"] == install.key_id_hex == record["signature"]["key_id"] == check.key_id
    assert record["app"]["version"] == __version__
    assert record["disclosure"] == disclosure_text("full")
    assert record["models"][0]["sha256"] == "ab" * 32 and record["models"][1]["device"] == "cpu"
    assert record["device"]["compute"] == ["cpu"]
    assert record["extra"]["output"] == str(audio.parent / "out")
    assert record["created"].endswith("+00:00")
    assert not list(audio.parent.glob("*.part"))


def test_flipping_one_byte_of_the_sidecar_invalidates_it(audio: Path) -> None:
    path = _signed(audio)
    raw = bytearray(path.read_bytes())
    at = raw.index(b'"briefing"') + 3
    raw[at] ^= 0x01  # "briefing" -> "brhefing"
    path.write_bytes(bytes(raw))
    check = provenance.verify_sidecar(audio)
    assert check.present and not check.signature_valid and not check.ok
    assert "sidecar signature INVALID: content changed after signing" in check.problems


def test_a_byte_that_breaks_the_json_or_only_the_layout_is_caught_too(audio: Path) -> None:
    path = _signed(audio)
    original = path.read_bytes()
    path.write_bytes(original.replace(b"{", b"[", 1))
    broken = provenance.verify_sidecar(audio)
    assert not broken.signature_valid and "not valid JSON" in broken.problems[0]
    path.write_bytes(original.replace(b'\n  "app"', b'\n\t"app"', 1))  # same JSON, other whitespace
    layout = provenance.verify_sidecar(audio)
    assert not layout.signature_valid
    assert any("edited after signing" in p for p in layout.problems)


def test_changed_audio_is_a_hash_mismatch(audio: Path) -> None:
    _signed(audio)
    data = bytearray(audio.read_bytes())
    data[-1] ^= 0xFF
    audio.write_bytes(bytes(data))
    check = provenance.verify_sidecar(audio)
    assert check.signature_valid and not check.audio_hash_matches
    assert any(p.startswith("audio hash MISMATCH: briefing.wav changed") for p in check.problems)


def test_a_sidecar_resigned_with_another_key_id_or_no_signature_is_invalid(audio: Path) -> None:
    path = _signed(audio)
    document = json.loads(path.read_text())
    document["signature"]["key_id"] = "00000000"
    path.write_text(provenance.render(document))
    assert any("does not belong to its public key" in p for p in provenance.verify_sidecar(audio).problems)
    del document["signature"]
    path.write_text(provenance.render(document))
    check = provenance.verify_sidecar(audio)
    assert not check.signature_valid and check.problems == ["sidecar is not signed (no signature block)"]


def test_a_record_without_the_disclosure_is_refused(audio: Path) -> None:
    with pytest.raises(ValueError, match="disclosure"):
        _record(audio, disclosure="  ")


def test_missing_sidecar_is_reported_as_absent(audio: Path) -> None:
    check = provenance.verify_sidecar(audio)
    assert not check.present and "no provenance sidecar" in check.problems[0]


def test_write_refreshes_the_audio_hash_when_the_file_changed_after_building(audio: Path) -> None:
    record = _record(audio)
    audio.write_bytes(audio.read_bytes() + b"\0\0")
    provenance.write_sidecar(audio, record)
    assert provenance.verify_sidecar(audio).ok


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("settings", {"cloud": {"api_key": "not-a-pattern-but-a-secret"}}, "settings.cloud.api_key"),
        ("settings", {"endpoint": "sk-proj-abcdefghijklmnopqrstuvwxyz012345"}, "OpenAI/Anthropic-style"),
        ("prompts", {"system": "use key AIzaSyA1234567890abcdefghijklmnopqrstuv"}, "Google API key"),
        ("settings", {"feed": "https://user:hunter2@example.org/feed"}, "password in a URL"),
        ("extra", {"headers": "Authorization: Bearer abcdefghijklmnopqrstuvwxyz"}, "bearer token"),
        ("extra", {"endpoint": "https://api.example.org/v1?api_key=abcdef123456"}, "key in a URL"),
    ],
)
def test_secrets_are_refused_and_never_echoed(audio: Path, field: str, value: Any, expected: str) -> None:
    with pytest.raises(DaycastError) as caught:
        _record(audio, **{field: value})
    assert caught.value.code == "provenance.secret_refused"
    assert expected in caught.value.message
    for secret in ("not-a-pattern-but-a-secret", "abcdefghijklmnopqrstuvwxyz012345", "hunter2", "abcdef123456"):
        assert secret not in caught.value.message


def test_the_daycast_api_key_env_value_is_refused_anywhere(audio: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAYCAST_API_KEY", "plainvalue-42-without-pattern")
    with pytest.raises(DaycastError, match="DAYCAST_API_KEY"):
        _record(audio, prompts={"system": "the key is plainvalue-42-without-pattern"})
    record = _record(audio)  # ordinary content still passes with the variable set
    record["extra"] = {"leak": "plainvalue-42-without-pattern"}
    with pytest.raises(DaycastError, match=r"record\.extra\.leak"):
        provenance.write_sidecar(audio, record)


def test_install_keys_are_private_stable_and_32_bit(audio: Path) -> None:
    first = keys.load_or_create()
    again = keys.load_or_create()
    assert first.public_key == again.public_key and first.key_id == again.key_id
    assert 0 <= first.key_id < 2**32 and len(first.key_id_hex) == 8
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.path.parent.stat().st_mode) == 0o700
    assert keys.verify_signature(first.public_key, first.sign(b"data"), b"data")
    assert not keys.verify_signature(first.public_key, first.sign(b"data"), b"date")


def test_a_damaged_key_file_is_an_error_naming_it_not_a_silent_new_key() -> None:
    path = keys.load_or_create().path
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    with pytest.raises(DaycastError) as caught:
        keys.load_or_create()
    assert caught.value.code == "keys.unreadable" and str(path) in caught.value.message


def test_disclosure_texts() -> None:
    assert disclosure_text("full") == "This audio was generated by Daycast using synthetic AI voices."
    assert disclosure_text("short") == SHORT == "AI-generated voices."
    with pytest.raises(ValueError, match="full, short"):
        disclosure_text("none")  # type: ignore[arg-type]
