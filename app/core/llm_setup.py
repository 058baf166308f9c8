"""Build the language model pipelines use: the local model, plus the remote routes settings allow.

``build_llm`` always returns a :class:`engines.router.Router`, so labels, fallbacks and the ledger work
the same whether or not a remote endpoint exists. Its routes: the local model, the remote LLM routes of
``Settings.routes`` (self-hosted and cloud), and the older single ``cloud`` endpoint. The usage ledger
is on unless the caller passes another sink (``engines.ledger.NullLedger`` for none).

Local models load lazily (on the first request) and
are cached in a :class:`ModelPool` that the caller owns and closes; there is no global cache.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.remote_routes import default_ledger, llm_routes
from app.core.settings import Settings
from engines.cancel import CancelToken
from engines.catalog import resolve_llm
from engines.device import choose
from engines.errors import ModelError, ModelTooLargeError, SettingsError
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel
from engines.prompt_cache import PromptStateCache
from engines.router import Route, Router, RouterPolicy, UsageSink
from engines.types import ChatRequest, ChatResult, ModelInfo, TextDelta

log = logging.getLogger(__name__)

DEFAULT_N_CTX = 4096


@dataclass(frozen=True)
class LocalModelSpec:
    """A local GGUF model: a bundled id, or any GGUF file given by ``path``."""

    model_id: str
    device: str = "auto"
    """auto | cpu | gpu (resolved with engines.device.choose)."""
    n_ctx: int = DEFAULT_N_CTX
    n_threads: int = 0
    path: Path | None = None
    expert_offload: bool = False
    """MoE expert tensors kept in RAM when the rest is on the GPU (the setting of the same name)."""


def available_memory() -> int | None:
    """Bytes of RAM available now (Linux MemAvailable, else free pages); None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


class ModelPool:
    """Loaded local models keyed by (id, device, n_ctx). Thread-safe; ``close()`` frees them all.

    ``memory_limit_bytes`` overrides the RAM check (tests; a user cap). A model whose file is larger than
    the memory left refuses to load with :class:`ModelTooLargeError` instead of thrashing the machine.
    """

    def __init__(self, *, memory_limit_bytes: int | None = None) -> None:
        self._models: dict[tuple[str, str, int], LlamaCppModel] = {}
        self._lock = threading.Lock()
        self._memory_limit = memory_limit_bytes

    def __len__(self) -> int:
        return len(self._models)

    @staticmethod
    def resolve(spec: LocalModelSpec) -> tuple[Path, str, str, str]:
        """(path, device, sha256, license) without loading anything."""
        # An explicit "gpu" that cannot be honoured is an error with the reason, not a silent CPU run.
        device = choose("llama.cpp", spec.device, fallback=spec.device != "gpu").device  # type: ignore[arg-type]
        if spec.path is not None:
            return spec.path, device, "", ""
        model = resolve_llm(spec.model_id)  # bundled, or downloaded from the catalog
        return model.path, device, model.sha256, model.license

    def get(self, spec: LocalModelSpec) -> LlamaCppModel:
        path, device, sha256, license_ = self.resolve(spec)
        key = (spec.model_id, device, spec.n_ctx)
        with self._lock:
            if key not in self._models:
                self._check_memory(path, device, spec.model_id)
                self._models[key] = self._load(spec, path, device, sha256, license_)
            return self._models[key]

    def _check_memory(self, path: Path, device: str, model_id: str) -> None:
        if device != "cpu":
            return  # VRAM is checked by llama.cpp itself
        limit = self._memory_limit if self._memory_limit is not None else available_memory()
        size = path.stat().st_size if path.exists() else 0
        if limit is not None and size * 1.2 > limit:
            raise ModelTooLargeError(
                f"{model_id} needs about {size * 1.2 / 2**30:.1f} GiB of memory; {limit / 2**30:.1f} GiB is free",
                hint="close other programs, or choose a smaller model in Settings",
            )

    @staticmethod
    def _load(spec: LocalModelSpec, path: Path, device: str, sha256: str, license_: str) -> LlamaCppModel:
        config = LlamaConfig(
            path=path, model_id=spec.model_id, n_ctx=spec.n_ctx, n_threads=spec.n_threads,
            n_gpu_layers=-1 if device == "cuda" else 0, sha256=sha256, license=license_,
            expert_offload=spec.expert_offload,
        )
        try:
            return LlamaCppModel(config)
        except MemoryError as exc:
            raise ModelTooLargeError(f"Out of memory loading {spec.model_id} from {path}") from exc
        except ValueError as exc:  # llama.cpp: "Failed to load model from file"
            raise ModelError(
                f"Could not load {spec.model_id} from {path}: {exc}",
                hint="the file may be damaged: run `python -m engines.bundled verify`", code="model.load_failed",
            ) from exc

    def close(self) -> None:
        with self._lock:
            for model in self._models.values():
                model.close()
            self._models.clear()


class LazyLocalModel:
    """A local ``LanguageModel`` that loads through the pool on first use (a failed load raises then)."""

    def __init__(self, spec: LocalModelSpec, pool: ModelPool) -> None:
        self.spec = spec
        self.pool = pool
        self.n_ctx = spec.n_ctx
        self._loaded: LlamaCppModel | None = None
        self._info: ModelInfo | None = None

    @property
    def info(self) -> ModelInfo:
        """The loaded model's info; before loading, what the manifest says (nothing is loaded for it)."""
        if self._loaded is not None:
            return self._loaded.info
        if self._info is None:
            try:
                path, device, sha256, license_ = self.pool.resolve(self.spec)
            except ModelError:
                return ModelInfo(id=self.spec.model_id, backend="llama.cpp", path=str(self.spec.path or ""))
            self._info = ModelInfo(
                id=self.spec.model_id, backend="llama.cpp", device=device, path=str(path), sha256=sha256,
                license=license_,
            )
        return self._info

    def load(self) -> LlamaCppModel:
        model = self.pool.get(self.spec)
        self._loaded = model
        self.n_ctx = model.n_ctx
        return model

    def count_tokens(self, text: str) -> int:
        return self.load().count_tokens(text)

    def set_threads(self, threads: int) -> None:
        """On the loaded model now, or at load (a thread count is no reason to load a model)."""
        if self._loaded is not None:
            self._loaded.set_threads(threads)
        else:
            self.spec = replace(self.spec, n_threads=threads)

    def prime(self, request: ChatRequest, cache: PromptStateCache | None = None,
              cancel: CancelToken | None = None) -> str:
        return self.load().prime(request, cache, cancel)

    def stream_chat(
        self, request: ChatRequest, cancel: CancelToken | None = None
    ) -> Iterator[TextDelta | ChatResult]:
        yield from self.load().stream_chat(request, cancel)


def cloud_allowed(settings: Settings) -> bool:
    return settings.cloud.enabled and not settings.privacy_mode and settings.policy != "local_only"


def endpoint_config(settings: Settings, model: str | None = None) -> EndpointConfig:
    cloud = settings.cloud
    if not cloud.base_url or not (model or cloud.model):
        raise SettingsError(
            "The cloud endpoint is enabled but its URL or model is not set",
            hint="set cloud.base_url and cloud.model in Settings, or turn the cloud fallback off",
        )
    return EndpointConfig(
        base_url=cloud.base_url, model=model or cloud.model, context_window=cloud.context_window,
        timeout_s=cloud.timeout_s,
    )


def build_llm(
    settings: Settings, *, task: str = "prompt", ledger: UsageSink | None = None,
    pool: ModelPool | None = None, n_ctx: int = DEFAULT_N_CTX, device: str | None = None,
) -> Router:
    """The model pipelines use. ``task`` labels requests that leave ``ChatRequest.task`` unset.

    Nothing is loaded or sent here: the local model loads on the first request, and the cloud route
    exists only when ``cloud.enabled`` and not privacy mode and the policy is not ``local_only``.
    ``ledger`` None means the user's ledger.
    ``device`` overrides ``settings.device`` (auto | cpu | gpu). Pass the ``pool`` you keep (and close)
    to reuse loaded models between calls; without one, each call gets a fresh pool.
    """
    pool = pool if pool is not None else ModelPool()
    spec = LocalModelSpec(settings.llm_model, device=device or settings.device, n_ctx=n_ctx,
                          expert_offload=settings.expert_offload)
    routes = [Route("local", LazyLocalModel(spec, pool), "local", n_ctx), *llm_routes(settings)]
    if cloud_allowed(settings) and "cloud" not in {r.name for r in routes}:
        routes.append(Route("cloud", OpenAICompatibleModel(endpoint_config(settings)), "cloud",
                            settings.cloud.context_window))
    policy = RouterPolicy(policy=settings.policy, privacy_mode=settings.privacy_mode)
    return TaskRouter(task, routes, policy, ledger=ledger if ledger is not None else default_ledger())


class TaskRouter(Router):
    """A Router whose requests default to ``task`` when the caller left ``ChatRequest.task`` unset."""

    def __init__(self, task: str, routes: list[Route], policy: RouterPolicy, *, ledger: UsageSink | None) -> None:
        super().__init__(routes, policy, ledger=ledger)
        self.task = task

    def stream_chat(
        self, request: ChatRequest, cancel: CancelToken | None = None
    ) -> Iterator[TextDelta | ChatResult]:
        if request.task == "prompt" and self.task != "prompt":
            request = replace(request, task=self.task)
        yield from super().stream_chat(request, cancel)

