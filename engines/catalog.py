"""The model catalog (``assets/models.json``): real public models a user can download, and where they stand here.

Each entry lists its files (URL, SHA-256, size), licence, dense or MoE (total/active parameters),
context length, the shape numbers the memory estimate needs, and the RAM/VRAM it needs at a 4096-token
context (recorded in the file; :func:`needs` recomputes them). Bundled models (``engines.bundled``)
are listed beside the catalog so ``daycast models`` shows everything a user can choose.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engines import bundled
from engines.cancel import CancelToken
from engines.download import DownloadRequest, download, part_path, size_cap
from engines.errors import ModelMissingError, UsageError
from engines.fsutil import atomic_write_text, file_lock, sha256_file
from engines.memory import GB, Fit, MachineMemory, MemoryEstimate, ModelShape, estimate, fits, machine_memory
from engines.paths import assets_dir, models_dir

_MARKER = ".verified.json"
DEFAULT_N_CTX = 4096


@dataclass(frozen=True)
class CatalogFile:
    name: str
    url: str
    sha256: str | None
    size: int | None


@dataclass(frozen=True)
class Shape:
    """Architecture numbers for the memory estimate of a model that is not downloaded yet."""

    n_layer: int = 0
    n_embd: int = 0
    n_head_kv: int = 0
    head_dim: int = 0
    n_vocab: int = 0
    experts: int = 0
    experts_used: int = 0


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    role: str
    title: str
    architecture: str
    """dense | moe"""
    backend: str
    license: str
    source: str
    files: tuple[CatalogFile, ...]
    params_total_b: float = 0.0
    params_active_b: float = 0.0
    context_length: int = 0
    shape: Shape = Shape()
    ram_gb: float = 0.0
    vram_gb: float = 0.0
    vram_gb_expert_offload: float = 0.0
    approx_size: int = 0
    notes: str = ""

    @property
    def directory(self) -> Path:
        return models_dir() / self.id

    def path(self, name: str | None = None) -> Path:
        return self.directory / (name or self.files[0].name)

    @property
    def size(self) -> int:
        """Bytes on disk: the recorded sizes, or the approximate size where a file's exact size is unknown."""
        if all(f.size is not None for f in self.files):
            return sum(f.size or 0 for f in self.files)
        return self.approx_size or sum(f.size or 0 for f in self.files)

    @property
    def is_moe(self) -> bool:
        return self.architecture == "moe"

    @property
    def verified(self) -> bool:
        return all(f.sha256 for f in self.files)


def _entry(raw: dict[str, Any]) -> CatalogEntry:
    files = tuple(CatalogFile(f["name"], f["url"], f.get("sha256"), f.get("size")) for f in raw["files"])
    shape = Shape(**raw.get("shape", {}))
    keys = ("params_total_b", "params_active_b", "context_length", "ram_gb", "vram_gb", "vram_gb_expert_offload",
            "approx_size", "notes")
    extra = {k: raw[k] for k in keys if k in raw}
    return CatalogEntry(id=raw["id"], role=raw["role"], title=raw["title"], architecture=raw["architecture"],
                        backend=raw["backend"], license=raw["license"], source=raw["source"], files=files,
                        shape=shape, **extra)


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    raw = json.loads((path or assets_dir() / "models.json").read_text(encoding="utf-8"))
    return [_entry(item) for item in raw["models"]]


def get(model_id: str, entries: list[CatalogEntry] | None = None) -> CatalogEntry:
    for entry in entries if entries is not None else load_catalog():
        if entry.id == model_id:
            return entry
    raise ModelMissingError(f"No model {model_id!r} in the catalog", hint="see `daycast models list`")


# --- memory ------------------------------------------------------------------------------------

def model_shape(entry: CatalogEntry) -> ModelShape:
    """The memory estimate's view of ``entry``, from its recorded size and architecture."""
    s = entry.shape
    total = entry.params_total_b * 1e9
    active = entry.params_active_b * 1e9 or total
    expert_bytes = 0
    if entry.is_moe and total and s.experts:
        # total = dense + experts and active = dense + experts * used / count, so
        # experts = (total - active) / (1 - used / count)
        expert_params = (total - active) / (1 - s.experts_used / s.experts)
        expert_bytes = int(entry.size * expert_params / total)
    bytes_per_param = entry.size / total if total else 0
    return ModelShape(
        weight_bytes=entry.size, expert_bytes=expert_bytes, host_bytes=int(s.n_vocab * s.n_embd * bytes_per_param),
        n_layer=s.n_layer, n_embd=s.n_embd, n_vocab=s.n_vocab,
        kv_bytes_per_token=s.n_layer * s.n_head_kv * s.head_dim * 4,  # f16 K and V
        params_total=int(total), params_active=int(active), expert_count=s.experts, expert_used_count=s.experts_used,
        context_length=entry.context_length,
    )


def needs(entry: CatalogEntry, n_ctx: int = DEFAULT_N_CTX) -> dict[str, MemoryEstimate]:
    """RAM/VRAM estimates per placement: ``cpu``, ``gpu`` and, for MoE models, ``gpu_expert_offload``."""
    if entry.backend != "llama.cpp":
        # Speech models: weights plus the runtime's working memory, the same on either device.
        working = int(entry.size * 1.5) + 300 * 1024**2
        flat = MemoryEstimate("cpu", 0, entry.size, 0, 0, ram=working, vram=0)
        return {"cpu": flat, "gpu": MemoryEstimate("gpu", 0, entry.size, 0, 0, ram=300 * 1024**2, vram=working)}
    shape = model_shape(entry)
    ctx = min(n_ctx, entry.context_length or n_ctx)
    out = {"cpu": estimate(shape, ctx, "cpu"), "gpu": estimate(shape, ctx, "gpu")}
    if entry.is_moe:
        out["gpu_expert_offload"] = estimate(shape, ctx, "gpu_expert_offload")
    return out


@dataclass(frozen=True)
class FitVerdict:
    cpu: Fit
    gpu: Fit | None = None
    gpu_expert_offload: Fit | None = None

    @property
    def ok(self) -> bool:
        return any(f is not None and f.ok for f in (self.cpu, self.gpu, self.gpu_expert_offload))

    def summary(self) -> str:
        if self.gpu is not None and self.gpu.ok:
            return "yes (GPU)"
        if self.gpu_expert_offload is not None and self.gpu_expert_offload.ok:
            return "yes (GPU, experts in RAM)"
        if self.cpu.ok:
            return "yes (CPU)"
        return f"no: {self.cpu.reason}"


def fits_machine(entry: CatalogEntry, machine: MachineMemory | None = None, n_ctx: int = DEFAULT_N_CTX) -> FitVerdict:
    """Whether ``entry`` fits this machine: on the CPU, fully on the GPU, and on the GPU with experts in RAM."""
    machine = machine or machine_memory()
    est = needs(entry, n_ctx)
    has_gpu = machine.vram_total > 0
    gpu = fits(est["gpu"], machine) if has_gpu else None
    offload = fits(est["gpu_expert_offload"], machine) if has_gpu and "gpu_expert_offload" in est else None
    return FitVerdict(fits(est["cpu"], machine), gpu, offload)


# --- install state -----------------------------------------------------------------------------

def _read_marker(entry: CatalogEntry) -> dict[str, Any]:
    try:
        return json.loads((entry.directory / _MARKER).read_text())
    except (OSError, ValueError):
        return {}


def state(entry: CatalogEntry) -> str:
    """``installed`` (every file present as verified), ``partial`` (a resumable download), or ``missing``."""
    marker = _read_marker(entry)
    whole = True
    for f in entry.files:
        path = entry.path(f.name)
        record = marker.get(f.name)
        if not path.exists() or not record:
            whole = False
            break
        stat = path.stat()
        if record.get("size") != stat.st_size or record.get("mtime_ns") != stat.st_mtime_ns:
            whole = False
            break
    if whole:
        return "installed"
    if any(part_path(entry.path(f.name)).exists() or entry.path(f.name).exists() for f in entry.files):
        return "partial"
    return "missing"


def _record(entry: CatalogEntry, name: str, sha256: str, verified: bool) -> None:
    with file_lock(entry.directory / _MARKER):  # the app and the CLI may finish two files at once
        marker = _read_marker(entry)
        stat = entry.path(name).stat()
        marker[name] = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "verified": verified}
        atomic_write_text(entry.directory / _MARKER, json.dumps(marker, indent=1, sort_keys=True))


def _size_cap(entry: CatalogEntry, file: CatalogFile) -> int | None:
    """For a file with no recorded size: a cap from what the entry's approximate size leaves after the known files."""
    if file.size is not None or not entry.approx_size:
        return None  # the recorded size is the cap; with no approximate size either, download's HARD_SIZE_CAP
    return size_cap(entry.approx_size - sum(f.size or 0 for f in entry.files))


@dataclass(frozen=True)
class InstallOptions:
    allow_unverified: bool = False
    progress: Callable[[str, int, int | None], None] | None = None
    """progress(file_name, bytes_done, bytes_total)"""
    cancel: CancelToken | None = None


def install(entry: CatalogEntry, options: InstallOptions | None = None) -> Path:
    """Download every missing file of ``entry`` (resuming .part files), verify, and record it."""
    options = options or InstallOptions()
    if not entry.verified and not options.allow_unverified:
        missing = ", ".join(f.name for f in entry.files if not f.sha256)
        raise UsageError(f"{entry.id}: no SHA-256 is recorded for {missing}; refusing to install unverified files",
                         hint=f"`daycast models download {entry.id} --allow-unverified` to accept them")
    entry.directory.mkdir(parents=True, exist_ok=True)
    marker = _read_marker(entry)
    for f in entry.files:
        path = entry.path(f.name)
        if path.exists() and f.name in marker and marker[f.name].get("size") == path.stat().st_size:
            continue
        def each(done: int, total: int | None, name: str = f.name, report: Any = options.progress) -> None:
            if report:
                report(name, done, total)

        request = DownloadRequest(f.url, path, f.sha256, f.size, options.allow_unverified, _size_cap(entry, f))
        result = download(request, progress=each, cancel=options.cancel)
        _record(entry, f.name, result.sha256, result.verified)
    return entry.path()


def verify(entry: CatalogEntry) -> list[str]:
    """Re-hash every file against the catalog (or, for unverified files, the hash recorded at download)."""
    marker = _read_marker(entry)
    problems = []
    for f in entry.files:
        path = entry.path(f.name)
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        expected = f.sha256 or marker.get(f.name, {}).get("sha256")
        got = sha256_file(path)
        if expected and got != expected:
            problems.append(f"{path}: SHA-256 {got[:12]}… does not match {expected[:12]}…")
        elif not f.sha256:
            problems.append(f"{path}: unverified (no SHA-256 in the catalog; matches the hash recorded at download)")
    return problems


def remove(entry: CatalogEntry) -> bool:
    """Delete the model's folder (downloads and partial files). True when something was removed."""
    folder = entry.directory
    if folder.resolve().parent != models_dir().resolve():
        raise UsageError(f"Refusing to remove {folder}: it is not a model folder inside {models_dir()}")
    if not folder.exists():
        return False
    shutil.rmtree(folder)
    return True


# --- the model Settings.llm_model names ---------------------------------------------------------

@dataclass(frozen=True)
class ResolvedModel:
    id: str
    path: Path
    sha256: str
    license: str
    origin: str
    """bundled | catalog"""


def resolve_llm(model_id: str) -> ResolvedModel:
    """Where the GGUF of ``model_id`` is: a bundled model, or an installed catalog model."""
    roles = {m.id: m.role for m in bundled.load_manifest()}
    if model_id in roles:
        if roles[model_id] != "llm":
            raise UsageError(f"{model_id} is a {roles[model_id]} model, not a language model",
                             hint="`daycast models list` shows the llm models")
        model = bundled.require(model_id)
        return ResolvedModel(model.id, model.path(), model.files[0].sha256, model.license, "bundled")
    entry = get(model_id)
    if entry.backend != "llama.cpp":
        raise UsageError(f"{model_id} is a {entry.role} model, not a language model")
    if state(entry) != "installed":
        raise ModelMissingError(f"{model_id} is not downloaded", hint=f"run `daycast models download {model_id}`")
    return ResolvedModel(entry.id, entry.path(), entry.files[0].sha256 or "", entry.license, "catalog")


def gb(count: int | float) -> float:
    return round(count / GB, 2)
