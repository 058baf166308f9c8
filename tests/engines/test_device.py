"""Device choice per engine: real probes on this CPU machine, and fake CUDA probes for the GPU logic."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engines import device
from engines.device import Check, Probe, ProbeCache, choose, probe_ctranslate2, probe_onnxruntime, tiny_onnx_model
from engines.errors import DeviceError
from engines.llm_llamacpp import load_with_retry


@pytest.mark.parametrize("engine", ["ctranslate2", "onnxruntime", "llama.cpp"])
def test_auto_is_cpu_here_with_the_failing_check_as_reason(engine: str) -> None:
    choice = choose(engine, "auto")  # type: ignore[arg-type]
    assert choice.device == "cpu"
    expected = {"ctranslate2": "0 CUDA device", "onnxruntime": "CUDA provider", "llama.cpp": "no GPU offload"}
    assert expected[engine] in choice.reason


def test_explicit_gpu_without_fallback_raises_with_the_reason() -> None:
    with pytest.raises(DeviceError) as err:
        choose("llama.cpp", "gpu", fallback=False)
    assert "GPU requested for llama.cpp" in err.value.message and "no GPU offload" in err.value.message
    assert err.value.code == "device.unavailable"


def test_explicit_gpu_with_fallback_is_cpu_and_says_why() -> None:
    choice = choose("onnxruntime", "gpu", fallback=True)
    assert choice.device == "cpu" and choice.reason.startswith("GPU requested but unusable")


def test_cpu_request_needs_no_probe() -> None:
    cache = ProbeCache({"llama.cpp": lambda: pytest.fail("probed")})
    assert choose("llama.cpp", "cpu", cache=cache).device == "cpu"


def _fake(engine: str, *checks: tuple[str, bool]) -> Probe:
    made = tuple(Check(name, ok, f"fake {name} {'ok' if ok else 'missing'}") for name, ok in checks)
    return Probe(engine, "fake", made)


def test_fake_cuda_auto_picks_cuda_only_when_every_check_passes() -> None:
    good = ProbeCache({"ctranslate2": lambda: _fake("ctranslate2", ("CUDA devices", True), ("float16", True),
                                                      ("cuDNN", True))})
    picked = choose("ctranslate2", "auto", cache=good)
    assert picked.device == "cuda" and "fake cuDNN ok" in picked.reason
    no_cudnn = ProbeCache({"ctranslate2": lambda: _fake("ctranslate2", ("CUDA devices", True), ("float16", True),
                                                          ("cuDNN", False))})
    picked = choose("ctranslate2", "auto", cache=no_cudnn)
    assert picked.device == "cpu" and "cuDNN: fake cuDNN missing" in picked.reason
    with pytest.raises(DeviceError, match="cuDNN"):
        choose("ctranslate2", "gpu", fallback=False, cache=no_cudnn)


def test_fake_cuda_onnxruntime_silent_fallback_is_not_cuda() -> None:
    # The provider is listed, but the session fell back to the CPU: auto must not claim CUDA.
    cache = ProbeCache({"onnxruntime": lambda: _fake("onnxruntime", ("CUDA provider", True), ("CUDA in use", False))})
    assert choose("onnxruntime", "auto", cache=cache).device == "cpu"


def test_probe_cache_probes_each_engine_once() -> None:
    calls: list[str] = []

    def counted() -> Probe:
        calls.append("x")
        return _fake("llama.cpp", ("GPU offload", False))

    cache = ProbeCache({"llama.cpp": counted})
    for _ in range(3):
        choose("llama.cpp", "auto", cache=cache)
    assert calls == ["x"]
    cache.get("llama.cpp", refresh=True)
    assert calls == ["x", "x"]


def test_importing_the_module_probes_nothing() -> None:
    code = "import engines.device as d; print(len(d.default_cache()._results))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "0"


def test_hand_encoded_onnx_model_runs_in_onnxruntime() -> None:
    import onnxruntime

    session = onnxruntime.InferenceSession(tiny_onnx_model(), providers=["CPUExecutionProvider"])
    x = np.array([[-1.0, 0.5, -2.0, 3.0]], dtype=np.float32)
    (y,) = session.run(None, {"x": x})
    assert np.array_equal(y, np.maximum(x, 0))


def test_onnxruntime_probe_reports_the_provider_actually_in_use() -> None:
    result = probe_onnxruntime()
    assert result.backend_in_use == "CPUExecutionProvider"
    assert not result.ok and result.version


def test_ctranslate2_probe_survives_a_crashing_cuda_library(monkeypatch: pytest.MonkeyPatch) -> None:
    # A real abort in the probe process (what a missing cuDNN does) must not take this process down.
    monkeypatch.setattr(device, "_CT2_SCRIPT", "import os; os.abort()")
    result = probe_ctranslate2(timeout_s=30)
    assert not result.ok and "SIGABRT" in result.reason


def test_report_has_a_row_per_engine_with_versions() -> None:
    result = device.report("auto")
    assert [r.engine for r in result.rows] == ["ctranslate2", "onnxruntime", "llama.cpp"]
    assert all(r.device == "cpu" and r.reason for r in result.rows)
    assert result.versions["llama-cpp-python"] == "0.3.36"
    assert set(result.to_dict()) == {"requested", "versions", "engines"}


def test_fake_cuda_out_of_memory_on_load_retries_with_half_the_layers() -> None:
    attempts: list[int] = []

    def load(layers: int) -> str:
        attempts.append(layers)
        if layers > 7:
            raise ValueError("Failed to load model from file")
        return f"model with {layers} GPU layers"

    notes: list[str] = []
    model, layers = load_with_retry(load, 29, notes)
    assert (model, layers) == ("model with 7 GPU layers", 7)
    assert attempts == [29, 14, 7]
    assert len(notes) == 2 and "retrying with 14" in notes[0] and "out of GPU memory" in notes[0]


def test_load_failure_on_the_cpu_is_not_retried() -> None:
    def load(layers: int) -> str:
        raise ValueError("Failed to load model from file")

    with pytest.raises(ValueError):
        load_with_retry(load, 0, [])
