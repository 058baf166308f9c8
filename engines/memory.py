"""How much RAM and VRAM a GGUF model needs, and whether it fits this machine.

The estimate is weights + KV cache for ``n_ctx`` + compute buffers + a fixed overhead, split between
RAM and VRAM by placement: all on the CPU, all layers on the GPU, or the GPU with the routed experts
kept in RAM (expert offload: VRAM holds only the non-expert weights and the KV cache). A model whose
estimate exceeds what is available is refused *before* loading (:func:`check_fits`), because an
out-of-memory inside llama.cpp can take the whole process down.
"""

from __future__ import annotations

import mmap
import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from engines.errors import ModelError, ModelTooLargeError

Placement = Literal["cpu", "gpu", "gpu_expert_offload"]
GB = 1024**3
MB = 1024**2
_OVERHEAD = 96 * MB
"""Runtime, tokenizer and allocator slack that does not scale with the model."""
_UBATCH = 512
_EXPERT = re.compile(r"\.ffn_(gate|up|down|gate_up)_exps\.")

# GGUF value types -> struct format (scalars); 8 = string, 9 = array.
_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}


@dataclass(frozen=True)
class TensorEntry:
    name: str
    ggml_type: int
    shape: tuple[int, ...]
    """ggml order (ne0 first)."""
    nbytes: int

    @property
    def n_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count


@dataclass(frozen=True)
class GGUFHeader:
    """A GGUF file's metadata (arrays reduced to their length) and tensor table, read without the weights."""

    path: Path
    metadata: dict[str, Any]
    tensors: tuple[TensorEntry, ...]

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", ""))

    def arch_value(self, key: str, default: Any = 0) -> Any:
        return self.metadata.get(f"{self.architecture}.{key}", default)


class _Cursor:
    def __init__(self, buf: Any) -> None:
        self.buf = buf
        self.pos = 0

    def unpack(self, fmt: str) -> Any:
        value = struct.unpack_from("<" + fmt, self.buf, self.pos)[0]
        self.pos += struct.calcsize("<" + fmt)
        return value

    def string(self) -> str:
        length = self.unpack("Q")
        raw = bytes(self.buf[self.pos : self.pos + length])
        self.pos += length
        return raw.decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        self.pos += 8 + struct.unpack_from("<Q", self.buf, self.pos)[0]

    def value(self, vtype: int) -> Any:
        if vtype == 8:
            return self.string()
        if vtype == 9:
            sub, count = self.unpack("I"), self.unpack("Q")
            if sub == 8:
                for _ in range(count):
                    self.skip_string()
            elif sub in _SCALARS:
                self.pos += struct.calcsize(_SCALARS[sub]) * count
            else:
                for _ in range(count):
                    self.value(sub)
            return count  # arrays (tokenizer tables) are summarised by their length
        if vtype not in _SCALARS:
            raise ValueError(f"unknown GGUF value type {vtype}")
        return self.unpack(_SCALARS[vtype])


def _tensor_bytes(ggml_type: int, n_elements: int) -> int:
    import gguf

    block, size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType(ggml_type)]
    return n_elements // block * size


def read_gguf_header(path: str | Path) -> GGUFHeader:
    """Parse a GGUF header quickly (no tokenizer decoding, no weights). Raises ModelError when malformed."""
    target = Path(path)
    try:
        with open(target, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            cur = _Cursor(buf)
            if bytes(buf[:4]) != b"GGUF":
                raise ValueError("not a GGUF file (bad magic)")
            cur.pos = 4
            version, n_tensors, n_kv = cur.unpack("I"), cur.unpack("Q"), cur.unpack("Q")
            if version < 2:
                raise ValueError(f"GGUF version {version} is too old")
            metadata: dict[str, Any] = {}
            for _ in range(n_kv):
                key = cur.string()
                metadata[key] = cur.value(cur.unpack("I"))
            tensors = []
            for _ in range(n_tensors):
                name = cur.string()
                dims = tuple(cur.unpack("Q") for _ in range(cur.unpack("I")))
                ggml_type = cur.unpack("I")
                cur.unpack("Q")  # offset
                count = 1
                for dim in dims:
                    count *= dim
                tensors.append(TensorEntry(name, ggml_type, dims, _tensor_bytes(ggml_type, count)))
    except (OSError, ValueError, struct.error, KeyError) as exc:
        raise ModelError(f"{target}: cannot read the GGUF header ({exc})") from exc
    return GGUFHeader(target, metadata, tuple(tensors))


@dataclass(frozen=True)
class ModelShape:
    """What the memory estimate needs to know about a model (from a GGUF header or a catalog entry)."""

    weight_bytes: int
    expert_bytes: int = 0
    """Routed-expert weights (all experts): what expert offload keeps in RAM."""
    host_bytes: int = 0
    """Weights llama.cpp keeps on the CPU even when every layer is offloaded (token embeddings)."""
    n_layer: int = 0
    n_embd: int = 0
    n_vocab: int = 0
    kv_bytes_per_token: int = 0
    params_total: int = 0
    params_active: int = 0
    expert_count: int = 0
    expert_used_count: int = 0
    context_length: int = 0

    @property
    def is_moe(self) -> bool:
        return self.expert_count > 1


def shape_from_header(header: GGUFHeader) -> ModelShape:
    n_head = int(header.arch_value("attention.head_count", 0) or 0)
    n_head_kv = int(header.arch_value("attention.head_count_kv", n_head) or n_head)
    n_embd = int(header.arch_value("embedding_length", 0))
    head_k = int(header.arch_value("attention.key_length", 0) or (n_embd // n_head if n_head else 0))
    head_v = int(header.arch_value("attention.value_length", 0) or head_k)
    n_layer = int(header.arch_value("block_count", 0))
    experts = int(header.arch_value("expert_count", 0) or 0)
    used = int(header.arch_value("expert_used_count", 0) or 0)
    expert_tensors = [t for t in header.tensors if _EXPERT.search(t.name)]
    total = sum(t.n_elements for t in header.tensors)
    expert_params = sum(t.n_elements for t in expert_tensors)
    active = total - (expert_params - expert_params * used // experts if experts else 0)
    embd = next((t for t in header.tensors if t.name == "token_embd.weight"), None)
    return ModelShape(
        weight_bytes=sum(t.nbytes for t in header.tensors),
        expert_bytes=sum(t.nbytes for t in expert_tensors),
        host_bytes=embd.nbytes if embd else 0,
        n_layer=n_layer, n_embd=n_embd,
        n_vocab=int(header.arch_value("vocab_size", 0) or header.metadata.get("tokenizer.ggml.tokens", 0)),
        kv_bytes_per_token=n_layer * n_head_kv * (head_k + head_v) * 2,  # f16 K and V
        params_total=total, params_active=active, expert_count=experts, expert_used_count=used,
        context_length=int(header.arch_value("context_length", 0)),
    )


def read_shape(path: str | Path) -> ModelShape:
    return shape_from_header(read_gguf_header(path))


@dataclass(frozen=True)
class MemoryEstimate:
    placement: Placement
    n_ctx: int
    weights: int
    kv_cache: int
    compute: int
    ram: int
    vram: int

    def describe(self) -> str:
        where = {"cpu": "on the CPU", "gpu": "on the GPU", "gpu_expert_offload": "on the GPU, experts in RAM"}
        text = f"{fmt_bytes(self.ram)} RAM"
        if self.vram:
            text += f" + {fmt_bytes(self.vram)} VRAM"
        return f"{text} {where[self.placement]} (weights {fmt_bytes(self.weights)}, KV cache for {self.n_ctx} tokens " \
               f"{fmt_bytes(self.kv_cache)})"


def fmt_bytes(count: int) -> str:
    return f"{count / GB:.2f} GB" if count >= GB else f"{count / MB:.0f} MB"


def estimate(shape: ModelShape, n_ctx: int, placement: Placement = "cpu", gpu_layers: int = -1) -> MemoryEstimate:
    """RAM and VRAM to run ``shape`` with an ``n_ctx`` context; ``gpu_layers`` < n_layer offloads part of it."""
    kv = shape.kv_bytes_per_token * n_ctx
    compute = (shape.n_vocab + 8 * shape.n_embd) * _UBATCH * 4
    if placement == "cpu":
        return MemoryEstimate(placement, n_ctx, shape.weight_bytes, kv, compute,
                              ram=shape.weight_bytes + kv + compute + _OVERHEAD, vram=0)
    layers = shape.n_layer or 1
    share = 1.0 if gpu_layers < 0 else min(1.0, gpu_layers / layers)
    experts = shape.expert_bytes if placement == "gpu_expert_offload" else 0
    device_weights = int((shape.weight_bytes - shape.host_bytes - experts) * share)
    vram = device_weights + int(kv * share) + compute
    ram = shape.weight_bytes - device_weights + int(kv * (1 - share)) + compute // 4 + _OVERHEAD
    if experts:
        ram += compute  # the CPU runs the expert matmuls
    return MemoryEstimate(placement, n_ctx, shape.weight_bytes, kv, compute, ram=ram, vram=vram)


@dataclass(frozen=True)
class MachineMemory:
    ram_total: int
    ram_available: int
    vram_total: int = 0
    vram_free: int = 0
    gpu_name: str = ""


def process_rss() -> int:
    """Resident set size of this process in bytes, from /proc/self/statm (pages resident × page size)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _meminfo() -> tuple[int, int]:
    values: dict[str, int] = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        return 0, 0
    return values.get("MemTotal", 0), values.get("MemAvailable", values.get("MemFree", 0))


def _nvidia_smi() -> tuple[int, int, str]:
    exe = shutil.which("nvidia-smi")
    if not exe:
        return 0, 0, ""
    try:
        out = subprocess.run(
            [exe, "--query-gpu=memory.total,memory.free,name", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip().splitlines()
        total, free, name = (part.strip() for part in out[0].split(",", 2))
        return int(total) * MB, int(free) * MB, name
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return 0, 0, ""


def machine_memory() -> MachineMemory:
    """RAM from /proc/meminfo; VRAM of the first GPU from nvidia-smi when present."""
    ram_total, ram_available = _meminfo()
    vram_total, vram_free, name = _nvidia_smi()
    return MachineMemory(ram_total, ram_available, vram_total, vram_free, name)


@dataclass(frozen=True)
class Fit:
    ok: bool
    reason: str


def fits(est: MemoryEstimate, machine: MachineMemory) -> Fit:
    if machine.ram_available and est.ram > machine.ram_available:
        return Fit(False, f"needs {fmt_bytes(est.ram)} RAM, {fmt_bytes(machine.ram_available)} available")
    if est.vram and machine.vram_total and est.vram > machine.vram_free:
        return Fit(False, f"needs {fmt_bytes(est.vram)} VRAM, {fmt_bytes(machine.vram_free)} free")
    return Fit(True, f"fits: {est.describe()}")


def check_fits(path: Path, est: MemoryEstimate, machine: MachineMemory | None = None) -> None:
    """Raise ModelTooLargeError, naming the sizes, when ``est`` does not fit ``machine`` (default: this one)."""
    verdict = fits(est, machine or machine_memory())
    if not verdict.ok:
        raise ModelTooLargeError(
            f"{path} is too large for this machine: {verdict.reason} ({est.describe()})",
            hint="use a smaller model or context, offload experts to the CPU, or pass the override "
            "(LlamaConfig.check_memory=False) to try anyway",
        )


@dataclass(frozen=True)
class MoEInfo:
    """Mixture-of-experts facts of a model (expert_count 0 for a dense model)."""

    expert_count: int
    expert_used_count: int
    params_total: int
    params_active: int
    expert_bytes: int

    @property
    def is_moe(self) -> bool:
        return self.expert_count > 1


def moe_info(shape: ModelShape) -> MoEInfo:
    return MoEInfo(shape.expert_count, shape.expert_used_count, shape.params_total, shape.params_active,
                   shape.expert_bytes)
