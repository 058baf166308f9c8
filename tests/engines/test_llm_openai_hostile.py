"""An OpenAI-compatible endpoint that is slow, hostile or careless, against real servers on 127.0.0.1:
a slow drip never holds a request past its deadline, an endless line is cut off, a malformed tokenize
or choice reply is a retryable endpoint error (so the router falls back), and an API key never goes
out over plain http except to this machine."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from llm_servers import MemoryKeyring

from engines import llm_openai
from engines.errors import EndpointError
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel
from engines.types import ChatMessage, ChatRequest

Handler = Callable[[BaseHTTPRequestHandler], None]


@pytest.fixture(autouse=True)
def _empty_keyring() -> Iterator[None]:
    """No OS keyring can exist here: an empty one in memory, so only the environment gives a key."""
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


@contextmanager
def serve(on_post: Handler) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 whose every POST is answered by ``on_post``; yields its /v1 URL."""
    stop = threading.Event()

    class Server(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.stop = stop  # type: ignore[attr-defined]
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                on_post(self)
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()


def _start_stream(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()


def drip(handler: BaseHTTPRequestHandler) -> None:
    """One byte every 50 ms (always inside the read timeout), for up to 30 s."""
    _start_stream(handler)
    stop: threading.Event = handler.stop  # type: ignore[attr-defined]
    for _ in range(600):
        handler.wfile.write(b":")
        handler.wfile.flush()
        if stop.wait(0.05):
            return


def endless_line(handler: BaseHTTPRequestHandler) -> None:
    _start_stream(handler)
    handler.wfile.write(b'data: {"choices": [{"delta": {"content": "')
    for _ in range(64):  # 4 MB without a line break
        handler.wfile.write(b"x" * 65536)
    handler.wfile.flush()


def json_reply(status: int, body: bytes) -> Handler:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return reply


def events(*chunks: str) -> Handler:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        _start_stream(handler)
        for chunk in chunks:
            handler.wfile.write(f"data: {chunk}\n\n".encode())
        handler.wfile.write(b"data: [DONE]\n\n")
        handler.wfile.flush()

    return reply


def model(base_url: str, key_env: str = "DAYCAST_TEST_NO_KEY") -> OpenAICompatibleModel:
    config = EndpointConfig(name="home", base_url=base_url, model="m", context_window=4096, timeout_s=2.0,
                            api_key_env=key_env)
    return OpenAICompatibleModel(config)


def ask(text: str = "Hello?") -> ChatRequest:
    return ChatRequest(messages=(ChatMessage("user", text),), max_tokens=8)


def run(llm: OpenAICompatibleModel, request: ChatRequest | None = None) -> EndpointError:
    with pytest.raises(EndpointError) as caught:
        list(llm.stream_chat(request or ask()))
    return caught.value


def test_a_slow_drip_stream_ends_at_the_overall_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llm_openai, "STREAM_DEADLINE_S", 1.0)
    with serve(drip) as url:
        started = time.perf_counter()
        error = run(model(url))
    assert error.code == "llm.stream_deadline" and "longer than 1 s" in error.message
    assert time.perf_counter() - started < 5


def test_an_endless_stream_line_is_cut_off() -> None:
    with serve(endless_line) as url:
        error = run(model(url))
    assert error.code == "llm.server_error" and "longer than 1024 KB" in error.message


@pytest.mark.parametrize("chunk", ['{"choices": "oops"}', '{"choices": [42]}',
                                   '{"choices": [{"delta": {"content": 7}}]}', '{"choices": [{"delta": "x"}]}'])
def test_a_malformed_choice_is_a_retryable_endpoint_error(chunk: str) -> None:
    with serve(events(chunk)) as url:
        error = run(model(url))
    assert error.code == "llm.server_error" and "malformed choice" in error.message


@pytest.mark.parametrize("body", [b"not json", b'{"count": "many"}', b'{"tokens": 5}', b"[]"])
def test_a_malformed_tokenize_reply_is_a_retryable_endpoint_error(body: bytes) -> None:
    """A prompt near the context size is counted by the server first; its broken reply must not crash."""
    with serve(json_reply(200, body)) as url:
        error = run(model(url), ask("word " * 2500))
    assert error.code == "llm.server_error" and "malformed" in error.message


@pytest.mark.parametrize("url", ["http://192.0.2.1:8080/v1", "http://llm.invalid/v1"])  # never reachable
def test_the_api_key_never_goes_over_plain_http_to_another_machine(monkeypatch: pytest.MonkeyPatch,
                                                                   url: str) -> None:
    monkeypatch.setenv("DAYCAST_TEST_KEY", "sk-test-abcdefghijklmnopqrstuvwx")
    error = run(model(url, "DAYCAST_TEST_KEY"))
    assert error.code == "llm.insecure_endpoint" and "over plain http" in error.message
    assert "sk-test" not in error.message


def test_the_api_key_may_go_over_http_to_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAYCAST_TEST_KEY", "sk-test-abcdefghijklmnopqrstuvwx")
    seen: list[str] = []

    def answer(handler: BaseHTTPRequestHandler) -> None:
        seen.append(handler.headers.get("Authorization", ""))
        events(json.dumps({"choices": [{"delta": {"content": "Hi"}, "finish_reason": "stop"}]}))(handler)

    with serve(answer) as url:
        items = list(model(url, "DAYCAST_TEST_KEY").stream_chat(ask()))
    assert items[-1].text == "Hi" and seen == ["Bearer sk-test-abcdefghijklmnopqrstuvwx"]
