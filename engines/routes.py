"""Route kinds and what privacy and policy allow: shared by the LLM router and the speech routers.

Three kinds of route:

* ``local``: a model in this process.
* ``self-hosted``: the user's own server (a GPU box running vLLM or llama-server, another Daycast) at a
  loopback or private address, or at a host name the user marked trusted. Privacy mode allows it: the
  data stays on machines the user controls.
* ``cloud``: anything else. Privacy mode and the ``local_only`` policy never allow it.

A route the user calls self-hosted whose host is neither private nor trusted is treated as cloud
(:func:`effective_kind`), so a typo in a URL cannot send text to the internet in privacy mode.
Host names are never resolved here: DNS could point a "private" name anywhere.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TypeVar
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

RouteKind = Literal["local", "self-hosted", "cloud"]
PolicyName = Literal["local_only", "local_first", "self_hosted_first", "cloud_first"]
ROUTE_KINDS: tuple[RouteKind, ...] = ("local", "self-hosted", "cloud")
REMOTE_KINDS: tuple[RouteKind, ...] = ("self-hosted", "cloud")

_ORDER: dict[str, tuple[RouteKind, ...]] = {
    "local_only": ("local", "self-hosted", "cloud"),
    "local_first": ("local", "self-hosted", "cloud"),
    "self_hosted_first": ("self-hosted", "local", "cloud"),
    "cloud_first": ("cloud", "self-hosted", "local"),
}


def allowed(kind: str, policy: str, privacy_mode: bool) -> bool:
    """Whether a route of ``kind`` may be used at all: cloud never in privacy mode or ``local_only``."""
    if kind == "cloud":
        return not privacy_mode and policy != "local_only"
    return kind in ROUTE_KINDS


def kind_rank(kind: str, policy: str) -> int:
    """Position of ``kind`` in the policy's order (lower is tried first)."""
    order = _ORDER.get(policy, _ORDER["local_first"])
    return order.index(kind) if kind in order else len(order)


T = TypeVar("T")


def ordered(routes: Iterable[T], kind_of: Callable[[T], str], policy: str, preferred: str = "",
            name_of: Callable[[T], str] | None = None) -> list[T]:
    """``routes`` by the policy's kind order (stable within a kind); the ``preferred`` name first."""
    result = sorted(routes, key=lambda r: kind_rank(kind_of(r), policy))
    if preferred and name_of is not None:
        result.sort(key=lambda r: name_of(r) != preferred)
    return result


def is_private_host(host: str) -> bool:
    """Loopback, private (RFC 1918 / ULA), link-local or ``localhost``/``*.local``/``*.lan``/``*.internal``.

    Literal addresses are checked as addresses; names only by their suffix (never resolved).
    """
    name = host.strip().strip("[]").lower().rstrip(".")
    if not name:
        return False
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name == "localhost" or name.endswith((".localhost", ".local", ".lan", ".internal", ".home.arpa"))
    return address.is_loopback or address.is_private or address.is_link_local


def url_host(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower()


def is_trusted(url: str, trusted_hosts: Sequence[str]) -> bool:
    """A private address, or a host (or a parent domain, written ``.example.org``) the user trusts."""
    host = url_host(url)
    if not host:
        return False
    if is_private_host(host):
        return True
    for entry in trusted_hosts:
        wanted = entry.strip().lower().rstrip(".")
        if wanted and (host == wanted or (wanted.startswith(".") and host.endswith(wanted))):
            return True
    return False


def effective_kind(declared: str, url: str, trusted_hosts: Sequence[str]) -> RouteKind:
    """``self-hosted`` only where the URL's host is private or trusted; else ``cloud``."""
    if declared == "self-hosted" and not is_trusted(url, trusted_hosts):
        log.warning("Route at %s is marked self-hosted but its host is neither private nor trusted: "
                    "treating it as cloud", url_host(url) or url)
        return "cloud"
    return "self-hosted" if declared == "self-hosted" else "cloud"


class Cooldowns:
    """Route name -> time it may be used again; thread-safe."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def cooling(self, name: str) -> bool:
        with self._lock:
            return self._clock() < self._until.get(name, float("-inf"))

    def cool(self, name: str) -> None:
        with self._lock:
            self._until[name] = self._clock() + self.seconds
        log.warning("Route %s failed; skipping it for %.0f s", name, self.seconds)
