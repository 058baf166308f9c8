"""Speech routers over real engines: a dead remote route falls back to local Piper/Whisper and cools down."""

from __future__ import annotations

import numpy as np
import pytest
from llm_servers import closed_port_url

from engines.asr_openai import OpenAITranscriber
from engines.errors import SpeechEndpointError
from engines.ledger import Ledger
from engines.remote_audio import AudioEndpointConfig
from engines.speech_router import ASRRouter, SpeechPolicy, SpeechRoute, TTSRouter
from engines.tts_openai import OpenAISpeech


def _dead(kind: str = "self-hosted") -> AudioEndpointConfig:
    return AudioEndpointConfig(closed_port_url(), "tts-1", name="box", kind=kind, timeout_s=5)  # type: ignore[arg-type]


def test_a_dead_self_hosted_voice_falls_back_to_local_and_cools_down(piper_tts, tmp_path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    now = [0.0]
    router = TTSRouter([SpeechRoute("box", OpenAISpeech(_dead()), "self-hosted"),
                        SpeechRoute("local", piper_tts, "local")],
                       SpeechPolicy("self_hosted_first", cooldown_s=30), ledger=ledger, task="briefing",
                       clock=lambda: now[0])
    assert [r.name for r in router.routes] == ["box", "local"] and router.sample_rate == 24000
    audio = np.concatenate([c.samples for c in router.synthesize("Hello there.")])
    assert router.last_route.name == "local" and len(audio) / 24000 > 0.4  # resampled to the router's rate
    assert [(r["route"], r["outcome"], r["error"]) for r in ledger.rows()] == [
        ("box", "error", "speech.endpoint_down"), ("local", "ok", "")]
    list(router.synthesize("Again."))
    assert [r["route"] for r in ledger.rows()][2:] == ["local"]  # the dead route is cooling down: not tried
    now[0] = 31.0
    list(router.synthesize("Later."))
    assert [r["route"] for r in ledger.rows()][3:] == ["box", "local"]  # tried again after its cooldown


def test_privacy_drops_cloud_speech_and_a_lone_failure_keeps_its_code(whisper_asr) -> None:
    cloud = SpeechRoute("cloud", OpenAITranscriber(_dead("cloud")), "cloud")
    with pytest.raises(SpeechEndpointError, match="privacy mode"):
        ASRRouter([cloud], SpeechPolicy("cloud_first", privacy_mode=True))
    only = ASRRouter([SpeechRoute("box", OpenAITranscriber(_dead()), "self-hosted")], SpeechPolicy())
    with pytest.raises(SpeechEndpointError) as info:
        list(only.transcribe(np.zeros(16000, np.float32)))
    assert info.value.code == "speech.endpoint_down" and "Cannot connect" in info.value.message
    opened = ASRRouter([cloud, SpeechRoute("local", whisper_asr, "local")],
                       SpeechPolicy("cloud_first", privacy_mode=False))
    assert [r.name for r in opened.routes] == ["cloud", "local"]
