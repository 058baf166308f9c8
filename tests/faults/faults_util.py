"""Helpers for the fault tests: child processes of Daycast, tiny real filesystems, waiting without sleeping."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAULTS = Path(__file__).resolve().parent

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tester//EN
BEGIN:VEVENT
UID:standup@tester
DTSTAMP:20260301T000000Z
DTSTART:20260312T091500Z
DTEND:20260312T093000Z
SUMMARY:Stand-up with the harbour team
END:VEVENT
END:VCALENDAR
"""


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` every 50 ms until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        pause.wait(0.05)


def daycast_env(**extra: str) -> dict[str, str]:
    """This test's environment (its DAYCAST_* folders) for a child process, with the repo importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), str(FAULTS), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def start_python(code: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env=daycast_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_cli(*args: str, timeout: float = 400, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """``daycast ARGS`` in a child process; ``prelude`` is Python run first (to install a simulated fault)."""
    code = f"import sys\n{prelude}\nfrom app.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=daycast_env(COLUMNS="200"),
                          capture_output=True, text=True, timeout=timeout)


def mount_tmpfs(folder: Path, size: str) -> bool:
    """Mount a ``size`` tmpfs on ``folder``; False where this process may not (not root, no mount)."""
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                              capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=20)


@contextlib.contextmanager
def full_disk(folder: Path, size: int) -> Iterator[str]:
    """``folder`` holds at most ``size`` bytes: a real tmpfs when one can be mounted, else the simulated
    quota. Yields the Python prelude a child process must run to get the same disk ("" for a tmpfs)."""
    folder.mkdir(parents=True, exist_ok=True)
    if mount_tmpfs(folder, str(size)):
        try:
            yield ""
        finally:
            unmount(folder)
        return
    yield f"from faults_quota import install\nfrom pathlib import Path\ninstall(Path({str(folder)!r}), {size})"
