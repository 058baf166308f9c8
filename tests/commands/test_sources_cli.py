"""``daycast sources`` and ``daycast brief`` without ``--sources``, end to end against real loopback servers.

A feed URL, an HTML page that links its own feed, an .ics URL and a Radicale CalDAV calendar are
added with ``daycast sources add``; ``daycast brief`` then fetches and speaks them. A second run after
the feed gained an item speaks only the new item; with the servers stopped the briefing is made from
the cache and says so. The default run checks the written transcript; the slow run listens to the
audio with Whisper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from app import cli
from engines.metrics import contains_all
from tests.core.sources.feedserver import FeedServer, Route, ics, rss
from tests.core.sources.radicale_server import event_ics, radicale

SMOL = "smollm2-135m-instruct-q4_1"
TODAY = date.today()
COURIER = [("c-1", "Council approves 47 new bike lanes", "The council voted for 47 new bike lanes.")]
NEW_ITEM = ("c-2", "Lighthouse museum reopens on Saturday", "The lighthouse museum reopens on Saturday.")
FERRY = [("f-1", "Night ferry to the island returns in May", "The night ferry returns in May.")]
PAGE = (b'<!doctype html><html><head><title>Ferry company</title>'
        b'<link rel="alternate" type="application/rss+xml" title="Ferry News" href="/ferry/feed.xml">'
        b"</head><body><p>Welcome aboard.</p></body></html>")


def _utc(hour: int, minute: int = 0) -> str:
    return datetime.combine(TODAY, time(hour, minute)).strftime("%Y%m%dT%H%M00Z")


class World:
    """The servers and what the user typed."""

    def __init__(self, tmp_path: Path, server: FeedServer, calendar_url: str) -> None:
        self.tmp_path = tmp_path
        self.server = server
        self.calendar_url = calendar_url
        self.runs = 0

    def brief(self, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
        self.runs += 1
        out = self.tmp_path / f"briefing-{self.runs}.wav"
        status = cli.main(["brief", "--out", str(out), "--model", SMOL, "--device", "cpu", "--minutes", "1.3",
                           "--date", TODAY.isoformat(), "--tz", "UTC", "--quiet"])
        printed = capsys.readouterr()
        assert status == 0, printed.err
        return out, printed.out


@pytest.fixture
def world(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("COLUMNS", "240")  # rich tables wrap names in a narrow captured terminal
    server = FeedServer()
    server.routes["/courier.xml"] = Route(rss("Brindlemoor Courier", COURIER), etag='"c1"')
    server.routes["/ferry/"] = Route(PAGE, content_type="text/html; charset=utf-8")
    server.routes["/ferry/feed.xml"] = Route(rss("Ferry News", FERRY), etag='"f1"')
    server.routes["/school.ics"] = Route(ics([("p-1", _utc(16), "Piano lesson with Margot")]),
                                         content_type="text/calendar")
    with radicale(tmp_path / "dav") as dav:
        calendar = dav.make_calendar("Work", "work")
        calendar.save_event(event_ics("w-1", _utc(10), "Budget review with Oskar", "the Harbor Room"))
        added = [
            (server.url("/courier.xml"), "feed, 1 item"),
            (server.url("/ferry/"), "feed (linked from the page), 1 item"),
            ("webcal" + server.url("/school.ics")[4:], "calendar, 1 event"),
        ]
        for url, found in added:
            assert cli.main(["sources", "add", url]) == 0
            assert found in capsys.readouterr().out
        assert cli.main(["sources", "add", str(calendar.url), "--caldav", "--name", "Work calendar"]) == 0
        assert "CalDAV calendar, 1 event" in capsys.readouterr().out
        assert cli.main(["sources", "list"]) == 0
        listing = capsys.readouterr().out
        assert "Brindlemoor Courier" in listing and "Ferry News" in listing and "caldav" in listing
        yield World(tmp_path, server, str(calendar.url))
        server.stop()


def _scenario(world: World, capsys: pytest.CaptureFixture[str], heard: Callable[[Path], str], *, full: bool) -> None:
    out, _ = world.brief(capsys)
    first = heard(out)
    facts = ["bike lanes", "island returns in May", "piano lesson", "budget review", "harbor room"]
    missing = contains_all(first, facts)
    assert not missing, f"missing {missing} in: {first}"
    assert world.server.status_of("/courier.xml") == [200, 304]  # add, then the briefing's conditional GET
    if not full:
        return

    routes = world.server.routes
    routes["/courier.xml"] = Route(rss("Brindlemoor Courier", [NEW_ITEM, *COURIER]), etag='"c2"')
    out, _ = world.brief(capsys)
    second = heard(out)
    assert not contains_all(second, ["lighthouse museum", "budget review"]), second
    assert contains_all(second, ["bike lanes"]) and contains_all(second, ["island returns"]), second  # already heard

    world.server.stop()
    out, printed = world.brief(capsys)
    third = heard(out)
    assert not contains_all(third, ["could not be refreshed", "piano lesson"]), third
    assert contains_all(third, ["lighthouse"]) and "cannot connect" in printed


def test_sources_added_by_url_are_fetched_and_briefed(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """The reduced form for the default run: one briefing, its written transcript checked."""
    _scenario(world, capsys, lambda out: out.with_suffix(".txt").read_text(encoding="utf-8"), full=False)


@pytest.mark.slow
def test_spoken_briefing_from_subscriptions_new_items_only_and_offline_from_cache(
    world: World, capsys: pytest.CaptureFixture[str], whisper_tiny: object,
) -> None:
    """Three briefings heard back with Whisper: all sources; only the new item; the servers gone."""
    from app.core.audio.io import read_audio

    def heard(out: Path) -> str:
        audio, _ = read_audio(out, sample_rate=16000)
        return str(whisper_tiny.transcribe_text(audio))  # type: ignore[attr-defined]

    _scenario(world, capsys, heard, full=True)


def test_mail_folder_opml_in_and_out_remove_and_the_network_switch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mailbox
    from email.message import EmailMessage

    from app.core import settings as core_settings

    monkeypatch.setenv("COLUMNS", "240")
    box = mailbox.Maildir(tmp_path / "Inbox", create=True)
    message = EmailMessage()
    message["Subject"] = "Boiler quote"
    message["From"] = "plumber@example.invalid"
    message.set_content("340 euros")
    box.add(message)
    assert cli.main(["sources", "add", str(tmp_path / "Inbox"), "--name", "Inbox"]) == 0
    assert "mail, 1 message" in capsys.readouterr().out
    opml = tmp_path / "reader.opml"
    opml.write_text('<opml version="2.0"><body><outline type="rss" text="Tides" xmlUrl="https://tides.invalid/rss"/>'
                    '<outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/></body></opml>')
    assert cli.main(["sources", "import", str(opml)]) == 0
    assert "Imported 1 subscription from reader.opml; 1 skipped (Local: not an http(s)" in capsys.readouterr().out
    assert cli.main(["sources", "export", "--out", str(tmp_path / "out.opml")]) == 0
    exported = (tmp_path / "out.opml").read_text()
    assert 'xmlUrl="https://tides.invalid/rss"' in exported and "Inbox" not in exported  # local mail has no URL
    core_settings.save(core_settings.Settings(fetch_sources=False))
    assert cli.main(["sources", "fetch"]) == 2
    assert "Fetching is switched off" in capsys.readouterr().err
    assert cli.main(["sources", "remove", "Tides"]) == 0
    assert "Removed Tides" in capsys.readouterr().out
    assert cli.main(["sources", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Inbox" in listing and "Tides" not in listing and "switched off" in listing
    assert cli.main(["sources", "remove", "nothing-like-this"]) == 2
    assert "No subscription 'nothing-like-this'" in capsys.readouterr().err
    mailbox.Maildir(tmp_path / "Archive", create=True).add(message)
    assert cli.main(["sources", "add", str(tmp_path / "Archive")]) == 0  # no --name: listed by its folder's name
    assert cli.main(["sources", "list"]) == 0 and "Archive" in capsys.readouterr().out
    assert cli.main(["sources", "remove", "archive"]) == 0  # the name the list shows, in any case
    assert "Removed Archive" in capsys.readouterr().out


def test_imap_mailbox_is_followed_with_a_keyring_password_and_briefed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_keyring: object,
) -> None:
    """A real IMAP server (pymap); the OS keyring cannot exist here, so a dict stands in for it."""
    import io
    import json
    from datetime import UTC, timedelta

    from tests.core.sources.imap_server import pymap_server

    monkeypatch.setenv("COLUMNS", "240")
    now = datetime.now(UTC)
    with pymap_server() as server:
        server.append("Invoice for the boiler repair", "Please send the invoice to Dana Okafor by Friday.",
                      sent=now - timedelta(hours=2))
        assert cli.main(["sources", "add", server.url(), "--name", "Home mail"]) == 2
        assert "An IMAP mailbox needs a login" in capsys.readouterr().err
        assert cli.main(["sources", "add", "https://example.org/feed.xml", "--user", "me"]) == 2  # not kept unused
        assert "A login is only for CalDAV calendars and IMAP mailboxes" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
        assert cli.main(["sources", "add", server.url(), "--user", server.user, "--password-stdin"]) == 1
        assert "refused the login" in capsys.readouterr().err
        assert fake_keyring.store == {}  # type: ignore[attr-defined]  # nothing kept from a failed add
        monkeypatch.setattr("sys.stdin", io.StringIO(server.password + "\n"))
        assert cli.main(["sources", "add", server.url(), "--user", server.user, "--password-stdin",
                         "--name", "Home mail"]) == 0
        assert "IMAP mailbox INBOX, 1 message from the last 7 days" in capsys.readouterr().out
        assert list(fake_keyring.store.values()) == [server.password]  # type: ignore[attr-defined]
        out = tmp_path / "mail-briefing.wav"
        assert cli.main(["brief", "--out", str(out), "--model", SMOL, "--device", "cpu", "--minutes", "0.5",
                         "--quiet"]) == 0
    sidecar = json.loads(out.with_name(out.name + ".json").read_text(encoding="utf-8"))
    assert {"kind": "mail", "title": "Invoice for the boiler repair"} in [
        {"kind": s["kind"], "title": s["title"]} for s in sidecar["sources"]]
    assert cli.main(["sources", "fetch"]) == 1  # the server is gone: the copy stays, the status says why
    assert cli.main(["sources", "list"]) == 0
    listing = capsys.readouterr().out
    assert "imap" in listing and "Home mail" in listing and "cannot reach the IMAP server" in listing
    assert cli.main(["sources", "remove", "Home mail"]) == 0
    assert fake_keyring.store == {}  # type: ignore[attr-defined]  # the password goes with the subscription
