"""The packaging files parse and say what they must: the PyInstaller spec, the systemd user unit, the
desktop entries, the AppStream metainfo, the Flatpak manifest and the shell recipes.

The PyInstaller build itself is not part of this suite (``make package``); the last test runs the
built folder when one exists and is marked slow.
"""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from engines.paths import PROJECT_ROOT

PACKAGING = PROJECT_ROOT / "packaging"
APP_ID = "io.daycast.Daycast"


def _ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in unit and desktop files
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def _unit_values(path: Path, section: str, key: str) -> list[str]:
    """Every value of a key in a unit section (systemd allows repeated keys, configparser does not)."""
    values, current = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[]")
        elif current == section and stripped.startswith(f"{key}="):
            values.append(stripped.split("=", 1)[1])
    return values


def test_spec_is_python_and_bundles_what_the_engines_load_at_run_time() -> None:
    source = (PACKAGING / "daycast.spec").read_text(encoding="utf-8")
    tree = ast.parse(source)
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= called
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    for needed in ("piper", "kokoro_onnx", "espeakng_loader", "faster_whisper", "ctranslate2", "llama_cpp",
                   "app", "engines", "assets"):
        assert needed in strings, needed
    assert "exclude_binaries" in source and "copy_function=shutil.copy2" in source  # one folder; model stamps kept
    for hook in ("daycast_entry.py", "rthook_daycast.py"):
        ast.parse((PACKAGING / "pyinstaller" / hook).read_text(encoding="utf-8"))


def test_runtime_hook_points_at_the_bundled_models(tmp_path: Path) -> None:
    bundle = tmp_path / "daycast"
    (bundle / "models").mkdir(parents=True)
    (bundle / "_internal").mkdir()
    code = ("import sys, os; sys.executable = sys.argv[1]; sys._MEIPASS = sys.argv[2]; "
            "exec(open(sys.argv[3]).read()); print(os.environ['DAYCAST_MODELS']); print(os.environ['DAYCAST_ASSETS'])")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYCAST_")}
    done = subprocess.run([sys.executable, "-c", code, str(bundle / "daycast"), str(bundle / "_internal"),
                           str(PACKAGING / "pyinstaller" / "rthook_daycast.py")],
                          capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines() == [str(bundle / "models"), str(bundle / "_internal" / "assets")]


def test_frozen_entry_answers_like_python_for_daycasts_own_subprocesses(monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(PACKAGING / "pyinstaller"))
    try:
        import daycast_entry
    finally:
        sys.path.remove(str(PACKAGING / "pyinstaller"))
    monkeypatch.setattr(sys, "argv", ["daycast", "-c", "import json; print(json.dumps({'devices': 0}))"])
    assert daycast_entry.main() == 0
    assert capsys.readouterr().out.strip() == '{"devices": 0}'
    import app.cli

    seen: list[list[str]] = []
    monkeypatch.setattr(app.cli, "main", lambda argv: seen.append(list(argv)) or 0)
    monkeypatch.setattr(sys, "argv", ["daycast", "-m", "app.cli", "brief", "--quiet"])
    assert daycast_entry.main() == 0
    monkeypatch.setattr(sys, "argv", ["daycast", "kiosk", "--set-pin"])
    assert daycast_entry.main() == 0
    assert seen == [["brief", "--quiet"], ["kiosk", "--set-pin"]]


def test_systemd_unit_restarts_after_a_failure_with_a_watchdog() -> None:
    path = PACKAGING / "systemd" / "daycast-kiosk.service"
    unit = _ini(path)
    service = unit["Service"]
    assert service["Type"] == "notify" and service["NotifyAccess"] == "main"
    assert service["Restart"] == "on-failure" and service["RestartSec"] == "2"  # not after the admin leaves
    assert int(service["WatchdogSec"]) == 30
    assert service["ExecStart"].endswith("daycast kiosk")
    environment = _unit_values(path, "Service", "Environment")
    assert any(e in ("QT_QPA_PLATFORM=wayland", "QT_QPA_PLATFORM=xcb") for e in environment)
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # never give up restarting
    assert unit["Install"]["WantedBy"] == "graphical-session.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_accepts_the_unit(tmp_path: Path) -> None:
    text = (PACKAGING / "systemd" / "daycast-kiosk.service").read_text(encoding="utf-8")
    checked = tmp_path / "daycast-kiosk.service"  # the binary is not installed here: check with /usr/bin/true
    checked.write_text("\n".join("ExecStart=/usr/bin/true" if line.startswith("ExecStart=") else line
                                 for line in text.splitlines()) + "\n")
    done = subprocess.run(["systemd-analyze", "verify", str(checked)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr
    broken = tmp_path / "broken.service"
    broken.write_text(checked.read_text().replace("Restart=on-failure", "Restart=sometimes"))
    done = subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert "restart specifier" in done.stderr  # the check can fail


@pytest.mark.parametrize(("name", "command"), [("daycast.desktop", "daycast app"),
                                               ("daycast-kiosk.desktop", "daycast kiosk")])
def test_desktop_entries(name: str, command: str) -> None:
    path = PACKAGING / name
    entry = _ini(path)["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"] == command and entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false" and entry["Categories"].endswith(";")
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0 and "error" not in done.stdout, done.stdout


def test_metainfo_has_the_required_appstream_elements() -> None:
    path = PACKAGING / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    for tag in ("id", "name", "summary", "metadata_license", "project_license", "description", "launchable",
                "releases", "content_rating", "url"):
        assert root.find(tag) is not None, tag
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("releases/release").get("version") == "0.1.0"
    assert root.findtext("supports/internet") == "offline-only"
    if shutil.which("appstreamcli"):
        done = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_flatpak_manifest() -> None:
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load((PACKAGING / "flatpak" / f"{APP_ID}.yml").read_text(encoding="utf-8"))
    assert manifest["app-id"] == APP_ID and manifest["command"] == "daycast"
    assert manifest["runtime"] in ("org.kde.Platform", "org.freedesktop.Platform")
    assert "--share=network" not in manifest["finish-args"]  # offline-only
    names = [m["name"] for m in manifest["modules"] if isinstance(m, dict)]
    assert names[-1] == "daycast" and "llama-cpp-python" in names
    commands = " ".join(manifest["modules"][-1]["build-commands"])
    assert "engines.bundled install" in commands and f"{APP_ID}.metainfo.xml" in commands


@pytest.mark.parametrize("script", ["kiosk/cage-session.sh", "install-linux.sh"])
def test_shell_scripts_parse(script: str) -> None:
    path = PACKAGING / script
    assert os.access(path, os.X_OK)
    subprocess.run(["sh", "-n", str(path)], check=True)


def test_install_script_lays_out_a_user_install(tmp_path: Path) -> None:
    build = tmp_path / "dist" / "daycast"
    (build / "models" / "m").mkdir(parents=True)
    (build / "daycast").write_text("#!/bin/sh\necho daycast\n")
    (build / "daycast").chmod(0o755)
    stamped = build / "models" / "m" / "model.gguf"
    stamped.write_bytes(b"weights")
    os.utime(stamped, ns=(1_700_000_000_123_456_789, 1_700_000_000_123_456_789))
    prefix = tmp_path / "prefix"
    subprocess.run([str(PACKAGING / "install-linux.sh"), str(build)], check=True, capture_output=True,
                   env={**os.environ, "PREFIX": str(prefix)})
    assert (prefix / "bin" / "daycast").resolve() == (prefix / "opt" / "daycast" / "daycast")
    assert (prefix / "share" / "applications" / f"{APP_ID}.desktop").is_file()
    assert (prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    copied = prefix / "opt" / "daycast" / "models" / "m" / "model.gguf"
    assert copied.stat().st_mtime_ns == stamped.stat().st_mtime_ns  # the model's checksum stamp stays valid


@pytest.mark.slow
def test_packaged_folder_speaks_the_demo_briefing(tmp_path: Path) -> None:
    """Runs ``dist/daycast/daycast brief`` outside the repository without the virtualenv (after ``make package``)."""
    executable = PROJECT_ROOT / "dist" / "daycast" / "daycast"
    if not executable.is_file():
        pytest.skip("no build: run `make package` first")
    out = tmp_path / "pkg-brief.mp3"
    env = {"HOME": os.environ.get("HOME", str(tmp_path)), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(executable), "brief", "--sources", str(PROJECT_ROOT / "assets" / "demo" / "sources"),
                           "--out", str(out), "--minutes", "1"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert out.stat().st_size > 50_000 and out.with_suffix(".vtt").is_file()
    assert "Design review of the Lantern dashboard" in done.stdout
