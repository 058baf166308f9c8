"""Resumable, verified model downloads: HTTP Range resume from a ``.part`` file, SHA-256 check, atomic install.

A download writes ``<dest>.part``; an interrupted or cancelled transfer leaves that file, and the next
call resumes from its length with a ``Range`` request. Only when the whole file's SHA-256 matches the
recorded one is it renamed to ``dest``; a mismatch deletes the part and installs nothing. A file with
no recorded SHA-256 is refused unless the caller explicitly allows unverified files. Error messages
name the URL without credentials or query strings, and never include request headers.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, ChecksumError, DiskFullError, DownloadError, OutputError
from engines.fsutil import file_lock, replace_durably

log = logging.getLogger(__name__)

Progress = Callable[[int, "int | None"], None]
"""progress(bytes_done, bytes_total_or_None)"""
CHUNK = 1024 * 1024
USER_AGENT = "daycast-model-downloader/0.1"
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class DownloadRequest:
    url: str
    dest: Path
    sha256: str | None
    size: int | None = None
    allow_unverified: bool = False
    """Install even without a recorded SHA-256 (the computed hash is returned for the record)."""


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    sha256: str
    size: int
    resumed_from: int
    verified: bool


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def safe_url(url: str) -> str:
    """``url`` without user:password and without the query string (which may carry tokens)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _hash_existing(path: Path) -> tuple[hashlib._Hash, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK * 4):
            digest.update(block)
            size += len(block)
    return digest, size


class _Transfer:
    """One attempt to fetch the rest of a file into its .part."""

    def __init__(self, request: DownloadRequest, progress: Progress | None, cancel: CancelToken) -> None:
        self.request = request
        self.part = part_path(request.dest)
        self.progress = progress
        self.cancel = cancel
        self.digest = hashlib.sha256()
        self.done = 0
        self.resumed_from = 0

    def prepare(self) -> None:
        if self.part.exists():
            if self.request.size is not None and self.part.stat().st_size > self.request.size:
                self.part.unlink()
            else:
                self.digest, self.done = _hash_existing(self.part)
        self.resumed_from = self.done

    def complete(self) -> bool:
        return self.request.size is not None and self.done == self.request.size

    def run(self, client: httpx.Client) -> None:
        headers = {"Range": f"bytes={self.done}-"} if self.done else {}
        url = safe_url(self.request.url)
        with _stream_no_downgrade(client, self.request.url, headers) as response:
            if response.status_code == 416 and self.done:
                return  # nothing left to send: the part is whole (or wrong, which the hash will say)
            if response.status_code >= 400:
                raise DownloadError(f"HTTP {response.status_code} {response.reason_phrase} from {url}",
                                    hint="the file may have moved; check the catalog entry or try later")
            if self.done and response.status_code != 206:
                log.info("%s ignored the Range request; starting over", url)
                self.part.unlink(missing_ok=True)
                self.digest, self.done, self.resumed_from = hashlib.sha256(), 0, 0
            total = self._total(response)
            self._receive(response, total)

    def _total(self, response: httpx.Response) -> int | None:
        if self.request.size is not None:
            return self.request.size
        length = response.headers.get("content-length")
        return self.done + int(length) if length and length.isdigit() else None

    def _receive(self, response: httpx.Response, total: int | None) -> None:
        try:
            with open(self.part, "ab") as out:
                for block in response.iter_bytes():  # as received: a drop loses nothing already read
                    if self.cancel.cancelled:
                        out.flush()
                        raise Cancelled(f"Download of {self.request.dest.name} stopped at {self.done} bytes; "
                                        f"run again to resume", hint=f"the partial file is {self.part}")
                    out.write(block)
                    self.digest.update(block)
                    self.done += len(block)
                    if self.progress:
                        self.progress(self.done, total)
        except OSError as exc:
            if exc.errno in (28, 122):  # ENOSPC, EDQUOT
                raise DiskFullError(f"Disk full while downloading to {self.part}",
                                    hint="free some space; the download resumes where it stopped") from exc
            raise OutputError(f"Cannot write {self.part}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def _stream_no_downgrade(client: httpx.Client, url: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
    """GET ``url`` following at most MAX_REDIRECTS redirects, none of them from https to anything else."""
    current = httpx.URL(url)
    for _ in range(MAX_REDIRECTS + 1):
        with client.stream("GET", current, headers=headers, follow_redirects=False) as response:
            location = response.headers.get("location") if response.is_redirect else None
            if location is None:
                yield response
                return
            target = current.join(location)
            if current.scheme == "https" and target.scheme != "https":
                raise DownloadError(f"{safe_url(str(current))} redirected to a non-https address "
                                    f"({safe_url(str(target))}); refusing the downgrade",
                                    hint="the catalog's server or the network is misconfigured or hostile")
            current = target
    raise DownloadError(f"Too many redirects fetching {safe_url(url)}")


def _install(transfer: _Transfer) -> DownloadResult:
    request = transfer.request
    got = transfer.digest.hexdigest()
    size = transfer.part.stat().st_size
    if request.size is not None and size != request.size:
        transfer.part.unlink(missing_ok=True)
        raise ChecksumError(f"{request.dest.name}: downloaded {size} bytes, expected {request.size}; "
                            "the download was deleted and nothing was installed")
    if request.sha256 and got != request.sha256.lower():
        transfer.part.unlink(missing_ok=True)
        raise ChecksumError(
            f"{request.dest.name}: SHA-256 {got} does not match the recorded {request.sha256}; "
            "the download was deleted and nothing was installed",
            hint=f"the file at {safe_url(request.url)} changed or was corrupted in transit",
        )
    with open(transfer.part, "rb+") as handle:
        os.fsync(handle.fileno())
    replace_durably(transfer.part, request.dest)
    return DownloadResult(request.dest, got, size, transfer.resumed_from, verified=bool(request.sha256))


def download(
    request: DownloadRequest,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    client: httpx.Client | None = None,
    retries: int = 2,
) -> DownloadResult:
    """Fetch ``request.url`` to ``request.dest``; resume a ``.part``; verify; rename into place.

    A dropped connection is resumed up to ``retries`` times; after that the ``.part`` stays for the
    next call. Raises DownloadError (HTTP errors, unreachable server), ChecksumError (mismatch, nothing
    installed) or Cancelled (the ``.part`` is kept).
    """
    if not request.sha256 and not request.allow_unverified:
        raise DownloadError(
            f"No SHA-256 is recorded for {request.dest.name} ({safe_url(request.url)}); refusing to install "
            "a file that cannot be verified",
            hint="pass --allow-unverified to download it anyway (its hash is then recorded locally)",
        )
    request.dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with file_lock(request.dest, blocking=False):  # the UI and the CLI must never append to one .part
            return _download(request, progress, cancel or NEVER, client, retries)
    except BlockingIOError as exc:
        raise DownloadError(f"{request.dest.name} is already being downloaded by another Daycast window or command",
                            hint="wait for that download to finish") from exc


def _download(
    request: DownloadRequest, progress: Progress | None, cancel: CancelToken, client: httpx.Client | None,
    retries: int,
) -> DownloadResult:
    transfer = _Transfer(request, progress, cancel)
    transfer.prepare()
    own_client = client is None
    http = client or httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT},
                                  timeout=httpx.Timeout(30.0, connect=15.0))
    try:
        attempt = 0
        while not transfer.complete():
            try:
                transfer.run(http)
                break  # the server finished its answer; _install checks size and hash
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout) as exc:
                attempt += 1
                if attempt > retries:
                    raise DownloadError(
                        f"The connection to {safe_url(request.url)} dropped after {transfer.done} bytes ({exc})",
                        hint=f"run the same command again to resume from {transfer.part.name}",
                    ) from exc
                log.warning("connection dropped at %d bytes; resuming (%d/%d)", transfer.done, attempt, retries)
    except httpx.ConnectError as exc:
        raise DownloadError(f"Cannot connect to {safe_url(request.url)}: {exc}",
                            hint="check the network connection, or that the server is up") from exc
    except httpx.TimeoutException as exc:
        raise DownloadError(f"Timed out talking to {safe_url(request.url)}", hint="try again later") from exc
    except httpx.HTTPError as exc:
        raise DownloadError(f"Download from {safe_url(request.url)} failed: {type(exc).__name__}") from exc
    finally:
        if own_client:
            http.close()
    return _install(transfer)
