"""Prompt states on disk: a new model instance loads the state a previous one saved instead of reading
the prompt again, answers exactly as if it had read it, and reuses a changed prompt's common prefix."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engines import bundled
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.prompt_cache import PromptStateCache, StateKey
from engines.types import ChatMessage, ChatRequest, ChatResult

FACTS = " ".join(f"Locker {i} holds {i * 7} apples." for i in range(1, 40))


def _system(extra: str = "") -> str:
    return f"You answer from these facts only. {FACTS}{extra}"


def _prime(system: str) -> ChatRequest:
    return ChatRequest((ChatMessage("system", system), ChatMessage("user", "Hello.")))


def _ask(model: LlamaCppModel, system: str) -> ChatResult:
    request = ChatRequest((ChatMessage("system", system), ChatMessage("user", "How many apples are in locker 12?")),
                          max_tokens=16, temperature=0.0)
    return next(r for r in model.stream_chat(request) if isinstance(r, ChatResult))


@pytest.fixture
def fresh_model() -> Iterator[object]:
    """A new SmolLM2 instance per call, as a new process would have (its KV cache empty)."""
    made: list[LlamaCppModel] = []
    model = bundled.require("smollm2-135m-instruct-q4_1")

    def make() -> LlamaCppModel:
        made.append(LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=2048, n_threads=1,
                                              sha256=model.files[0].sha256)))
        return made[-1]

    yield make
    for llm in made:
        llm.close()


def test_a_saved_prompt_state_is_loaded_by_the_next_instance_and_answers_the_same(
    tmp_path: Path, fresh_model
) -> None:
    cache = PromptStateCache(tmp_path / "states")
    first = fresh_model()
    assert first.prime(_prime(_system()), cache) == "computed"
    expected = _ask(first, _system())

    second = fresh_model()
    assert second.prime(_prime(_system()), cache) == "loaded"
    answer = _ask(second, _system())
    assert answer.text == expected.text and len(answer.text) > 3
    # Only the question was read: the system prompt came from the file.
    assert second.llama.n_tokens - answer.completion_tokens > 300


def test_a_changed_prompt_reuses_the_saved_common_prefix(tmp_path: Path, fresh_model) -> None:
    cache = PromptStateCache(tmp_path / "states")
    fresh_model().prime(_prime(_system()), cache)
    changed = _system(" Locker 99 holds one pear.")
    model = fresh_model()
    assert model.prime(_prime(changed), cache) == "updated"
    assert fresh_model().prime(_prime(changed), cache) == "loaded"
    assert len(list(cache.folder.glob("*/*.kvstate"))) == 2


def test_states_of_another_model_or_context_size_are_not_loaded(tmp_path: Path) -> None:
    cache = PromptStateCache(tmp_path)
    key = StateKey("sha-a", 2048, "llama.cpp x")
    cache.save(key, "text", [1, 2, 3], b"state")
    assert cache.load(key, "text") is not None
    assert cache.load(StateKey("sha-a", 4096, "llama.cpp x"), "text") is None
    assert cache.load(StateKey("sha-b", 2048, "llama.cpp x"), "text") is None
    other = cache.load(key, "another text")
    assert other is not None and not other.exact and other.tokens == [1, 2, 3]


def test_a_damaged_state_file_is_removed_not_loaded(tmp_path: Path) -> None:
    cache = PromptStateCache(tmp_path)
    key = StateKey("sha", 2048, "x")
    path = cache.save(key, "text", [1, 2], b"0123456789")
    path.write_bytes(path.read_bytes()[:-3])  # cut short, as by a full disk
    assert cache.load(key, "text") is None
    assert not path.exists()


def test_the_cache_keeps_to_its_size_cap_dropping_the_least_recently_used(tmp_path: Path) -> None:
    cache = PromptStateCache(tmp_path, max_bytes=3500)
    key = StateKey("sha", 2048, "x")
    now = time.time()
    for age, name in ((30, "a"), (20, "b"), (10, "c")):  # saved in this order, a while ago
        os.utime(cache.save(key, name, [1], bytes(1000)), (now - age, now - age))
    assert cache.load(key, "a") is not None  # used again: now the most recent
    cache.save(key, "d", [1], bytes(1000))
    kept = {p.name for p in tmp_path.glob("*/*.kvstate")}
    assert kept == {cache.path(key, name).name for name in ("a", "c", "d")}  # b was the least recently used
    assert sum(p.stat().st_size for p in tmp_path.glob("*/*.kvstate")) <= 3500
