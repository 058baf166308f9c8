"""A briefing's audio file keeps the loudness promise after the watermark: -19 LUFS, true peak ≤ -1 dBTP.

The mark can add about half a dB on a peak the limiter held at the ceiling, so the ceiling is checked on
the marked audio, as written. Speech is real Piper joe-medium, rendered without its random noise so the
samples are the same on every run; the install key is a fixed one, so the mark's bits are too (with this
key and these sentences the mark lifts the peak past -1 dBTP unless the finishing step trims it).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core.audio import loudness
from app.core.audio.io import read_audio
from app.core.briefing.output import ExportInput, Line, export_briefing
from app.core.speech import Spoken
from app.core.trust import keys, provenance
from app.core.trust.watermark import detect_daycast
from engines.types import AudioChunk, ModelInfo
from tests.piper_speech import piper_speech

SENTENCES = (
    "Good morning. Here is your briefing for Tuesday.",
    "Pack an umbrella; showers are likely by the afternoon.",
    "Your dentist appointment moved to next Monday at nine.",
)
KEY_SEED = bytes([10]) * 32  # an install key whose mark lands on a limited peak of these sentences


@pytest.fixture
def install_key() -> int:
    path = keys.keys_dir() / keys.SIGNING_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.from_private_bytes(KEY_SEED)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return keys.load_or_create().key_id


@pytest.fixture(scope="module")
def spoken() -> tuple[Spoken, ...]:
    out = []
    for index, text in enumerate(SENTENCES):
        audio, rate = piper_speech(text)
        out.append(Spoken(index, text, AudioChunk(audio, rate, ""), Line("item"), 0.1))
    return tuple(out)


def test_marked_briefing_is_at_target_loudness_and_under_the_peak_ceiling(
    tmp_path: Path, spoken: tuple[Spoken, ...], install_key: int
) -> None:
    out = tmp_path / "briefing.wav"
    export_briefing(ExportInput(out=out, day=date(2026, 3, 12), spoken=spoken,
                                models=(ModelInfo("piper-en_US-joe-medium", "piper-tts"),), sources=(),
                                timings={}, first_audio_seconds=0.5))
    samples, rate = read_audio(out)
    peak = loudness.true_peak_dbtp(samples, rate)
    assert -1.6 <= peak <= loudness.TRUE_PEAK_DB  # at the ceiling (the limiter held it), never past it
    assert loudness.integrated_lufs(samples, rate) == pytest.approx(loudness.MONO_TARGET_LUFS, abs=0.5)
    found = detect_daycast(samples, rate)
    assert found.found and found.payload is not None and found.payload.key_id == install_key
    record = json.loads(provenance.sidecar_path(out).read_text(encoding="utf-8"))
    assert record["extra"]["true_peak_dbtp"] == pytest.approx(peak, abs=0.02)
    assert record["extra"]["loudness_lufs"] == pytest.approx(loudness.integrated_lufs(samples, rate), abs=0.02)
