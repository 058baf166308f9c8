"""The router over a real local SmolLM2 (n_ctx 256) and a real llama_cpp.server "cloud" (n_ctx 8192).

Every failure here is real: a damaged GGUF that will not load, a memory cap the model does not fit,
a closed port, a prompt longer than the local context. The server counts what reached it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import traceback

import pytest
from llm_servers import closed_port_url

from app.cli import main
from app.core.llm_setup import LazyLocalModel, LocalModelSpec, ModelPool
from engines import bundled
from engines.errors import ContextOverflowError, RouteUnavailableError
from engines.ledger import Ledger
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel
from engines.router import Route, Router, RouterPolicy
from engines.types import ChatMessage, ChatRequest, ChatResult, TextDelta

SECRET = "sk-live-NEVER-LOGGED-77c1"
SHORT = "Name one fruit."
LONG = 150  # words: about 330 SmolLM2 tokens, too long for the 256-token local context


def ask(text: str, task: str = "prompt", max_tokens: int = 8) -> ChatRequest:
    return ChatRequest((ChatMessage("user", text),), max_tokens=max_tokens, task=task)


def long_prompt(words: int) -> str:
    return "Summarise: " + " ".join(f"item{i % 50} costs {i} coins." for i in range(words // 4))


def answer(router: Router, request: ChatRequest) -> ChatResult:
    items = list(router.stream_chat(request))
    assert all(isinstance(i, TextDelta) for i in items[:-1])
    return items[-1]


@pytest.fixture(scope="module")
def broken_gguf(tmp_path_factory):
    """The first 20 MB of the real SmolLM2 file: a damaged download that llama.cpp refuses to load."""
    path = tmp_path_factory.mktemp("broken") / "model.gguf"
    with open(bundled.require("smollm2-135m-instruct-q4_1").path(), "rb") as src:
        path.write_bytes(src.read(20_000_000))
    return path


@pytest.fixture
def cloud(llama_server, monkeypatch):
    monkeypatch.setenv("DAYCAST_API_KEY", llama_server.api_key)
    return Route("cloud", OpenAICompatibleModel(EndpointConfig(llama_server.base_url, llama_server.alias,
                                                               context_window=8192)), "cloud")


def broken_local(path) -> Route:
    return Route("local", LazyLocalModel(LocalModelSpec("smollm2-damaged", path=path), ModelPool()), "local", 256)


def test_local_first_falls_back_to_the_server_when_the_local_model_fails(broken_gguf, cloud, llama_server, ledger):
    before = llama_server.chats()
    router = Router([broken_local(broken_gguf), cloud], RouterPolicy("local_first", privacy_mode=False),
                    ledger=ledger)
    result = answer(router, ask(SHORT))
    assert result.text and result.model.route == "cloud" and result.model.id == "smol-cloud"
    assert result.attempts == ("local:model.load_failed", "cloud:ok")
    assert llama_server.chats() == before + 1
    rows = ledger.rows()
    assert [(r["route"], r["outcome"], r["error"]) for r in rows] == [
        ("local", "fallback", "model.load_failed"), ("cloud", "ok", "")]
    assert rows[1]["tokens_out"] == result.completion_tokens > 0


def test_local_out_of_memory_falls_back(cloud, llama_server):
    pool = ModelPool(memory_limit_bytes=10 * 2**20)  # a 10 MiB machine: the 98 MB model cannot load
    local = Route("local", LazyLocalModel(LocalModelSpec("smollm2-135m-instruct-q4_1"), pool), "local", 256)
    result = answer(Router([local, cloud], RouterPolicy("local_first", privacy_mode=False)), ask(SHORT))
    assert result.attempts == ("local:model.too_large", "cloud:ok") and len(pool) == 0


@pytest.mark.parametrize("policy", [RouterPolicy("cloud_first", privacy_mode=True),
                                    RouterPolicy("local_only", privacy_mode=False)])
def test_privacy_mode_and_local_only_send_nothing_to_the_server(policy, local, cloud, llama_server):
    before = llama_server.hits()
    router = Router([cloud, local], policy)
    assert [r.name for r in router.routes] == ["local"]
    result = answer(router, ask(SHORT))
    assert result.model.route == "local" and result.attempts == ("local:ok",)
    with pytest.raises(ContextOverflowError):  # too long for local: still nothing goes out
        answer(router, ask(long_prompt(LONG)))
    router.count_tokens(long_prompt(LONG))
    assert llama_server.hits() == before


def test_endpoint_down_local_answers_and_the_key_is_never_logged(local, ledger, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DAYCAST_API_KEY", SECRET)
    down = Route("cloud", OpenAICompatibleModel(EndpointConfig(closed_port_url() + "/v1", "gpt-4o-mini")), "cloud")
    router = Router([down, local], RouterPolicy("cloud_first", privacy_mode=False, backoff_s=0.01), ledger=ledger)
    result = answer(router, ask(SHORT))
    assert result.model.route == "local" and result.text
    assert result.attempts == ("cloud:llm.endpoint_down", "cloud:llm.endpoint_down", "local:ok")
    assert "Route cloud failed" in caplog.text
    assert SECRET not in caplog.text
    stored = b"".join(p.read_bytes() for p in ledger.path.parent.glob("ledger.sqlite3*"))
    assert SECRET.encode() not in stored
    assert [(r["route"], r["outcome"]) for r in ledger.rows()] == [
        ("cloud", "fallback"), ("cloud", "fallback"), ("local", "ok")]


def test_every_route_failing_names_each_failure_without_the_key(broken_gguf, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DAYCAST_API_KEY", SECRET)
    down = Route("cloud", OpenAICompatibleModel(EndpointConfig(closed_port_url(), "gpt-4o-mini")), "cloud")
    router = Router([broken_local(broken_gguf), down], RouterPolicy("local_first", privacy_mode=False,
                                                                    max_retries=0))
    with pytest.raises(RouteUnavailableError) as info:
        answer(router, ask(SHORT))
    assert "local:model.load_failed" in str(info.value) and "cloud:llm.endpoint_down" in str(info.value)
    assert SECRET not in "".join(traceback.format_exception(info.value)) and SECRET not in caplog.text


def test_too_long_for_local_goes_to_the_larger_window(local, cloud, llama_server):
    before = llama_server.chats()
    router = Router([local, cloud], RouterPolicy("local_first", privacy_mode=False))
    assert router.n_ctx == 256 and router.max_context() == 8192
    prompt = long_prompt(LONG)
    assert 256 < local.model.count_tokens(prompt) < 1000
    result = answer(router, ask(prompt))
    assert result.attempts == ("local:skipped:too_long", "cloud:ok") and result.model.route == "cloud"
    assert result.prompt_tokens > 150  # the server sends no usage: a chars/4 estimate (the real count is >256)
    assert llama_server.chats() == before + 1


def test_a_context_overflow_raised_by_the_local_model_moves_on(smol_small, cloud):
    lying = Route("local", smol_small, "local", context_window=4096)  # declared larger than its real 256
    result = answer(Router([lying, cloud], RouterPolicy("local_first", privacy_mode=False)), ask(long_prompt(LONG)))
    assert result.attempts == ("local:llm.context_overflow", "cloud:ok")


def test_smallest_window_that_fits_is_chosen_and_none_fitting_raises(local, llama_server, monkeypatch):
    monkeypatch.setenv("DAYCAST_API_KEY", llama_server.api_key)

    def endpoint(name: str, window: int) -> Route:
        config = EndpointConfig(llama_server.base_url, llama_server.alias, context_window=window, name=name)
        return Route(name, OpenAICompatibleModel(config), "cloud")

    for name in ("CLOUD_BIG", "CLOUD_SMALL"):  # each route's own key
        monkeypatch.setenv(f"DAYCAST_API_KEY_{name}", llama_server.api_key)
    router = Router([local, endpoint("cloud-big", 8192), endpoint("cloud-small", 1024)],
                    RouterPolicy("local_first", privacy_mode=False))
    result = answer(router, ask(long_prompt(LONG)))
    assert result.attempts == ("local:skipped:too_long", "cloud-small:ok")
    before = llama_server.hits()
    with pytest.raises(ContextOverflowError) as info:
        answer(router, ask(long_prompt(40000)))
    assert "8192" in str(info.value)
    assert llama_server.hits() == before  # refused before anything was sent


def test_cloud_first_uses_the_server(local, cloud, llama_server):
    before = llama_server.chats()
    result = answer(Router([local, cloud], RouterPolicy("cloud_first", privacy_mode=False)), ask(SHORT))
    assert result.attempts == ("cloud:ok",) and result.model.route == "cloud"
    assert llama_server.chats() == before + 1


def test_task_models_send_one_task_elsewhere(local, cloud):
    router = Router([local, cloud], RouterPolicy("local_first", privacy_mode=False, task_models={"podcast": "cloud"}))
    assert answer(router, ask(SHORT, task="podcast")).attempts == ("cloud:ok",)
    assert answer(router, ask(SHORT, task="assistant")).attempts == ("local:ok",)


def test_cooldown_skips_a_failed_route_until_the_clock_passes(broken_gguf, cloud):
    now = [1000.0]
    router = Router([broken_local(broken_gguf), cloud], RouterPolicy("local_first", privacy_mode=False,
                                                                     cooldown_s=60), clock=lambda: now[0])
    assert answer(router, ask(SHORT)).attempts == ("local:model.load_failed", "cloud:ok")
    now[0] += 59
    assert answer(router, ask(SHORT)).attempts == ("local:skipped:cooldown", "cloud:ok")
    now[0] += 2
    assert answer(router, ask(SHORT)).attempts == ("local:model.load_failed", "cloud:ok")


def test_compare_a_local_model_with_the_cloud_endpoint(llama_server, monkeypatch, capsys):
    from app.core import settings as settings_mod

    monkeypatch.setenv("DAYCAST_API_KEY", llama_server.api_key)
    cloud = settings_mod.CloudSettings(enabled=True, base_url=llama_server.base_url, model="unused")
    settings_mod.save(settings_mod.Settings(privacy_mode=False, policy="local_first", cloud=cloud))
    before = llama_server.chats()
    models = f"smollm2-135m-instruct-q4_1@threads=1,cloud:{llama_server.alias}"
    assert main(["compare", "--models", models, "--prompt", SHORT, "--max-tokens", "6", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    cloud_run = report["results"][1]["runs"][0]
    assert cloud_run["model"] == llama_server.alias and cloud_run["text"] and cloud_run["ttft_s"] > 0
    assert llama_server.chats() == before + 1
    assert {r["kind"] for r in Ledger().rows()} == {"local", "cloud"}


def test_usage_command_counts_each_route(local, cloud, llama_server, capsys):
    ledger = Ledger()  # the default path, under this test's DAYCAST_HOME
    both = Router([local, cloud], RouterPolicy("local_first", privacy_mode=False), ledger=ledger)
    answer(both, ask(SHORT))                      # local ok
    answer(both, ask(long_prompt(LONG)))           # too long locally: cloud ok
    down = Route("offline", OpenAICompatibleModel(EndpointConfig(closed_port_url(), "gpt-4o-mini")), "cloud")
    answer(Router([down, local], RouterPolicy("cloud_first", privacy_mode=False, backoff_s=0.01), ledger=ledger),
           ask(SHORT))                            # offline x2 (retry), then local ok
    private = Router([cloud, local], RouterPolicy("cloud_first", privacy_mode=True), ledger=ledger)
    answer(private, ask(SHORT))                   # local ok, cloud never contacted

    assert main(["usage", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)
    by_route = {r["route"]: r for r in totals["by_route"]}
    assert {k: (v["requests"], v["failures"]) for k, v in by_route.items()} == {
        "local": (3, 0), "cloud": (1, 0), "offline": (2, 2)}
    assert by_route["cloud"]["tokens_in"] > 150 and by_route["local"]["compute_s"] > 0
    assert by_route["offline"]["cost_usd"] == 0.0
    assert sum(r["requests"] for r in totals["by_model_day"]) == 6

    assert main(["usage"]) == 0
    text = capsys.readouterr().out
    assert "Per route" in text and "offline" in text and "smol-cloud" in text
    with sqlite3.connect(ledger.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
