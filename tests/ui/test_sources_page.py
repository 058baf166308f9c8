"""The Sources page against a real loopback feed server: add by URL says what it found, fetch runs in a
worker with progress, a failing source shows its error while the others stay ok, OPML import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.sources.feedserver import FeedServer, Route, rss

FEED = rss("Harbour News", [("h1", "Ferry timetable changes", "text"), ("h2", "Market moves to the pier", "text")])


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    srv.routes["/news.xml"] = Route(FEED, etag='"n1"')
    srv.routes["/flaky.xml"] = Route(rss("Flaky", [("f1", "Only once", "text")]))
    yield srv
    srv.stop()


def test_add_fetch_and_a_failing_source_on_the_sources_page(qtbot: Any, window: Any, server: FeedServer,
                                                           tmp_path: Path) -> None:
    page = window.sources
    window.show_page(window.pages.index(page))
    page.address.setText(server.url("/news.xml"))
    assert page.add()
    qtbot.waitUntil(lambda: page.worker is None, timeout=20000)
    assert page.found.text() == "Added Harbour News: feed, 2 items."
    page.address.setText(server.url("/flaky.xml"))
    page.name.setText("Flaky feed")
    page.add()
    qtbot.waitUntil(lambda: page.worker is None, timeout=20000)
    server.routes["/flaky.xml"] = Route(b"oops", status=500, content_type="text/plain")

    assert page.fetch()
    assert page.cancel_button.isEnabled() and not page.fetch_button.isEnabled()
    qtbot.waitUntil(lambda: page.worker is None, timeout=20000)
    rows = {row[0]: row for row in page.rows_text()}
    assert rows["Harbour News"][1:] == ["feed", "just now", "not modified", "2"]
    assert rows["Flaky feed"][3] == "error: the server answered 500 Internal Server Error"
    assert rows["Flaky feed"][4] == "1"  # the last good copy still holds its item
    assert "1 failing" in page.summary.text() and "1 failed" in page.status.text()

    opml = tmp_path / "reader.opml"
    opml.write_text(f'<opml version="2.0"><body><outline type="rss" text="Harbour" xmlUrl="{server.url("/news.xml")}"/>'
                    '<outline type="rss" text="Tides" xmlUrl="https://tides.invalid/rss"/></body></opml>')
    page.import_file(str(opml))
    assert page.found.text().startswith("Imported 1 subscription from reader.opml; 1 already followed")
    assert len(page.rows_text()) == 3


def test_imap_mailbox_with_a_login_on_the_sources_page(qtbot: Any, window: Any, fake_keyring: Any) -> None:
    """A real IMAP server (pymap); the OS keyring cannot exist here, so a dict stands in for it."""
    from datetime import UTC, datetime, timedelta

    from tests.core.sources.imap_server import pymap_server

    page = window.sources
    window.show_page(window.pages.index(page))
    with pymap_server() as server:
        server.append("Choir moves to Thursday", "Rehearsal on Thursday at 19:30.",
                      sent=datetime.now(UTC) - timedelta(hours=1))
        page.address.setText(server.url())
        page.user.setText(server.user)
        page.password.setText("wrong")
        assert page.add()
        assert page.password.text() == ""  # never left in the window
        qtbot.waitUntil(lambda: page.worker is None, timeout=20000)
        assert "refused the login" in page.error.text() and page.rows_text() == []
        page.password.setText(server.password)
        page.name.setText("Home mail")
        page.add()
        qtbot.waitUntil(lambda: page.worker is None, timeout=20000)
    assert page.found.text() == "Added Home mail: IMAP mailbox INBOX, 1 message from the last 7 days."
    assert page.rows_text()[0][:2] == ["Home mail", "imap"] and page.rows_text()[0][4] == "1"
    assert list(fake_keyring.store.values()) == [server.password] and page.user.text() == ""


def test_network_switch_off_refuses_to_fetch(window: Any) -> None:
    page = window.sources
    page.network.setChecked(False)
    assert window.store.settings.fetch_sources is False
    assert not page.fetch()
    assert "switched off" in page.error.text()


@pytest.mark.slow  # a whole briefing in the window; the CLI end-to-end keeps fetch-then-brief in the default run
def test_scheduled_briefing_fetches_the_subscriptions_first(qtbot: Any, window: Any, server: FeedServer) -> None:
    from app.core.sources.subscriptions import Subscription, SubscriptionStore

    SubscriptionStore().add(Subscription(server.url("/news.xml"), "feed", name="Harbour News"))
    window.store.update(sources=[])  # only the subscription: nothing to read without fetching it
    stages: list[str] = []
    assert window.prepare_scheduled_briefing()
    window.today.worker.stage_started.connect(lambda stage, _message: stages.append(stage))
    qtbot.waitUntil(lambda: window.today.worker is None, timeout=900000)  # a bound, not a wait: ends when done
    assert window.today.result is not None, window.today.error.text()
    assert stages.index("fetch") < stages.index("import") < stages.index("speak")
    assert server.status_of("/news.xml") == [200]
    assert "Ferry timetable changes" in window.today.result.text
