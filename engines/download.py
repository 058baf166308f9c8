"""Resumable, verified model downloads: HTTP Range resume from a ``.part`` file, SHA-256 check, atomic install.

A download writes ``<dest>.part``; an interrupted or cancelled transfer leaves that file, and the next
call resumes from its length with a ``Range`` request. Only when the whole file's SHA-256 matches the
recorded one is it renamed to ``dest``; a mismatch deletes the part and installs nothing. A file with
no recorded SHA-256 is refused unless the caller explicitly allows unverified files. Error messages
name the URL without credentials or query strings, and never include request headers.

Hostile or broken servers: nothing is written past the recorded size (or, with none, past ``max_size`` or
HARD_SIZE_CAP); a reply that ends early is resumed, and if that stalls the part is kept for the next call. A
resume appends only a 206 whose Content-Range starts at the part's length, from the file whose ETag (or
Last-Modified, kept in ``<dest>.part.json`` and sent as If-Range) the part came from; anything else starts over.
Bodies are asked for and read as raw bytes (``Accept-Encoding: identity``): a decoded body's offsets are not
the file's, so a content-encoded reply is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, ChecksumError, DiskFullError, DownloadError, OutputError
from engines.fsutil import atomic_write_text, file_lock, replace_durably

log = logging.getLogger(__name__)

Progress = Callable[[int, "int | None"], None]
"""progress(bytes_done, bytes_total_or_None)"""
CHUNK = 1024 * 1024
USER_AGENT = "daycast-model-downloader/0.1"
MAX_REDIRECTS = 5
HARD_SIZE_CAP = 64 * 1024**3
"""The most a file with no recorded size and no ``max_size`` may grow to: above every model the catalog lists
(the largest is under 20 GB), low enough that a server sending forever stops long before most disks fill."""
SIZE_MARGIN = 16 * 1024 * 1024
MIN_PROGRESS = CHUNK
"""A reply that ends early having brought at least this much is progress (a CDN capping each 206), not a failed
try; smaller ones count against ``retries``. So a call makes at most size / MIN_PROGRESS + retries + 1 requests."""


@dataclass(frozen=True)
class DownloadRequest:
    url: str
    dest: Path
    sha256: str | None
    size: int | None = None
    allow_unverified: bool = False
    """Install even without a recorded SHA-256 (the computed hash is returned for the record)."""
    max_size: int | None = None
    """The cap for a file with no recorded ``size`` (see :func:`size_cap`); HARD_SIZE_CAP when None."""


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    sha256: str
    size: int
    resumed_from: int
    verified: bool


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def validators_path(dest: Path) -> Path:
    """Beside the ``.part``: the ETag/Last-Modified of the file it holds the start of."""
    return dest.with_name(dest.name + ".part.json")


def size_cap(approx_size: int) -> int:
    """The cap for a file known only approximately: 10% and SIZE_MARGIN over its approximate size."""
    return int(max(approx_size, 0) * 1.1) + SIZE_MARGIN


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
    """Fetch the rest of a file into its .part: only bytes that continue the part, never past the expected size."""

    def __init__(self, request: DownloadRequest, progress: Progress | None, cancel: CancelToken) -> None:
        self.request = request
        self.part = part_path(request.dest)
        self.meta = validators_path(request.dest)
        self.progress = progress
        self.cancel = cancel
        self.digest = hashlib.sha256()
        self.done = 0
        self.resumed_from = 0
        self.received = 0
        """Bytes the current ``run`` has written."""
        self.announced: int | None = None
        """The whole file's length as the server last announced it (Content-Length or Content-Range)."""
        self.validators: dict[str, str] = {}

    def prepare(self) -> None:
        if self.part.exists():
            if self.request.size is not None and self.part.stat().st_size > self.request.size:
                self.reset()
            else:
                self.digest, self.done = _hash_existing(self.part)
                self.validators = _read_validators(self.meta)
        self.resumed_from = self.done

    def reset(self) -> None:
        """Drop the part (and the validators of the file it came from): the next bytes start at zero."""
        self.part.unlink(missing_ok=True)
        self.meta.unlink(missing_ok=True)
        self.digest, self.done, self.resumed_from, self.validators = hashlib.sha256(), 0, 0, {}
        self.announced = None

    @property
    def target(self) -> int | None:
        """The file's length: recorded, else as the server announced it, else unknown (a close-delimited body)."""
        return self.request.size if self.request.size is not None else self.announced

    @property
    def limit(self) -> int:
        """Never write past this: the recorded size, or a cap for a file of unknown size."""
        return self.request.size if self.request.size is not None else self.request.max_size or HARD_SIZE_CAP

    def complete(self) -> bool:
        return self.target is not None and self.done == self.target

    def run(self, client: httpx.Client) -> None:
        """One request, and a second from zero when the answer to a range request cannot continue the part."""
        self.received = 0
        if not self._request(client):
            self._request(client)  # done is 0 now: no Range, so this one appends from zero or raises

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Encoding": "identity"}  # a decoded body's offsets are not the file's offsets
        if self.done:
            headers["Range"] = f"bytes={self.done}-"
            if validator := _if_range(self.validators):
                headers["If-Range"] = validator  # a changed file comes back whole (200), not as a wrong tail
        return headers

    def _request(self, client: httpx.Client) -> bool:
        """False when the part was dropped and a fresh request from zero is needed."""
        url = safe_url(self.request.url)
        with _stream_no_downgrade(client, self.request.url, self._headers()) as response:
            if response.status_code == 416 and self.done:
                return self._unsatisfiable(response)
            if response.status_code >= 400:
                raise DownloadError(f"HTTP {response.status_code} {response.reason_phrase} from {url}",
                                    hint="the file may have moved; check the catalog entry or try later")
            _refuse_encoded(response, url)
            partial = response.status_code == 206
            span = _content_range(response) if partial else None
            # a 206's Content-Length is the slice's; the file's length is in its Content-Range
            announced = (span[2] if span else None) if partial else _content_length(response)
            self._check_announced(announced)
            if not self._continues(response, span):
                return False
            self.announced = announced if announced is not None else self.announced
            self._remember_validators(response)
            self._receive(response, self._reply_limit(response, span))
        return True

    def _unsatisfiable(self, response: httpx.Response) -> bool:
        """A 416 to ``bytes=done-``: the part is whole, or longer than the server's file (then start over)."""
        total = _unsatisfied_total(response)
        self._check_announced(total)
        if self.request.size is None and total in (None, self.done):
            self.announced = self.done  # the server has nothing after the part: it is whole
            return True
        log.info("%s has no bytes after %d; starting over", safe_url(self.request.url), self.done)
        self.reset()
        return False

    def _check_announced(self, total: int | None) -> None:
        """Refuse at once a file whose length is not the recorded one, or beyond the cap: keep the part."""
        name, url = self.request.dest.name, safe_url(self.request.url)
        if total is None:
            return
        if self.request.size is not None and total != self.request.size:
            raise DownloadError(f"{url} is {total} bytes, but the catalog records {self.request.size} for {name}; "
                                "nothing more was downloaded",
                                hint="the file on the server changed; the catalog entry needs updating")
        if total > self.limit:
            raise DownloadError(f"{url} is {total} bytes, more than {self.limit} bytes allowed for {name}",
                                hint="the file is not the expected one; nothing more was downloaded")

    def _continues(self, response: httpx.Response, span: tuple[int, int, int | None] | None) -> bool:
        """Whether the body continues the part; a 200 restarts it here, a 206 from elsewhere asks again from zero."""
        url = safe_url(self.request.url)
        if response.status_code != 206:
            if self.done:
                log.info("%s answered the Range request with the whole file; starting over", url)
                self.reset()
            return True
        etag = response.headers.get("etag")
        same_file = not (etag and self.validators.get("etag") and etag != self.validators["etag"])
        if span is not None and span[0] == self.done and same_file:
            return True
        if not self.done:
            raise DownloadError(f"{url} answered a plain request with a partial reply "
                                f"({response.headers.get('content-range', 'no Content-Range')})",
                                hint="the server or a proxy on the way is misconfigured; try again later")
        log.info("%s sent a range that does not continue the %d bytes on disk; starting over", url, self.done)
        self.reset()
        return False

    def _remember_validators(self, response: httpx.Response) -> None:
        """Keep the ETag/Last-Modified of the file a new part comes from, for If-Range on the next resume."""
        if self.done:
            return
        self.validators = {k: v for k in ("etag", "last-modified") if (v := response.headers.get(k))}
        if self.validators:
            atomic_write_text(self.meta, json.dumps(self.validators))
        else:
            self.meta.unlink(missing_ok=True)

    def _reply_limit(self, response: httpx.Response, span: tuple[int, int, int | None] | None) -> int:
        """Where this reply must end: the file's size or cap, and what the server announced for this reply."""
        limit = self.limit if self.target is None else min(self.limit, self.target)
        if span is not None:
            limit = min(limit, span[1] + 1)
        length = _content_length(response)
        return min(limit, self.done + length) if length is not None else limit

    def _receive(self, response: httpx.Response, limit: int) -> None:
        try:
            with open(self.part, "ab") as out:
                for block in response.iter_raw():  # as received: a drop loses nothing already read
                    if self.cancel.cancelled:
                        out.flush()
                        raise Cancelled(f"Download of {self.request.dest.name} stopped at {self.done} bytes; "
                                        f"run again to resume", hint=f"the partial file is {self.part}")
                    if self.done + len(block) > limit:
                        self._overrun(limit)
                    out.write(block)
                    self.digest.update(block)
                    self.done += len(block)
                    self.received += len(block)
                    if self.progress:
                        self.progress(self.done, self.target)
        except OSError as exc:
            if exc.errno in (28, 122):  # ENOSPC, EDQUOT
                raise DiskFullError(f"Disk full while downloading to {self.part}",
                                    hint="free some space; the download resumes where it stopped") from exc
            raise OutputError(f"Cannot write {self.part}: {exc.strerror or exc}") from exc

    def _overrun(self, limit: int) -> None:
        """The server sends more than the file can be: stop before writing it; the part is of the wrong file."""
        self.reset()
        raise DownloadError(f"{safe_url(self.request.url)} sent more than {limit} bytes for "
                            f"{self.request.dest.name}; stopped, and the partial download was deleted",
                            hint="the file on the server is not the expected one; check the catalog entry")


def _refuse_encoded(response: httpx.Response, url: str) -> None:
    """A content-encoded body has other offsets and other bytes than the file: it can be neither resumed nor hashed."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise DownloadError(f"{url} sent the file {encoding}-encoded although it was asked for the plain bytes",
                            hint="the server or a proxy on the way is misconfigured; try again later")


def _content_range(response: httpx.Response) -> tuple[int, int, int | None] | None:
    """(first, last, total or None) from ``Content-Range: bytes first-last/total``; None when absent or malformed."""
    match = re.fullmatch(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*", response.headers.get("content-range", ""))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3)) if match.group(3) != "*" else None


def _unsatisfied_total(response: httpx.Response) -> int | None:
    """The file's length from a 416's ``Content-Range: bytes */total``."""
    match = re.fullmatch(r"\s*bytes\s+\*/(\d+)\s*", response.headers.get("content-range", ""))
    return int(match.group(1)) if match else None


def _content_length(response: httpx.Response) -> int | None:
    length = response.headers.get("content-length", "").strip()
    return int(length) if length.isdigit() else None


def _read_validators(meta: Path) -> dict[str, str]:
    """The stored ETag/Last-Modified; none when the file is missing or damaged (resume then relies on Content-Range)."""
    try:
        raw = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(raw, dict) else {}


def _if_range(validators: dict[str, str]) -> str | None:
    """A strong ETag, else Last-Modified (If-Range must not carry a weak ETag)."""
    etag = validators.get("etag", "")
    if etag and not etag.startswith("W/"):
        return etag
    return validators.get("last-modified")


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
    if request.size is not None and size > request.size:  # too long: not the recorded file
        transfer.reset()
        raise ChecksumError(f"{request.dest.name}: downloaded {size} bytes, expected {request.size}; "
                            "the download was deleted and nothing was installed")
    if transfer.target is not None and size < transfer.target:  # short: the next run resumes it
        raise _ended_early(transfer)
    if request.sha256 and got != request.sha256.lower():
        transfer.reset()
        raise ChecksumError(
            f"{request.dest.name}: SHA-256 {got} does not match the recorded {request.sha256}; "
            "the download was deleted and nothing was installed",
            hint=f"the file at {safe_url(request.url)} changed or was corrupted in transit",
        )
    with open(transfer.part, "rb+") as handle:
        os.fsync(handle.fileno())
    replace_durably(transfer.part, request.dest)
    transfer.meta.unlink(missing_ok=True)
    return DownloadResult(request.dest, got, size, transfer.resumed_from, verified=bool(request.sha256))


def _ended_early(transfer: _Transfer) -> DownloadError:
    return DownloadError(f"{safe_url(transfer.request.url)} ended its replies early: {transfer.request.dest.name} "
                         f"stopped at {transfer.done} of {transfer.target} bytes; the partial download is kept",
                         hint=f"run the same command again to resume from {transfer.part.name}")


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
        _fetch(transfer, http, retries)
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


_DROPS = (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout)


def _fetch(transfer: _Transfer, http: httpx.Client, retries: int) -> None:
    """Request until the file is whole. A drop, or a reply that ends early having brought under MIN_PROGRESS,
    is a failed try; after ``retries`` of them the ``.part`` stays for the next call."""
    failures = 0
    while not transfer.complete():
        try:
            transfer.run(http)
        except _DROPS as exc:
            failures += 1
            if failures > retries:
                raise DownloadError(
                    f"The connection to {safe_url(transfer.request.url)} dropped after {transfer.done} bytes ({exc})",
                    hint=f"run the same command again to resume from {transfer.part.name}",
                ) from exc
            log.warning("connection dropped at %d bytes; resuming (%d/%d)", transfer.done, failures, retries)
            continue
        if transfer.target is None:
            return  # a close-delimited body of unknown length: its end is the file's end
        if not transfer.complete() and transfer.received < MIN_PROGRESS:
            failures += 1
            if failures > retries:
                raise _ended_early(transfer)
