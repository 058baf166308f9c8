"""``daycast serve`` as a subprocess on 127.0.0.1, called by the ``openai`` client and by curl.

Real models throughout: SmolLM2 answers chat, Piper speaks, Whisper tiny.en transcribes. What is
heard is checked (the facts of the sentence come back), the model labels are checked in headers and
bodies, and the server's own ledger is checked to hold each request.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import threading
import time
import wave
from pathlib import Path

import httpx
import numpy as np
import pytest
from openai import OpenAI

from app.core.audio.io import read_audio
from app.core.audio.subtitles import parse_vtt
from engines.metrics import word_error_rate
from tests.server.daycast_server import ASR, SERVER_KEY, SMOL, DaycastServer

SENTENCE = "Good morning. The library opens at ten and the market closes at four."
CURL = shutil.which("curl")


def _client(server: DaycastServer) -> OpenAI:
    return OpenAI(base_url=server.base_url, api_key=SERVER_KEY, max_retries=0, timeout=120)


def _wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as handle:
        return handle.getnframes() / handle.getframerate()


def _heard(text: str) -> float:
    return word_error_rate(SENTENCE.replace("ten", "10").replace("four", "4"), text.replace("ten", "10"))


def test_openai_client_chat_speech_and_transcription(server: DaycastServer, tmp_path: Path) -> None:
    client = _client(server)
    assert {SMOL, ASR} <= {m.id for m in client.models.list().data}

    raw = client.chat.completions.with_raw_response.create(
        model=SMOL, messages=[{"role": "user", "content": "Say hello to Alice."}], max_tokens=12, temperature=0)
    reply = raw.parse()
    assert raw.headers["x-daycast-model"] == SMOL and SMOL in raw.headers["x-daycast-model-label"]
    assert reply.model == SMOL and reply.choices[0].message.content.strip()
    assert reply.usage is not None and 0 < reply.usage.completion_tokens <= 12

    stream = client.chat.completions.create(model=SMOL, messages=[{"role": "user", "content": "Count to three."}],
                                            max_tokens=12, temperature=0, stream=True,
                                            stream_options={"include_usage": True})
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.strip() and all(c.model == SMOL for c in chunks)
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0

    speech = client.audio.speech.with_raw_response.create(model="tts-1", voice="alloy", input=SENTENCE,
                                                          response_format="wav")
    assert speech.headers["x-daycast-model"] == "piper-en_US-joe-medium"
    audio = speech.content
    assert 2.5 < _wav_seconds(audio) < 10.0
    (tmp_path / "speech.wav").write_bytes(audio)

    with open(tmp_path / "speech.wav", "rb") as handle:
        transcript = client.audio.transcriptions.create(model="whisper-1", file=handle)
    assert _heard(transcript.text) <= 0.2, transcript.text

    kinds = {(r["engine"], r["model"], r["route"]) for r in server.ledger.rows()}
    assert {("llm", SMOL, "daycast-serve"), ("tts", "piper-en_US-joe-medium", "daycast-serve"),
            ("asr", ASR, "daycast-serve")} <= kinds


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_chat_speech_and_transcription(server: DaycastServer, tmp_path: Path) -> None:
    def curl(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([CURL or "curl", "-sS", "--fail-with-body", "--max-time", "120", "-H",
                               f"Authorization: Bearer {SERVER_KEY}", "-D", str(tmp_path / "headers"), *args],
                              capture_output=True, timeout=150, check=True)

    body = json.dumps({"model": SMOL, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 8})
    chat = json.loads(curl(f"{server.base_url}/chat/completions", "-H", "Content-Type: application/json",
                           "-d", body).stdout)
    assert chat["model"] == SMOL and chat["daycast"]["route"] == "local" and chat["choices"][0]["message"]["content"]

    mp3 = tmp_path / "speech.mp3"
    body = json.dumps({"model": "tts-1", "input": SENTENCE, "voice": "piper:en_US-joe-medium",
                       "response_format": "mp3"})
    curl(f"{server.base_url}/audio/speech", "-H", "Content-Type: application/json", "-d", body, "-o", str(mp3))
    assert "x-daycast-model: piper-en_us-joe-medium" in (tmp_path / "headers").read_text().lower()
    samples, rate = read_audio(mp3)
    assert 2.5 < len(samples) / rate < 10.0 and float(np.abs(samples).max()) > 0.05

    vtt = curl(f"{server.base_url}/audio/transcriptions", "-F", f"file=@{mp3}", "-F", "model=whisper-1",
               "-F", "response_format=vtt").stdout.decode()
    cues = parse_vtt(vtt)  # Whisper may split the sentence into several cues
    assert cues and cues[-1].end <= len(samples) / rate + 0.5, vtt
    assert _heard(" ".join(c.text for c in cues)) <= 0.2, vtt
    text = curl(f"{server.base_url}/audio/transcriptions", "-F", f"file=@{mp3}", "-F", "response_format=text")
    assert "library" in text.stdout.decode().lower()


def test_bad_requests_get_specific_errors(server: DaycastServer, tmp_path: Path) -> None:
    url = server.base_url
    http = httpx.Client(headers=server.headers(), timeout=30)
    assert httpx.get(f"{url}/models").status_code == 401  # a server with a key refuses a client without it
    wrong = OpenAI(base_url=url, api_key="wrong-key", max_retries=0)
    with pytest.raises(Exception, match="401"):
        wrong.models.list()
    missing = http.post(f"{url}/chat/completions", json={"model": "gpt-9", "messages": [{"role": "user",
                                                                                      "content": "x"}]})
    assert missing.status_code == 404 and SMOL in missing.json()["error"]["message"]
    empty = http.post(f"{url}/chat/completions", json={"messages": []})
    assert empty.status_code == 400 and "messages" in empty.json()["error"]["message"]
    flac = http.post(f"{url}/audio/speech", json={"input": "Hi", "response_format": "aiff"})
    assert flac.status_code == 400 and "wav" in flac.json()["error"]["message"]
    voice = http.post(f"{url}/audio/speech", json={"input": "Hi", "voice": "no_such_voice"})
    assert voice.status_code == 404 and voice.json()["error"]["code"] == "server.model_not_found"
    (tmp_path / "notes.wav").write_bytes(b"this is not audio at all")
    with open(tmp_path / "notes.wav", "rb") as handle:
        bad = http.post(f"{url}/audio/transcriptions", files={"file": ("notes.wav", handle)})
    assert bad.status_code == 400 and "notes.wav" in bad.json()["error"]["message"]
    assert "/tmp/daycast-serve" not in bad.text  # the server's temp path is not shown


def test_fields_of_the_wrong_type_and_framework_errors_are_openai_shaped(server: DaycastServer) -> None:
    import http.client
    from urllib.parse import urlsplit

    url = server.base_url
    http_client = httpx.Client(headers=server.headers(), timeout=60)
    chat = {"model": SMOL, "messages": [{"role": "user", "content": "Hi"}]}
    cases = [
        ("/chat/completions", {**chat, "response_format": "json_object"}, "response_format"),
        ("/chat/completions", {**chat, "max_tokens": 0}, "max_tokens"),
        ("/chat/completions", {**chat, "max_tokens": True}, "max_tokens"),
        ("/audio/speech", {"input": "Hi", "response_format": ["mp3"]}, "response_format"),
    ]
    for path, body, field in cases:
        answer = http_client.post(url + path, json=body)
        assert answer.status_code == 400, (body, answer.text)
        assert answer.json()["error"]["code"] == "server.bad_request" and field in answer.json()["error"]["message"]
    no_file = http_client.post(f"{url}/audio/transcriptions", data={"model": "whisper-1"})
    assert no_file.status_code == 400 and "file" in no_file.json()["error"]["message"]
    unknown = http_client.get(f"{url}/nothing/here")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "server.not_found"
    wrong_method = http_client.get(f"{url}/chat/completions")
    assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == "server.method_not_allowed"
    # OpenAI's clients send null for "the default", and the scheme name is not case-sensitive
    nulls = {**chat, "temperature": None, "max_tokens": None, "max_completion_tokens": 3}
    lower = {"Authorization": server.headers()["Authorization"].replace("Bearer", "bearer")}
    answer = httpx.post(f"{url}/chat/completions", json=nulls, headers=lower, timeout=60)
    assert answer.status_code == 200 and answer.json()["usage"]["completion_tokens"] <= 3
    # a voice spelled in capitals waits in the same queue as the same voice in lower case
    spoken = http_client.post(f"{url}/audio/speech", json={"input": "Hi.", "voice": "PIPER:en_US-joe-medium",
                                                           "response_format": "wav"})
    assert spoken.status_code == 200 and spoken.headers["x-daycast-voice"] == "piper:en_US-joe-medium"
    # an upload over the limit is refused from its Content-Length, before any of it is read
    where = urlsplit(url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    connection.putrequest("POST", "/v1/audio/transcriptions")
    connection.putheader("Authorization", server.headers()["Authorization"])
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(400 << 20))
    connection.endheaders()
    refused = connection.getresponse()
    assert refused.status == 413 and json.loads(refused.read())["error"]["code"] == "server.too_large"
    connection.close()


@pytest.mark.slow
def test_a_full_queue_answers_503_at_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    """--queue 0: while one synthesis runs, a second request is refused with 503 and Retry-After."""
    from tests.conftest import _USER_MODELS

    server = DaycastServer(tmp_path_factory.mktemp("queue"), _USER_MODELS, extra=("--queue", "0")).start()
    try:
        first: list[httpx.Response] = []
        long_text = " ".join([SENTENCE] * 6)
        worker = threading.Thread(target=lambda: first.append(httpx.post(
            f"{server.base_url}/audio/speech", json={"input": long_text, "response_format": "wav"}, timeout=120)))
        worker.start()
        running = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the first request holds the voice (status answers at once)
            queues = httpx.get(f"{server.base_url}/daycast/status", timeout=5).json()["queues"]
            running = queues.get("tts:piper", {}).get("running", 0)
            if running or first:
                break
        second = httpx.post(f"{server.base_url}/audio/speech", json={"input": "Hi", "response_format": "wav"},
                            timeout=60)
        worker.join()
        assert running == 1, "the first request finished before it was seen running"
        assert second.status_code == 503 and second.headers["retry-after"] == "2"
        assert "busy" in second.json()["error"]["message"] and second.json()["error"]["code"] == "server.busy"
        assert first[0].status_code == 200
    finally:
        server.stop()


@pytest.mark.slow
def test_a_long_queue_for_one_voice_does_not_hold_up_another_model(tmp_path_factory: pytest.TempPathFactory) -> None:
    """55 speech requests wait for Piper (past anyio's default of 40 worker threads); a transcription,
    whose model is free, is still served at once, not after the voice's queue has drained (at least 15
    syntheses on 40 threads)."""
    from tests.conftest import _USER_MODELS

    server = DaycastServer(tmp_path_factory.mktemp("threads"), _USER_MODELS, extra=("--queue", "60")).start()
    try:
        speak = lambda: httpx.post(f"{server.base_url}/audio/speech",  # noqa: E731
                                   json={"input": SENTENCE, "response_format": "wav"}, timeout=300)
        question = speak().content  # the transcription's input, made before the queue fills
        transcribe = lambda: _client(server).audio.transcriptions.create(  # noqa: E731
            model="whisper-1", file=("q.wav", question, "audio/wav"))
        transcribe()  # Whisper loaded first: the test times the queueing, not the loading
        speakers = [threading.Thread(target=speak) for _ in range(55)]
        for thread in speakers:
            thread.start()
        deadline = time.monotonic() + 60
        waiting = 0
        while waiting < 45 and time.monotonic() < deadline:  # status answers at once: it needs no thread
            waiting = httpx.get(f"{server.base_url}/daycast/status", timeout=5).json()["queues"].get(
                "tts:piper", {}).get("waiting", 0)
        assert waiting >= 45
        assert "market" in transcribe().text.lower()
        for thread in speakers:
            thread.join()
        engines = [r["engine"] for r in server.ledger.rows() if r["engine"] in ("asr", "tts")]
        spoken_before = engines.index("asr", 2) - 2  # rows in serving order: the question, its warm-up
        assert spoken_before < 8, f"the transcription waited for {spoken_before} syntheses"
    finally:
        server.stop()


def test_off_loopback_the_server_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    from tests.conftest import _USER_MODELS

    refused = DaycastServer(tmp_path, _USER_MODELS, host="0.0.0.0", env_extra={"DAYCAST_SERVER_KEY": ""})
    done = subprocess.run(refused.command(), env=refused.env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "server.no_api_key" in done.stderr and "without an API key" in done.stderr


def test_a_client_that_hangs_up_stops_its_generation(server: DaycastServer) -> None:
    """Home Assistant gives up after its timeout and asks again: the abandoned answer must not hold the model
    for its whole max_tokens. The second request queues behind the first, so when it returns the first has
    ended, and the ledger says how."""
    story = "Write a very long story about a llama, at least 3000 words."  # SmolLM2 writes to max_tokens
    long_answer = {"model": SMOL, "messages": [{"role": "user", "content": story}],
                   "max_tokens": 2000, "temperature": 0}
    with pytest.raises(httpx.TimeoutException):
        httpx.post(f"{server.base_url}/chat/completions", json=long_answer, headers=server.headers(), timeout=1.5)
    short = {**long_answer, "max_tokens": 2}
    assert httpx.post(f"{server.base_url}/chat/completions", json=short, headers=server.headers(),
                      timeout=120).status_code == 200
    rows = [r for r in server.ledger.rows() if r["engine"] == "llm"]
    assert rows[-2]["error"] == "job.cancelled" and rows[-1]["outcome"] == "ok", rows[-2:]
    assert rows[-2]["latency_s"] < 10  # stopped soon after the hang-up, long before 2,000 tokens


def test_missing_tls_files_are_named_before_anything_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    key = tmp_path / "key.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\n")
    assert main(["serve", "--tls-cert", str(tmp_path / "cert.pem"), "--tls-key", str(key)]) == 2
    assert f"--tls-cert {tmp_path / 'cert.pem'}: no such file" in " ".join(capsys.readouterr().err.split())
