"""``daycast devices`` on this CPU machine: a row per engine, CPU chosen, and why."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def test_devices_json_says_cpu_for_every_engine_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devices", "--json", "--device", "auto"]) == 0
    data = json.loads(capsys.readouterr().out)
    engines = {row["engine"]: row for row in data["engines"]}
    assert set(engines) == {"ctranslate2", "onnxruntime", "llama.cpp"}
    assert all(row["device"] == "cpu" and row["reason"].startswith("no usable GPU") for row in engines.values())
    assert engines["onnxruntime"]["backend"] == "CPUExecutionProvider"
    assert data["versions"]["llama-cpp-python"] == "0.3.36"


def test_devices_table_uses_the_settings_device(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core import settings

    monkeypatch.setenv("COLUMNS", "250")  # one table row per line
    settings.save(settings.update(settings.Settings(), device="gpu"))
    assert main(["devices"]) == 0
    out = capsys.readouterr().out
    assert "requested: gpu" in out and "llama.cpp" in out and "ctranslate2" in out
    row = next(line for line in out.splitlines() if "llama.cpp" in line)
    assert "GPU requested but unusable, using the CPU" in row and "no GPU offload" in row
