"""Real Maildir, mbox and .eml files written with the stdlib mailbox package, read back as Documents."""

from __future__ import annotations

import mailbox
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from app.core.sources.load import load_sources
from app.core.sources.mail import load_mail
from engines.errors import SourceError


def _message(subject: str, body: str, when: str, msg_id: str, html: bool = False) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Rosalind Achebe <ros@example.invalid>"
    message["To"] = "me@example.invalid"
    message["Subject"] = subject
    message["Date"] = when
    message["Message-ID"] = msg_id
    if html:
        message.set_content("plain fallback")
        message.add_alternative(f"<p>{body}</p>", subtype="html")
    else:
        message.set_content(body)
    return message


def test_maildir_messages_newest_first_with_subject_sender_and_body(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Inbox", create=True)
    box.add(_message("Boiler quote", "The quote is 340 euros.", "Tue, 10 Mar 2026 08:00:00 +0000", "<a@x>"))
    box.add(_message("Choir rehearsal moved", "Rehearsal moves to Thursday.", "Wed, 11 Mar 2026 09:00:00 +0000",
                     "<b@x>", html=True))
    docs = load_mail(tmp_path / "Inbox")
    assert [d.title for d in docs] == ["Choir rehearsal moved", "Boiler quote"]
    assert docs[1].text == "The quote is 340 euros." and docs[1].kind == "mail"
    assert docs[0].extra["from"].startswith("Rosalind") and docs[0].extra["guid"] == "<b@x>"


def test_mbox_and_eml_are_read_and_a_folder_with_a_maildir_in_it_too(tmp_path: Path) -> None:
    box = mailbox.mbox(tmp_path / "archive.mbox")
    box.add(_message("Library books due", "Return two books by Friday.", "Mon, 09 Mar 2026 07:00:00 +0000", "<c@x>"))
    box.flush()
    box.close()
    (tmp_path / "one.eml").write_bytes(bytes(_message("Parcel delivered", "Left with a neighbour.",
                                                      "Mon, 09 Mar 2026 12:00:00 +0000", "<d@x>")))
    maildir = mailbox.Maildir(tmp_path / "Mail", create=True)
    maildir.add(_message("Dentist reminder", "Checkup at 3 PM.", "Mon, 09 Mar 2026 13:00:00 +0000", "<e@x>"))
    read = load_sources([tmp_path], day=date(2026, 3, 9))
    assert sorted(d.title for d in read.documents) == ["Dentist reminder", "Library books due", "Parcel delivered"]
    assert read.problems == []


def test_a_file_that_is_not_mail_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "notes.mbox"
    bad.write_text("just some text\n")
    with pytest.raises(SourceError) as info:
        load_mail(bad)
    assert "not an mbox" in info.value.problem


def _raw_mail(charset_header: str, body: bytes, subject: bytes = b"Invoice") -> bytes:
    return (b"From: Ana <ana@example.invalid>\r\nSubject: " + subject + b"\r\nDate: Mon, 09 Mar 2026 07:00:00 +0000"
            b"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain" + charset_header.encode() +
            b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + b"\r\n")


@pytest.mark.parametrize(("charset_header", "body", "expected"), [
    # labelled Latin-1, written by Windows: read as mail clients read it
    ("; charset=iso-8859-1", b"We don\x92t charge \x8010 \x96 it\x92s free.", "We don’t charge €10 – it’s free."),
    ("; charset=unknown-8bit", "Grüße aus Köln.".encode(), "Grüße aus Köln."),  # a label no codec has
    ("", "Grüße aus Köln.".encode(), "Grüße aus Köln."),  # 8-bit text with no label at all
    ("; charset=utf-8", "Grüße aus Köln.".encode(), "Grüße aus Köln."),
])
def test_mail_bodies_are_read_whatever_their_charset_label(tmp_path: Path, charset_header: str, body: bytes,
                                                           expected: str) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(_raw_mail(charset_header, body, subject=b"=?iso-8859-1?q?Don=92t_pay_=8010?="))
    [doc] = load_mail(path)
    assert doc.text == expected
    assert doc.title == "Don’t pay €10"


def test_a_big_file_named_mbox_that_is_not_mail_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    bad = tmp_path / "big.mbox"
    with bad.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # a sparse 2 GiB file: reading it whole would take 2 GiB of memory
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SourceError, match="not an mbox"):
        load_mail(bad)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KiB: far less than 2 GiB
