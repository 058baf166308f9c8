"""Which device each engine runs on: CUDA only when every check for that engine passes.

Each engine is probed the way it actually fails:

- CTranslate2 (faster-whisper): in a *subprocess*, because a missing cuDNN or a broken driver can abort
  the process that loads CUDA; counts CUDA devices, float16 support and whether cuDNN loads.
- onnxruntime (Piper, Kokoro): the CUDA provider must be available *and* still in use after a session
  is created, since onnxruntime silently falls back to the CPU when the provider cannot start.
- llama.cpp: the build must support GPU offload (``llama_supports_gpu_offload``).

Probes run on first use and are kept in a :class:`ProbeCache` (one per process by default; nothing
runs at import). GPU install path (``daycast[gpu]``): ``pip install onnxruntime-gpu`` (replacing
onnxruntime), CTranslate2's wheels already include CUDA (needs cuDNN 9 and cuBLAS 12, e.g. the
``nvidia-cudnn-cu12`` and ``nvidia-cublas-cu12`` wheels), and llama-cpp-python rebuilt with CUDA:
``CMAKE_ARGS="-DGGML_CUDA=on" pip install --force-reinstall --no-cache-dir llama-cpp-python``.
Check the result with ``daycast devices``.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from engines.errors import DeviceError

Engine = Literal["ctranslate2", "onnxruntime", "llama.cpp"]
Requested = Literal["auto", "cpu", "gpu"]
ENGINES: tuple[Engine, ...] = ("ctranslate2", "onnxruntime", "llama.cpp")
PROBE_TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class DeviceChoice:
    engine: str
    device: Literal["cpu", "cuda"]
    reason: str


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Probe:
    """What one engine can do here: its checks, all of which must pass for CUDA."""

    engine: str
    version: str
    checks: tuple[Check, ...]
    backend_in_use: str = ""
    """What the engine actually runs on now (onnxruntime: the providers of a real session)."""

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def reason(self) -> str:
        failed = next((c for c in self.checks if not c.ok), None)
        if failed is not None:
            return f"{failed.name}: {failed.detail}"
        return "; ".join(c.detail for c in self.checks)


# --- CTranslate2 -------------------------------------------------------------------------------

_CT2_SCRIPT = r"""
import ctypes, glob, json, os
out = {}
import ctranslate2
out["version"] = ctranslate2.__version__
out["devices"] = ctranslate2.get_cuda_device_count()
if out["devices"]:
    out["compute_types"] = sorted(ctranslate2.get_supported_compute_types("cuda"))
    names = ["libcudnn.so.9", "libcudnn.so"]
    try:
        import nvidia.cudnn
        names = glob.glob(os.path.join(list(nvidia.cudnn.__path__)[0], "lib", "libcudnn.so*")) + names
    except ImportError:
        pass
    out["cudnn"] = ""
    for name in names:
        try:
            ctypes.CDLL(name)
            out["cudnn"] = name
            break
        except OSError as exc:
            out["cudnn_error"] = str(exc)
print(json.dumps(out))
"""


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def probe_ctranslate2(timeout_s: float = PROBE_TIMEOUT_S) -> Probe:
    version = _dist_version("ctranslate2")
    try:
        done = subprocess.run([sys.executable, "-c", _CT2_SCRIPT], capture_output=True, text=True,
                              timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        late = Check("probe", False, f"CUDA probe did not finish in {timeout_s:.0f} s")
        return Probe("ctranslate2", version, (late,))
    if done.returncode < 0:
        why = f"the CUDA probe process was killed by {_signal_name(done.returncode)} (a CUDA or cuDNN library is " \
              "probably missing or broken)"
        return Probe("ctranslate2", version, (Check("probe", False, why),))
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Probe("ctranslate2", version, (Check("probe", False, f"CTranslate2 failed to load: {last}"),))
    info = json.loads(done.stdout.strip().splitlines()[-1])
    count = int(info.get("devices", 0))
    checks = [Check("CUDA devices", count > 0, f"{count} CUDA device(s) visible to CTranslate2")]
    if count:
        types = info.get("compute_types", [])
        checks.append(Check("float16", "float16" in types, f"CUDA compute types: {', '.join(types) or 'none'}"))
        cudnn = info.get("cudnn", "")
        found = f"cuDNN loaded from {cudnn}" if cudnn else f"cuDNN not loadable: {info.get('cudnn_error')}"
        checks.append(Check("cuDNN", bool(cudnn), found))
    return Probe("ctranslate2", str(info.get("version", version)), tuple(checks))


# --- onnxruntime -------------------------------------------------------------------------------

def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes | str | int) -> bytes:
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def tiny_onnx_model() -> bytes:
    """A one-node ONNX model (Relu on float[1, 4]), protobuf-encoded by hand: no ``onnx`` package needed."""
    dim = _field(1, _field(1, 4))
    batch = _field(1, _field(1, 1))
    tensor_type = _field(1, _field(1, 1) + _field(2, batch + dim))  # elem_type FLOAT, shape [1, 4]

    def value_info(name: str) -> bytes:
        return _field(1, name) + _field(2, tensor_type)

    node = _field(1, "x") + _field(2, "y") + _field(3, "relu") + _field(4, "Relu")
    graph = _field(1, node) + _field(2, "probe") + _field(11, value_info("x")) + _field(12, value_info("y"))
    opset = _field(1, "") + _field(2, 13)
    return _field(1, 8) + _field(2, "daycast") + _field(7, graph) + _field(8, opset)


def probe_onnxruntime(model: Path | bytes | None = None) -> Probe:
    """``model``: an ONNX file or bytes for the session test (default: :func:`tiny_onnx_model`)."""
    version = _dist_version("onnxruntime-gpu") or _dist_version("onnxruntime")
    try:
        import onnxruntime
    except ImportError as exc:
        return Probe("onnxruntime", version, (Check("import", False, f"onnxruntime not importable: {exc}"),))
    available = list(onnxruntime.get_available_providers())
    has_cuda = "CUDAExecutionProvider" in available
    checks = [Check("CUDA provider", has_cuda, f"available providers: {', '.join(available)}")]
    wanted = ["CUDAExecutionProvider", "CPUExecutionProvider"] if has_cuda else ["CPUExecutionProvider"]
    source = model if model is not None else tiny_onnx_model()
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(str(source) if isinstance(source, Path) else source,
                                               sess_options=options, providers=wanted)
        in_use = list(session.get_providers())
    except Exception as exc:  # onnxruntime raises its own exception types for provider failures
        in_use = []
        checks.append(Check("session", False, f"creating a session failed: {exc}"))
    if has_cuda and in_use:
        used = in_use[0] == "CUDAExecutionProvider"
        checks.append(Check("CUDA in use", used, f"providers in use after session creation: {', '.join(in_use)}"))
    return Probe("onnxruntime", version, tuple(checks), backend_in_use=in_use[0] if in_use else "")


# --- llama.cpp ---------------------------------------------------------------------------------

def _ggml_gpu_devices() -> list[str]:
    """Names of the GPU devices llama.cpp's ggml backends registered (empty on a CPU-only build)."""
    import ctypes

    try:
        from llama_cpp._ggml import libggml

        count = libggml.ggml_backend_dev_count
        count.restype, count.argtypes = ctypes.c_size_t, []
        get = libggml.ggml_backend_dev_get
        get.restype, get.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
        kind = libggml.ggml_backend_dev_type
        kind.restype, kind.argtypes = ctypes.c_int, [ctypes.c_void_p]
        desc = libggml.ggml_backend_dev_description
        desc.restype, desc.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
    except (ImportError, AttributeError, OSError):
        return []
    names = []
    for index in range(count()):
        dev = get(index)
        if kind(dev) in (1, 2):  # GGML_BACKEND_DEVICE_TYPE_GPU, _IGPU
            names.append((desc(dev) or b"?").decode(errors="replace"))
    return names


def probe_llama_cpp() -> Probe:
    version = _dist_version("llama_cpp_python") or _dist_version("llama-cpp-python")
    try:
        import llama_cpp
    except ImportError as exc:
        return Probe("llama.cpp", version, (Check("import", False, f"llama-cpp-python not importable: {exc}"),))
    offload = bool(llama_cpp.llama_supports_gpu_offload())
    if not offload:
        return Probe("llama.cpp", version, (Check("GPU offload", False, "this llama.cpp build has no GPU offload"),))
    devices = _ggml_gpu_devices()
    detail = f"GPU offload supported ({', '.join(devices)})" if devices else "GPU offload supported"
    return Probe("llama.cpp", version, (Check("GPU offload", True, detail),))


# --- cache, choice, report ---------------------------------------------------------------------

DEFAULT_PROBES: Mapping[str, Callable[[], Probe]] = {
    "ctranslate2": probe_ctranslate2,
    "onnxruntime": probe_onnxruntime,
    "llama.cpp": probe_llama_cpp,
}


class ProbeCache:
    """Probe results, computed once per engine on first use. Thread-safe."""

    def __init__(self, probes: Mapping[str, Callable[[], Probe]] | None = None) -> None:
        self._probes = dict(probes or DEFAULT_PROBES)
        self._results: dict[str, Probe] = {}
        self._lock = threading.Lock()

    def get(self, engine: str, *, refresh: bool = False) -> Probe:
        with self._lock:
            if refresh or engine not in self._results:
                if engine not in self._probes:
                    raise DeviceError(f"Unknown engine {engine!r} (known: {', '.join(self._probes)})")
                self._results[engine] = self._probes[engine]()
            return self._results[engine]

    def clear(self) -> None:
        with self._lock:
            self._results.clear()


_CACHE = ProbeCache()


def default_cache() -> ProbeCache:
    return _CACHE


def cuda_available(engine: Engine, *, cache: ProbeCache | None = None) -> tuple[bool, str]:
    """Whether ``engine`` can use CUDA here, and why (not)."""
    result = (cache or _CACHE).get(engine)
    return result.ok, result.reason


def choose(
    engine: Engine, requested: Requested = "auto", *, fallback: bool = True, cache: ProbeCache | None = None
) -> DeviceChoice:
    """The device for ``engine``: ``auto`` is CUDA only when every check passes; ``gpu`` that cannot
    be honoured raises DeviceError with the failing check, or, when ``fallback``, is CPU with the reason."""
    if requested not in ("auto", "cpu", "gpu", "cuda"):
        raise DeviceError(f"Unknown device {requested!r}; expected auto, cpu or gpu")
    if requested == "cpu":
        return DeviceChoice(engine, "cpu", "CPU requested")
    ok, why = cuda_available(engine, cache=cache)
    if ok:
        return DeviceChoice(engine, "cuda", why)
    if requested in ("gpu", "cuda"):
        if not fallback:
            raise DeviceError(f"GPU requested for {engine} but it cannot be used: {why}",
                              hint="run `daycast devices` for details, or use --device cpu")
        return DeviceChoice(engine, "cpu", f"GPU requested but unusable, using the CPU: {why}")
    return DeviceChoice(engine, "cpu", f"no usable GPU: {why}")


@dataclass(frozen=True)
class DeviceRow:
    engine: str
    device: str
    backend: str
    reason: str
    version: str
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class DeviceReport:
    requested: str
    rows: tuple[DeviceRow, ...]
    versions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "requested": self.requested,
            "versions": self.versions,
            "engines": [
                {"engine": r.engine, "device": r.device, "backend": r.backend, "reason": r.reason,
                 "version": r.version, "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in r.checks]}
                for r in self.rows
            ],
        }


def _backend_label(engine: str, device: str, result: Probe) -> str:
    if engine == "ctranslate2":
        return "CUDA float16" if device == "cuda" else "CPU int8"
    if engine == "onnxruntime":
        return "CUDAExecutionProvider" if device == "cuda" else result.backend_in_use or "CPUExecutionProvider"
    return "CUDA, all layers offloaded" if device == "cuda" else "CPU"


def report(requested: Requested = "auto", *, refresh: bool = False, cache: ProbeCache | None = None) -> DeviceReport:
    """Every engine's choice for ``requested``, with reasons and versions (for ``daycast devices``)."""
    store = cache or _CACHE
    rows = []
    for engine in ENGINES:
        result = store.get(engine, refresh=refresh)
        choice = choose(engine, requested, fallback=True, cache=store)
        rows.append(DeviceRow(engine, choice.device, _backend_label(engine, choice.device, result), choice.reason,
                              result.version, result.checks))
    return DeviceReport(requested, tuple(rows), versions())


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


def cuda_driver() -> str:
    """The NVIDIA driver version and GPU name from nvidia-smi, or '' when there is none."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return ""
    try:
        out = subprocess.run([exe, "--query-gpu=driver_version,name", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.splitlines()[0].strip() if out else ""


def versions() -> dict[str, str]:
    return {
        "ctranslate2": _dist_version("ctranslate2") or "not installed",
        "onnxruntime": _dist_version("onnxruntime-gpu") or _dist_version("onnxruntime") or "not installed",
        "llama-cpp-python": _dist_version("llama_cpp_python") or "not installed",
        "cuda driver": cuda_driver() or "none (no nvidia-smi)",
    }
