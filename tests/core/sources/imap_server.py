"""A real IMAP server for tests: pymap (from PyPI) in a subprocess on a free loopback port.

pymap's in-memory backend with one user; messages are put in with a real IMAP APPEND. Readiness is a
login that succeeds, polled while waiting on the process itself (so a server that dies fails at once).
"""

from __future__ import annotations

import contextlib
import imaplib
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from tests.core.sources.radicale_server import free_port
from tests.serving import wait_serving


@dataclass
class Pymap:
    port: int
    process: subprocess.Popen[bytes]
    user: str
    password: str

    def url(self, mailbox: str = "INBOX") -> str:
        return f"imap://127.0.0.1:{self.port}/{mailbox}"

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=5)
        credentials = f"\0{self.user}\0{self.password}".encode()  # PLAIN: UTF-8 passwords too
        client.authenticate("PLAIN", lambda _challenge: credentials)
        return client

    def append(self, subject: str, body: str, *, sent: datetime, sender: str = "Dana <dana@example.org>",
               mailbox: str = "INBOX", raw: bytes | None = None) -> None:
        """A message delivered at ``sent`` (its date and the server's arrival time)."""
        if raw is None:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = sender, f"{self.user}@example.org", subject
            message["Date"] = format_datetime(sent)
            message["Message-ID"] = f"<{abs(hash((subject, sent)))}@example.org>"
            message.set_content(body)
            raw = message.as_bytes()
        client = self.client()
        try:
            status, reply = client.append(mailbox, "", imaplib.Time2Internaldate(sent), raw)
            if status != "OK":
                raise RuntimeError(f"APPEND failed: {reply}")
        finally:
            client.logout()

    def seen_flags(self, mailbox: str = "INBOX") -> list[bool]:
        client = self.client()
        try:
            client.select(mailbox, readonly=True)
            _, data = client.fetch("1:*", "(FLAGS)")
            return [b"\\Seen" in item for item in data if isinstance(item, bytes)]
        finally:
            client.logout()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def pymap_server(*, user: str = "alice", password: str = "s3cret-pass", timeout_s: float = 30) -> Iterator[Pymap]:
    port = free_port()
    launch = "import sys; from pymap.main import main; sys.exit(main())"  # pymap has no __main__
    args = [sys.executable, "-c", launch, "--host", "127.0.0.1", "--port", str(port), "--no-tls",
            "dict", "--demo-user", user, "--demo-password", password]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Pymap(port, process, user, password)
    try:
        _wait_ready(server, timeout_s)
        yield server
    finally:
        server.stop()


def _wait_ready(server: Pymap, timeout_s: float) -> None:
    def logs_in() -> bool:
        try:
            server.client().logout()
            return True
        except OSError:
            return False

    if not wait_serving(server.process, logs_in, timeout_s):
        raise RuntimeError(f"pymap did not start within {timeout_s} s (exit status {server.process.poll()})")


@contextmanager
def hostile_imap(fetch_reply: Callable[[bytes], Iterator[bytes]]) -> Iterator[int]:
    """A loopback server that speaks just enough IMAP to log in and search, then answers FETCH with
    whatever ``fetch_reply(tag)`` yields (a huge literal, an endless trickle): a misbehaving server, which
    no real one can be made into. Yields its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer(tag: bytes, command: bytes) -> Iterator[bytes]:
        if command == b"FETCH":
            yield from fetch_reply(tag)
            return
        untagged = {b"CAPABILITY": b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n", b"EXAMINE": b"* 1 EXISTS\r\n",
                    b"SEARCH": b"* SEARCH 1\r\n"}.get(command, b"")
        yield untagged + tag + b" OK done\r\n"

    def serve() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            with connection, connection.makefile("rb") as requests:
                connection.sendall(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile ready\r\n")
                for line in requests:
                    words = line.split()
                    command = words[2] if len(words) > 2 and words[1] == b"UID" else words[1]
                    for chunk in answer(words[0], command.upper()):
                        if stop.is_set():
                            return
                        connection.sendall(chunk)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(10)
