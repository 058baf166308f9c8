"""``daycast brief`` from the command line: what it refuses before any model is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from engines.paths import assets_dir


def test_unwritable_output_is_refused_before_models_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import app.core.briefing.pipeline as briefing

    loads: list[object] = []
    monkeypatch.setattr(briefing, "load_briefing_engines", lambda *a, **k: loads.append(a))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status = cli.main(["brief", "--sources", str(assets_dir() / "demo" / "sources"),
                       "--out", str(blocker / "sub" / "b.mp3")])
    assert status == 2
    assert loads == []
    assert "Cannot create the folder" in capsys.readouterr().err
