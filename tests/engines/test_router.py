"""Router rules that need exact HTTP failure shapes (scripted fake endpoint) next to the real local SmolLM2."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from llm_servers import FakeOpenAIServer, closed_port_url, delta, error_body, sse

from app.core.llm_setup import LazyLocalModel, LocalModelSpec, ModelPool
from engines.cancel import CancelToken
from engines.errors import Cancelled, EndpointError, LLMError, RouteUnavailableError
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel
from engines.router import Route, Router, RouterPolicy
from engines.types import ChatMessage, ChatRequest, ChatResult, TextDelta

OPEN = RouterPolicy("local_first", privacy_mode=False, backoff_s=0.01)


def ask(text: str = "Name one fruit.", max_tokens: int = 6) -> ChatRequest:
    return ChatRequest((ChatMessage("user", text),), max_tokens=max_tokens)


def cloud_route(url: str, name: str = "cloud") -> Route:
    return Route(name, OpenAICompatibleModel(EndpointConfig(url, "gpt-4o-mini", timeout_s=5, name=name)), "cloud")


def scripted(*replies):
    """Answer the n-th chat request with replies[n] (the last one repeats)."""
    count = [0]

    def reply(handler, body):
        step = replies[min(count[0], len(replies) - 1)]
        count[0] += 1
        step(handler, body)

    return reply


def unavailable(handler, body):
    error_body(handler, 503, {"error": {"message": "overloaded"}})


def fine(handler, body):
    sse(handler, [delta("Fine"), delta(" thanks", "stop")])


def test_no_usable_route_is_refused_at_construction(local):
    cloud = cloud_route(closed_port_url())
    with pytest.raises(RouteUnavailableError, match="privacy mode is on"):
        Router([cloud], RouterPolicy("cloud_first", privacy_mode=True))
    with pytest.raises(RouteUnavailableError, match="local_only"):
        Router([cloud], RouterPolicy("local_only", privacy_mode=False))
    with pytest.raises(LLMError, match="unique"):
        Router([local, Route("local", local.model, "local")])


def test_policy_order_primary_info_and_windows(local):
    cloud = Route("cloud", OpenAICompatibleModel(EndpointConfig(closed_port_url(), "gpt-4o", context_window=128000)),
                  "cloud")
    router = Router([local, cloud], RouterPolicy("cloud_first", privacy_mode=False))
    assert router.info.id == "gpt-4o" and router.info.route == "cloud"
    assert router.n_ctx == 256 and router.max_context() == 128000
    assert router.count_tokens("hello world") == local.model.count_tokens("hello world")
    assert Router([local, cloud], OPEN).info.route == "local"


def test_transient_failure_is_retried_on_the_same_route_fake_server(local, ledger):
    with FakeOpenAIServer(scripted(unavailable, fine)) as fake:
        router = Router([cloud_route(fake.base_url), local], RouterPolicy("cloud_first", privacy_mode=False,
                                                                         backoff_s=0.01), ledger=ledger)
        result = list(router.stream_chat(ask()))[-1]
    assert result.text == "Fine thanks" and result.attempts == ("cloud:llm.server_error", "cloud:ok")
    assert len(fake.seen) == 2
    assert [(r["outcome"], r["error"]) for r in ledger.rows()] == [("fallback", "llm.server_error"), ("ok", "")]


@pytest.mark.parametrize(("status", "code", "cools"), [(401, "llm.auth_failed", True),
                                                      (422, "llm.bad_request", False)])
def test_auth_and_bad_request_are_not_retried_they_fall_back_fake_server(local, status, code, cools):
    with FakeOpenAIServer(lambda h, b: error_body(h, status, {"error": {"message": "no"}})) as fake:
        router = Router([cloud_route(fake.base_url), local], RouterPolicy("cloud_first", privacy_mode=False))
        result = list(router.stream_chat(ask()))[-1]
    assert result.attempts == (f"cloud:{code}", "local:ok") and len(fake.seen) == 1
    assert router.cooling_down("cloud") is cools  # a rejected request says nothing about the route's health


def test_a_reply_cut_mid_answer_is_not_spliced_with_another_model_fake_server(local, ledger):
    with FakeOpenAIServer(lambda h, b: sse(h, [delta("The answer is"), delta(" forty")], done=False)) as fake:
        router = Router([cloud_route(fake.base_url), local], RouterPolicy("cloud_first", privacy_mode=False),
                        ledger=ledger)
        got: list[str] = []
        with pytest.raises(LLMError) as info:
            for item in router.stream_chat(ask()):
                got.append(item.text)
    assert got == ["The answer is", " forty"]
    assert info.value.code == "llm.stream_interrupted" and isinstance(info.value.__cause__, EndpointError)
    assert [(r["route"], r["outcome"], r["error"]) for r in ledger.rows()] == [("cloud", "error", "llm.stream_broken")]
    assert len(fake.seen) == 1  # no retry either: text had gone out


def test_cancel_during_backoff_stops_at_once_fake_server(local):
    cancel = CancelToken()
    with FakeOpenAIServer(unavailable) as fake:
        router = Router([cloud_route(fake.base_url), local], RouterPolicy("cloud_first", privacy_mode=False,
                                                                         backoff_s=30))
        timer = threading.Timer(0.3, cancel.cancel)
        timer.start()
        started = time.perf_counter()
        with pytest.raises(Cancelled):
            list(router.stream_chat(ask(), cancel))
    assert time.perf_counter() - started < 10  # not the 30 s backoff
    assert len(fake.seen) == 1


def test_caller_stopping_early_is_recorded_as_cancelled(local, ledger):
    router = Router([local], RouterPolicy(), ledger=ledger)
    stream = router.stream_chat(ask("Count from one to fifty.", max_tokens=60))
    first = next(stream)
    stream.close()
    assert isinstance(first, TextDelta)
    assert [(r["route"], r["outcome"]) for r in ledger.rows()] == [("local", "cancelled")]
    assert isinstance(list(router.stream_chat(ask()))[-1], ChatResult)  # the model's lock was released


def test_when_every_route_cools_down_the_router_still_tries_fake_server():
    now = [0.0]
    with FakeOpenAIServer(scripted(unavailable, fine)) as fake:
        router = Router([cloud_route(fake.base_url)], RouterPolicy("cloud_first", privacy_mode=False, max_retries=0),
                        clock=lambda: now[0])
        with pytest.raises(EndpointError):  # a single failure is raised as itself, with its hint
            list(router.stream_chat(ask()))
        assert router.cooling_down("cloud")
        result = list(router.stream_chat(ask()))[-1]
    assert result.attempts == ("cloud:skipped:cooldown", "cloud:ok")


def test_count_tokens_falls_back_to_an_estimate_when_the_local_model_cannot_load(tmp_path: Path):
    missing = LazyLocalModel(LocalModelSpec("gone", path=tmp_path / "missing.gguf"), ModelPool())
    router = Router([Route("local", missing, "local", 256)])
    assert router.count_tokens("x" * 400) == 100
