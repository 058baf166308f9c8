"""A real CalDAV server for tests: Radicale (from PyPI) in a subprocess on a free loopback port.

Started with a temporary storage folder, either without authentication or with a plain htpasswd
file; ``ready`` waits for Radicale's own "Listening on" line, never for a fixed time.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import caldav


@dataclass
class Radicale:
    port: int
    process: subprocess.Popen[str]
    user: str
    password: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def client(self) -> Any:
        return caldav.DAVClient(url=self.base, username=self.user, password=self.password, enable_rfc6764=False,
                                require_tls=False)

    def make_calendar(self, name: str, cal_id: str) -> Any:
        return self.client().principal().make_calendar(name=name, cal_id=cal_id)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def radicale(folder: Path, *, user: str = "alice", password: str = "", timeout_s: float = 30) -> Iterator[Radicale]:
    """Radicale serving ``folder``; with ``password``, only ``user``/``password`` may log in."""
    port = free_port()
    args = [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(folder / "collections"), "--logging-level", "info"]
    if password:
        htpasswd = folder / "users"
        htpasswd.write_text(f"{user}:{password}\n")
        args += ["--auth-type", "htpasswd", "--auth-htpasswd-filename", str(htpasswd),
                 "--auth-htpasswd-encryption", "plain"]
    else:
        args += ["--auth-type", "none"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    listening = threading.Event()

    def drain() -> None:  # reads Radicale's log so its pipe never fills; notes when it listens
        assert process.stderr is not None
        for line in process.stderr:
            if "Listening on" in line:
                listening.set()

    threading.Thread(target=drain, daemon=True).start()
    server = Radicale(port, process, user, password or "unused")
    try:
        if not listening.wait(timeout_s):
            raise RuntimeError(f"Radicale did not start within {timeout_s} s (exit status {process.poll()})")
        yield server
    finally:
        server.stop()


def event_ics(uid: str, start: str, summary: str, location: str = "") -> str:
    where = f"LOCATION:{location}\r\n" if location else ""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:{start}\r\nDURATION:PT45M\r\n"
            f"SUMMARY:{summary}\r\n{where}END:VEVENT\r\nEND:VCALENDAR\r\n")
