"""Which device each engine runs on: CUDA only when every check for that engine passes.

(First version: the per-engine probes are filled in by the GPU/CPU issue; callers use ``choose``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engines.errors import DeviceError

Engine = Literal["ctranslate2", "onnxruntime", "llama.cpp"]
Requested = Literal["auto", "cpu", "gpu"]


@dataclass(frozen=True, slots=True)
class DeviceChoice:
    engine: str
    device: Literal["cpu", "cuda"]
    reason: str


def cuda_available(engine: Engine) -> tuple[bool, str]:
    """Whether ``engine`` can use CUDA here, and why (not)."""
    if engine == "llama.cpp":
        try:
            import llama_cpp
        except ImportError as exc:
            return False, f"llama-cpp-python not importable: {exc}"
        ok = bool(llama_cpp.llama_supports_gpu_offload())
        return ok, "llama.cpp built with GPU offload" if ok else "llama.cpp build has no GPU offload"
    if engine == "onnxruntime":
        import onnxruntime

        providers = onnxruntime.get_available_providers()
        ok = "CUDAExecutionProvider" in providers
        return ok, "CUDAExecutionProvider available" if ok else f"providers: {', '.join(providers)}"
    import ctranslate2

    count = ctranslate2.get_cuda_device_count()
    return count > 0, f"{count} CUDA device(s) visible to CTranslate2"


def choose(engine: Engine, requested: Requested = "auto", *, fallback: bool = True) -> DeviceChoice:
    if requested == "cpu":
        return DeviceChoice(engine, "cpu", "CPU requested")
    ok, why = cuda_available(engine)
    if ok:
        return DeviceChoice(engine, "cuda", why)
    if requested == "gpu" and not fallback:
        raise DeviceError(f"GPU requested for {engine} but it cannot be used: {why}")
    return DeviceChoice(engine, "cpu", f"no usable GPU ({why})")
