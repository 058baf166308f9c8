"""systemd's notify protocol, written here, and a watchdog petted from the Qt event loop.

The protocol: newline-separated ``KEY=VALUE`` lines sent as one datagram to the AF_UNIX socket named
by ``$NOTIFY_SOCKET`` (a path, or ``@name`` for the abstract namespace). ``READY=1`` once the window
is up (``Type=notify``), ``WATCHDOG=1`` at least every ``WatchdogSec`` (systemd passes it as
``$WATCHDOG_USEC``; we pet at half of it), ``STATUS=…`` for ``systemctl status``, ``STOPPING=1``
on the way out. Pets come from a QTimer, so they stop when the event loop hangs and systemd then
kills and restarts the kiosk. Each pet also runs the health checks (the audio device guard).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 10.0
HealthCheck = Callable[[], str]


def socket_address(value: str) -> str:
    """``$NOTIFY_SOCKET`` as Python's socket module takes it (``@name`` → abstract ``\\0name``)."""
    if value.startswith("@"):
        return "\0" + value[1:]
    return value


def watchdog_interval(env: Mapping[str, str] | None = None) -> float | None:
    """Seconds between pets systemd expects (half of ``$WATCHDOG_USEC``), or None without a watchdog.

    ``$WATCHDOG_PID``, when set, must be this process (else the variables belong to a parent).
    """
    values = os.environ if env is None else env
    usec = values.get("WATCHDOG_USEC", "").strip()
    pid = values.get("WATCHDOG_PID", "").strip()
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        micros = int(usec)
    except ValueError:
        log.warning("ignoring WATCHDOG_USEC=%r: not a number", usec)
        return None
    return micros / 2 / 1_000_000 if micros > 0 else None


class SdNotifier:
    """Sends notify messages; does nothing (and says so once in the log) without ``$NOTIFY_SOCKET``."""

    def __init__(self, address: str | None = None) -> None:
        raw = os.environ.get("NOTIFY_SOCKET", "") if address is None else address
        self.address = socket_address(raw) if raw else ""
        self.sent = 0
        self._socket: socket.socket | None = None
        self._warned = False

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def send(self, *lines: str) -> bool:
        """One datagram with ``lines``; False when there is no socket or the send failed."""
        if not self.enabled:
            return False
        payload = "\n".join(lines).encode("utf-8")
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(payload, self.address)
        except OSError as exc:
            if not self._warned:
                log.warning("cannot notify systemd at %r: %s", self.address, exc)
                self._warned = True
            return False
        self.sent += 1
        return True

    def ready(self, status: str = "") -> bool:
        return self.send("READY=1", *([f"STATUS={status}"] if status else []), f"MAINPID={os.getpid()}")

    def pet(self) -> bool:
        return self.send("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.send(f"STATUS={text}")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


class Watchdog(QObject):
    """Pets systemd from the event loop every ``interval_s`` and runs ``checks`` on each pet.

    A check returns "" when healthy, else a problem it has dealt with (it goes into ``STATUS=`` and
    ``problem``). ``interval_s`` defaults to half of ``WatchdogSec`` (or 10 s without one).
    """

    petted = Signal()
    problem = Signal(str)

    def __init__(self, notifier: SdNotifier | None = None, interval_s: float | None = None,
                 checks: tuple[HealthCheck, ...] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier or SdNotifier()
        self.interval_s = interval_s or watchdog_interval() or DEFAULT_INTERVAL_S
        self.checks = list(checks)
        self.pets = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(self.interval_s * 1000)))
        self._timer.timeout.connect(self.pet)

    def start(self, status: str = "Kiosk ready") -> None:
        self.notifier.ready(status)
        self._timer.start()
        log.info("watchdog: ready sent (%s), petting every %.1f s", "systemd" if self.notifier.enabled
                 else "no NOTIFY_SOCKET", self.interval_s)

    def pet(self) -> None:
        for check in self.checks:
            try:
                found = check()
            except Exception as exc:  # a broken check must not stop the pets (that would restart a healthy kiosk)
                log.exception("health check failed")
                found = f"health check failed: {exc}"
            if found:
                self.notifier.status(found[:200])
                self.problem.emit(found)
        self.notifier.pet()
        self.pets += 1
        self.petted.emit()

    def stop(self) -> None:
        self._timer.stop()
        self.notifier.stopping()
        self.notifier.close()

    @property
    def active(self) -> bool:
        return self._timer.isActive()
