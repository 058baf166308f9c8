"""Waiting for a server a test started in a subprocess."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any


def wait_serving(process: subprocess.Popen[Any], ready: Callable[[], bool], timeout_s: float) -> bool:
    """Poll ``ready`` until it is true (True) or ``timeout_s`` passes or the process ends (False).

    Between polls it waits on the process itself, so a server that dies fails the test at once."""
    for _ in range(int(timeout_s / 0.1)):
        if ready():
            return True
        try:
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        return False
    return False
