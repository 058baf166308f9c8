"""The model catalog: real entries, honest memory needs, fit verdicts, and install/verify/remove end to end."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from range_server import Behaviour, serve

from engines import catalog
from engines.download import part_path
from engines.errors import ChecksumError, ModelMissingError, UsageError
from engines.memory import GB, MachineMemory

REQUIRED = {"granite-3.1-1b-a400m-instruct-q4km", "granite-3.1-3b-a800m-instruct-q4km",
            "olmoe-1b-7b-0924-instruct-q4km", "qwen3-30b-a3b-q4km", "gpt-oss-20b-mxfp4", "qwen2.5-3b-instruct-q4km",
            "qwen2.5-7b-instruct-q4km", "faster-whisper-small", "faster-whisper-medium"}


def test_catalog_lists_real_dense_and_moe_models() -> None:
    entries = catalog.load_catalog()
    ids = {e.id for e in entries}
    assert ids >= REQUIRED and sum(e.role == "tts" for e in entries) >= 2
    assert len(ids) == len(entries)
    for entry in entries:
        assert entry.license and entry.files and entry.architecture in ("dense", "moe")
        for f in entry.files:
            assert f.url.startswith("https://huggingface.co/") and "/resolve/" in f.url
            assert f.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", f.sha256)
        if entry.is_moe:
            assert 0 < entry.params_active_b < entry.params_total_b
            assert 0 < entry.shape.experts_used < entry.shape.experts
    assert {e.id for e in entries if e.is_moe} >= {"granite-3.1-1b-a400m-instruct-q4km", "gpt-oss-20b-mxfp4",
                                                    "qwen3-30b-a3b-q4km", "olmoe-1b-7b-0924-instruct-q4km"}


def test_recorded_memory_needs_match_the_estimate() -> None:
    for entry in catalog.load_catalog():
        needs = catalog.needs(entry)
        assert entry.ram_gb == pytest.approx(needs["cpu"].ram / GB, rel=0.02), entry.id
        assert entry.vram_gb == pytest.approx(needs["gpu"].vram / GB, rel=0.02), entry.id
        if entry.is_moe:
            offload = needs["gpu_expert_offload"].vram / GB
            assert entry.vram_gb_expert_offload == pytest.approx(offload, rel=0.02)
            assert offload < entry.vram_gb / 3  # most of an MoE model is its experts


def test_fit_verdict_with_and_without_expert_offload() -> None:
    qwen3 = catalog.get("qwen3-30b-a3b-q4km")
    laptop = MachineMemory(ram_total=32 * GB, ram_available=28 * GB, vram_total=8 * GB, vram_free=7 * GB)
    verdict = catalog.fits_machine(qwen3, laptop)
    assert verdict.gpu is not None and not verdict.gpu.ok and "VRAM" in verdict.gpu.reason
    assert verdict.gpu_expert_offload is not None and verdict.gpu_expert_offload.ok
    assert verdict.summary() == "yes (GPU, experts in RAM)"
    small = MachineMemory(ram_total=8 * GB, ram_available=6 * GB)
    tight = catalog.fits_machine(qwen3, small)
    assert not tight.ok and tight.summary().startswith("no: needs") and tight.gpu is None
    granite = catalog.fits_machine(catalog.get("granite-3.1-1b-a400m-instruct-q4km"), small)
    assert granite.summary() == "yes (CPU)"


PAYLOAD = os.urandom(256 * 1024 + 7)
CONFIG = b'{"fake": true}\n'


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Downloads in these tests go to a temporary model store, never the user's."""
    folder = tmp_path / "store"
    monkeypatch.setenv("DAYCAST_MODELS", str(folder))
    return folder


def _catalog_file(tmp_path: Path, base: str, sha: str | None, config_sha: str | None) -> Path:
    entry = {"id": "test-model", "role": "llm", "title": "t", "architecture": "dense", "backend": "llama.cpp",
             "license": "MIT", "source": base, "files": [
                 {"name": "model.gguf", "url": f"{base}/model.gguf", "sha256": sha, "size": len(PAYLOAD)},
                 {"name": "config.json", "url": f"{base}/config.json", "sha256": config_sha, "size": None}]}
    path = tmp_path / "models.json"
    path.write_text(json.dumps({"version": 1, "models": [entry]}))
    return path


def test_install_verify_and_remove_against_a_local_server(tmp_path: Path, store: Path) -> None:
    sha = hashlib.sha256(PAYLOAD).hexdigest()
    behaviour = Behaviour(files={"/model.gguf": PAYLOAD, "/config.json": CONFIG})
    with serve(behaviour) as base:
        entry = catalog.get("test-model", catalog.load_catalog(_catalog_file(tmp_path, base, sha,
                                                                              hashlib.sha256(CONFIG).hexdigest())))
        assert catalog.state(entry) == "missing" and entry.directory.parent == store
        seen: set[str] = set()
        path = catalog.install(entry, catalog.InstallOptions(progress=lambda name, done, total: seen.add(name)))
    try:
        assert path.read_bytes() == PAYLOAD and seen == {"model.gguf", "config.json"}
        assert catalog.state(entry) == "installed" and catalog.verify(entry) == []
        with open(path, "r+b") as handle:
            handle.write(b"XX")
        problems = catalog.verify(entry)
        assert len(problems) == 1 and "does not match" in problems[0]
        assert catalog.state(entry) == "partial"  # changed since it was verified
    finally:
        assert catalog.remove(entry)
    assert catalog.state(entry) == "missing" and not entry.directory.exists()


def test_unverified_entries_need_explicit_permission(tmp_path: Path, store: Path) -> None:
    sha = hashlib.sha256(PAYLOAD).hexdigest()
    with serve(Behaviour(files={"/model.gguf": PAYLOAD, "/config.json": CONFIG})) as base:
        entry = catalog.get("test-model", catalog.load_catalog(_catalog_file(tmp_path, base, sha, None)))
        with pytest.raises(UsageError, match=r"config\.json; refusing to install unverified") as err:
            catalog.install(entry)
        assert "--allow-unverified" in err.value.hint and not entry.directory.exists()
        catalog.install(entry, catalog.InstallOptions(allow_unverified=True))
    try:
        assert catalog.state(entry) == "installed"
        assert [p for p in catalog.verify(entry) if "unverified" in p]
    finally:
        catalog.remove(entry)


def test_a_checksum_mismatch_installs_nothing(tmp_path: Path, store: Path) -> None:
    with serve(Behaviour(files={"/model.gguf": PAYLOAD, "/config.json": CONFIG})) as base:
        entry = catalog.get("test-model", catalog.load_catalog(_catalog_file(tmp_path, base, "1" * 64, None)))
        with pytest.raises(ChecksumError):
            catalog.install(entry, catalog.InstallOptions(allow_unverified=True))
    try:
        assert not entry.path().exists() and not part_path(entry.path()).exists()
        assert catalog.state(entry) == "missing"
    finally:
        catalog.remove(entry)


def test_resolve_llm_finds_bundled_and_explains_missing_models() -> None:
    resolved = catalog.resolve_llm("smollm2-135m-moe2x")
    assert resolved.origin == "bundled" and resolved.path.exists() and len(resolved.sha256) == 64
    with pytest.raises(ModelMissingError, match="not downloaded") as err:
        catalog.resolve_llm("granite-3.1-1b-a400m-instruct-q4km")
    assert "daycast models download granite" in err.value.hint
    with pytest.raises(UsageError, match="asr model"):
        catalog.resolve_llm("faster-whisper-small")
    with pytest.raises(ModelMissingError, match="No model 'nope'"):
        catalog.resolve_llm("nope")


def test_the_install_marker_is_updated_under_a_lock(tmp_path: Path, store: Path) -> None:
    """The app and the CLI finishing two files of one model at once: both records stay in the marker."""
    import threading

    from engines.fsutil import file_lock

    sha = hashlib.sha256(PAYLOAD).hexdigest()
    entry = catalog.get("test-model", catalog.load_catalog(_catalog_file(tmp_path, "http://127.0.0.1:9", sha, sha)))
    entry.directory.mkdir(parents=True)
    for name in ("model.gguf", "config.json"):
        entry.path(name).write_bytes(PAYLOAD)
    with file_lock(entry.directory / catalog._MARKER):  # the other process is mid read-modify-write
        recorder = threading.Thread(target=catalog._record, args=(entry, "model.gguf", sha, True))
        recorder.start()
        recorder.join(timeout=0.5)
        assert recorder.is_alive(), "the marker was rewritten while another writer held it"
    recorder.join(timeout=30)
    catalog._record(entry, "config.json", sha, True)
    assert catalog.state(entry) == "installed"
