"""After a prompt overflows the local model, the router keeps the policy's kind order: with local_first a
self-hosted route that fits is tried before a cloud one, even when the cloud's window is smaller."""

from __future__ import annotations

from llm_servers import FakeOpenAIServer, delta, sse

from engines.llm_openai import EndpointConfig, OpenAICompatibleModel
from engines.router import Route, Router, RouterPolicy
from engines.types import ChatMessage, ChatRequest


def _answer(text: str):
    return lambda handler, body: sse(handler, [delta(text, "stop")])


def test_after_an_overflow_a_fitting_self_hosted_route_comes_before_cloud(local) -> None:
    long = ChatRequest((ChatMessage("user", "word " * 1000),), max_tokens=8)  # far past the local 256 tokens
    with FakeOpenAIServer(_answer("from the box")) as box, FakeOpenAIServer(_answer("from the cloud")) as cloud:
        routes = [
            local,
            Route("cloud", OpenAICompatibleModel(EndpointConfig(cloud.base_url, "gpt", context_window=4096,
                                                                name="cloud")), "cloud"),
            Route("box", OpenAICompatibleModel(EndpointConfig(box.base_url, "big", context_window=32768,
                                                              name="box", kind="self-hosted")), "self-hosted"),
        ]
        result = list(Router(routes, RouterPolicy("local_first", privacy_mode=False)).stream_chat(long))[-1]
    assert result.text == "from the box" and result.attempts == ("local:skipped:too_long", "box:ok")
    assert cloud.seen == []  # nothing of the prompt went to the cloud
