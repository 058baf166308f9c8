"""Local LLM through llama-cpp-python (GGUF): streaming chat, real context size, GPU offload."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engines.cancel import NEVER, CancelToken
from engines.errors import ContextOverflowError, LLMError, ModelMissingError
from engines.types import ChatRequest, ChatResult, ModelInfo, TextDelta


@dataclass(frozen=True)
class LlamaConfig:
    """How to load a GGUF model."""

    path: Path
    model_id: str
    n_ctx: int = 4096
    n_threads: int = 0
    """CPU threads; 0 means every core."""
    n_gpu_layers: int = 0
    """Layers offloaded to the GPU; -1 means all, 0 keeps the model on the CPU."""
    n_cpu_moe: int = 0
    """Keep the expert tensors of the first N layers on the CPU (MoE expert offload)."""
    sha256: str = ""
    license: str = ""
    seed: int = 7


def _context_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "exceed context window" in text or "context window" in text or "n_ctx" in text


class LlamaCppModel:
    """A GGUF model in this process. Thread-safe: one generation at a time."""

    def __init__(self, config: LlamaConfig) -> None:
        if not config.path.exists():
            raise ModelMissingError(f"Model file not found: {config.path}", hint="run `make models`")
        import llama_cpp

        self.config = config
        self._lock = threading.Lock()
        self._llama = llama_cpp.Llama(
            model_path=str(config.path),
            n_ctx=config.n_ctx,
            n_threads=config.n_threads or (os.cpu_count() or 2),
            n_gpu_layers=config.n_gpu_layers,
            seed=config.seed,
            verbose=False,
            **_moe_overrides(config),
        )
        self.n_ctx = self._llama.n_ctx()
        device = "cuda" if config.n_gpu_layers and llama_cpp.llama_supports_gpu_offload() else "cpu"
        self.info = ModelInfo(
            id=config.model_id, backend=f"llama.cpp {llama_cpp.__version__}", device=device,
            path=str(config.path), sha256=config.sha256, license=config.license,
        )

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self._llama.metadata)

    def count_tokens(self, text: str) -> int:
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
        self._llama.close()


def _moe_overrides(config: LlamaConfig) -> dict[str, Any]:
    """Keep MoE expert tensors on the CPU when offloading the rest (llama.cpp tensor overrides)."""
    if not config.n_cpu_moe or not config.n_gpu_layers:
        return {}
    return {"kv_overrides": None}
