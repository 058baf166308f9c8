"""The ``expert_offload`` setting reaches the MoE loader (the GPU placement it changes cannot exist here: on
the CPU the loader still applies the override and says the model is on the CPU anyway)."""

from __future__ import annotations

from app.core import settings as settings_mod
from app.core.llm_setup import LocalModelSpec, ModelPool, build_llm
from engines.types import ChatMessage, ChatRequest

MOE = "smollm2-135m-moe2x"


def test_the_expert_offload_setting_reaches_the_moe_loader() -> None:
    settings = settings_mod.update(settings_mod.Settings(), llm_model=MOE, device="cpu", expert_offload=True)
    saved = settings_mod.load(settings_mod.save(settings)).settings
    assert saved.expert_offload  # kept in settings.json
    pool = ModelPool()
    try:
        llm = build_llm(saved, pool=pool)
        list(llm.stream_chat(ChatRequest((ChatMessage("user", "Hi"),), max_tokens=2)))
        model = pool.get(LocalModelSpec(MOE, device="cpu", expert_offload=True))
        assert any("kept on the CPU (the model is on the CPU anyway)" in note for note in model.load_notes)
    finally:
        pool.close()
