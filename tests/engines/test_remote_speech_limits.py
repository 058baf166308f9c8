"""Remote speech routes against real servers on 127.0.0.1: a slow drip ends at the overall deadline and
honours Stop; an address httpx cannot request and a malformed transcript segment are speech endpoint
errors, so the ASR router falls back to local Whisper; a cooling local route is still the last resort."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler

import numpy as np
import pytest
from llm_servers import closed_port_url
from test_llm_openai_hostile import Handler, _empty_keyring, json_reply, serve  # noqa: F401

from engines.asr_openai import OpenAITranscriber
from engines.cancel import CancelToken
from engines.errors import Cancelled, SpeechEndpointError
from engines.ledger import Ledger
from engines.remote_audio import AudioEndpointConfig
from engines.speech_router import ASRRouter, SpeechPolicy, SpeechRoute

SECOND = np.zeros(16000, np.float32)


def transcriber(url: str, **config: float) -> OpenAITranscriber:
    return OpenAITranscriber(AudioEndpointConfig(url, "whisper-1", name="box", kind="self-hosted", timeout_s=2,
                                                 **config))  # type: ignore[arg-type]


def drip(cancel: CancelToken | None = None) -> Handler:
    """A 200 answer whose body comes one byte every 50 ms for up to 20 s; cancels ``cancel`` after 3 bytes."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        for sent in range(400):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            if cancel is not None and sent == 3:
                cancel.cancel("user pressed Stop")
            if handler.stop.wait(0.05):  # type: ignore[attr-defined]
                return

    return reply


def transcript(reply: dict) -> Handler:
    return json_reply(200, json.dumps(reply).encode())


def test_a_slow_drip_ends_at_the_overall_deadline() -> None:
    with serve(drip()) as url:
        started = time.perf_counter()
        with pytest.raises(SpeechEndpointError) as caught:
            list(transcriber(url, deadline_s=1.0).transcribe(SECOND))
    assert caught.value.code == "speech.deadline" and "longer than 1 s" in caught.value.message
    assert time.perf_counter() - started < 5


def test_stop_is_honoured_while_the_answer_drips_in() -> None:
    cancel = CancelToken()
    with serve(drip(cancel)) as url:
        started = time.perf_counter()
        with pytest.raises(Cancelled):
            list(transcriber(url).transcribe(SECOND, cancel=cancel))
    assert time.perf_counter() - started < 5  # not the 20 s the drip goes on for


def test_stop_is_honoured_while_a_remote_voice_drips_in() -> None:
    from engines.tts_openai import OpenAISpeech

    cancel = CancelToken()
    with serve(drip(cancel)) as url:
        voice = OpenAISpeech(AudioEndpointConfig(url, "tts-1", name="box", kind="self-hosted", timeout_s=2))
        started = time.perf_counter()
        with pytest.raises(Cancelled):
            list(voice.synthesize("Hello there.", cancel=cancel))
    assert time.perf_counter() - started < 5


def test_an_address_httpx_cannot_request_is_a_speech_endpoint_error() -> None:
    with pytest.raises(SpeechEndpointError) as caught:
        list(transcriber("http://256.1.1.1:8000/v1").transcribe(SECOND))
    assert caught.value.code == "speech.invalid_url" and "256.1.1.1" in caught.value.message


BAD_SEGMENTS = [{"start": None, "end": 1.0, "text": "hi"}, {"start": 0, "end": "soon", "text": "hi"},
                {"start": [0], "text": "hi"}, {"start": 0, "end": 10**400, "text": "hi"}]


@pytest.mark.parametrize("segment", BAD_SEGMENTS)
def test_a_malformed_segment_falls_back_to_local_whisper(whisper_asr, tmp_path, segment: dict) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    with serve(transcript({"text": "hi", "segments": [segment]})) as url:
        with pytest.raises(SpeechEndpointError) as caught:
            list(transcriber(url).transcribe(SECOND))
        assert caught.value.code == "speech.bad_response" and "malformed transcript segment" in caught.value.message
        router = ASRRouter([SpeechRoute("box", transcriber(url), "self-hosted"),
                            SpeechRoute("local", whisper_asr, "local")], SpeechPolicy("self_hosted_first"),
                           ledger=ledger)
        list(router.transcribe(SECOND))
    assert router.last_route.name == "local"
    assert [(r["route"], r["outcome"], r["error"]) for r in ledger.rows()] == [
        ("box", "error", "speech.bad_response"), ("local", "ok", "")]


def test_a_cooling_local_route_is_tried_after_the_fresh_remote_fails(whisper_asr, tmp_path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    router = ASRRouter([SpeechRoute("box", transcriber(closed_port_url()), "self-hosted"),
                        SpeechRoute("local", whisper_asr, "local")], SpeechPolicy("self_hosted_first"), ledger=ledger)
    router.cooldowns.cool("local")  # as after a failure a moment ago
    list(router.transcribe(SECOND))
    assert router.last_route.name == "local"
    assert [(r["route"], r["outcome"]) for r in ledger.rows()] == [("box", "error"), ("local", "ok")]
