"""A model too large for this machine's memory is refused before llama.cpp loads it, with the reason.

The machine's memory is injected (a small available-RAM figure) and llama.cpp's loader is watched by
a spy that counts calls and then does the real load. See also tests/engines/test_memory.py (a cut-off
GGUF proves the check runs before loading; the override loads anyway).
"""

from __future__ import annotations

import re

import llama_cpp
import pytest

from app.core.llm_setup import build_llm
from app.core.settings import Settings
from engines import bundled
from engines import llm_llamacpp as llamacpp_module
from engines.errors import ModelTooLargeError
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.memory import MB, MachineMemory
from engines.types import ChatMessage, ChatRequest

MODEL_ID = "smollm2-135m-instruct-q4_1"
TIGHT = MachineMemory(ram_total=512 * MB, ram_available=40 * MB)
ROOMY = MachineMemory(ram_total=8192 * MB, ram_available=4096 * MB)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every model path llama.cpp was asked to load (the real loader still runs)."""
    seen: list[str] = []
    real = llama_cpp.Llama

    def spy(*args, **kwargs):
        seen.append(kwargs.get("model_path", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(llama_cpp, "Llama", spy)
    return seen


def _config() -> LlamaConfig:
    model = bundled.require(MODEL_ID)
    return LlamaConfig(model.path(), model.id, n_ctx=4096, device="cpu")


def test_refused_before_loading_with_the_sizes_and_a_way_out(loads: list[str]) -> None:
    config = _config()
    with pytest.raises(ModelTooLargeError) as caught:
        LlamaCppModel(config, machine=TIGHT)
    error = caught.value
    assert loads == []  # llama.cpp never saw the file
    assert error.code == "model.too_large"
    assert str(config.path) in error.message  # which model: its full path, not just "model.gguf"
    needed = re.search(r"needs (\d+) MB RAM, 40 MB available", error.message)
    assert needed and int(needed.group(1)) > 40, error.message
    assert "weights" in error.message and "KV cache for 4096 tokens" in error.message
    assert "smaller model or context" in error.hint and "check_memory=False" in error.hint


def test_the_same_model_loads_where_it_fits(loads: list[str]) -> None:
    model = LlamaCppModel(_config(), machine=ROOMY)
    try:
        assert loads == [str(_config().path)]
        assert model.count_tokens("hello there") > 0
    finally:
        model.close()


def test_the_pipelines_model_says_why_instead_of_loading(loads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # What briefings and the assistant use: the router over a lazily loaded local model (local only).
    monkeypatch.setattr(llamacpp_module, "machine_memory", lambda: TIGHT)
    llm = build_llm(Settings(llm_model=MODEL_ID, device="cpu"), task="briefing")
    with pytest.raises(ModelTooLargeError, match=r"too large for this machine: needs \d+ MB RAM, 40 MB available"):
        list(llm.stream_chat(ChatRequest([ChatMessage("user", "Say hello.")], max_tokens=8)))
    assert loads == []
