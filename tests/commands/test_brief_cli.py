"""``daycast brief`` from the command line: what it refuses before any model is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from engines.paths import assets_dir


def test_unwritable_output_is_refused_before_models_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import app.commands.brief as brief_command  # the name the command calls (patched there, not in the pipeline)

    loads: list[object] = []
    monkeypatch.setattr(brief_command, "load_briefing_engines", lambda *a, **k: loads.append(a))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status = cli.main(["brief", "--sources", str(assets_dir() / "demo" / "sources"),
                       "--out", str(blocker / "sub" / "b.mp3")])
    assert status == 2
    assert loads == []
    assert "Cannot create the folder" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--out", "{tmp}/today.txt"], 1, "unsupported audio format .txt"),
    (["--minutes", "0"], 2, "'0' is not a length from 0.1 to 30 minutes"),
    (["--minutes", "-3"], 2, "'-3' is not a length from 0.1 to 30 minutes"),
])
def test_a_wrong_output_format_or_length_is_refused_before_models_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str],
    status: int, message: str,
) -> None:
    import app.commands.brief as brief_command  # the name the command calls (patched there, not in the pipeline)

    loads: list[object] = []
    monkeypatch.setattr(brief_command, "load_briefing_engines", lambda *a, **k: loads.append(a))
    argv = ["brief", "--sources", str(assets_dir() / "demo" / "sources"), *(a.replace("{tmp}", str(tmp_path))
                                                                          for a in args)]
    try:
        got = cli.main(argv)
    except SystemExit as exit_:  # argparse refuses the value itself
        got = int(exit_.code or 0)
    assert got == status and loads == []
    assert message in " ".join(capsys.readouterr().err.split())


def test_a_fresh_install_without_models_is_told_to_install_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DAYCAST_MODELS", str(tmp_path / "no-models-yet"))
    status = cli.main(["brief", "--sources", str(assets_dir() / "demo" / "sources"), "--out", str(tmp_path / "b.mp3")])
    err = " ".join(capsys.readouterr().err.split())
    assert status != 0 and "make models" in err
    assert "voices import" not in err  # not a consent problem: the bundled voice is just not installed yet
