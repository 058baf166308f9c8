"""Mail on an IMAP server (Dovecot, Fastmail, a provider's app password...) through the stdlib ``imaplib``.

The newest messages of one mailbox from the last ``WINDOW``, read-only (nothing is marked as read), at
most ``MAX_MESSAGES`` of at most ``MAX_MESSAGE_BYTES`` each, kept as one cached body, so the offline
briefing reads IMAP mail like any other copy. The password comes from the OS keyring, never settings.

Addresses: ``imaps://host[:993]/Mailbox`` (TLS) or ``imap://host[:143]/Mailbox`` (STARTTLS, which the
server must offer; plain text only on the loopback address, where nothing leaves the machine).
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import re
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address
from urllib.parse import unquote, urlsplit

from app.core.sources._text import reason
from app.core.sources.fetch import DEFAULT_POLICY, FetchPolicy
from app.core.sources.mail import MAX_MESSAGE_BYTES, MAX_MESSAGES
from app.core.sources.subscriptions import is_imap_url, password_account
from engines.cancel import NEVER, CancelToken
from engines.errors import SourceError
from engines.secrets import get_secret

WINDOW = timedelta(days=7)
_MAGIC = b"DAYCAST-MAIL 1\n"
MAIL_CACHE_TYPE = "application/x-daycast-mail"
LITERAL_CAP = MAX_MESSAGE_BYTES + 64 * 1024
"""The largest literal read: a message is asked for up to MAX_MESSAGE_BYTES (a server may add a little)."""
MAX_REPLY_BYTES = MAX_MESSAGES * LITERAL_CAP + 1024 * 1024
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LITERAL = re.compile(rb"\{(\d+)\}$")


@dataclass(frozen=True)
class ImapAddress:
    host: str
    port: int
    tls: bool
    """True: TLS from the first byte (imaps); False: STARTTLS, or plain on loopback."""
    mailbox: str


def parse_imap_url(url: str) -> ImapAddress:
    """The server and mailbox of an ``imap(s)://`` address; SourceError when it is not one."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if not is_imap_url(url):
        raise SourceError(url, "not an imap:// or imaps:// address", code="source.scheme")
    if not parts.hostname:
        raise SourceError(url, "the address has no host name", code="source.bad_url")
    try:
        port = parts.port or (993 if scheme == "imaps" else 143)
    except ValueError as exc:
        raise SourceError(url, "the port is not a number from 1 to 65535", code="source.bad_url") from exc
    mailbox = unquote(parts.path.strip("/")) or "INBOX"
    return ImapAddress(parts.hostname, port, scheme == "imaps", mailbox)


def fetch_imap(
    url: str, *, key: str, username: str, now: datetime | None = None,
    policy: FetchPolicy = DEFAULT_POLICY, cancel: CancelToken = NEVER,
) -> tuple[bytes, int]:
    """(cached body, message count) of the mailbox's recent mail; SourceError on any failure."""
    address = parse_imap_url(url)
    if not username:
        raise SourceError(url, "an IMAP mailbox needs a user name", code="source.auth",
                          hint="add it again with `daycast sources add URL --user NAME`")
    password = get_secret(password_account(key))
    if password is None:
        raise SourceError(url, f"no password for {username} in the keyring", code="source.auth",
                          hint="add it again with `daycast sources add URL --user NAME`")
    budget = _Budget(url, time.monotonic() + policy.deadline_s, MAX_REPLY_BYTES, cancel)
    try:
        server = _connect(address, url, policy, budget)
        try:
            _login(server, username, password, url)
            messages = _recent(server, address.mailbox, url, now or datetime.now(), budget.check)
        except BaseException:
            with contextlib.suppress(OSError):
                server.shutdown()  # without another word to the server: after a failure it may be hostile
            raise
        server.logout()
    except SourceError:
        raise
    except TimeoutError as exc:
        raise SourceError(url, f"the IMAP server did not answer within {policy.read_s:g} s",
                          code="source.timeout") from exc
    except ssl.SSLError as exc:
        raise SourceError(url, f"TLS failed: {reason(exc)}", code="source.tls") from exc
    except OSError as exc:
        raise SourceError(url, f"cannot reach the IMAP server ({exc.strerror or reason(exc)})",
                          code="source.connect") from exc
    except imaplib.IMAP4.error as exc:  # the server said something imaplib cannot take
        raise SourceError(url, f"IMAP error: {reason(exc)}", code="source.imap") from exc
    return pack(messages), len(messages)


@dataclass
class _Budget:
    """What one fetch may still cost: time to its deadline and bytes read from the server."""

    url: str
    deadline: float
    bytes_left: int
    cancel: CancelToken

    def check(self) -> None:
        self.cancel.check()
        if time.monotonic() > self.deadline:
            raise SourceError(self.url, "the IMAP server was too slow (the whole fetch took too long)",
                              code="source.too_slow")

    def take(self, size: int) -> None:
        self.check()
        if size > LITERAL_CAP:
            raise SourceError(self.url, f"the IMAP server announced {size:,} bytes for one message, more than "
                              f"the {MAX_MESSAGE_BYTES:,} asked for", code="source.too_large")
        self.bytes_left -= size
        if self.bytes_left < 0:
            raise SourceError(self.url, f"the IMAP server sent more than {MAX_REPLY_BYTES // 2**20} MB",
                              code="source.too_large")


class _Bounded(imaplib.IMAP4):
    """imaplib reads the server through ``read`` (literals, by their announced size) and ``readline``:
    both charge the fetch's budget, so a literal too large is refused before anything is allocated for
    it, and a server that trickles or floods is cut off at the deadline or the byte cap."""

    budget: _Budget

    def read(self, size: int) -> bytes:
        self.budget.take(size)
        return super().read(size)

    def readline(self) -> bytes:
        line = super().readline()
        self.budget.take(len(line))
        return line


class _Plain(_Bounded):
    def __init__(self, host: str, port: int, timeout: float, budget: _Budget) -> None:
        self.budget = budget
        super().__init__(host, port, timeout=timeout)


class _Tls(_Bounded, imaplib.IMAP4_SSL):
    def __init__(self, host: str, port: int, timeout: float, budget: _Budget, context: ssl.SSLContext) -> None:
        self.budget = budget
        imaplib.IMAP4_SSL.__init__(self, host, port, ssl_context=context, timeout=timeout)


def _connect(address: ImapAddress, url: str, policy: FetchPolicy, budget: _Budget) -> imaplib.IMAP4:
    timeout = max(policy.connect_s, policy.read_s)
    context = ssl.create_default_context()
    if address.tls:
        return _Tls(address.host, address.port, timeout, budget, context)
    server = _Plain(address.host, address.port, timeout, budget)
    if "STARTTLS" in server.capabilities:
        server.starttls(context)
    elif not _loopback(address.host):
        server.shutdown()
        raise SourceError(url, "the server offers no STARTTLS, and the password would cross the network in "
                          "plain text", code="source.tls", hint="use an imaps:// address (port 993)")
    return server


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _login(server: imaplib.IMAP4, username: str, password: str, url: str) -> None:
    """AUTHENTICATE PLAIN where offered (UTF-8 names and passwords), else LOGIN (ASCII only, in imaplib)."""
    try:
        if "AUTH=PLAIN" in server.capabilities:
            credentials = f"\0{username}\0{password}".encode()
            server.authenticate("PLAIN", lambda _challenge: credentials)
        else:
            server.login(username, password)
    except UnicodeEncodeError as exc:
        raise SourceError(url, "this server takes only plain ASCII user names and passwords (it offers no "
                          "AUTH=PLAIN)", code="source.auth") from exc
    except imaplib.IMAP4.error as exc:
        raise SourceError(url, "the IMAP server refused the login (wrong user name or password)",
                          code="source.auth") from exc


def _recent(server: imaplib.IMAP4, mailbox: str, url: str, now: datetime, check: Callable[[], None]) -> list[bytes]:
    status, _ = server.select(_quoted(mailbox), readonly=True)
    if status != "OK":
        raise SourceError(url, f"no mailbox named {mailbox!r} on the server", code="source.missing")
    since = now - WINDOW
    status, found = server.uid("SEARCH", "SINCE", f"{since.day:02d}-{_MONTHS[since.month - 1]}-{since.year}")
    if status != "OK" or not found or not found[0]:
        return []
    uids = found[0].split()[-MAX_MESSAGES:]
    messages: list[bytes] = []
    for uid in reversed(uids):  # newest first
        check()
        status, data = server.uid("FETCH", uid.decode(), f"(BODY.PEEK[]<0.{MAX_MESSAGE_BYTES}>)")
        if status == "OK":
            messages.extend(_bodies(data))
    return messages


def _bodies(data: list[object]) -> Iterator[bytes]:
    """The message bytes in an imaplib FETCH reply: (b'1 (UID 5 BODY[]<0> {123}', b'...') pairs."""
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            head = item[0] if isinstance(item[0], bytes) else b""
            if _LITERAL.search(head):
                yield item[1][:MAX_MESSAGE_BYTES]


def _quoted(mailbox: str) -> str:
    """The mailbox name as IMAP wants it: modified UTF-7 (RFC 3501 5.1.3), quoted."""
    encoded = imap_utf7(mailbox)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def imap_utf7(name: str) -> str:
    """Modified UTF-7: printable ASCII as is ("&" as "&-"), other runs as "&" + base64 of UTF-16BE
    with "," for "/" + "-" ("Entwürfe" -> "Entw&APw-rfe")."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            packed = base64.b64encode("".join(run).encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append(f"&{packed}-")
            run.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            run.append(char)
    flush()
    return "".join(out)


def pack(messages: list[bytes]) -> bytes:
    """One cache body: a header line, then each message as its length and its bytes."""
    return _MAGIC + b"".join(b"%d\n" % len(m) + m for m in messages)


def unpack(body: bytes, where: str) -> list[bytes]:
    """The messages of a body :func:`pack` made; SourceError when it is not one (a damaged cache)."""
    if not body.startswith(_MAGIC):
        raise SourceError(where, "the cached mail is not in Daycast's format", code="source.cache")
    messages, at = [], len(_MAGIC)
    while at < len(body):
        end = body.find(b"\n", at, at + 20)
        size = body[at:end]
        if end < 0 or not size.isdigit() or end + 1 + int(size) > len(body):
            raise SourceError(where, "the cached mail is cut short", code="source.cache")
        messages.append(body[end + 1:end + 1 + int(size)])
        at = end + 1 + int(size)
    return messages
