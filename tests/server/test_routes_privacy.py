"""Privacy mode against real routes: a self-hosted Daycast server is used, a cloud route never is.

The self-hosted route is the module's ``daycast serve`` on 127.0.0.1; the cloud routes point at public
host names that are never contacted (privacy mode drops them before any request), so no network is needed.
"""

from __future__ import annotations

import numpy as np
import pytest

from app.core import settings as settings_mod
from app.core.llm_setup import build_llm
from app.core.remote_routes import build_asr, build_tts
from app.core.settings import Settings
from engines.errors import SpeechEndpointError
from engines.ledger import Ledger
from engines.metrics import word_error_rate
from engines.routes import effective_kind, is_private_host
from engines.speech_util import resample
from engines.types import ChatMessage, ChatRequest, ChatResult
from tests.server.daycast_server import SMOL, DaycastServer

CLOUD = "https://api.openai.com/v1"


def _settings(server: DaycastServer, **changes: object) -> Settings:
    routes = [
        {"name": "gpu-box", "engine": "llm", "kind": "self-hosted", "base_url": server.base_url, "model": SMOL},
        {"name": "openai", "engine": "llm", "kind": "cloud", "base_url": CLOUD, "model": "gpt-4o-mini"},
        {"name": "looks-private", "engine": "llm", "kind": "self-hosted", "base_url": "https://llm.example.com/v1",
         "model": "m"},
        {"name": "gpu-box-tts", "engine": "tts", "kind": "self-hosted", "base_url": server.base_url, "model": "tts-1",
         "voice": "piper:en_US-joe-medium"},
        {"name": "cloud-tts", "engine": "tts", "kind": "cloud", "base_url": CLOUD, "model": "tts-1", "voice": "alloy"},
        {"name": "gpu-box-asr", "engine": "asr", "kind": "self-hosted", "base_url": server.base_url,
         "model": "whisper-1"},
    ]
    base = {"llm_model": SMOL, "device": "cpu", "privacy_mode": True, "policy": "self_hosted_first", "routes": routes}
    return settings_mod.from_dict({**base, **changes})


def test_host_trust_is_decided_by_address_or_the_users_list() -> None:
    assert is_private_host("127.0.0.1") and is_private_host("192.168.1.20") and is_private_host("fd00::5")
    assert is_private_host("gpu-box.local") and not is_private_host("8.8.8.8") and not is_private_host("example.com")
    assert effective_kind("self-hosted", "http://10.0.0.7:8000/v1", ()) == "self-hosted"
    assert effective_kind("self-hosted", "https://gpu.example.org/v1", ()) == "cloud"
    assert effective_kind("self-hosted", "https://gpu.example.org/v1", (".example.org",)) == "self-hosted"
    assert effective_kind("cloud", "http://127.0.0.1:8765/v1", ()) == "cloud"  # the user's word for cloud stands


@pytest.mark.usefixtures("client_key")
def test_privacy_mode_refuses_cloud_and_uses_the_self_hosted_server(server: DaycastServer) -> None:
    ledger = Ledger()
    llm = build_llm(_settings(server), task="briefing", ledger=ledger)
    assert [(r.name, r.kind) for r in llm.routes] == [("local", "local"), ("gpu-box", "self-hosted")]
    request = ChatRequest((ChatMessage("user", "Name one colour."),), max_tokens=8, temperature=0.0)
    result = [item for item in llm.stream_chat(request) if isinstance(item, ChatResult)][-1]
    assert result.model.route == "self-hosted" and result.model.id == SMOL and result.attempts == ("gpu-box:ok",)
    assert [(r["route"], r["kind"], r["task"]) for r in ledger.rows()] == [("gpu-box", "self-hosted", "briefing")]
    assert any(r["engine"] == "llm" for r in server.ledger.rows())  # the server saw it

    opened = build_llm(_settings(server, privacy_mode=False, policy="cloud_first"), ledger=ledger)
    assert {r.name for r in opened.routes} == {"local", "gpu-box", "openai", "looks-private"}  # cloud: no privacy
    assert opened.info.id == "gpt-4o-mini" and opened.info.route == "cloud"  # cloud_first: a cloud route leads
    assert {r.kind for r in opened.routes if r.name == "looks-private"} == {"cloud"}


@pytest.mark.usefixtures("client_key")
def test_speech_routes_obey_privacy_too(server: DaycastServer) -> None:
    settings = _settings(server)
    ledger = Ledger()
    tts, voice = build_tts(settings, None, task="briefing", ledger=ledger)
    assert [r.name for r in tts.routes] == ["gpu-box-tts"]
    chunks = list(tts.synthesize("The bakery opens at eight.", voice=voice))
    audio = np.concatenate([c.samples for c in chunks])
    assert tts.sample_rate == 22050 and 1.0 < len(audio) / tts.sample_rate < 5.0
    assert tts.info.route == "self-hosted" and "made by piper-en_US-joe-medium" in tts.info.detail
    asr = build_asr(settings, None, ledger=ledger)
    heard = " ".join(s.text for s in asr.transcribe(resample(audio, 22050, 16000)))
    assert word_error_rate("the bakery opens at 8", heard.replace("eight", "8")) <= 0.2, heard
    rows = [(r["engine"], r["route"], r["kind"]) for r in ledger.rows()]
    assert rows == [("tts", "gpu-box-tts", "self-hosted"), ("asr", "gpu-box-asr", "self-hosted")]
    assert ledger.rows()[0]["audio_s"] > 1.0

    with pytest.raises(SpeechEndpointError, match="privacy mode"):  # only a cloud voice: nothing may speak
        only_cloud = settings_mod.update(settings, routes=[r for r in settings_mod.to_dict(settings)["routes"]
                                                           if r["name"] == "cloud-tts"])
        build_tts(only_cloud, None)
