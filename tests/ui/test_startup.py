"""Start-up: the window module loads no model library at import, and ``daycast app`` is a command."""

from __future__ import annotations

import subprocess
import sys

from app.cli import build_parser
from engines.paths import PROJECT_ROOT

HEAVY = ("llama_cpp", "faster_whisper", "ctranslate2", "onnxruntime", "piper", "kokoro_onnx")


def test_importing_the_window_loads_no_model_library() -> None:
    code = ("import sys; import app.ui.main_window, app.ui.main; "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=120, check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.stdout.strip() == "", f"imported at start-up: {done.stdout.strip()}"


def test_app_command_is_registered() -> None:
    args = build_parser().parse_args(["app", "--page", "models"])
    assert args.page == "models"
    assert args.handler.__module__ == "app.commands.app"
