"""Mail from the user's own mail client: Maildir folders, mbox files and single ``.eml`` messages.

Read with the stdlib ``mailbox`` and ``email`` packages, newest first, at most ``MAX_MESSAGES`` per
mailbox and ``MAX_MESSAGE_BYTES`` per message, so a 5 GB archive costs a scan, never 5 GB of memory.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime
from pathlib import Path

from app.core.documents import Document
from app.core.sources._text import clean_line, clean_text, decode_declared, guard_errors, html_to_text, reason
from engines.errors import SourceError

MAIL_SUFFIXES = frozenset({".eml", ".mbox"})
MAX_MESSAGES = 50
MAX_MESSAGE_BYTES = 1024 * 1024


def is_maildir(path: Path) -> bool:
    return path.is_dir() and all((path / part).is_dir() for part in ("cur", "new"))


def is_mail_path(path: Path) -> bool:
    return is_maildir(path) or (path.is_file() and path.suffix.lower() in MAIL_SUFFIXES)


def load_mail(path: str | Path) -> list[Document]:
    """One Document per message (newest first); SourceError when nothing in ``path`` is mail."""
    return _load_mail(Path(path))


@guard_errors
def _load_mail(path: Path) -> list[Document]:
    name = path.name or str(path)
    if is_maildir(path):
        messages = list(_maildir_messages(path))
    elif path.suffix.lower() == ".eml":
        messages = [_parse(_read_capped(path), path)]
    elif path.is_file():
        messages = list(_mbox_messages(path))
    else:
        raise SourceError(str(path), "not a Maildir folder, mbox file or .eml message", code="source.unsupported")
    return _newest(messages, f"Mail ({name})")


def mail_documents(raw: list[bytes], source: str) -> list[Document]:
    """One Document per message given as bytes (mail fetched from a server), newest first."""
    messages = []
    for data in raw:
        try:
            messages.append(_parse(data[:MAX_MESSAGE_BYTES], Path(source)))
        except SourceError:
            continue  # one message without headers does not hide the others
    return _newest(messages, source)


def _newest(messages: list[Message], source: str) -> list[Document]:
    documents = [doc for doc in (_document(m, source) for m in messages) if doc is not None]
    documents.sort(key=lambda d: d.time or datetime.min.replace(tzinfo=UTC), reverse=True)
    return documents[:MAX_MESSAGES]


def _read_capped(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_MESSAGE_BYTES)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}", code="source.unreadable") from exc


def _parse(data: bytes, where: Path) -> Message:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.keys():
        raise SourceError(str(where), "not an e-mail message (no headers)", code="source.malformed")
    return message


def _maildir_messages(path: Path) -> Iterator[Message]:
    """The newest files of ``new`` and ``cur`` (by modification time), each read capped."""
    files = [f for sub in ("new", "cur") for f in (path / sub).iterdir() if f.is_file() and not f.name.startswith(".")]
    files.sort(key=lambda f: f.stat().st_mtime, reverse=True)
    for file in files[: MAX_MESSAGES * 2]:
        try:
            yield _parse(_read_capped(file), file)
        except SourceError:
            continue


def _mbox_messages(path: Path) -> Iterator[Message]:
    with path.open("rb") as start:
        head = start.read(256).lstrip()
    # Checked before the scan, which reads line by line: a file with no line breaks would be read whole.
    if head and not head.startswith(b"From "):
        raise SourceError(str(path), "not an mbox file (no 'From ' line)", code="source.malformed")
    box = mailbox.mbox(path, create=False)
    try:
        keys = box.keys()  # a scan for "From " lines: offsets only
        for key in keys[-MAX_MESSAGES * 2:]:
            handle = box.get_file(key)
            try:
                data = handle.read(MAX_MESSAGE_BYTES)
            finally:
                handle.close()
            yield _parse(data, path)
    finally:
        box.close()


def _document(message: Message, source: str) -> Document | None:
    subject = clean_line(str(message.get("subject", "") or ""))
    text = _body_text(message)
    if not subject and not text:
        return None
    sender = clean_line(str(message.get("from", "") or ""))
    extra = {"from": sender} if sender else {}
    message_id = clean_line(str(message.get("message-id", "") or ""))
    if message_id:
        extra["guid"] = message_id
    return Document(title=subject or "(no subject)", text=text, source=source, kind="mail",
                    time=_date(message), extra=extra)


def _body_text(message: Message) -> str:
    if not isinstance(message, EmailMessage):
        return ""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        raw = part.get_payload(decode=True) if part is not None else None
    except (LookupError, ValueError, AttributeError) as exc:  # broken MIME
        return f"(the message body could not be read: {reason(exc)})"
    if part is None or not isinstance(raw, bytes):
        return ""
    # Decoded here, not by the email package: an unknown label ("unknown-8bit") or none on 8-bit text
    # would lose the body or garble it; the bytes themselves still tell UTF-8 from Windows-1252.
    content = decode_declared(raw, part.get_content_charset() or "")
    return html_to_text(content) if part.get_content_type() == "text/html" else clean_text(content)


def _date(message: Message) -> datetime | None:
    value = message.get("date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
