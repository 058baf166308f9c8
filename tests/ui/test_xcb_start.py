"""First start on a real X server: the window opens through the xcb plugin (not offscreen), and a machine
without the plugin's system libraries gets the packages to install instead of Qt's abort.

The Xvfb test needs the ``Xvfb`` binary (Debian: ``apt-get install xvfb``) and the xcb libraries; ``make
test`` installs nothing system-wide, so without them it is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.desktop_libs import check_desktop_libraries, missing_from_ldd, needs_xcb
from engines.paths import PROJECT_ROOT

RECORDED_LDD = Path(__file__).with_name("ldd_libqxcb_debian12_without_xcb_libs.txt")
"""``ldd libqxcb.so`` on this project's Debian 12 machine before libxcb-icccm4 and libxcb-keysyms1 were installed."""


def _child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update({"DAYCAST_HOME": str(tmp_path / "data"), "DAYCAST_CONFIG": str(tmp_path / "config"),
                "DAYCAST_CACHE": str(tmp_path / "cache"), "DAYCAST_STATE": str(tmp_path / "state"),
                "XDG_RUNTIME_DIR": str(tmp_path / "runtime")})
    (tmp_path / "runtime").mkdir(mode=0o700, exist_ok=True)
    env.update(extra)
    return env


@pytest.fixture
def xvfb_display(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("no Xvfb binary (Debian/Ubuntu: apt-get install xvfb); make test installs nothing system-wide")
    missing = check_desktop_libraries({"QT_QPA_PLATFORM": "xcb"})
    if missing is not None:
        pytest.skip("the xcb plugin's libraries are missing here: " + " ".join(missing.debian_packages()))
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([binary, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                               "-auth", "/dev/null"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()  # Xvfb writes its display number once it accepts clients
    if not number:
        server.kill()
        server.wait()
        pytest.fail("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _not_blank(png: Path) -> tuple[int, float]:
    """(distinct colours on a sampling grid, share of the most common one) of a screenshot."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not an image"
    colours: dict[int, int] = {}
    for y in range(0, image.height(), 8):
        for x in range(0, image.width(), 8):
            rgb = image.pixel(x, y)
            colours[rgb] = colours.get(rgb, 0) + 1
    total = sum(colours.values())
    return len(colours), max(colours.values()) / total


def test_window_starts_on_xvfb_with_the_xcb_plugin(tmp_path: Path, xvfb_display: str) -> None:
    shot = tmp_path / "xcb-today.png"
    env = _child_env(tmp_path, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    done = subprocess.run([sys.executable, "-m", "tests.ui.xcb_probe", str(shot), "today"], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "platform=xcb" in done.stdout, done.stdout
    distinct, commonest = _not_blank(shot)
    assert distinct >= 20 and commonest < 0.9, f"screenshot looks blank: {distinct} colours, {commonest:.0%} one colour"
    log = tmp_path / "state" / "logs" / "app.log"
    assert "Daycast window starting" in log.read_text(encoding="utf-8")
    out = PROJECT_ROOT / "out" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, out / "xcb-today.png")


def test_window_in_japanese_on_xvfb(tmp_path: Path, xvfb_display: str) -> None:
    """The Japanese translation on the real xcb window: the setting is read at start, before the window exists."""
    from app.core import settings as core_settings
    from engines.paths import assets_dir

    calendar = assets_dir() / "demo" / "sources_ja" / "calendar.ics"
    core_settings.save(core_settings.Settings(sources=(str(calendar),), ui_language="ja", language="ja",
                                              theme="light"), tmp_path / "config" / "settings.json")
    shot = tmp_path / "xcb-today-ja.png"
    env = _child_env(tmp_path, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    done = subprocess.run([sys.executable, "-m", "tests.ui.xcb_probe", str(shot), "today"], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "platform=xcb" in done.stdout
    distinct, commonest = _not_blank(shot)
    assert distinct >= 20 and commonest < 0.9
    out = PROJECT_ROOT / "out" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, out / "xcb-today-ja.png")


def test_missing_xcb_libraries_message_from_recorded_ldd_output() -> None:
    """The loader's own report from a Debian 12 machine without libxcb-icccm4/libxcb-keysyms1, parsed."""
    missing = missing_from_ldd(RECORDED_LDD.read_text(encoding="utf-8"))
    assert missing == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")


def _fake_ldd(tmp_path: Path) -> Path:
    """A stand-in ``ldd`` on PATH that prints the recorded report (the real loader finds the libraries here)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ldd = bin_dir / "ldd"
    ldd.write_text(f"#!/bin/sh\ncat '{RECORDED_LDD}'\n", encoding="utf-8")
    ldd.chmod(0o755)
    return bin_dir


def test_app_without_xcb_libraries_exits_2_naming_packages_recorded_ldd(tmp_path: Path) -> None:
    bin_dir = _fake_ldd(tmp_path)
    env = _child_env(tmp_path, PATH=f"{bin_dir}:{os.environ.get('PATH', '')}", QT_QPA_PLATFORM="xcb",
                     DISPLAY=":99")
    done = subprocess.run([sys.executable, "-m", "app.cli", "app"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in done.stderr
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in done.stderr
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in done.stderr
    assert "Reinstalling the application" not in done.stderr  # Qt never got as far as its own abort


def test_real_loader_report_when_this_machine_lacks_the_libraries(tmp_path: Path) -> None:
    """On a stock machine without the libraries (as CI's may be), the real check names them; with them, none."""
    missing = check_desktop_libraries({"QT_QPA_PLATFORM": "xcb"})
    if missing is None:
        pytest.skip("this machine has every xcb library; the recorded-ldd tests cover the message")
    assert missing.sonames and all(".so" in s for s in missing.sonames)
    assert "sudo apt-get install" in missing.message()


def test_platform_choice() -> None:
    assert needs_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not needs_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not needs_xcb({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert needs_xcb({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, "linux")
    assert not needs_xcb({}, "darwin")
