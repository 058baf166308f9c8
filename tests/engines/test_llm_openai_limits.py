"""The OpenAI-compatible client's bounds, against real servers on 127.0.0.1: Stop and the overall deadline
hold while a server sends only ``: ping`` comments; the deadline error is not retried by the router; error
bodies, tokenize replies, one SSE event and a whole stream are size-capped; a URL httpx cannot request is an
EndpointError the router falls back from."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler

import pytest
from llm_servers import FakeOpenAIServer, delta, sse
from test_llm_openai_hostile import (  # noqa: F401
    Handler,
    _empty_keyring,
    _start_stream,
    ask,
    json_reply,
    model,
    run,
    serve,
)

from engines import llm_openai
from engines.cancel import CancelToken
from engines.errors import Cancelled, EndpointError
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel, endpoint_host
from engines.router import Route, Router, RouterPolicy

BLOCK = b"x" * 65536


def pings(cancel: CancelToken | None = None, after: int = 3) -> Handler:
    """A stream of ``: ping`` comments every 50 ms for up to 20 s; cancels ``cancel`` after ``after`` pings."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        _start_stream(handler)
        for sent in range(400):
            handler.wfile.write(b": ping\n\n")
            handler.wfile.flush()
            if cancel is not None and sent == after:
                cancel.cancel("user pressed Stop")
            if handler.stop.wait(0.05):  # type: ignore[attr-defined]
                return

    return reply


def test_stop_is_honoured_while_the_server_sends_only_comments() -> None:
    cancel = CancelToken()
    with serve(pings(cancel)) as url:
        started = time.perf_counter()
        with pytest.raises(Cancelled):
            list(model(url).stream_chat(ask(), cancel))
    assert time.perf_counter() - started < 5  # not the 20 s the comments go on for


def test_comments_do_not_outlast_the_deadline_and_the_router_does_not_retry_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llm_openai, "STREAM_DEADLINE_S", 1.0)
    posts: list[int] = []

    def counted(handler: BaseHTTPRequestHandler) -> None:
        posts.append(1)
        pings()(handler)

    with serve(counted) as url:
        router = Router([Route("box", model(url), "self-hosted")], RouterPolicy("local_first", backoff_s=0.01))
        started = time.perf_counter()
        with pytest.raises(EndpointError) as caught:
            list(router.stream_chat(ask()))
    assert caught.value.code == "llm.stream_deadline" and "longer than 1 s" in caught.value.message
    assert len(posts) == 1  # a retry could hold the user as long again
    assert time.perf_counter() - started < 8


def test_an_endless_error_body_is_cut_at_64_kb() -> None:
    written: list[int] = []

    def endless_500(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(500)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        for _ in range(512):  # 32 MB unless the client stops reading
            handler.wfile.write(BLOCK)
            written.append(len(BLOCK))

    with serve(endless_500) as url:
        error = run(model(url))
    assert error.code == "llm.server_error" and "HTTP 500" in error.message and len(error.message) < 400
    assert sum(written) < 512 * len(BLOCK)  # the client hung up instead of reading it all


def test_a_huge_tokenize_reply_is_refused() -> None:
    padding = json.dumps({"count": 5, "padding": "x" * 1_000_000}).encode()
    with serve(json_reply(200, padding)) as url:
        error = run(model(url), ask("word " * 2500))  # near the 4096 window: counted by the server first
    assert error.code == "llm.server_error" and "tokenize reply longer than 64 KB" in error.message


def test_data_lines_without_a_blank_line_are_cut_at_the_event_cap() -> None:
    def one_endless_event(handler: BaseHTTPRequestHandler) -> None:
        _start_stream(handler)
        for _ in range(4096):  # 4 MB of data lines, never a blank line between them
            handler.wfile.write(b"data: " + b"x" * 1018 + b"\n")

    with serve(one_endless_event) as url:
        error = run(model(url))
    assert error.code == "llm.server_error" and "stream event longer than 1024 KB" in error.message


def test_a_whole_stream_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llm_openai, "MAX_STREAM_BYTES", 64 * 1024)
    with serve(lambda h: _events(h, 2000)) as url, pytest.raises(EndpointError) as caught:
        list(model(url).stream_chat(ask()))
    assert caught.value.code == "llm.too_large" and "more than" in caught.value.message


def _events(handler: BaseHTTPRequestHandler, count: int) -> None:
    _start_stream(handler)
    for _ in range(count):
        handler.wfile.write(f"data: {json.dumps(delta('word '))}\n\n".encode())
    handler.wfile.write(b"data: [DONE]\n\n")


def test_an_address_httpx_cannot_request_is_an_endpoint_error_the_router_falls_back_from() -> None:
    bad = OpenAICompatibleModel(EndpointConfig("http://0177.0.0.1:8080/v1", "m", name="typo", kind="self-hosted"))
    with pytest.raises(EndpointError) as caught:
        list(bad.stream_chat(ask()))
    assert caught.value.code == "llm.invalid_url" and "0177.0.0.1" in caught.value.message
    with FakeOpenAIServer(lambda h, b: sse(h, [delta("Fine", "stop")])) as fake:
        good = OpenAICompatibleModel(EndpointConfig(fake.base_url, "m", name="box", kind="self-hosted"))
        router = Router([Route("typo", bad, "self-hosted"), Route("box", good, "self-hosted")],
                        RouterPolicy("self_hosted_first"))
        result = list(router.stream_chat(ask()))[-1]
    assert result.text == "Fine" and result.attempts == ("typo:llm.invalid_url", "box:ok")


def test_a_port_out_of_range_does_not_crash_building_the_client() -> None:
    llm = OpenAICompatibleModel(EndpointConfig("http://gpu-box:80800/v1", "m", name="box"))
    assert llm.host == endpoint_host("http://gpu-box:80800/v1") == "http://gpu-box:?"
