"""Rows for the Models page: installed bundled models and catalog models, as plain data (Qt-free).

The catalog and the device report come from ``engines.catalog`` and ``engines.device``; both are read
in a worker thread (the CUDA probes can take a second or two).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from engines.paths import assets_dir


@dataclass(frozen=True)
class ModelRow:
    id: str
    role: str
    title: str
    size_bytes: int
    license: str
    architecture: str
    params: str
    installed: bool
    fits: str
    origin: str  # "bundled" or "catalog"


@dataclass(frozen=True)
class DeviceRow:
    engine: str
    device: str
    reason: str


def human_size(size: int) -> str:
    if size <= 0:
        return "—"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit in ("B", "KB") else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"


def _params(total: float, active: float, architecture: str) -> str:
    if not total:
        return ""
    if architecture == "moe" and active and active != total:
        return f"{total:g} B total / {active:g} B active"
    return f"{total:g} B"


def bundled_rows() -> list[ModelRow]:
    from engines import bundled

    rows = []
    for model in bundled.load_manifest():
        rows.append(ModelRow(
            id=model.id, role=model.role, title=model.title, size_bytes=sum(f.size for f in model.files),
            license=model.license, architecture=model.architecture,
            params=_params(model.params_total_b, model.params_active_b, model.architecture),
            installed=model.is_installed(), fits="yes (ships with Daycast)", origin="bundled",
        ))
    return rows


def catalog_rows(installed_ids: set[str]) -> list[ModelRow]:
    """Catalog entries through ``engines.catalog`` when present, else read from assets/models.json."""
    entries = _catalog_entries()
    rows = []
    for entry in entries:
        get = entry.get if isinstance(entry, dict) else lambda k, d=None, e=entry: getattr(e, k, d)
        size = get("size_bytes", None) or sum(int(_field(f, "size", 0)) for f in (get("files", ()) or ()))
        architecture = str(get("architecture", "dense") or "dense")
        rows.append(ModelRow(
            id=str(get("id", "?")), role=str(get("role", "")), title=str(get("title", "") or get("name", "")),
            size_bytes=int(size or 0), license=str(get("license", "") or ""), architecture=architecture,
            params=_params(float(get("params_total_b", 0) or 0), float(get("params_active_b", 0) or 0), architecture),
            installed=str(get("id", "")) in installed_ids, fits=_fits(entry), origin="catalog",
        ))
    return rows


def _field(obj: Any, name: str, default: Any) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def _catalog_entries() -> list[Any]:
    try:
        from engines import catalog
    except ImportError:
        catalog = None
    loader = getattr(catalog, "load_catalog", None) or getattr(catalog, "load", None)
    if loader is not None:
        try:
            loaded = loader()
            return list(getattr(loaded, "models", loaded))
        except Exception:  # fall back to the JSON file rather than hide every model
            pass
    path = assets_dir() / "models.json"
    if not path.exists():
        return []
    raw = json.loads(path.read_text(encoding="utf-8"))
    return list(raw.get("models", raw) if isinstance(raw, dict) else raw)


def _fits(entry: Any) -> str:
    try:
        from engines import catalog
    except ImportError:
        return "unknown"
    verdict = getattr(catalog, "fits_this_machine", None) or getattr(catalog, "fits", None)
    if verdict is None:
        return "unknown"
    try:
        result = verdict(entry)
    except Exception:  # the verdict is advice; a failure must not hide the model
        return "unknown"
    return str(getattr(result, "summary", None) or getattr(result, "message", None) or result)


def device_rows(requested: str) -> list[DeviceRow]:
    from engines import device

    report = getattr(device, "report", None)
    if report is not None:
        try:
            return [DeviceRow(str(_field(r, "engine", "")), str(_field(r, "device", "")), str(_field(r, "reason", "")))
                    for r in report(requested)]
        except TypeError:
            pass
    rows = []
    for engine in ("ctranslate2", "onnxruntime", "llama.cpp"):
        try:
            choice = device.choose(engine, requested)
            rows.append(DeviceRow(engine, choice.device, choice.reason))
        except Exception as exc:  # one engine failing its probe is itself the information to show
            rows.append(DeviceRow(engine, "cpu", f"probe failed: {exc}"))
    return rows
