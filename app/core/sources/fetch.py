"""Fetching the user's own sources over HTTP(S), bounded in time, size and redirects.

Every request has a connect/read timeout and an overall deadline (a server dripping one byte a
second must not hold a briefing), the body is capped before and after gzip (a bomb of zeros is
stopped while it inflates, never held whole), redirects are followed by hand so that a loop, a
long chain or a hop to another scheme (``file:``, ``ftp:``) is refused, and a conditional GET
(ETag / Last-Modified) lets an unchanged source cost one small 304 reply.
Proxies come from the environment (``HTTPS_PROXY``, ``NO_PROXY``...), as httpx reads them.
"""

from __future__ import annotations

import ssl
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Literal, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from app import __version__
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, SourceError

FetchState = Literal["ok", "not_modified"]
T = TypeVar("T")
R = TypeVar("R")

_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch.

    ``connect_s``/``read_s``: per-operation timeouts; ``deadline_s``: the whole fetch, redirects
    and body included; ``max_bytes``: body as sent (compressed); ``max_decoded_bytes``: after gzip;
    ``max_redirects``: hops before giving up; ``parallel``: sources fetched at once.
    """

    connect_s: float = 5.0
    read_s: float = 10.0
    deadline_s: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_decoded_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    parallel: int = 4


DEFAULT_POLICY = FetchPolicy()


@dataclass(frozen=True)
class Validators:
    """What the last good reply said about its version, sent back for a conditional GET."""

    etag: str = ""
    last_modified: str = ""


NO_VALIDATORS = Validators()


@dataclass(frozen=True)
class FetchResult:
    """``state`` "not_modified" means a 304: ``body`` is empty and the cached copy is current."""

    state: FetchState
    url: str
    body: bytes = b""
    content_type: str = ""
    validators: Validators = NO_VALIDATORS
    seconds: float = 0.0


def normalise_url(url: str) -> str:
    """``webcal://`` as ``http://`` (``webcals://`` as https), as calendar apps read it; others unchanged."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in ("webcal", "webcals"):
        return urlunsplit(("https" if scheme == "webcals" else "http", *parts[1:]))
    return url.strip()


def is_url(text: str) -> bool:
    return urlsplit(text.strip()).scheme.lower() in ("http", "https", "webcal", "webcals")


def check_url(url: str, where: str | None = None) -> str:
    """The normalised URL, or SourceError when it is not http(s) with a host."""
    normal = normalise_url(url)
    parts = urlsplit(normal)
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "no scheme"
        raise SourceError(where or url, f"only http and https addresses are fetched ({shown} is not)",
                          code="source.scheme")
    if not parts.hostname:
        raise SourceError(where or url, "the address has no host name", code="source.bad_url")
    return normal


def new_client(policy: FetchPolicy = DEFAULT_POLICY) -> httpx.Client:
    """One client for many fetches (connections reused); thread-safe, so parallel fetches share it."""
    timeout = httpx.Timeout(policy.read_s, connect=policy.connect_s)
    limits = httpx.Limits(max_connections=policy.parallel * 2, max_keepalive_connections=policy.parallel)
    return httpx.Client(timeout=timeout, limits=limits, follow_redirects=False, trust_env=True,
                        headers={"User-Agent": f"Daycast/{__version__} (feed reader)",
                                 "Accept-Encoding": "gzip, deflate"})


def fetch(
    url: str, client: httpx.Client, *, validators: Validators | None = None,
    policy: FetchPolicy = DEFAULT_POLICY, cancel: CancelToken = NEVER, accept: str = "*/*",
) -> FetchResult:
    """GET ``url`` within ``policy``; SourceError (a stable code per failure) when it cannot be had."""
    original = url
    current = check_url(url)
    started = time.monotonic()
    visited = {current}
    for _hop in range(policy.max_redirects + 1):
        cancel.check()
        headers = {"Accept": accept, **_conditional(validators)}
        result = _one_request(client, current, headers, policy, started, cancel, original)
        if isinstance(result, FetchResult):
            return result
        target = check_url(urljoin(current, result), where=original)  # no hop to file:, ftp:...
        if target in visited:
            raise SourceError(original, f"redirect loop ({current} → {target})", code="source.redirect_loop")
        visited.add(target)
        current = target
    raise SourceError(original, f"too many redirects (more than {policy.max_redirects})",
                      code="source.too_many_redirects")


def _conditional(validators: Validators | None) -> dict[str, str]:
    headers = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _one_request(
    client: httpx.Client, url: str, headers: dict[str, str], policy: FetchPolicy, started: float,
    cancel: CancelToken, original: str,
) -> FetchResult | str:
    """A FetchResult, or the Location of a redirect."""
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location", "")
                if not location:
                    raise SourceError(original, f"redirect ({response.status_code}) without a Location",
                                      code="source.http_status")
                return location
            if response.status_code == 304:
                return FetchResult("not_modified", url, validators=_validators_of(response),
                                   seconds=time.monotonic() - started)
            if response.status_code >= 400:
                raise SourceError(original, f"the server answered {response.status_code} "
                                  f"{response.reason_phrase or ''}".rstrip(), code="source.http_status")
            body = _read_body(response, policy, started, cancel, original)
            return FetchResult("ok", url, body, response.headers.get("content-type", ""),
                               _validators_of(response), time.monotonic() - started)
    except (SourceError, Cancelled):
        raise
    except httpx.HTTPError as exc:
        raise _network_error(original, exc) from exc


def _validators_of(response: httpx.Response) -> Validators:
    return Validators(response.headers.get("etag", ""), response.headers.get("last-modified", ""))


def _read_body(response: httpx.Response, policy: FetchPolicy, started: float, cancel: CancelToken,
               where: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(where, int(declared), policy.max_bytes)
    decoder = _decoder(response.headers.get("content-encoding", ""), where)
    raw = 0
    parts: list[bytes] = []
    decoded = 0
    for chunk in response.iter_raw():  # whatever arrived: a trickle must meet the deadline check
        cancel.check()
        if time.monotonic() - started > policy.deadline_s:
            raise SourceError(where, f"timed out: the reply took longer than {policy.deadline_s:g} s",
                              code="source.timeout")
        raw += len(chunk)
        if raw > policy.max_bytes:
            raise _too_large(where, raw, policy.max_bytes)
        for piece in decoder(chunk):
            decoded += len(piece)
            if decoded > policy.max_decoded_bytes:
                raise SourceError(where, f"the reply inflates past {policy.max_decoded_bytes // 1_000_000} MB "
                                  "(a compression bomb or far too large)", code="source.too_large")
            parts.append(piece)
    for piece in decoder(b""):
        parts.append(piece)
    return b"".join(parts)


def _too_large(where: str, size: int, limit: int) -> SourceError:
    return SourceError(where, f"the reply is too large (over {limit // 1_000_000} MB; {size:,} bytes seen)",
                       code="source.too_large")


def _decoder(encoding: str, where: str) -> Callable[[bytes], Iterator[bytes]]:
    """Inflate in bounded steps: each output piece is at most one chunk, so a bomb is caught early."""
    name = encoding.strip().lower()
    if name in ("", "identity"):
        return lambda chunk: iter((chunk,) if chunk else ())
    if name not in ("gzip", "x-gzip", "deflate"):
        raise SourceError(where, f"unsupported content encoding {encoding!r}", code="source.encoding")
    inflater = zlib.decompressobj(wbits=47 if name != "deflate" else 15)  # 47: gzip or zlib header

    def decode(chunk: bytes) -> Iterator[bytes]:
        try:
            data = chunk
            while True:
                piece = inflater.decompress(data, _CHUNK)
                if piece:
                    yield piece
                data = inflater.unconsumed_tail
                if not data and len(piece) < _CHUNK:
                    break
            if not chunk:
                rest = inflater.flush()
                if rest:
                    yield rest
        except zlib.error as exc:
            raise SourceError(where, f"the compressed reply is corrupt ({exc})", code="source.encoding") from exc

    return decode


def _network_error(where: str, exc: httpx.HTTPError) -> SourceError:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return SourceError(where, f"timed out ({type(exc).__name__.replace('Timeout', ' timeout').strip()})",
                           code="source.timeout")
    if isinstance(exc, httpx.ConnectError):
        cause = exc.__context__ or exc.__cause__
        if isinstance(cause, ssl.SSLError) or "SSL" in text or "certificate" in text.lower():
            return SourceError(where, f"TLS error: {text}", code="source.tls")
        if "Name or service not known" in text or "getaddrinfo" in text or "nodename" in text:
            return SourceError(where, f"host name not found (DNS): {text}", code="source.dns")
        return SourceError(where, f"cannot connect: {text}", code="source.connect")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return SourceError(where, f"unsupported address: {text}", code="source.scheme")
    return SourceError(where, f"network error: {text}", code="source.network")


def run_parallel(
    items: Sequence[T], work: Callable[[T], R], *, parallel: int, cancel: CancelToken = NEVER,
) -> Iterator[tuple[T, R | BaseException]]:
    """Run ``work`` on each item, ``parallel`` at a time; yield (item, result or error) as each ends.

    A cancel stops waiting at once; running fetches see the same token between chunks.
    """
    if not items:
        return
    pool = ThreadPoolExecutor(max_workers=max(1, min(parallel, len(items))), thread_name_prefix="daycast-fetch")
    futures: dict[Future[R], T] = {pool.submit(work, item): item for item in items}
    try:
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                error = future.exception()
                yield futures[future], (error if error is not None else future.result())
            cancel.check()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
