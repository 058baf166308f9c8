"""``daycast models``: list, use, download (from a local server), verify and remove."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from app.cli import main
from engines.paths import assets_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engines"))
from range_server import Behaviour, serve


def test_list_shows_bundled_and_catalog_models(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    moe = rows["qwen2.5-1.5b-moe2x-q4km"]
    assert moe["source"] == "bundled" and moe["params"].startswith("MoE") and moe["state"] == "installed"
    qwen3 = rows["qwen3-30b-a3b-q4km"]
    assert qwen3["source"] == "catalog" and "3.3B active" in qwen3["params"] and qwen3["license"] == "Apache-2.0"
    assert qwen3["state"] == "missing" and qwen3["fits"]
    assert main(["models", "list"]) == 0
    assert "granite-3.1-1b-a400m-instruct-q4km" in capsys.readouterr().out


def test_use_writes_the_default_llm_to_settings(capsys: pytest.CaptureFixture[str]) -> None:
    from app.core import settings

    assert main(["models", "use", "smollm2-135m-moe2x"]) == 0
    assert settings.load().settings.llm_model == "smollm2-135m-moe2x"
    assert main(["models", "use", "granite-3.1-1b-a400m-instruct-q4km"]) != 0
    assert "not downloaded" in capsys.readouterr().err
    assert main(["models", "use", "piper-en_US-joe-medium"]) == 2  # a voice is no language model
    assert "is a tts model, not a language model" in " ".join(capsys.readouterr().err.split())
    assert settings.load().settings.llm_model == "smollm2-135m-moe2x"


def test_verify_names_an_unknown_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "verify", "no-such-model"]) != 0
    assert "No model 'no-such-model'" in " ".join(capsys.readouterr().err.split())
    assert main(["models", "verify", "smollm2-135m-instruct-q4_1"]) == 0
    assert "smollm2-135m-instruct-q4_1: ok" in capsys.readouterr().out


def test_download_verify_remove_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = os.urandom(200_000)
    assets = tmp_path / "assets"
    assets.mkdir()
    shutil.copy(assets_dir() / "bundled_models.json", assets / "bundled_models.json")
    with serve(Behaviour(files={"/m.gguf": payload})) as base:
        entry = {"id": "tiny-test", "role": "llm", "title": "tiny", "architecture": "dense", "backend": "llama.cpp",
                 "license": "MIT", "source": base, "files": [{"name": "model.gguf", "url": f"{base}/m.gguf",
                                                              "sha256": hashlib.sha256(payload).hexdigest(),
                                                              "size": len(payload)}]}
        (assets / "models.json").write_text(json.dumps({"version": 1, "models": [entry]}))
        monkeypatch.setenv("DAYCAST_ASSETS", str(assets))
        monkeypatch.setenv("DAYCAST_MODELS", str(tmp_path / "store"))
        assert main(["models", "download", "tiny-test"]) == 0
    assert (tmp_path / "store" / "tiny-test" / "model.gguf").read_bytes() == payload
    assert main(["models", "verify", "tiny-test"]) == 0
    assert "tiny-test: ok" in capsys.readouterr().out
    assert main(["models", "remove", "tiny-test"]) == 0
    assert not (tmp_path / "store" / "tiny-test").exists()
    assert main(["models", "remove", "smollm2-135m-moe2x"]) == 2  # bundled: refused, nothing deleted
