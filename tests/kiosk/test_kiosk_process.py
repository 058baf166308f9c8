"""``daycast kiosk`` as systemd runs it: a separate process with NOTIFY_SOCKET and WATCHDOG_USEC set.

This is the simulation of the user unit (``Type=notify``, ``WatchdogSec``): the test plays systemd's
part on a real datagram socket — READY=1 once the window is up, WATCHDOG=1 at half the watchdog
interval while models load in the background, no pets while the process is frozen (systemd would
kill and restart it), STOPPING=1 and a clean exit on SIGTERM (``systemctl stop``).
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engines.paths import PROJECT_ROOT
from tests.kiosk.conftest import PIN


def _receive_until(sock: socket.socket, wanted: str, count: int, timeout: float) -> list[tuple[float, str]]:
    got: list[tuple[float, str]] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end and sum(wanted in m.splitlines() for _, m in got) < count:
        try:
            got.append((time.monotonic(), sock.recv(4096).decode()))
        except TimeoutError:
            continue
    return got


def run_kiosk_like_systemd(command: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAYCAST_", "NOTIFY_", "WATCHDOG_"))}
    env.update(DAYCAST_HOME=str(tmp_path / "data"), DAYCAST_CONFIG=str(tmp_path / "config"),
               DAYCAST_MODELS=os.environ["DAYCAST_MODELS"], QT_QPA_PLATFORM="offscreen")
    subprocess.run([*command, "kiosk", "--set-pin"], input=f"{PIN}\n", text=True, env=env, check=True,
                   capture_output=True, timeout=300)
    address = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(0.2)
    env.update(NOTIFY_SOCKET=address, WATCHDOG_USEC="1000000")  # WatchdogSec=1: a pet every 0.5 s
    process = subprocess.Popen([*command, "kiosk", "--no-prepare"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = _receive_until(sock, "READY=1", 1, timeout=240)
        assert any("READY=1" in m.splitlines() for _, m in first), "no READY=1"
        pets = _receive_until(sock, "WATCHDOG=1", 4, timeout=30)
        times = [t for t, m in pets if m == "WATCHDOG=1"]
        assert len(times) >= 4 and max(b - a for a, b in itertools.pairwise(times)) < 2.5
        process.send_signal(signal.SIGSTOP)  # hung: nothing runs, so nothing pets
        frozen = _receive_until(sock, "WATCHDOG=1", 1, timeout=2.0)
        assert frozen == []
        process.send_signal(signal.SIGCONT)
        assert _receive_until(sock, "WATCHDOG=1", 1, timeout=10)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 0, output[-3000:]
        assert any(m == "STOPPING=1" for _, m in _receive_until(sock, "STOPPING=1", 1, timeout=2))
        log = (tmp_path / "data" / "logs" / "kiosk.log").read_text()
        assert "privacy mode on" in log and "stopping on signal 15" in log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        sock.close()


@pytest.mark.slow  # starts the kiosk and its assistant's default models in a second process
def test_kiosk_process_speaks_the_notify_protocol(tmp_path: Path) -> None:
    run_kiosk_like_systemd([sys.executable, "-m", "app.cli"], tmp_path)


@pytest.mark.slow
def test_packaged_kiosk_speaks_the_notify_protocol(tmp_path: Path) -> None:
    executable = PROJECT_ROOT / "dist" / "daycast" / "daycast"
    if not executable.is_file():
        pytest.skip("no build: run `make package` first")
    run_kiosk_like_systemd([str(executable)], tmp_path)
