"""The subscription store, OPML in and out, and the seen store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.documents import Document
from app.core.sources.opml import read_opml, write_opml
from app.core.sources.seen import SeenStore
from app.core.sources.subscriptions import Subscription, SubscriptionStore, briefing_sources
from engines.errors import SourceError, UsageError
from engines.paths import config_dir

OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>reader</title></head><body>
<outline text="News"><outline type="rss" text="Harbour News" xmlUrl="https://news.invalid/rss"/>
<outline type="rss" text="Ferry" xmlUrl="https://ferry.invalid/atom.xml" htmlUrl="https://ferry.invalid/"/></outline>
<outline type="link" text="Holidays" url="webcal://cal.invalid/holidays.ics"/>
<outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


def test_store_lives_in_the_config_folder_and_refuses_duplicates() -> None:
    store = SubscriptionStore()
    sub = store.add(Subscription("https://news.invalid/rss", "feed", name="Harbour News"))
    assert store.path.parent == config_dir() and store.path.exists()
    with pytest.raises(UsageError):
        store.add(Subscription("https://news.invalid/rss", "feed"))
    assert store.find("harbour news") == sub and store.find(sub.key) == sub
    paths, subs = briefing_sources(["/tmp/notes", "https://other.invalid/feed"], store)
    assert paths == [Path("/tmp/notes")] and [s.location for s in subs] == ["https://other.invalid/feed",
                                                                              "https://news.invalid/rss"]
    assert store.remove(sub.key) == sub and store.load() == []


def test_opml_round_trip_and_unsafe_entries_skipped(tmp_path: Path) -> None:
    path = tmp_path / "in.opml"
    path.write_text(OPML)
    subs, skipped = read_opml(path)
    assert [(s.name, s.kind) for s in subs] == [("Harbour News", "feed"), ("Ferry", "feed"), ("Holidays", "calendar")]
    assert skipped == ["Local: not an http(s) or webcal address"]
    again = tmp_path / "out.opml"
    mailbox = Subscription("imaps://mail.example.org/INBOX", "imap", name="Home mail", username="me")
    again.write_text(write_opml([*subs, mailbox]))  # a mailbox is no feed reader's business
    assert read_opml(again)[0] == subs and "mail.example.org" not in again.read_text()


def test_opml_with_entities_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.opml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>')
    with pytest.raises(SourceError, match="DOCTYPE"):
        read_opml(bomb)


def test_seen_store_keys_by_guid_and_link_and_never_hides_events(tmp_path: Path) -> None:
    item = Document("Ferry strike", "text", "Harbour", kind="feed_item", extra={"guid": "g1"})
    linked = Document("Bridge opens", "text", "Harbour", kind="feed_item", url="https://x.invalid/bridge")
    event = Document("Standup", "", "work.ics", kind="event")
    store = SeenStore.load(tmp_path / "seen.json")
    store.mark([item, linked, event])
    store.save()
    again = SeenStore.load(tmp_path / "seen.json")
    renamed = Document("Ferry strike (updated)", "new text", "Harbour", kind="feed_item", extra={"guid": "g1"})
    fresh = Document("Market day", "text", "Harbour", kind="feed_item", extra={"guid": "g2"})
    kept, dropped = again.unseen([renamed, linked, fresh, event])
    assert [d.title for d in kept] == ["Market day", "Standup"] and dropped == 2
    assert again.last_briefing is not None and datetime.now(UTC) - again.last_briefing < timedelta(minutes=1)


def test_kiosk_never_fetches_and_ignores_the_users_subscriptions(tmp_path: Path) -> None:
    from app.core.kiosk.config import kiosk_settings
    from app.core.settings import Settings
    from app.jobs.services import briefing_request

    SubscriptionStore().add(Subscription("http://127.0.0.1:9/feed.xml", "feed"))
    user = briefing_request(Settings(sources=("/tmp/notes",)), tmp_path / "b.mp3")
    assert [s.location for s in user.subscriptions] == ["http://127.0.0.1:9/feed.xml"]
    assert user.fetch and user.skip_seen
    settings = kiosk_settings(Settings(fetch_sources=True))
    assert settings.fetch_sources is False and settings.privacy_mode is True
    kiosk = briefing_request(settings, tmp_path / "k.mp3", subscribed=False)
    assert kiosk.subscriptions == () and not kiosk.fetch and not kiosk.skip_seen
