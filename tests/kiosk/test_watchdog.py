"""The sd_notify protocol against a real datagram socket bound here — the simulation of systemd's
watchdog (``systemd --user`` cannot run in this container: it exits at once without a user session).

READY=1 arrives first, then WATCHDOG=1 petted from the Qt event loop; while the event loop is hung
no pet arrives (systemd would kill and restart the kiosk), and the pets resume when it is free.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from app.kiosk.watchdog import SdNotifier, Watchdog, socket_address, watchdog_interval


class SystemdSocket:
    """What systemd's side of NOTIFY_SOCKET does: receive datagrams and note when each arrived."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.sock.settimeout(0.1)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode("utf-8")))

    def pets(self) -> list[float]:
        return [t for t, m in self.messages if "WATCHDOG=1" in m.splitlines()]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def systemd_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SystemdSocket]:
    path = tmp_path / "notify.sock"
    receiver = SystemdSocket(str(path))
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield receiver
    receiver.close()


@pytest.fixture
def abstract_socket(monkeypatch: pytest.MonkeyPatch) -> Iterator[SystemdSocket]:
    name = f"daycast-test-{os.getpid()}-{time.monotonic_ns()}"
    receiver = SystemdSocket("\0" + name)
    monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
    yield receiver
    receiver.close()


def test_ready_then_periodic_pets_from_the_event_loop(qtbot: Any, systemd_socket: SystemdSocket) -> None:
    watchdog = Watchdog(interval_s=0.05)
    watchdog.start("Kiosk ready")
    qtbot.waitUntil(lambda: len(systemd_socket.pets()) >= 5, timeout=5000)
    watchdog.stop()
    qtbot.waitUntil(lambda: any("STOPPING=1" in m for _, m in systemd_socket.messages), timeout=2000)
    first = systemd_socket.messages[0][1].splitlines()
    assert first[0] == "READY=1" and "STATUS=Kiosk ready" in first and f"MAINPID={os.getpid()}" in first
    gaps = [b - a for a, b in itertools.pairwise(systemd_socket.pets())]
    assert max(gaps) < 1.0  # a pet every 50 ms on a free loop (generous bound: the machine is shared)


def test_a_hung_event_loop_stops_the_pets(qtbot: Any, systemd_socket: SystemdSocket) -> None:
    watchdog = Watchdog(interval_s=0.05)
    watchdog.start()
    qtbot.waitUntil(lambda: len(systemd_socket.pets()) >= 3, timeout=5000)
    device_lock = threading.Lock()
    device_lock.acquire()  # a "hung audio write": the event loop blocks on a lock nobody releases...
    threading.Timer(0.8, device_lock.release).start()  # ...until 0.8 s later

    hung_at: list[float] = []

    def hang() -> None:
        hung_at.append(time.monotonic())
        with device_lock:
            hung_at.append(time.monotonic())

    QTimer.singleShot(0, hang)
    qtbot.waitUntil(lambda: len(hung_at) == 2 and any(t > hung_at[1] for t in systemd_socket.pets()), timeout=5000)
    watchdog.stop()
    during = [t for t in systemd_socket.pets() if hung_at[0] + 0.01 < t < hung_at[1]]
    assert hung_at[1] - hung_at[0] >= 0.7
    assert during == []  # no pet while the loop hung: systemd's WatchdogSec would expire
    pets = systemd_socket.pets()
    longest = max(b - a for a, b in itertools.pairwise(pets))
    assert longest >= 0.7


def test_abstract_namespace_socket(qtbot: Any, abstract_socket: SystemdSocket) -> None:
    notifier = SdNotifier()
    assert notifier.address.startswith("\0")
    assert notifier.ready("up") and notifier.pet() and notifier.status("fine")
    qtbot.waitUntil(lambda: len(abstract_socket.messages) == 3, timeout=2000)
    assert [m for _, m in abstract_socket.messages][1:] == ["WATCHDOG=1", "STATUS=fine"]


def test_health_check_problem_goes_into_status_and_pets_continue(qtbot: Any, systemd_socket: SystemdSocket) -> None:
    found = ["The audio device stopped responding; it was reopened", ""]
    watchdog = Watchdog(interval_s=0.05, checks=(lambda: found.pop(0) if found else "",))
    with qtbot.waitSignal(watchdog.problem, timeout=3000) as problem:
        watchdog.start()
    qtbot.waitUntil(lambda: len(systemd_socket.pets()) >= 3, timeout=3000)
    watchdog.stop()
    assert problem.args == ["The audio device stopped responding; it was reopened"]
    assert any(m.startswith("STATUS=The audio device stopped") for _, m in systemd_socket.messages)


def test_broken_check_does_not_stop_the_pets(qtbot: Any, systemd_socket: SystemdSocket) -> None:
    def broken() -> str:
        raise RuntimeError("bug in a check")

    watchdog = Watchdog(interval_s=0.05, checks=(broken,))
    watchdog.start()
    qtbot.waitUntil(lambda: len(systemd_socket.pets()) >= 2, timeout=3000)
    watchdog.stop()


def test_without_notify_socket_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    notifier = SdNotifier()
    assert not notifier.enabled and not notifier.ready() and not notifier.pet()


def test_unreachable_socket_is_reported_not_raised(tmp_path: Path) -> None:
    notifier = SdNotifier(str(tmp_path / "nobody-listens.sock"))
    assert notifier.enabled and not notifier.pet() and notifier.sent == 0


def test_watchdog_interval_from_systemd_environment() -> None:
    assert watchdog_interval({"WATCHDOG_USEC": "30000000"}) == 15.0
    assert watchdog_interval({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}) == 15.0
    assert watchdog_interval({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None  # meant for another
    assert watchdog_interval({"WATCHDOG_USEC": "soon"}) is None
    assert watchdog_interval({}) is None
    assert socket_address("@name") == "\0name" and socket_address("/run/x") == "/run/x"
