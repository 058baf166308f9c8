"""The downloader against a real HTTP server on 127.0.0.1 that misbehaves: sends more than the file, ends
replies early, answers a range from the wrong offset or for a changed file, and gzip-encodes the body."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from engines import catalog
from engines.download import DownloadRequest, DownloadResult, download, part_path
from engines.errors import DownloadError

PAYLOAD = os.urandom(2 * 1024 * 1024 + 77)
SHA = hashlib.sha256(PAYLOAD).hexdigest()
MIB = 1024 * 1024
SAFETY = 40 * MIB
"""A "forever" reply stops here, so the old, uncapped downloader fails the test instead of hanging it."""


@dataclass
class Script:
    body: bytes
    etag: str = ""
    honour_if_range: bool = True
    per_reply: int | None = None
    """Send at most this many body bytes per reply, then end it cleanly (a 206 then says where it ends)."""
    close_delimited: bool = False
    """No Content-Length: the body ends when the connection closes."""
    forever: bool = False
    """After the body, keep sending (close-delimited) until SAFETY bytes or the client hangs up."""
    shift: int = 0
    """A 206 starts this many bytes after the asked-for offset (and its Content-Range says so)."""
    gzip: str = "never"
    """never | accepted (when Accept-Encoding allows it; ranges then count encoded bytes) | always"""
    drop_after: int | None = None
    """Close the connection after this many body bytes, once."""
    requests: list[dict[str, str]] = field(default_factory=list)


class _Hostile(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script: Script

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        s = self.script
        s.requests.append({k: self.headers.get(k, "") for k in ("Range", "If-Range", "Accept-Encoding")})
        encoded = s.gzip == "always" or (s.gzip == "accepted" and "gzip" in self.headers.get("Accept-Encoding", ""))
        body = gzip.compress(s.body, mtime=0) if encoded else s.body
        start = self._range_start(len(body))
        payload = body[start + s.shift:] if start else body
        payload = payload[: s.per_reply] if s.per_reply is not None else payload
        self.send_response(206 if start else 200)
        if start:
            first = start + s.shift
            self.send_header("Content-Range", f"bytes {first}-{first + len(payload) - 1}/{len(body)}")
        self._headers(len(payload), encoded)
        self._body(payload)

    def _range_start(self, size: int) -> int:
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
        if_range = self.headers.get("If-Range")
        if not match or (if_range and self.script.honour_if_range and if_range != self.script.etag):
            return 0
        return min(int(match.group(1)), size)

    def _headers(self, length: int, encoded: bool) -> None:
        s = self.script
        if s.etag:
            self.send_header("ETag", s.etag)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        if s.close_delimited or s.forever:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _body(self, payload: bytes) -> None:
        s = self.script
        if s.drop_after is not None and s.drop_after < len(payload):
            self.wfile.write(payload[: s.drop_after])
            self.wfile.flush()
            s.drop_after = None
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        try:
            self.wfile.write(payload)
            sent = len(payload)
            while s.forever and sent < SAFETY:
                self.wfile.write(b"\0" * 65536)
                sent += 65536
        except OSError:  # the client hung up, as it should
            self.close_connection = True


@contextmanager
def serve(script: Script) -> Iterator[str]:
    """Run the server in a thread; yields its base URL (http://127.0.0.1:PORT)."""
    handler = type("Handler", (_Hostile,), {"script": script})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/m.bin"
    finally:
        server.shutdown()
        server.server_close()


def _fetch(url: str, dest: Path, *, size: int | None = len(PAYLOAD), sha: str | None = SHA,
           seen: list[int] | None = None, max_size: int | None = None) -> DownloadResult:
    """Download with the defaults of a verified catalog file; ``seen`` collects every progress count."""
    def progress(done: int, total: int | None) -> None:
        if seen is not None:
            seen.append(done)

    cap = {"max_size": max_size} if max_size else {}  # only where a test sets it: the old API had no such field
    return download(DownloadRequest(url, dest, sha, size, allow_unverified=sha is None, **cap), progress=progress)


# --- 1. a size cap ------------------------------------------------------------------------------

def test_a_body_longer_than_the_recorded_size_is_stopped_there(tmp_path: Path) -> None:
    script, seen = Script(PAYLOAD, forever=True), []
    with serve(script) as url, pytest.raises(DownloadError, match=rf"more than {len(PAYLOAD)} bytes"):
        _fetch(url, tmp_path / "m.bin", seen=seen)
    assert max(seen) <= len(PAYLOAD) and len(script.requests) == 1
    assert not (tmp_path / "m.bin").exists() and not part_path(tmp_path / "m.bin").exists()


def test_an_unknown_size_is_capped_at_max_size(tmp_path: Path) -> None:
    cap, seen = len(PAYLOAD) + 1000, []
    with serve(Script(PAYLOAD, forever=True)) as url, pytest.raises(DownloadError, match=rf"more than {cap} bytes"):
        _fetch(url, tmp_path / "m.bin", size=None, sha=None, seen=seen, max_size=cap)
    assert max(seen) <= cap and not (tmp_path / "m.bin").exists()


def test_the_catalog_caps_a_file_without_a_size_near_its_approximate_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAYCAST_MODELS", str(tmp_path))
    seen: list[int] = []
    with serve(Script(PAYLOAD, forever=True)) as url:
        entry = catalog.CatalogEntry("t", "llm", "T", "dense", "llama.cpp", "MIT", url,
                                     (catalog.CatalogFile("m.bin", url, None, None),), approx_size=len(PAYLOAD))
        options = catalog.InstallOptions(allow_unverified=True, progress=lambda _n, done, _t: seen.append(done))
        with pytest.raises(DownloadError, match="more than"):
            catalog.install(entry, options)
    assert len(PAYLOAD) < max(seen) < SAFETY / 2 and not entry.path().exists()


def test_a_file_whose_announced_size_differs_from_the_record_is_refused_at_once(tmp_path: Path) -> None:
    script, seen = Script(PAYLOAD), []
    wrong = len(PAYLOAD) + 9
    with serve(script) as url, pytest.raises(DownloadError, match=rf"is {len(PAYLOAD)} bytes.*records {wrong}"):
        _fetch(url, tmp_path / "m.bin", size=wrong, seen=seen)
    assert not seen and not part_path(tmp_path / "m.bin").exists()


# --- 2. a reply that ends early ----------------------------------------------------------------

def test_close_delimited_replies_that_end_early_are_resumed(tmp_path: Path) -> None:
    script = Script(PAYLOAD, close_delimited=True, per_reply=MIB)
    with serve(script) as url:
        _fetch(url, tmp_path / "m.bin")
    assert (tmp_path / "m.bin").read_bytes() == PAYLOAD
    assert [r["Range"] for r in script.requests] == ["", f"bytes={MIB}-", f"bytes={2 * MIB}-"]


@pytest.mark.parametrize("recorded", [len(PAYLOAD), None])
def test_a_cdn_capping_each_range_reply_is_followed_to_the_end(tmp_path: Path, recorded: int | None) -> None:
    dest = tmp_path / "m.bin"
    part_path(dest).write_bytes(PAYLOAD[:1000])
    with serve(Script(PAYLOAD, per_reply=MIB)) as url:
        result = _fetch(url, dest, size=recorded, sha=SHA if recorded else None)
    assert dest.read_bytes() == PAYLOAD and result.resumed_from == 1000


def test_a_server_that_stops_sending_keeps_the_part_for_the_next_run(tmp_path: Path) -> None:
    dest = tmp_path / "m.bin"
    part_path(dest).write_bytes(PAYLOAD[:1000])
    script = Script(PAYLOAD, close_delimited=True, per_reply=0)
    with serve(script) as url, pytest.raises(DownloadError, match=rf"ended .* at 1000 of {len(PAYLOAD)} bytes"):
        _fetch(url, dest)
    assert len(script.requests) == 3  # the first try and two retries: bounded
    assert part_path(dest).read_bytes() == PAYLOAD[:1000] and not dest.exists()


# --- 3. resuming only onto the right bytes -------------------------------------------------------

def test_a_range_reply_from_the_wrong_offset_restarts_from_zero(tmp_path: Path) -> None:
    dest = tmp_path / "m.bin"
    part_path(dest).write_bytes(PAYLOAD[:1000])
    script = Script(PAYLOAD, shift=500)
    with serve(script) as url:
        result = _fetch(url, dest)
    assert dest.read_bytes() == PAYLOAD and result.resumed_from == 0
    assert [r["Range"] for r in script.requests] == ["bytes=1000-", ""]


@pytest.mark.parametrize("honour_if_range", [True, False])
def test_a_part_of_a_file_that_changed_is_not_resumed(tmp_path: Path, honour_if_range: bool) -> None:
    dest, new = tmp_path / "m.bin", os.urandom(len(PAYLOAD))
    script = Script(PAYLOAD, etag='"v1"', drop_after=MIB, honour_if_range=honour_if_range)
    with serve(script) as url:
        with pytest.raises(DownloadError, match="dropped"):
            download(DownloadRequest(url, dest, SHA, len(PAYLOAD)), retries=0)
        script.body, script.etag = new, '"v2"'  # the catalog and the server moved to a new build
        download(DownloadRequest(url, dest, hashlib.sha256(new).hexdigest(), len(new)), retries=0)
    assert dest.read_bytes() == new
    assert script.requests[1]["If-Range"] == '"v1"' and script.requests[1]["Range"] == f"bytes={MIB}-"


def test_a_resume_reads_raw_bytes_not_a_decoded_gzip_stream(tmp_path: Path) -> None:
    script = Script(PAYLOAD, gzip="accepted", drop_after=MIB)
    with serve(script) as url:
        _fetch(url, tmp_path / "m.bin")
    assert (tmp_path / "m.bin").read_bytes() == PAYLOAD
    assert {r["Accept-Encoding"] for r in script.requests} == {"identity"}


def test_a_server_that_gzips_anyway_is_a_clear_error(tmp_path: Path) -> None:
    dest = tmp_path / "m.bin"
    part_path(dest).write_bytes(PAYLOAD[:1000])
    with serve(Script(PAYLOAD, gzip="always")) as url, pytest.raises(DownloadError, match="gzip"):
        _fetch(url, dest)
    assert part_path(dest).read_bytes() == PAYLOAD[:1000] and not dest.exists()
