"""``daycast talk`` on a machine without a microphone (this one has no audio devices at all)."""

from __future__ import annotations

import pytest

from app.cli import main
from app.core.audio.player import list_devices


def test_talk_without_a_microphone_says_so_and_points_to_file_mode(capsys) -> None:
    inputs, _outputs = list_devices()
    if inputs:
        pytest.skip("this machine has a microphone")
    status = main(["talk"])
    err = capsys.readouterr().err
    assert status == 1
    assert "audio.device" in err and "Cannot listen" in err
    assert "daycast ask --audio" in err


def test_talk_help_names_push_to_talk_and_hands_free(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["talk", "--help"])
    out = capsys.readouterr().out
    assert "--hands-free" in out and "--input" in out and "--echo-guard" in out
