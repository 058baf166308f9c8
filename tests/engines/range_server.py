"""A real HTTP server on 127.0.0.1 for download tests: serves files with Range support, records requests,
and can drop the connection part-way through a transfer or answer with an error status."""

from __future__ import annotations

import http.server
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Behaviour:
    files: dict[str, bytes] = field(default_factory=dict)
    drop_after: int | None = None
    """Close the connection after sending this many body bytes (once), mid-transfer."""
    status: int | None = None
    """Answer every request with this status (e.g. 500)."""
    ignore_range: bool = False
    requests: list[dict[str, str]] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    behaviour: Behaviour

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:
        b = self.behaviour
        b.requests.append({"path": self.path, "range": self.headers.get("Range", "")})
        if b.status:
            self._plain(b.status, b"server error\n")
            return
        body = b.files.get(self.path.split("?")[0])
        if body is None:
            self._plain(404, b"not found\n")
            return
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
        if match and not b.ignore_range:
            start = int(match.group(1))
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        payload = body[start:]
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if b.drop_after is not None and b.drop_after < len(payload):
            self.wfile.write(payload[: b.drop_after])
            self.wfile.flush()
            b.drop_after = None
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(payload)

    def _plain(self, status: int, text: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)


@contextmanager
def serve(behaviour: Behaviour) -> Iterator[str]:
    """Run the server in a thread; yields its base URL (http://127.0.0.1:PORT)."""
    handler = type("Handler", (_Handler,), {"behaviour": behaviour})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
