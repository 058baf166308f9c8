"""Memory estimates from GGUF headers, the fit verdict, and refusing a too-large model before loading it."""

from __future__ import annotations

from pathlib import Path

import gguf
import pytest

from engines.errors import ModelError, ModelTooLargeError
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.memory import MB, MachineMemory, estimate, fits, machine_memory, read_gguf_header, read_shape
from engines.moe import RandomMoESpec, write_random_moe


@pytest.fixture(scope="module")
def random_moe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_random_moe(tmp_path_factory.mktemp("moe") / "random-moe.gguf")


def test_header_reader_agrees_with_the_gguf_package(random_moe: Path) -> None:
    header = read_gguf_header(random_moe)
    reader = gguf.GGUFReader(random_moe)
    assert header.architecture == "llama"
    assert header.arch_value("expert_count") == 8 and header.arch_value("block_count") == 4
    assert [t.name for t in header.tensors] == [t.name for t in reader.tensors]
    assert [t.nbytes for t in header.tensors] == [int(t.n_bytes) for t in reader.tensors]
    assert header.metadata["tokenizer.ggml.tokens"] == len(reader.fields["tokenizer.ggml.tokens"].data)


def test_estimate_distinguishes_total_and_active_parameters(random_moe: Path) -> None:
    shape = read_shape(random_moe)
    spec = RandomMoESpec()
    expert_params = spec.n_layer * 3 * spec.n_expert * spec.n_embd * spec.n_ff
    assert shape.expert_count == 8 and shape.expert_used_count == 2
    assert shape.params_total - shape.params_active == expert_params * 6 // 8
    assert shape.expert_bytes == sum(t.nbytes for t in read_gguf_header(random_moe).tensors if "_exps" in t.name)


def test_expert_offload_moves_the_experts_from_vram_to_ram(random_moe: Path) -> None:
    shape = read_shape(random_moe)
    cpu, gpu, offload = (estimate(shape, 2048, p) for p in ("cpu", "gpu", "gpu_expert_offload"))
    assert cpu.vram == 0 and cpu.ram > shape.weight_bytes
    assert gpu.vram - offload.vram == shape.expert_bytes
    assert offload.ram > gpu.ram


def test_kv_cache_grows_with_the_context(random_moe: Path) -> None:
    shape = read_shape(random_moe)
    small, large = estimate(shape, 1024), estimate(shape, 4096)
    assert large.kv_cache == 4 * small.kv_cache
    # 4 layers x 2 KV heads x (32 + 32) dims x 2 bytes per token
    assert small.kv_cache == 1024 * 4 * 2 * 64 * 2


def test_fit_verdict_names_the_sizes(random_moe: Path) -> None:
    est = estimate(read_shape(random_moe), 2048)
    tight = MachineMemory(ram_total=64 * MB, ram_available=8 * MB)
    verdict = fits(est, tight)
    assert not verdict.ok and "RAM" in verdict.reason and "8 MB available" in verdict.reason
    assert fits(est, MachineMemory(ram_total=8192 * MB, ram_available=4096 * MB)).ok
    gpu = estimate(read_shape(random_moe), 2048, "gpu")
    small_card = MachineMemory(8192 * MB, 4096 * MB, vram_total=64 * MB, vram_free=1 * MB)
    assert "VRAM" in fits(gpu, small_card).reason


def test_too_large_model_is_refused_before_loading(random_moe: Path, tmp_path: Path) -> None:
    # A GGUF whose weights are cut off: llama.cpp would fail to load it, so reaching ModelTooLargeError
    # (and not a load error) proves the check ran first.
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(random_moe.read_bytes()[: random_moe.stat().st_size // 2])
    tiny = MachineMemory(ram_total=64 * MB, ram_available=16 * MB)
    with pytest.raises(ModelTooLargeError) as err:
        LlamaCppModel(LlamaConfig(truncated, "random", n_ctx=512), machine=tiny)
    assert "16 MB available" in err.value.message and "truncated.gguf" in err.value.message
    assert err.value.code == "model.too_large"


def test_the_memory_check_can_be_overridden(random_moe: Path) -> None:
    tiny = MachineMemory(ram_total=64 * MB, ram_available=16 * MB)
    model = LlamaCppModel(LlamaConfig(random_moe, "random", n_ctx=256, check_memory=False), machine=tiny)
    try:
        assert model.moe_info.expert_count == 8
    finally:
        model.close()


def test_a_file_that_is_not_gguf_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.gguf"
    bogus.write_text("hello")
    with pytest.raises(ModelError, match=r"notes.gguf: cannot read the GGUF header \(not a GGUF file"):
        read_gguf_header(bogus)


def test_machine_memory_reads_this_machine() -> None:
    machine = machine_memory()
    assert machine.ram_total > 512 * MB and 0 < machine.ram_available <= machine.ram_total
