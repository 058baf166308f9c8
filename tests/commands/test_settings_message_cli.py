"""Every command that loads settings says so when the user's file could not be read and was set aside;
``models use`` then refuses to save (it would write defaults over the user's routes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core import settings as settings_mod

# The user's own route, and one choice the loader refuses: the whole file is set aside.
EDITED = json.dumps({"routes": [{"name": "gpu-box", "base_url": "http://gpu-box.lan:8080/v1", "model": "qwen"}],
                     "disclosure": "none"})
COMMANDS = {
    "devices": ["devices", "--json", "--device", "cpu"],
    "models use": ["models", "use", "smollm2-135m-moe2x"],
    "serve": ["serve", "--tls-cert", "cert.pem"],  # refused after settings load, before anything starts
    "compare": ["compare", "--prompt", "Hi", "--models", "only-one"],  # likewise
    "sources fetch": ["sources", "fetch"],  # nothing followed: nothing fetched
}


def _edited_settings() -> Path:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EDITED, encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_command_says_the_settings_file_was_set_aside(argv: list[str], capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # the message on one line
    _edited_settings()
    main(argv)
    said = capsys.readouterr()
    assert "Settings file was unreadable: Setting 'disclosure' is 'none'" in said.out + said.err
    assert "settings.json.corrupt-" in said.out + said.err
    if argv[0] == "devices":
        json.loads(said.out)  # the warning went to stderr: --json output stays JSON


def test_models_use_does_not_save_defaults_over_an_unreadable_file(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # long paths unbroken
    path = _edited_settings()
    assert main(["models", "use", "smollm2-135m-moe2x"]) != 0
    assert not path.exists()  # nothing saved: the next start does not silently drop the routes
    (backup,) = path.parent.glob("settings.json.corrupt-*")
    assert backup.read_text(encoding="utf-8") == EDITED
    said = capsys.readouterr().err
    assert "Not saving smollm2-135m-moe2x as the default" in said and str(backup) in said
