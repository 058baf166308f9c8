"""The upcycled MoE models answer like their dense sources; the random fixture exercises expert offload."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import gguf
import numpy as np
import pytest

from engines import bundled
from engines.errors import ModelError
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.moe import RandomMoESpec, UpcycleSpec, scale_tensor_bytes, upcycle, write_random_moe
from engines.types import ChatMessage, ChatRequest, ChatResult

DEFAULT_MOE = "qwen2.5-1.5b-moe2x-split-q4km"
PROMPTS = ("What is the capital of France?", "Name three colours.", "Write one sentence about the sea.",
           "What is 2+2?", "Give me a tip for a rainy day.")


def _answer(model: LlamaCppModel, prompt: str, max_tokens: int = 32) -> str:
    request = ChatRequest((ChatMessage("user", prompt),), max_tokens=max_tokens, temperature=0.0)
    return next(r for r in model.stream_chat(request) if isinstance(r, ChatResult)).text


def _bundled_or_built(model_id: str, tmp: Path) -> Path:
    """The installed MoE; else build it (deterministically) into ``tmp``."""
    model = bundled.get(model_id)
    if model.is_installed():
        return model.path()
    derive = model.derive or {}
    source = bundled.require(derive["from"])
    target = tmp / f"{model_id}.gguf"
    upcycle(source.path(), target, UpcycleSpec(experts=derive["experts"]), log=lambda _: None)
    return target


def _load(path: Path, model_id: str, **extra: object) -> LlamaCppModel:
    # One thread: on a shared 2-core machine a second spinning thread slows generation down.
    return LlamaCppModel(LlamaConfig(path, model_id, n_ctx=512, n_threads=1, **extra))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def smol_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LlamaCppModel, LlamaCppModel]]:
    dense = bundled.require("smollm2-135m-instruct-q4_1")
    moe_path = _bundled_or_built("smollm2-135m-moe2x", tmp_path_factory.mktemp("smol-moe"))
    pair = (_load(dense.path(), dense.id), _load(moe_path, "smollm2-135m-moe2x"))
    yield pair
    for model in pair:
        model.close()


@pytest.fixture(scope="module")
def random_moe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_random_moe(tmp_path_factory.mktemp("random") / "random-moe.gguf")


def test_upcycled_smollm2_reports_its_experts(smol_pair: tuple[LlamaCppModel, LlamaCppModel]) -> None:
    dense, moe = smol_pair
    assert (moe.moe_info.expert_count, moe.moe_info.expert_used_count) == (2, 1)
    assert not dense.moe_info.is_moe and moe.moe_info.is_moe
    assert moe.metadata["llama.expert_count"] == "2"
    router = 30 * 576 * 2  # the only new active weights: one 576x2 router per layer
    assert moe.moe_info.params_active == dense.moe_info.params_total + router < moe.moe_info.params_total


def test_upcycled_smollm2_gives_the_dense_models_greedy_answers(
    smol_pair: tuple[LlamaCppModel, LlamaCppModel],
) -> None:
    dense, moe = smol_pair
    for prompt in PROMPTS:
        expected = _answer(dense, prompt)
        assert len(expected) > 5
        assert _answer(moe, prompt) == expected, prompt


def test_upcycled_smollm2_logits_equal_the_dense_ones_without_repacking(tmp_path: Path) -> None:
    dense_model = bundled.require("smollm2-135m-instruct-q4_1")
    dense = _load(dense_model.path(), dense_model.id, repack_weights=False)
    moe = _load(_bundled_or_built("smollm2-135m-moe2x", tmp_path), "moe", repack_weights=False)
    try:
        tokens = dense.llama.tokenize(b"The morning briefing: rain after lunch, the stand-up moved to ten thirty")
        assert np.array_equal(_teacher_forced_logits(moe, tokens, 3), _teacher_forced_logits(dense, tokens, 3))
    finally:
        dense.close()
        moe.close()


def test_upcycling_is_deterministic_and_matches_the_recorded_checksum(tmp_path: Path) -> None:
    model = bundled.get("smollm2-135m-moe2x")
    source = bundled.require("smollm2-135m-instruct-q4_1")
    digest = upcycle(source.path(), tmp_path / "moe.gguf", UpcycleSpec(experts=2), log=lambda _: None)
    assert digest == model.files[0].sha256
    assert (tmp_path / "moe.gguf").stat().st_size == model.files[0].size
    assert [p.name for p in tmp_path.iterdir()] == ["moe.gguf"]  # no temp file left behind


def test_upcycle_refuses_a_model_that_is_already_moe(random_moe: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="already a mixture-of-experts"):
        upcycle(random_moe, tmp_path / "again.gguf", log=lambda _: None)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["Q4_K", "Q6_K", "Q4_1", "Q8_0"])
def test_scaling_block_scales_doubles_every_weight_exactly(kind: str) -> None:
    qtype = gguf.GGMLQuantizationType[kind]
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    rng = np.random.default_rng(0)
    data = gguf.quants.quantize(rng.standard_normal((4, block * 2)).astype(np.float32), qtype) \
        if kind in ("Q8_0", "Q4_1") else rng.integers(0, 256, (4, size * 2), dtype=np.uint8)
    raw = np.ascontiguousarray(data).view(np.uint8).reshape(4, -1)
    if kind in ("Q4_K", "Q6_K"):  # random bytes are valid blocks once their fp16 scales are finite and small
        scale_at = {"Q4_K": (0, 2), "Q6_K": (208,)}[kind]
        blocks = raw.reshape(-1, size)
        for offset in scale_at:
            blocks[:, offset : offset + 2] = np.array([0.01], dtype=np.float16).view(np.uint8).reshape(1, 2)
    doubled = scale_tensor_bytes(raw, kind, 2).reshape(raw.shape)
    before = gguf.quants.dequantize(raw, qtype)
    after = gguf.quants.dequantize(doubled, qtype)
    assert np.array_equal(after, before * 2) and np.abs(before).max() > 0


def test_scaling_by_a_non_power_of_two_is_refused() -> None:
    with pytest.raises(ModelError, match="not a power of two"):
        scale_tensor_bytes(np.zeros(34, dtype=np.uint8), "Q8_0", 3)


@pytest.mark.parametrize("arch", ["llama", "qwen2moe"])
def test_random_moe_fixture_loads_and_generates(tmp_path: Path, arch: str) -> None:
    path = write_random_moe(tmp_path / f"{arch}.gguf", RandomMoESpec(arch=arch))
    assert path.stat().st_size < 8 * 1024 * 1024
    model = _load(path, f"random-{arch}")
    try:
        assert (model.moe_info.expert_count, model.moe_info.expert_used_count) == (8, 2)
        assert model.moe_info.params_active < model.moe_info.params_total / 2
        out = model.llama.create_completion("the day", max_tokens=4, temperature=0.0)
        assert out["usage"]["completion_tokens"] >= 1
    finally:
        model.close()


def test_expert_offload_reaches_llama_cpp_as_tensor_overrides(random_moe: Path) -> None:
    from llama_cpp import _logger
    from llama_cpp import llama_cpp as lib

    lines: list[str] = []

    @lib.llama_log_callback
    def capture(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        lines.append(text.decode(errors="replace"))

    lib.llama_log_set(capture, ctypes.c_void_p(0))
    try:
        model = _load(random_moe, "random", expert_offload=True)
    finally:
        lib.llama_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))
    try:
        overridden = [line for line in lines if "buffer type overridden to CPU" in line]
        assert len(overridden) == RandomMoESpec().n_layer * 3
        assert all("_exps" in line for line in overridden)
        assert any("kept on the CPU" in note for note in model.load_notes)
        assert "experts on CPU" in model.info.detail
    finally:
        model.close()


def test_expert_offload_of_the_first_layers_only(random_moe: Path) -> None:
    from engines.llm_llamacpp import expert_override_pattern

    pattern = expert_override_pattern(2, 4)
    import re

    names = [t.name for t in gguf.GGUFReader(random_moe).tensors]
    kept = [n for n in names if re.search(pattern, n)]
    assert kept and all(n.startswith(("blk.0.", "blk.1.")) and "_exps" in n for n in kept)
    assert len(kept) == 6


# --- the default model: Qwen2.5-1.5B upcycled --------------------------------------------------

@pytest.fixture(scope="module")
def qwen_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LlamaCppModel, LlamaCppModel]]:
    dense = bundled.require("qwen2.5-1.5b-instruct-q4km")
    moe_path = _bundled_or_built(DEFAULT_MOE, tmp_path_factory.mktemp("qwen-moe"))
    pair = (_load(dense.path(), dense.id), _load(moe_path, DEFAULT_MOE))
    yield pair
    for model in pair:
        model.close()


def test_default_moe_gives_the_dense_answer_to_a_short_question(
    qwen_pair: tuple[LlamaCppModel, LlamaCppModel],
) -> None:
    dense, moe = qwen_pair
    assert (moe.moe_info.expert_count, moe.moe_info.expert_used_count) == (2, 2)
    assert moe.metadata["general.architecture"] == "qwen2moe"
    # Split, not copied: no larger than the dense file (plus the zero padding and the shared expert).
    assert Path(moe.config.path).stat().st_size < 1.06 * Path(dense.config.path).stat().st_size
    question = "What is the capital of France? Answer in one sentence."
    expected = _answer(dense, question, max_tokens=12)
    assert "Paris" in expected
    assert _answer(moe, question, max_tokens=12) == expected


def _teacher_forced_logits(model: LlamaCppModel, tokens: list[int], start: int) -> np.ndarray:
    """The model's logits at every position after ``start`` while it is fed ``tokens`` one by one
    (the generation kernels, not the batch ones)."""
    import llama_cpp

    llm = model.llama
    llm.reset()
    rows = []
    llm.eval(tokens[:start])
    for token in tokens[start:]:
        rows.append(np.ctypeslib.as_array(llama_cpp.llama_get_logits(llm.ctx), shape=(llm.n_vocab(),)).copy())
        llm.eval([token])
    return np.array(rows)


def _greedy(model: LlamaCppModel, question: str, limit: int) -> tuple[list[int], int]:
    """Prompt tokens + the dense model's greedy answer (at most ``limit`` tokens), and where the answer starts."""
    llm = model.llama
    prompt = llm.tokenize(f"<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n".encode(), special=True)
    answer: list[int] = []
    llm.reset()
    for token in llm.generate(prompt, temp=0.0, top_k=1):
        if token == llm.token_eos() or len(answer) >= limit:
            break
        answer.append(token)
    return prompt + answer, len(prompt)


@pytest.mark.slow
def test_default_moe_agrees_with_dense_over_long_generations(
    qwen_pair: tuple[LlamaCppModel, LlamaCppModel],
) -> None:
    dense, moe = qwen_pair
    agree = total = 0
    for question in ("Explain in two short paragraphs how rainbows form and why the sky is blue.",
                     "Explain in a short paragraph how rainbows form."):
        sequence, start = _greedy(dense, question, 150)
        theirs = _teacher_forced_logits(dense, sequence, start)
        ours = _teacher_forced_logits(moe, sequence, start)
        top2 = np.sort(theirs, axis=-1)[:, -2:]
        # dense reproduces its own greedy run, but for near-ties: one token at a time and a whole sequence in
        # one batch run different kernels (activations quantised differently): logits differ by a few tenths
        for i in np.flatnonzero(theirs.argmax(-1) != np.asarray(sequence[start:])):
            assert top2[i, 1] - top2[i, 0] < 0.5, "the batch read disagrees with the greedy run"
        for i in np.flatnonzero(ours.argmax(-1) != theirs.argmax(-1)):
            assert top2[i, 1] - top2[i, 0] < 0.5, "a disagreement that is not a near-tie"
        agree += int((ours.argmax(-1) == theirs.argmax(-1)).sum())
        total += len(sequence) - start
    assert total >= 150  # enough positions for the rate to mean something (the answers end where they end)
    assert agree / total >= 0.95, f"top-1 agreement {agree}/{total}"  # each disagreement a near-tie (above)


@pytest.mark.slow
def test_copied_expert_moe_is_bit_identical_without_cpu_weight_repacking() -> None:
    # The copies layout (an expert = the whole dense network) on the same plain kernels: equal logits.
    # The split default sums two partial products instead of one, so it is only near-equal (test above).
    copies = bundled.get("qwen2.5-1.5b-moe2x-q4km")
    if not copies.is_installed():
        pytest.skip("the copied-expert MoE is not installed")
    dense_model = bundled.require("qwen2.5-1.5b-instruct-q4km")
    dense = _load(dense_model.path(), dense_model.id, repack_weights=False)
    moe = _load(copies.path(), "moe", repack_weights=False)
    try:
        sequence, start = _greedy(dense, "Explain in a short paragraph how rainbows form.", 60)
        assert np.array_equal(_teacher_forced_logits(moe, sequence, start),
                              _teacher_forced_logits(dense, sequence, start))
    finally:
        dense.close()
        moe.close()


def test_installed_moe_models_carry_a_model_card_saying_what_they_are() -> None:
    for model_id, source, layout in (("smollm2-135m-moe2x", "smollm2-135m-instruct-q4_1", "*identical* experts"),
                                     ("qwen2.5-1.5b-moe2x-q4km", "qwen2.5-1.5b-instruct-q4km", "*identical* experts"),
                                     (DEFAULT_MOE, "qwen2.5-1.5b-instruct-q4km", "parts of one dense")):
        model = bundled.get(model_id)
        if not model.is_installed():
            continue
        card = (model.directory / "MODEL_CARD.md").read_text()
        assert layout in card and source in card and "not a trained mixture of experts" in card
