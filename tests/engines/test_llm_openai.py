"""The OpenAI-compatible client against a real llama_cpp.server (and scripted protocol failures)."""

from __future__ import annotations

import logging
import traceback

import pytest
from llm_servers import FakeOpenAIServer, MemoryKeyring, closed_port_url, delta, error_body, sse

from engines.cancel import CancelToken
from engines.errors import Cancelled, ContextOverflowError, EndpointError, LLMError
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel, chat_url, endpoint_host, sse_data
from engines.types import ChatMessage, ChatRequest, ChatResult, TextDelta

LEAKY_KEY = "sk-test-DO-NOT-LEAK-5f2a9c"


def ask(text: str, max_tokens: int = 12) -> ChatRequest:
    return ChatRequest((ChatMessage("user", text),), max_tokens=max_tokens)


def collect(model: OpenAICompatibleModel, request: ChatRequest, cancel: CancelToken | None = None):
    items = list(model.stream_chat(request, cancel))
    return [i for i in items if isinstance(i, TextDelta)], items[-1]


def client(server, **overrides) -> OpenAICompatibleModel:
    config = {"base_url": server.base_url, "model": server.alias, "context_window": server.n_ctx, **overrides}
    return OpenAICompatibleModel(EndpointConfig(**config))


def no_key_anywhere(exc: BaseException, caplog: pytest.LogCaptureFixture, key: str) -> None:
    text = "".join(traceback.format_exception(exc))
    assert key not in text
    assert key not in repr(exc) and key not in str(exc)
    assert key not in caplog.text
    assert all(key not in str(r.args) for r in caplog.records)


def test_streams_a_reply_from_a_real_server(llama_server, monkeypatch):
    monkeypatch.setenv("DAYCAST_API_KEY", llama_server.api_key)
    before = llama_server.chats()
    model = client(llama_server)
    deltas, result = collect(model, ask("Name one colour."))
    assert isinstance(result, ChatResult)
    assert deltas and "".join(d.text for d in deltas) == result.text
    assert result.model.route == "cloud" and result.model.id == "smol-cloud"
    assert result.completion_tokens == len(deltas) and result.prompt_tokens > 0
    assert 0 < result.first_token_seconds <= result.seconds
    assert result.finish_reason in ("stop", "length")
    assert llama_server.chats() == before + 1
    assert llama_server.api_key not in repr(model)


def test_wrong_key_is_refused_and_never_shown(llama_server, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DAYCAST_API_KEY", LEAKY_KEY)
    with pytest.raises(EndpointError) as info:
        collect(client(llama_server), ask("Hello"))
    assert info.value.code == "llm.auth_failed"
    assert "127.0.0.1" in str(info.value) and "DAYCAST_API_KEY" in info.value.hint
    no_key_anywhere(info.value, caplog, LEAKY_KEY)


def test_endpoint_down_names_the_host_not_the_key(monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DAYCAST_API_KEY", LEAKY_KEY)
    url = closed_port_url()
    model = OpenAICompatibleModel(EndpointConfig(url + "/v1", "gpt-4o-mini", timeout_s=5))
    with pytest.raises(EndpointError) as info:
        collect(model, ask("Hello"))
    assert info.value.code == "llm.endpoint_down"
    assert endpoint_host(url) in str(info.value)
    no_key_anywhere(info.value, caplog, LEAKY_KEY)


def test_cancel_closes_the_stream_and_the_server_stops(llama_server, monkeypatch):
    monkeypatch.setenv("DAYCAST_API_KEY", llama_server.api_key)
    model = client(llama_server)
    cancel = CancelToken()
    got: list[str] = []
    with pytest.raises(Cancelled):
        for item in model.stream_chat(ask("Write a very long story about the sea.", max_tokens=2000), cancel):
            got.append(item.text)
            cancel.cancel("user pressed stop")
    assert len(got) == 1
    # The server serves one generation at a time: this reply can only start once the cancelled one
    # has ended, and the server logs the disconnect before it lets go of the model.
    _, result = collect(model, ask("Say yes.", max_tokens=4))
    assert result.text
    assert "Disconnected from client" in llama_server.log()


def test_too_long_prompt_is_refused_before_any_chat_is_sent(llama_server, monkeypatch):
    monkeypatch.setenv("DAYCAST_API_KEY", llama_server.api_key)
    before = llama_server.hits()
    model = client(llama_server, context_window=256)
    with pytest.raises(ContextOverflowError) as info:
        collect(model, ask("word " * 300))
    assert "256" in str(info.value)
    after = llama_server.hits()
    assert after["POST /v1/chat/completions"] == before["POST /v1/chat/completions"]
    # Close to the window, the exact count came from the server's own tokenizer.
    assert after["POST /extras/tokenize/count"] == before["POST /extras/tokenize/count"] + 1
    assert model.count_tokens("word " * 300) == 375  # the offline estimate never calls the server


def test_key_from_a_fake_keyring_backend_reaches_the_server(llama_server, monkeypatch):
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        monkeypatch.delenv("DAYCAST_API_KEY", raising=False)
        from engines import secrets

        secrets.set_api_key(llama_server.api_key, account="cloud")
        _, result = collect(client(llama_server), ask("Say hi."))
        assert result.text
    finally:
        keyring.set_keyring(previous)


def test_http_failures_map_to_clear_errors_fake_server(monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DAYCAST_API_KEY", LEAKY_KEY)
    overflow = {"error": {"message": "This model's maximum context length is 8192 tokens. However, you requested "
                          "9039 tokens (9031 in the messages, 8 in the completion).",
                          "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}
    script = {
        "overflow": lambda h, b: error_body(h, 400, overflow),
        "down": lambda h, b: error_body(h, 503, {"error": {"message": f"overloaded, key {LEAKY_KEY}"}}),
        "limited": lambda h, b: error_body(h, 429, {"error": {"message": "slow down"}}),
        "bad": lambda h, b: error_body(h, 422, {"detail": "temperature must be <= 2"}),
        "cut": lambda h, b: sse(h, [delta("Half an ans")], done=False),
    }
    expected = {"overflow": (ContextOverflowError, "llm.context_overflow"),
                "down": (EndpointError, "llm.server_error"), "limited": (EndpointError, "llm.rate_limited"),
                "bad": (LLMError, "llm.bad_request"), "cut": (EndpointError, "llm.stream_broken")}
    with FakeOpenAIServer(lambda h, b: script[b["messages"][0]["content"]](h, b)) as fake:
        model = OpenAICompatibleModel(EndpointConfig(fake.base_url, "gpt-4o-mini", timeout_s=5))
        for name, (kind, code) in expected.items():
            with pytest.raises(kind) as info:
                collect(model, ask(name))
            assert info.value.code == code, name
            assert "127.0.0.1" in str(info.value)
            no_key_anywhere(info.value, caplog, LEAKY_KEY)
        assert fake.seen[0]["headers"]["Authorization"] == f"Bearer {LEAKY_KEY}"  # it was sent, only there


def test_usage_chunk_and_request_shape_fake_server(monkeypatch):
    monkeypatch.setenv("DAYCAST_API_KEY", "k")
    usage = {"prompt_tokens": 21, "completion_tokens": 2}
    chunks = [delta("Hel"), delta("lo", "stop"), {"choices": [], "usage": usage}]
    with FakeOpenAIServer(lambda h, b: sse(h, chunks)) as fake:
        model = OpenAICompatibleModel(EndpointConfig(fake.base_url, "gpt-4o-mini"))
        request = ChatRequest((ChatMessage("user", "hi"),), max_tokens=5, stop=("\n",), json_mode=True)
        deltas, result = collect(model, request)
    assert [d.text for d in deltas] == ["Hel", "lo"]
    assert (result.text, result.prompt_tokens, result.completion_tokens) == ("Hello", 21, 2)
    body = fake.seen[0]["body"]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["stop"] == ["\n"] and body["response_format"] == {"type": "json_object"}
    assert fake.seen[0]["path"] == "/v1/chat/completions"


def test_azure_sends_api_key_header_and_version_fake_server(monkeypatch):
    monkeypatch.setenv("DAYCAST_API_KEY", "azure-key")
    with FakeOpenAIServer(lambda h, b: sse(h, [delta("ok", "stop")])) as fake:
        base = fake.base_url.removesuffix("/v1") + "/openai/v1"
        model = OpenAICompatibleModel(EndpointConfig(base, "gpt-4o-mini", azure_api_version="preview"))
        collect(model, ask("hi"))
    seen = fake.seen[0]
    assert seen["path"] == "/openai/v1/chat/completions?api-version=preview"
    assert seen["headers"]["api-key"] == "azure-key" and "Authorization" not in seen["headers"]


def test_urls_and_sse_parsing():
    assert chat_url(EndpointConfig("http://h:8080", "m")) == "http://h:8080/v1/chat/completions"
    assert chat_url(EndpointConfig("https://api.openai.com/v1/", "m")) == "https://api.openai.com/v1/chat/completions"
    assert endpoint_host("https://user:pw@example.com:8443/v1") == "https://example.com:8443"
    lines = [": ping", "data: {\"a\":", "data: 1}", "", "event: x", "data: [DONE]", ""]
    assert list(sse_data(lines)) == ['{"a":\n1}', "[DONE]"]


def test_a_kept_alive_connection_dropped_before_the_answer_is_retried_on_a_new_one() -> None:
    """The race seen in CI: the server closed an idle kept-alive connection as the next request went
    out on it. Here the server drops the reused connection on purpose, every time."""
    requests_on = {}

    def reply(handler, body):
        conn = handler.client_address  # the client port: one per connection
        requests_on[conn] = requests_on.get(conn, 0) + 1
        if requests_on[conn] > 1:
            handler.close_connection = True  # no answer at all on a reused connection
        elif len(requests_on) == 1:
            error_body(handler, 503, {"error": {"message": "overloaded"}})  # keeps the connection open
        else:
            sse(handler, [delta("Fine", "stop")])

    with FakeOpenAIServer(reply, keep_alive=True) as fake:
        model = OpenAICompatibleModel(EndpointConfig(fake.base_url, "m"))
        with pytest.raises(EndpointError, match="overloaded"):
            list(model.stream_chat(ask("hi")))
        result = list(model.stream_chat(ask("hi")))[-1]
    assert isinstance(result, ChatResult) and result.text == "Fine"
    assert sorted(requests_on.values()) == [1, 2]  # the first connection was reused once, then a new one


def test_a_stream_cut_after_text_was_given_is_not_sent_again() -> None:
    calls = []

    def reply(handler, body):
        calls.append(1)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Content-Length", "100000")  # promised, never delivered
        handler.end_headers()
        handler.wfile.write(b'data: {"choices": [{"index": 0, "delta": {"content": "Half"}}]}\n\n')
        handler.wfile.flush()

    with FakeOpenAIServer(reply) as fake:
        model = OpenAICompatibleModel(EndpointConfig(fake.base_url, "m"))
        with pytest.raises(EndpointError, match="broke"):
            list(model.stream_chat(ask("hi")))
    assert len(calls) == 1


@pytest.mark.usefixtures("fake_keyring")
def test_each_route_sends_only_its_own_key_fake_server(monkeypatch):
    """DAYCAST_API_KEY is the cloud endpoint's: a route to the user's own server named gpu-box must not send
    it there, and takes its key from DAYCAST_API_KEY_GPU_BOX (or the keyring account gpu-box)."""
    from app.core import settings as settings_mod
    from app.core.remote_routes import llm_routes

    monkeypatch.setenv("DAYCAST_API_KEY", LEAKY_KEY)
    monkeypatch.delenv("DAYCAST_API_KEY_GPU_BOX", raising=False)
    with FakeOpenAIServer(lambda h, b: sse(h, [delta("ok", "stop")])) as fake:
        route = {"name": "gpu-box", "engine": "llm", "kind": "self-hosted", "base_url": fake.base_url, "model": "m"}
        settings = settings_mod.from_dict({"routes": [route], "policy": "self_hosted_first"})
        collect(llm_routes(settings)[0].model, ask("hi"))
        monkeypatch.setenv("DAYCAST_API_KEY_GPU_BOX", "box-key-0001")
        collect(llm_routes(settings)[0].model, ask("hi"))
    assert "Authorization" not in fake.seen[0]["headers"]
    assert fake.seen[1]["headers"]["Authorization"] == "Bearer box-key-0001"
