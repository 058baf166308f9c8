"""Parse one untrusted file in a child process with a time limit, a memory limit, and cancel.

Parsers of rich formats (PDF, iCalendar recurrence rules) can be made to spin or balloon by a
crafted file, and a spinning C or pure-Python loop inside a library cannot be interrupted from
another thread. In a child process it can: the child gets ``RLIMIT_AS`` (its size when it starts
plus the budget), and the parent kills it at the deadline or when the user cancels. The child is a
plain fork (milliseconds; the parsers are already imported, nothing is re-imported) that runs only
pure-Python parsing and leaves with ``os._exit``, never touching the models or Qt it inherited.
Where fork does not exist (Windows) the parser runs in-process and relies on its own caps.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext
from typing import Any, TypeVar

from engines.cancel import NEVER, CancelToken
from engines.errors import SourceError

T = TypeVar("T")

IN_CHILD = False
"""True inside an isolated child: only there may a parser use SIGALRM for finer time budgets."""

_POLL_SECONDS = 0.05


def _get_context() -> ForkContext | None:
    return mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None


def _vm_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], megabytes: int) -> None:
    global IN_CHILD
    IN_CHILD = True
    gc.disable()  # a collection would touch (and copy) every inherited page; the child lives for one file
    limit = _vm_bytes() + megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)  # already limited from outside: never try to raise it
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(("ok", func(*args)))
    except SourceError as exc:  # sent as plain fields: exceptions with keyword arguments do not pickle
        conn.send(("source", (exc.path, exc.problem, exc.code, exc.hint)))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
        os._exit(0)  # skip the inherited atexit handlers and finalizers: they belong to the parent


def run_isolated(
    func: Callable[..., T], path: str, *args: Any, seconds: float, megabytes: int, cancel: CancelToken | None = None
) -> T:
    """``func(path, *args)`` in a child limited to ``seconds`` and ``megabytes``; SourceError naming ``path``
    when it runs out of either (or crashes); Cancelled when ``cancel`` fires meanwhile."""
    context = _get_context()
    if context is None:
        return func(path, *args)
    cancel = cancel or NEVER
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, (path, *args), megabytes))
    child.start()
    sender.close()
    deadline = time.monotonic() + seconds
    try:
        while not receiver.poll(_POLL_SECONDS):
            cancel.check()
            if time.monotonic() > deadline:
                raise SourceError(path, f"took longer than {seconds:g} s to read; skipped (a damaged or hostile file?)",
                                  code="source.too_slow")
            if not child.is_alive() and not receiver.poll(0):
                raise SourceError(path, f"the reader stopped unexpectedly (exit code {child.exitcode})")
        status, payload = receiver.recv()
    except EOFError as exc:
        raise SourceError(path, f"the reader stopped unexpectedly (exit code {child.exitcode})") from exc
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    return _result(path, status, payload, megabytes)


def _result(path: str, status: str, payload: Any, megabytes: int) -> Any:
    if status == "ok":
        return payload
    if status == "source":
        where, problem, code, hint = payload
        raise SourceError(where, problem, code=code, hint=hint)
    if status == "memory":
        raise SourceError(path, f"needs more than {megabytes} MB of memory to read; skipped (a damaged or hostile "
                                "file?)", code="source.too_large")
    raise SourceError(path, f"could not be read ({payload})")

