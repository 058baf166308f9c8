"""IMAP mail against a real pymap server on 127.0.0.1, with the password in the (fake) keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app.core.sources.imap_source import fetch_imap, imap_utf7, pack, parse_imap_url, unpack
from app.core.sources.mail import MAX_MESSAGE_BYTES, mail_documents
from app.core.sources.subscriptions import password_account, source_key
from engines.errors import SourceError
from engines.secrets import set_secret
from tests.core.sources.imap_server import Pymap, pymap_server
from tests.core.sources.radicale_server import free_port

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def server() -> Iterator[Pymap]:
    with pymap_server() as running:
        running.append("Invoice for the boiler repair", "Please send the invoice to Dana Okafor by Friday.",
                       sent=NOW - timedelta(hours=3))
        running.append("Choir moves to Thursday", "Rehearsal is on Thursday at 19:30 in the old library.",
                       sent=NOW - timedelta(days=1))
        running.append("Old newsletter", "Spring sale.", sent=NOW - timedelta(days=30))
        yield running


def _key(server: Pymap) -> str:
    return source_key(server.url())


def test_recent_mail_is_read_newest_first_and_left_unread(server: Pymap, fake_keyring: object) -> None:
    set_secret(password_account(_key(server)), server.password)
    body, count = fetch_imap(server.url(), key=_key(server), username=server.user)
    documents = mail_documents(unpack(body, "inbox"), "Mail (inbox)")
    assert count == 2  # the 30-day-old newsletter is outside the week
    assert [d.title for d in documents] == ["Invoice for the boiler repair", "Choir moves to Thursday"]
    assert "Dana Okafor by Friday" in documents[0].text and documents[0].extra["from"].startswith("Dana")
    assert server.seen_flags() == [False, False, False]  # read-only: the user's mail client still shows them new


def test_wrong_password_missing_password_and_missing_mailbox_are_named(server: Pymap, fake_keyring: object) -> None:
    key = _key(server)
    with pytest.raises(SourceError) as missing:
        fetch_imap(server.url(), key=key, username=server.user)
    assert missing.value.code == "source.auth" and "no password for alice in the keyring" in str(missing.value)
    set_secret(password_account(key), "wrong")
    with pytest.raises(SourceError) as refused:
        fetch_imap(server.url(), key=key, username=server.user)
    assert refused.value.code == "source.auth" and "refused the login" in str(refused.value)
    other = server.url("Archive/2019")
    set_secret(password_account(source_key(other)), server.password)
    with pytest.raises(SourceError) as no_box:
        fetch_imap(other, key=source_key(other), username=server.user)
    assert no_box.value.code == "source.missing" and "'Archive/2019'" in str(no_box.value)


def test_a_utf8_password_and_a_mailbox_with_an_accented_name(fake_keyring: object) -> None:
    with pymap_server(password="pässwörd-日本") as running:
        client = running.client()
        assert client.create('"Entw&APw-rfe"')[0] == "OK"  # "Entwürfe", in IMAP's modified UTF-7
        client.logout()
        running.append("Draft of the newsletter", "About the harbour festival.", sent=NOW, mailbox='"Entw&APw-rfe"')
        url = running.url("Entw%C3%BCrfe")
        set_secret(password_account(source_key(url)), running.password)
        body, count = fetch_imap(url, key=source_key(url), username=running.user)
    assert count == 1 and b"harbour festival" in body
    assert imap_utf7("受信トレイ") == "&U9dP4TDIMOwwpA-" and imap_utf7("A&B") == "A&-B"


def test_a_server_that_is_not_there_fails_fast(fake_keyring: object) -> None:
    url = f"imap://127.0.0.1:{free_port()}/INBOX"
    set_secret(password_account(source_key(url)), "x")
    with pytest.raises(SourceError) as down:
        fetch_imap(url, key=source_key(url), username="alice")
    assert down.value.code == "source.connect"


def test_a_huge_message_is_read_only_up_to_the_cap(fake_keyring: object) -> None:
    huge = (b"From: a@example.org\r\nSubject: Scan of every receipt\r\nDate: "
            + NOW.strftime("%a, %d %b %Y %H:%M:%S +0000").encode() + b"\r\n\r\nTotal 12 euros.\r\n"
            + b"x" * (3 * MAX_MESSAGE_BYTES))
    with pymap_server() as running:
        running.append("", "", sent=NOW, raw=huge)
        set_secret(password_account(source_key(running.url())), running.password)
        body, count = fetch_imap(running.url(), key=source_key(running.url()), username=running.user)
    assert count == 1 and len(body) < MAX_MESSAGE_BYTES + 100
    (document,) = mail_documents(unpack(body, "inbox"), "Mail (inbox)")
    assert document.title == "Scan of every receipt" and "Total 12 euros" in document.text


def test_addresses_and_the_cache_format() -> None:
    assert parse_imap_url("imaps://mail.example.org/Lists%2FChoir").mailbox == "Lists/Choir"
    address = parse_imap_url("imap://mail.example.org")
    assert (address.port, address.tls, address.mailbox) == (143, False, "INBOX")
    assert parse_imap_url("imaps://mail.example.org:1993/").port == 1993
    with pytest.raises(SourceError, match="imap:// or imaps://"):
        parse_imap_url("https://mail.example.org/")
    messages = [b"Subject: a\r\n\r\none", b"", b"Subject: b\r\n\r\n" + b"\n" * 30]
    assert unpack(pack(messages), "x") == messages
    with pytest.raises(SourceError, match="cut short"):
        unpack(pack(messages)[:-5], "x")
    with pytest.raises(SourceError, match="not in Daycast's format"):
        unpack(b"<rss/>", "x")


def _hostile(fetch_reply, fake_keyring: object) -> SourceError:  # type: ignore[no-untyped-def]
    from app.core.sources.fetch import FetchPolicy
    from tests.core.sources.imap_server import hostile_imap

    with hostile_imap(fetch_reply) as port:
        url = f"imap://127.0.0.1:{port}/INBOX"
        set_secret(password_account(source_key(url)), "x")
        with pytest.raises(SourceError) as caught:
            fetch_imap(url, key=source_key(url), username="alice", policy=FetchPolicy(read_s=2.0, deadline_s=3.0))
    return caught.value


def test_a_server_announcing_a_huge_message_is_refused_before_it_is_read(fake_keyring: object) -> None:
    def huge(tag: bytes) -> Iterator[bytes]:
        yield b"* 1 FETCH (UID 1 BODY[]<0> {5000000000}\r\n"
        yield b"x" * 65536

    error = _hostile(huge, fake_keyring)
    assert error.code == "source.too_large" and "5,000,000,000 bytes" in str(error)


def test_a_server_that_trickles_forever_is_cut_off_at_the_deadline(fake_keyring: object) -> None:
    import time

    def trickle(tag: bytes) -> Iterator[bytes]:
        while True:  # one untagged line at a time, each well inside the read timeout
            yield b"* OK still here\r\n"
            time.sleep(0.05)  # the hostile server's pace, not the test waiting

    started = time.monotonic()
    error = _hostile(trickle, fake_keyring)
    assert error.code == "source.too_slow" and time.monotonic() - started < 6
