"""build_llm: the local model always, the cloud route only when settings allow; models pooled, loaded lazily."""

from __future__ import annotations

import socket

import pytest

from app.core.llm_setup import LazyLocalModel, LocalModelSpec, ModelPool, build_llm
from app.core.settings import CloudSettings, Settings
from engines.errors import ModelMissingError, ModelTooLargeError, SettingsError
from engines.ledger import Ledger
from engines.router import Router
from engines.types import ChatMessage, ChatRequest

SMOL = "smollm2-135m-instruct-q4_1"


def closed_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/v1"


def ask(task: str = "prompt") -> ChatRequest:
    return ChatRequest((ChatMessage("user", "Name one fruit."),), max_tokens=6, task=task)


@pytest.fixture(scope="module")
def pool():
    pool = ModelPool()
    yield pool
    pool.close()


def cloud_settings(**kw) -> Settings:
    cloud = CloudSettings(enabled=True, base_url=closed_url(), model="gpt-4o-mini", context_window=16000)
    return Settings(**{"llm_model": SMOL, "policy": "local_first", "privacy_mode": False, "cloud": cloud, **kw})


def test_default_settings_are_local_only_and_lazy(pool):
    fresh = ModelPool()
    llm = build_llm(Settings(llm_model=SMOL), pool=fresh, n_ctx=512)
    assert isinstance(llm, Router) and [r.name for r in llm.routes] == ["local"]
    assert len(fresh) == 0 and llm.info.id == SMOL and llm.info.route == "local"  # nothing loaded yet
    fresh.close()


def test_models_are_pooled_per_id_device_and_context(pool):
    first = build_llm(Settings(llm_model=SMOL, device="cpu"), pool=pool, n_ctx=512)
    result = list(first.stream_chat(ask()))[-1]
    assert result.text and result.model.backend.startswith("llama.cpp") and result.model.sha256
    loaded = len(pool)
    second = build_llm(Settings(llm_model=SMOL, device="cpu"), pool=pool, n_ctx=512)
    list(second.stream_chat(ask()))
    assert len(pool) == loaded == 1
    assert pool.get(LocalModelSpec(SMOL, device="cpu", n_ctx=512)) is pool.get(LocalModelSpec(SMOL, device="cpu",
                                                                                             n_ctx=512))


def test_cloud_route_only_when_allowed(pool):
    assert [r.name for r in build_llm(cloud_settings(), pool=pool, n_ctx=512).routes] == ["local", "cloud"]
    for blocked in (cloud_settings(privacy_mode=True), cloud_settings(policy="local_only"),
                    cloud_settings(cloud=CloudSettings(enabled=False, base_url="http://x", model="m"))):
        assert [r.name for r in build_llm(blocked, pool=pool, n_ctx=512).routes] == ["local"]
    with pytest.raises(SettingsError, match="URL or model"):
        build_llm(cloud_settings(cloud=CloudSettings(enabled=True)), pool=pool)


def test_cloud_first_with_the_endpoint_down_answers_locally_and_labels_the_task(pool, tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3", prices={})
    llm = build_llm(cloud_settings(policy="cloud_first"), task="podcast", ledger=ledger, pool=pool, n_ctx=512)
    assert llm.info.route == "cloud" and llm.n_ctx == 512 and llm.max_context() == 16000
    result = list(llm.stream_chat(ask()))[-1]
    assert result.model.route == "local" and result.attempts[-1] == "local:ok"
    assert {r["task"] for r in ledger.rows()} == {"podcast"}
    list(llm.stream_chat(ask(task="assistant")))  # an explicit task is kept
    assert ledger.rows()[-1]["task"] == "assistant"


def test_pool_refuses_what_does_not_fit_and_names_missing_models(tmp_path):
    with pytest.raises(ModelTooLargeError, match="GiB"):
        ModelPool(memory_limit_bytes=2**20).get(LocalModelSpec(SMOL, device="cpu"))
    with pytest.raises(ModelMissingError):
        LazyLocalModel(LocalModelSpec("no-such-model"), ModelPool()).count_tokens("hi")
