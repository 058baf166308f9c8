"""Run one call on hostile input in a forked child with a hard time and memory budget.

The child gets ``RLIMIT_AS`` = its address space at the fork plus ``megabytes``, so a parser that
balloons dies with MemoryError instead of taking the machine; a parser that spins past ``seconds``
is killed. The parent gets back what the call returned (or the exception it raised, as text), and
the wall time it took. No sleeps: the parent waits on the child's pipe with a timeout.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: str = ""
    """``"TypeName: message"`` of what the call raised ("" when it returned)."""
    seconds: float = 0.0
    killed: bool = False
    """The call ran past its time budget and was killed."""


def _vm_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], megabytes: int) -> None:
    limit = _vm_size() + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    started = time.perf_counter()
    try:
        value = func(*args)
        conn.send(("ok", value, time.perf_counter() - started))
    except BaseException as exc:  # report everything, MemoryError included
        message = f"{type(exc).__name__}: {exc}"
        if not str(exc):
            message += " " + traceback.format_exc(limit=-3)
        conn.send(("error", message, time.perf_counter() - started))
    finally:
        conn.close()
        os._exit(0)


def run_bounded(func: Callable[..., Any], *args: Any, seconds: float, megabytes: int,
                start: str = "fork") -> Outcome:
    """``func(*args)`` in a child limited to ``seconds`` of wall time and ``megabytes`` more memory.

    ``start="spawn"`` runs it in a fresh interpreter (``func`` must be importable): a fork copies every lock
    the test process holds, and late in a full run, with other tests' threads about, a native model's
    thread pool in the forked child can wait forever on one of them."""
    context = mp.get_context(start)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args, megabytes))  # may fork parsers itself
    started = time.perf_counter()
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            return Outcome(seconds=time.perf_counter() - started, killed=True)
        status, value, took = receiver.recv()
    except EOFError:  # the child died without a word (e.g. killed by the kernel)
        return Outcome(error=f"child exited with {child.exitcode}", seconds=time.perf_counter() - started)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status == "ok":
        return Outcome(value=value, seconds=took)
    return Outcome(error=value, seconds=took)
