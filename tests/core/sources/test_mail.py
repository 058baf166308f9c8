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
