"""A real HTTP server on 127.0.0.1 for the fetching tests: ETag/304, slow replies, redirects, gzip.

Each route is a :class:`Route`; tests change routes while the server runs (a feed that gains an
item) and read ``hits`` to see what was asked. ``stop()`` closes the socket, so a later fetch
meets a refused connection exactly as with a server that went away.
"""

from __future__ import annotations

import gzip
import ssl
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml"
    status: int = 200
    etag: str = ""
    gzip: bool = False
    location: str = ""
    delay_s: float = 0.0
    drip_s: float = 0.0
    """Seconds between 1-byte writes of the body (a slow, trickling reply)."""
    raw_encoded: bytes = b""
    """Send these bytes as the gzip-encoded body instead of compressing ``body`` (a bomb)."""


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up on purpose (a refused oversized or bomb body, a timed-out trickle, a certificate the
        # client refuses) are what these tests do; anything else still prints its traceback.
        if not isinstance(sys.exception(), ConnectionError | ssl.SSLError | TimeoutError):
            super().handle_error(request, client_address)


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[tuple[str, int]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    tls: ssl.SSLContext | None = None
    """Serve HTTPS with this context (a self-signed certificate no client trusts)."""

    def __post_init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def status_of(self, path: str) -> list[int]:
        return [status for hit, status in self.hits if hit == path]

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall per reply

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                return self._send(404, b"not found", "text/plain")
            if route.delay_s and server.release.wait(route.delay_s):
                return None  # the test is over: answer nothing
            if route.location:
                status = route.status if route.status in (301, 302, 303, 307, 308) else 302
                self.send_response(status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                server.hits.append((self.path, status))
                return None
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                server.hits.append((self.path, 304))
                return None
            body = route.raw_encoded or (gzip.compress(route.body) if route.gzip else route.body)
            extra = {"ETag": route.etag} if route.etag else {}
            if route.gzip or route.raw_encoded:
                extra["Content-Encoding"] = "gzip"
            return self._send(route.status, body, route.content_type, extra, route.drip_s)

        def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None,
                  drip_s: float = 0.0) -> None:
            server.hits.append((self.path, status))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                if not drip_s:
                    self.wfile.write(body)
                    return
                for index in range(len(body)):
                    if server.release.is_set():
                        return
                    self.wfile.write(body[index:index + 1])
                    self.wfile.flush()
                    time.sleep(drip_s)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed; items are (guid, title, description)."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{item_title}</title><link>https://example.invalid/{guid}</link>"
        f"<description>{text}</description></item>" for guid, item_title, text in items
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.invalid/</link><description>test</description>{entries}</channel></rss>"
            ).encode()


def ics(events: list[tuple[str, str, str]], name: str = "") -> bytes:
    """An iCalendar body; events are (uid, DTSTART as 20260312T104500Z, summary), each 30 minutes."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN"]
    if name:
        lines.append(f"X-WR-CALNAME:{name}")
    for uid, start, summary in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260301T000000Z", f"DTSTART:{start}",
                  "DURATION:PT30M", f"SUMMARY:{summary}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def self_signed_context(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context
