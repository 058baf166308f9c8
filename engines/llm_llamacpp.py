"""Local LLM through llama-cpp-python (GGUF): streaming chat, real context size, GPU offload, MoE experts.

Loading, in order: read the GGUF header (no weights); pick the device (``engines.device``); estimate
RAM/VRAM and refuse a model that cannot fit *before* llama.cpp touches it (ModelTooLargeError); load
with ``n_gpu_layers`` and, when that fails on the GPU (out of memory), retry with half the layers until
it loads, saying so in ``load_notes``.

MoE expert offload: llama-cpp-python 0.3.36 does not expose llama.cpp's tensor buffer-type overrides
as an argument, but its ``llama_model_params`` struct carries the ``tensor_buft_overrides`` pointer.
We fill it with the pattern ``ffn_(gate|up|down)_exps`` mapped to the CPU buffer type (exactly what
``llama-server --cpu-moe`` / ``--n-cpu-moe N`` do), so the routed experts stay in RAM while attention,
norms, shared experts and the KV cache go to the GPU. The struct is injected by wrapping
``llama_model_default_params`` for the duration of the constructor, under a lock (the same struct
carries ``use_extra_bufts``, switched off by ``LlamaConfig.repack_weights=False``). Chosen over a
managed ``llama-server`` subprocess: same process, same streaming API, no port or second model copy.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from engines.cancel import NEVER, CancelToken
from engines.device import choose
from engines.errors import ContextOverflowError, DaycastError, LLMError, ModelError, ModelMissingError
from engines.lookup_draft import attach_lookup
from engines.memory import (
    MachineMemory,
    MemoryEstimate,
    ModelShape,
    MoEInfo,
    Placement,
    check_fits,
    estimate,
    machine_memory,
    moe_info,
    read_shape,
)
from engines.prompt_cache import PromptStateCache, StateKey
from engines.types import ChatRequest, ChatResult, ModelInfo, TextDelta

log = logging.getLogger(__name__)

EXPERT_PATTERN = r"\.ffn_(up|down|gate|gate_up)_exps"


@dataclass(frozen=True)
class LlamaConfig:
    """How to load a GGUF model."""

    path: Path
    model_id: str
    n_ctx: int = 4096
    n_threads: int = 0
    """CPU threads; 0 means every core."""
    n_gpu_layers: int = -1
    """Layers offloaded when the device is CUDA; -1 means all, 0 keeps the model on the CPU."""
    n_cpu_moe: int = 0
    """Keep the expert tensors of the first N layers on the CPU (MoE expert offload)."""
    sha256: str = ""
    license: str = ""
    seed: int = 7
    device: str = "auto"
    """auto | cpu | gpu: resolved with engines.device.choose for llama.cpp."""
    gpu_fallback: bool = False
    """With ``device="gpu"``: use the CPU (and say why) instead of failing when the GPU cannot be used."""
    expert_offload: bool = False
    """Keep every routed-expert tensor on the CPU (llama.cpp ``--cpu-moe``)."""
    check_memory: bool = True
    """Refuse a model whose estimated RAM/VRAM exceeds what is available; False overrides the check."""
    lookup_draft: bool = True
    """Draft the next tokens from the context (prompt lookup, :mod:`engines.lookup_draft`): same output
    distribution, faster where the output copies its sources."""
    repack_weights: bool | None = None
    """Let llama.cpp put CPU weights in its extra buffer types (AMX tiles, interleaved "repacked" layouts).
    None decides by CPU (:func:`plain_kernels_preferred`). False gives every matmul the plain kernels, which
    also makes an upcycled MoE bit-identical to its dense source."""


def plain_kernels_preferred(system_info: str | None = None) -> bool:
    """True where llama.cpp's plain CPU weights beat its extra buffer types (AVX512-VNNI CPUs).

    Measured on the 2-core AVX512-VNNI/AMX machine Daycast is built on (CPU seconds per token, one thread,
    Qwen2.5-1.5B Q4_K_M, 128-token prompt): plain weights read prompts at 78 tok/s dense and 67-71 MoE, the
    repacked ones at 55-59 dense and 27 MoE (3-D expert tensors are repacked too, but llama.cpp's repacked
    MUL_MAT_ID runs one token at a time, while the plain path tiles the batch); generation is within 6%.
    Plain weights are also read in place from the mapped file (no second copy in RAM: 1.1 GB less RSS for
    the MoE), and the AMX buffer type, which the extra types include on such CPUs, stops the process with
    an illegal instruction in a VM that advertises AMX without enabling it (seen here: ``tilezero``).
    """
    if system_info is None:
        import llama_cpp

        system_info = llama_cpp.llama_print_system_info().decode(errors="replace")
    return bool(set(re.findall(r"\b([A-Z0-9_]+) = 1\b", system_info)) & {"AVX512_VNNI", "AMX_INT8"})


def _context_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "exceed context window" in text or "context window" in text or "n_ctx" in text


class _Override(ctypes.Structure):
    """llama.cpp's ``struct llama_model_tensor_buft_override { const char * pattern; buft; }``."""

    _fields_ = [("pattern", ctypes.c_char_p), ("buft", ctypes.c_void_p)]


_PARAMS_LOCK = threading.Lock()


def expert_override_pattern(n_cpu_moe: int, n_layer: int) -> str:
    """The regex of expert tensors to keep on the CPU: all of them, or those of the first ``n_cpu_moe`` layers."""
    if n_cpu_moe <= 0 or n_cpu_moe >= n_layer:
        return EXPERT_PATTERN
    layers = "|".join(str(i) for i in range(n_cpu_moe))
    return rf"^blk\.({layers}){EXPERT_PATTERN}"


def _cpu_overrides(pattern: str) -> ctypes.Array[_Override]:
    from llama_cpp._ggml import libggml

    cpu_buft = libggml.ggml_backend_cpu_buffer_type
    cpu_buft.restype, cpu_buft.argtypes = ctypes.c_void_p, []
    table = (_Override * 2)()  # NULL-terminated
    table[0].pattern = pattern.encode()
    table[0].buft = cpu_buft()
    return table


@contextlib.contextmanager
def _model_params_with(overrides: ctypes.Array[_Override] | None, repack: bool = True) -> Iterator[None]:
    """While active, llama_cpp.Llama builds its model params with ``overrides`` (and ``repack``) set."""
    if overrides is None and repack:
        yield
        return
    from llama_cpp import llama_cpp as lib

    with _PARAMS_LOCK:
        original = lib.llama_model_default_params

        def with_overrides() -> Any:
            params = original()
            if overrides is not None:
                params.tensor_buft_overrides = ctypes.cast(overrides, ctypes.c_void_p).value
            params.use_extra_bufts = repack
            return params

        lib.llama_model_default_params = with_overrides
        try:
            yield
        finally:
            lib.llama_model_default_params = original


def load_with_retry(load: Callable[[int], Any], gpu_layers: int, notes: list[str]) -> tuple[Any, int]:
    """Call ``load(layers)``; on a GPU load failure halve the layers until it loads (0 = CPU only).

    Returns the loaded object and the layer count that worked. llama.cpp reports an out-of-memory on
    load only as a failed load (ValueError), so every GPU failure is retried with fewer layers.
    """
    layers = gpu_layers
    while True:
        try:
            return load(layers), layers
        except (ValueError, MemoryError) as exc:
            if layers <= 0:
                raise
            fewer = layers // 2
            note = f"loading with {layers} GPU layers failed ({exc}; probably out of GPU memory): " \
                   f"retrying with {fewer}"
            notes.append(note)
            log.warning(note)
            layers = fewer


class LlamaCppModel:
    """A GGUF model in this process. Thread-safe: one generation at a time.

    Everything that touches the native model (generation, tokenizing, thread changes, closing) holds
    one re-entrant lock, so ``close`` waits for a decode in another thread instead of freeing the
    model under it; after ``close`` every call raises ModelError instead of touching freed memory.
    """

    def __init__(self, config: LlamaConfig, *, machine: MachineMemory | None = None) -> None:
        if not config.path.exists():
            raise ModelMissingError(f"Model file not found: {config.path}", hint="run `make models`")
        import llama_cpp

        self.config = config
        self.load_notes: list[str] = []
        self._lock = threading.RLock()
        self._closed = False
        self._pending_threads: int | None = None
        self.shape: ModelShape = read_shape(config.path)
        device, reason = self._device()
        placement = self._placement(device)
        gpu_layers = 0
        if device == "cuda":
            gpu_layers = self.shape.n_layer + 1 if config.n_gpu_layers < 0 else config.n_gpu_layers
        if config.check_memory:
            machine = machine or machine_memory()
            gpu_layers = self._layers_that_fit(placement, gpu_layers, machine)
        self.memory: MemoryEstimate = estimate(self.shape, config.n_ctx, placement, gpu_layers)
        if config.check_memory:
            check_fits(config.path, self.memory, machine)
        overrides = self._expert_overrides(device)
        self._llama, self.n_gpu_layers = load_with_retry(
            lambda layers: self._load(llama_cpp, layers, overrides), gpu_layers, self.load_notes
        )
        self.n_ctx = self._llama.n_ctx()
        on_gpu = device == "cuda" and self.n_gpu_layers > 0
        detail = f"{reason}; n_gpu_layers={self.n_gpu_layers}" + ("; experts on CPU" if overrides else "")
        self.info = ModelInfo(
            id=config.model_id, backend=f"llama.cpp {llama_cpp.__version__}", device="cuda" if on_gpu else "cpu",
            path=str(config.path), sha256=config.sha256, license=config.license, detail=detail,
        )

    def _device(self) -> tuple[str, str]:
        if self.config.device == "cpu" or self.config.n_gpu_layers == 0:
            return "cpu", "CPU requested"
        choice = choose("llama.cpp", self.config.device, fallback=self.config.gpu_fallback)  # type: ignore[arg-type]
        if self.config.device == "gpu" and choice.device == "cpu":
            self.load_notes.append(choice.reason)
        return choice.device, choice.reason

    def _placement(self, device: str) -> Placement:
        if device != "cuda":
            return "cpu"
        wants_offload = self.config.expert_offload or self.config.n_cpu_moe > 0
        return "gpu_expert_offload" if wants_offload and self.shape.is_moe else "gpu"

    def _layers_that_fit(self, placement: Placement, gpu_layers: int, machine: MachineMemory) -> int:
        """Fewer GPU layers (halving) while the estimate exceeds free VRAM; the RAM check comes after."""
        layers = gpu_layers
        while layers > 0 and machine.vram_total:  # VRAM unknown (no nvidia-smi): leave it to the OOM retry
            est = estimate(self.shape, self.config.n_ctx, placement, layers)
            if not est.vram or est.vram <= machine.vram_free:
                break
            layers //= 2
        if layers != gpu_layers:
            free = machine.vram_free / 2**30
            note = f"{gpu_layers} GPU layers would not fit {free:.1f} GB of free VRAM: using {layers}"
            self.load_notes.append(note)
            log.warning(note)
        return layers

    def _expert_overrides(self, device: str) -> ctypes.Array[_Override] | None:
        """Overrides when asked for on an MoE model: on the GPU for real, on the CPU when explicitly asked."""
        config = self.config
        if not self.shape.is_moe or not (config.expert_offload or (config.n_cpu_moe and device == "cuda")):
            return None
        pattern = expert_override_pattern(config.n_cpu_moe, self.shape.n_layer)
        where = "" if device == "cuda" else " (the model is on the CPU anyway)"
        self.load_notes.append(f"expert tensors matching /{pattern}/ kept on the CPU{where}")
        return _cpu_overrides(pattern)

    def _load(self, llama_cpp: Any, gpu_layers: int, overrides: ctypes.Array[_Override] | None) -> Any:
        threads = self.config.n_threads or (os.cpu_count() or 2)
        with _model_params_with(overrides, self.repack):
            llama = llama_cpp.Llama(
                model_path=str(self.config.path), n_ctx=self.config.n_ctx, n_threads=threads,
                n_threads_batch=threads, n_gpu_layers=gpu_layers, seed=self.config.seed, verbose=False,
            )
        if self.config.lookup_draft:
            attach_lookup(llama)  # after construction: the constructor would keep every logit
        return llama

    @property
    def repack(self) -> bool:
        """Whether CPU weights go to llama.cpp's extra (repacked) buffer types."""
        if self.config.repack_weights is None:
            return not plain_kernels_preferred()
        return self.config.repack_weights

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self._llama.metadata)

    @property
    def moe_info(self) -> MoEInfo:
        """Expert count and experts used per token (0 and 0 for a dense model), total vs active parameters."""
        return moe_info(self.shape)

    @property
    def llama(self) -> Any:
        """The underlying ``llama_cpp.Llama`` (benchmarks and equivalence tests)."""
        return self._llama

    def set_threads(self, threads: int) -> None:
        """CPU threads for the next decodes, prompt and generation alike.

        Never waits: while another thread generates, the change is kept and applied when the model
        is next free (at the start of the next generation at the latest).
        """
        if not self._lock.acquire(blocking=False):
            self._pending_threads = threads
            return
        try:
            self._pending_threads = threads
            self._apply_threads()
        finally:
            self._lock.release()

    def _apply_threads(self) -> None:
        """Set pending thread counts on the native context (the lock is held)."""
        threads, self._pending_threads = self._pending_threads, None
        if threads is not None and not self._closed:
            import llama_cpp

            llama_cpp.llama_set_n_threads(self._llama.ctx, threads, threads)

    def _check_open(self) -> None:
        if self._closed:
            raise ModelError(f"{self.info.id} was closed (Daycast is shutting down or reloading it)",
                             code="model.closed")

    def state_key(self) -> StateKey:
        """What a saved prompt state of this model depends on (see :mod:`engines.prompt_cache`)."""
        import llama_cpp

        path = self.config.path
        identity = self.config.sha256
        if not identity:
            stat = path.stat()
            identity = f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
        backend = f"llama.cpp {llama_cpp.__version__}; {self.info.device}; gpu_layers={self.n_gpu_layers}; " \
                  f"repack={self.repack}; cpu_moe={self.config.expert_offload or self.config.n_cpu_moe}"
        return StateKey(identity, self.n_ctx, backend)

    def prime(self, request: ChatRequest, cache: PromptStateCache | None = None,
              cancel: CancelToken | None = None) -> str:
        """Have ``request``'s prompt in the KV cache, so requests that start the same way read only the rest.

        With a ``cache``: load the state saved for this prompt ("loaded"), or, when the prompt is new, the
        newest state of this model (its common prefix is kept) and read the rest, then save it
        ("updated"); with none saved, read it all and save it ("computed"). Without a cache: read it
        ("computed"). Returns which it was.
        """
        text = json.dumps([[m.role, m.content] for m in request.messages])
        key = self.state_key() if cache is not None else None
        with self._lock:
            saved = cache.load(key, text) if cache is not None and key is not None else None
            if saved is not None and self._restore(saved.tokens, saved.state) and saved.exact:
                return "loaded"
        for _ in self.stream_chat(replace(request, max_tokens=1, temperature=0.0), cancel):
            pass
        if cache is None or key is None:
            return "computed"
        with self._lock:
            tokens, state = self._snapshot()
        try:
            cache.save(key, text, tokens, state)
        except DaycastError as exc:  # a full or read-only cache folder costs speed, not the answer
            log.warning("Could not save the prompt state: %s", exc.message)
        return "updated" if saved is not None else "computed"

    def _snapshot(self) -> tuple[list[int], bytes]:
        """The tokens in the KV cache and llama.cpp's state (KV cache of those tokens, last logits)."""
        import llama_cpp

        ctx = self._llama.ctx
        size = llama_cpp.llama_state_get_size(ctx)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_get_data(ctx, buffer, size)
        n = self._llama.n_tokens
        return [int(t) for t in self._llama.input_ids[:n]], bytes(buffer)[:written]

    def _restore(self, tokens: list[int], state: bytes) -> bool:
        """Load a state saved by :meth:`_snapshot`; False (and an empty cache) when llama.cpp refuses it."""
        import llama_cpp

        llama = self._llama
        if len(tokens) >= self.n_ctx:
            return False
        buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
        if llama_cpp.llama_state_set_data(llama.ctx, buffer, len(state)) != len(state):
            log.warning("llama.cpp refused a saved prompt state; reading the prompt instead")
            llama.reset()
            return False
        llama.input_ids[:len(tokens)] = tokens
        llama.n_tokens = len(tokens)
        llama._requires_eval = True  # its logits came from a file: the next request decodes at least one token
        return True

    def count_tokens(self, text: str) -> int:
        with self._lock:
            self._check_open()
            return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def prompt_tokens(self, request: ChatRequest) -> int:
        """Tokens the chat template makes of ``request``'s messages (an upper-bound estimate)."""
        return sum(self.count_tokens(m.content) + 6 for m in request.messages) + 4

    def stream_chat(
        self, request: ChatRequest, cancel: CancelToken | None = None
    ) -> Iterator[TextDelta | ChatResult]:
        cancel = cancel or NEVER
        needed = self.prompt_tokens(request)
        if needed + min(request.max_tokens, 64) > self.n_ctx:
            raise ContextOverflowError(
                f"Prompt of about {needed} tokens does not fit the {self.n_ctx}-token context of {self.info.id}"
            )
        with self._lock:
            self._check_open()
            self._apply_threads()
            yield from self._generate(request, cancel, needed)

    def _generate(self, request: ChatRequest, cancel: CancelToken, needed: int) -> Iterator[TextDelta | ChatResult]:
        start = time.perf_counter()
        first = 0.0
        pieces: list[str] = []
        finish = "stop"
        try:
            stream = self._llama.create_chat_completion(
                messages=[{"role": m.role, "content": m.content} for m in request.messages],
                max_tokens=min(request.max_tokens, max(16, self.n_ctx - needed)),
                temperature=request.temperature,
                stop=list(request.stop) or None,
                seed=request.seed,
                stream=True,
                response_format={"type": "json_object"} if request.json_mode else None,
            )
            for chunk in stream:
                choice = chunk["choices"][0]
                text = choice.get("delta", {}).get("content") or ""
                if choice.get("finish_reason"):
                    finish = choice["finish_reason"]
                if text:
                    first = first or time.perf_counter() - start
                    pieces.append(text)
                    yield TextDelta(text)
                if cancel.cancelled:
                    finish = "cancelled"
                    break
        except ValueError as exc:
            if _context_error(exc):
                raise ContextOverflowError(f"{self.info.id}: {exc}") from exc
            raise LLMError(f"{self.info.id} failed: {exc}") from exc
        cancel.check()
        total_tokens = self._llama.n_tokens
        yield ChatResult(
            text="".join(pieces), model=self.info, prompt_tokens=max(0, total_tokens - len(pieces)),
            completion_tokens=len(pieces), seconds=time.perf_counter() - start,
            first_token_seconds=first, finish_reason=finish,
        )

    def close(self) -> None:
        """Free the native model once no thread uses it (waits for a running decode to end)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._llama.close()

