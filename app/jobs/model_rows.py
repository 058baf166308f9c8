"""Rows for the Models page: installed bundled models and catalog models, as plain data (Qt-free).

The catalog and the device report come from ``engines.catalog`` and ``engines.device``; both are read
in a worker thread (the CUDA probes can take a second or two).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.events import QT_TRANSLATE_NOOP
from engines import bundled, catalog, device


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
    state: str = ""  # catalog: installed | partial | missing
    verified: bool = True
    """False for a catalog model with no recorded SHA-256: its download is accepted unchecked or not at all."""


@dataclass(frozen=True)
class DeviceRow:
    engine: str
    device: str
    reason: str


def human_size(size: float) -> str:
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
    rows = []
    for model in bundled.load_manifest():
        rows.append(ModelRow(
            id=model.id, role=model.role, title=model.title, size_bytes=sum(f.size for f in model.files),
            license=model.license, architecture=model.architecture,
            params=_params(model.params_total_b, model.params_active_b, model.architecture),
            installed=model.is_installed(), fits=QT_TRANSLATE_NOOP("Notice", "yes (bundled)"), origin="bundled",
        ))
    return rows


def catalog_rows(installed_ids: set[str]) -> list[ModelRow]:
    """Downloadable models from the catalog, with their install state and a fits-this-machine verdict."""
    rows = []
    for entry in catalog.load_catalog():
        state = catalog.state(entry)
        try:
            fits = catalog.fits_machine(entry).summary()
        except Exception as exc:  # the verdict is advice; a failure must not hide the model
            fits = f"unknown ({exc})"
        rows.append(ModelRow(
            id=entry.id, role=entry.role, title=entry.title, size_bytes=entry.size, license=entry.license,
            architecture=entry.architecture,
            params=_params(entry.params_total_b, entry.params_active_b, entry.architecture),
            installed=state == "installed" or entry.id in installed_ids, fits=fits, origin="catalog",
            state=state, verified=entry.verified,
        ))
    return rows


def device_rows(requested: str) -> list[DeviceRow]:
    return [DeviceRow(r.engine, r.device, f"{r.backend}: {r.reason}" if r.backend else r.reason)
            for r in device.report(requested).rows]  # type: ignore[arg-type]
