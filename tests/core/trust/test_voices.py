"""Voices: bundled ones are allowed; a custom voice needs recorded consent, which is stored with it and named in
provenance; kiosk mode cannot import."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from app.cli import main
from app.core.audio.io import write_wav_bytes
from app.core.trust import voices
from engines import bundled
from engines.errors import SourceError, UsageError
from engines.fsutil import sha256_file
from tests.piper_speech import piper_speech

STATEMENT = "I, Alice Example, agree that Daycast may speak with a synthetic copy of my voice for my own podcast."


@pytest.fixture(scope="module")
def statement_audio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A spoken consent statement (Piper reads it: a real, non-silent recording of several seconds)."""
    samples, rate = piper_speech(STATEMENT)
    path = tmp_path_factory.mktemp("consent") / "statement.wav"
    path.write_bytes(write_wav_bytes(samples, rate))
    return path


@pytest.fixture(scope="module")
def custom_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Piper voice outside the bundle, as a user would have trained it (a copy of the bundled files)."""
    model = bundled.require("piper-en_US-joe-medium")
    folder = tmp_path_factory.mktemp("my-voice")
    shutil.copyfile(model.path("en_US-joe-medium.onnx"), folder / "alice.onnx")
    shutil.copyfile(model.path("en_US-joe-medium.onnx.json"), folder / "alice.onnx.json")
    return folder / "alice.onnx"


def _consent(statement: Path, **changes: object) -> voices.Consent:
    fields: dict[str, object] = {"speaker_name": "Alice Example", "recorded_by": "Bob Recorder",
                                 "date": "2025-03-14", "purpose": "her own weekly podcast",
                                 "statement_audio": statement}
    fields.update(changes)
    return voices.Consent(**fields)  # type: ignore[arg-type]


def test_bundled_voices_are_allowed_and_arbitrary_models_are_not(custom_model: Path) -> None:
    ids = {v.id for v in voices.list_voices()}
    assert {"piper:en_US-joe-medium", "kokoro:jf_alpha", "kokoro:jm_kumo"} <= ids
    assert voices.resolve("kokoro:jf_alpha").origin == "bundled"
    with pytest.raises(UsageError) as caught:
        voices.resolve(f"piper:{custom_model}")
    assert caught.value.code == "voices.not_allowed" and "consent" in caught.value.hint


def test_import_without_consent_is_refused(custom_model: Path) -> None:
    with pytest.raises(UsageError) as caught:
        voices.import_voice(custom_model, None)
    assert caught.value.code == "voices.consent_required"
    assert "recorded consent" in caught.value.message
    assert not voices.voices_dir().exists() or not any(voices.voices_dir().iterdir())


def test_kiosk_mode_cannot_import_even_with_consent(custom_model: Path, statement_audio: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError, match="Kiosk mode cannot import voices") as caught:
        voices.import_voice(custom_model, _consent(statement_audio), kiosk=True)
    assert caught.value.code == "voices.kiosk_forbidden"
    monkeypatch.setenv("DAYCAST_KIOSK", "1")
    with pytest.raises(UsageError, match="Kiosk mode"):
        voices.import_voice(custom_model, _consent(statement_audio))
    assert not voices.custom_voices()


def test_import_with_consent_stores_statement_and_feeds_provenance(custom_model: Path, statement_audio: Path) -> None:
    voice = voices.import_voice(custom_model, _consent(statement_audio))
    assert voice.id == "custom:alice" and voice.origin == "custom"
    folder = voices.voices_dir() / "alice"
    assert sorted(p.name for p in folder.iterdir()) == [
        "alice.onnx", "alice.onnx.json", "consent.json", "consent_statement.wav"]
    assert sha256_file(folder / "consent_statement.wav") == sha256_file(statement_audio)
    stored = json.loads((folder / "consent.json").read_text())
    assert stored["speaker_name"] == "Alice Example" and stored["recorded_by"] == "Bob Recorder"
    assert stored["purpose"] == "her own weekly podcast" and stored["date"] == "2025-03-14"
    assert stored["statement_seconds"] > 3.0
    assert voices.resolve(voice.spec) == voices.resolve("custom:alice")
    entry = voices.voice_provenance(voice.spec)
    assert entry["spec"] == "custom:alice" and str(folder) not in json.dumps(entry)
    assert entry["consent"]["speaker_name"] == "Alice Example"
    assert entry["consent"]["statement_audio_sha256"] == sha256_file(statement_audio)
    with pytest.raises(UsageError, match="already imported"):
        voices.import_voice(custom_model, _consent(statement_audio))


def test_an_imported_voice_speaks_through_the_tts_loader(custom_model: Path, statement_audio: Path) -> None:
    from engines.tts import TTSCache, load_tts

    voice = voices.import_voice(custom_model, _consent(statement_audio), name="alice-tts")
    tts, name = load_tts(voice.spec, device="cpu", cache=TTSCache())
    chunks = list(tts.synthesize("Hello there.", voice=name))
    assert sum(len(c.samples) for c in chunks) / chunks[0].sample_rate > 0.3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"speaker_name": "  "}, "the speaker name is empty"),
        ({"purpose": ""}, "the purpose is empty"),
        ({"date": "14/03/2025"}, "not an ISO date"),
        ({"date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "is in the future"),
        ({"statement_audio": Path("/nonexistent/statement.wav")}, "no such audio file"),
    ],
)
def test_incomplete_consent_is_refused_with_the_reason(custom_model: Path, statement_audio: Path,
                                                      changes: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        voices.import_voice(custom_model, _consent(statement_audio, **changes))
    assert caught.value.code == "voices.consent_invalid"
    assert not voices.custom_voices()


def test_a_short_or_silent_statement_is_refused(custom_model: Path, tmp_path: Path) -> None:
    short = tmp_path / "short.wav"
    short.write_bytes(write_wav_bytes(0.1 * np.ones(8000, np.float32), 16000))
    with pytest.raises(UsageError, match=r"0\.5 s long"):
        voices.import_voice(custom_model, _consent(short))
    silent = tmp_path / "silent.wav"
    silent.write_bytes(write_wav_bytes(np.zeros(5 * 16000, np.float32), 16000))
    with pytest.raises(UsageError, match="is silent"):
        voices.import_voice(custom_model, _consent(silent))


def test_a_model_without_its_config_is_refused(tmp_path: Path, statement_audio: Path) -> None:
    model = tmp_path / "bob.onnx"
    model.write_bytes(b"\x08\x07onnx")
    with pytest.raises(SourceError, match=r"bob\.onnx\.json is missing"):
        voices.import_voice(model, _consent(statement_audio))


def test_cli_import_list_and_refusals(custom_model: Path, statement_audio: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def err() -> str:
        return " ".join(capsys.readouterr().err.split())  # rich wraps long lines

    assert main(["voices", "import", str(custom_model)]) == 2
    assert "recorded consent" in err()
    assert main(["voices", "import", str(custom_model), "--speaker", "Alice Example"]) == 2
    assert "missing --recorded-by, --date, --purpose, --statement" in err()
    args = ["voices", "import", str(custom_model), "--speaker", "Alice Example", "--recorded-by", "Bob",
            "--date", "2025-03-14", "--purpose", "her podcast", "--statement", str(statement_audio), "--name", "cli"]
    monkeypatch.setenv("DAYCAST_KIOSK", "1")
    assert main(args) == 2
    assert "Kiosk mode cannot import voices" in err()
    monkeypatch.delenv("DAYCAST_KIOSK")
    assert main(args) == 0
    assert "Imported custom:cli" in capsys.readouterr().out
    assert main(["voices", "list", "--json"]) == 0
    listed = {v["id"]: v for v in json.loads(capsys.readouterr().out)}
    assert listed["custom:cli"]["consent"]["speaker_name"] == "Alice Example"
    assert listed["piper:en_US-joe-medium"]["origin"] == "bundled"


def test_a_model_swapped_after_import_loses_the_consent(custom_model: Path, statement_audio: Path) -> None:
    """Consent covers the model file the speaker agreed to; a different file in its place is refused."""
    voice = voices.import_voice(custom_model, _consent(statement_audio))
    model = voices.voices_dir() / "alice" / "alice.onnx"
    with open(model, "r+b") as handle:  # someone replaces the voice model (same name, other voice)
        handle.seek(-16, 2)
        handle.write(b"\x00" * 16)
    assert "custom:alice" not in [v.id for v in voices.list_voices()]
    for spec in ("custom:alice", voice.spec):
        with pytest.raises(UsageError, match="model file changed after the speaker's consent") as caught:
            voices.resolve(spec)
        assert caught.value.code == "voices.consent_mismatch"
