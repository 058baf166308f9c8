"""Fetching against a real HTTP server on 127.0.0.1: 304s, slow replies, redirects, gzip and its bombs."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from app.core.sources.cache import SourceCache
from app.core.sources.fetch import FetchPolicy, fetch, new_client
from app.core.sources.refresh import probe, refresh_events, refresh_one
from app.core.sources.subscriptions import Subscription
from engines.cancel import CancelToken
from engines.errors import Cancelled, SourceError
from tests.core.sources.feedserver import FeedServer, Route, rss, self_signed_context

FEED = rss("Harbour News", [("h-1", "Ferry timetable changes on Monday", "The 7:40 ferry now leaves at 7:55.")])
FAST = FetchPolicy(connect_s=2.0, read_s=0.5, deadline_s=1.5, max_bytes=200_000, max_decoded_bytes=400_000)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.stop()


def _fetch(server: FeedServer, path: str, policy: FetchPolicy = FAST, **kw: object) -> object:
    with new_client(policy) as client:
        return fetch(server.url(path), client, policy=policy, **kw)  # type: ignore[arg-type]


def _error(server: FeedServer, path: str, policy: FetchPolicy = FAST) -> SourceError:
    with pytest.raises(SourceError) as info:
        _fetch(server, path, policy)
    return info.value


def test_etag_gives_a_304_that_keeps_the_cache_and_costs_no_body(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/feed.xml"] = Route(FEED, etag='"v1"')
    cache = SourceCache(tmp_path)
    sub = Subscription(server.url("/feed.xml"), "feed")
    with new_client(FAST) as client:
        first = refresh_one(sub, client, cache, policy=FAST)
        second = refresh_one(sub, client, cache, policy=FAST)
    assert (first.status.state, first.status.items) == ("ok", 1)
    assert (second.status.state, second.status.items) == ("not_modified", 1), second.status.message
    assert server.status_of("/feed.xml") == [200, 304]
    entry = cache.get(sub.key)
    assert entry is not None and entry.body == FEED and entry.validators.etag == '"v1"'


def test_gzip_reply_is_inflated(server: FeedServer) -> None:
    server.routes["/z.xml"] = Route(FEED, gzip=True)
    assert _fetch(server, "/z.xml").body == FEED  # type: ignore[attr-defined]


def test_gzip_bomb_is_stopped_while_inflating(server: FeedServer) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # ~50 KB on the wire, 50 MB inflated
    server.routes["/bomb.xml"] = Route(raw_encoded=bomb)
    error = _error(server, "/bomb.xml")
    assert error.code == "source.too_large" and "compression bomb" in error.problem


def test_oversized_body_is_refused(server: FeedServer) -> None:
    server.routes["/big.xml"] = Route(b"x" * 300_000)
    assert _error(server, "/big.xml").code == "source.too_large"


def test_redirects_are_followed_and_loops_and_schemes_refused(server: FeedServer) -> None:
    server.routes["/feed.xml"] = Route(FEED)
    server.routes["/old"] = Route(location="/feed.xml", status=301)
    assert _fetch(server, "/old").body == FEED  # type: ignore[attr-defined]
    server.routes["/a"] = Route(location="/b")
    server.routes["/b"] = Route(location="/a")
    assert _error(server, "/a").code == "source.redirect_loop"
    server.routes["/file"] = Route(location="file:///etc/passwd")
    error = _error(server, "/file")
    assert error.code == "source.scheme" and "file" in error.problem
    for index in range(8):
        server.routes[f"/hop{index}"] = Route(location=f"/hop{index + 1}")
    assert _error(server, "/hop0").code == "source.too_many_redirects"


def test_http_errors_are_named(server: FeedServer) -> None:
    server.routes["/gone"] = Route(b"gone", status=500, content_type="text/plain")
    assert "500" in _error(server, "/gone").problem
    error = _error(server, "/missing")
    assert error.code == "source.http_status" and "404" in error.problem


def test_slow_reply_times_out_and_a_trickle_meets_the_deadline(server: FeedServer) -> None:
    server.routes["/slow"] = Route(FEED, delay_s=30)
    t0 = time.monotonic()
    assert _error(server, "/slow").code == "source.timeout"
    server.routes["/drip"] = Route(FEED, drip_s=0.05)  # a byte every 50 ms: each read is fast, the whole is not
    assert _error(server, "/drip").code == "source.timeout"
    assert time.monotonic() - t0 < 6


def test_only_http_and_https_are_fetched() -> None:
    with new_client(FAST) as client, pytest.raises(SourceError) as info:
        fetch("file:///etc/passwd", client, policy=FAST)
    assert info.value.code == "source.scheme"


def test_untrusted_certificate_is_a_tls_error(tmp_path: Path) -> None:
    server = FeedServer(tls=self_signed_context(tmp_path))
    server.routes["/feed.xml"] = Route(FEED)
    try:
        error = _error(server, "/feed.xml")
    finally:
        server.stop()
    assert error.code == "source.tls" and "certificate" in error.problem.lower()


def test_refused_connection_is_named(server: FeedServer) -> None:
    url = server.url("/feed.xml")
    server.stop()
    with new_client(FAST) as client, pytest.raises(SourceError) as info:
        fetch(url, client, policy=FAST)
    assert info.value.code == "source.connect"


def test_failed_fetch_keeps_the_last_good_copy(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/feed.xml"] = Route(FEED)
    cache = SourceCache(tmp_path)
    sub = Subscription(server.url("/feed.xml"), "feed")
    with new_client(FAST) as client:
        refresh_one(sub, client, cache, policy=FAST)
        server.routes["/feed.xml"] = Route(b"<html><body>Maintenance</body></html>", content_type="text/html")
        broken = refresh_one(sub, client, cache, policy=FAST)
    assert broken.status.state == "error" and broken.error is not None
    entry = cache.get(sub.key)
    assert entry is not None and entry.body == FEED
    assert [p.name for p in (tmp_path / sub.key).iterdir() if p.name.startswith(".")] == []  # no temp left


def test_many_sources_fetch_in_parallel_with_progress_and_errors_named(server: FeedServer, tmp_path: Path) -> None:
    for index in range(6):
        server.routes[f"/f{index}.xml"] = Route(FEED, delay_s=0.3)
    subs = [Subscription(server.url(f"/f{i}.xml"), "feed") for i in range(6)]
    subs.append(Subscription(server.url("/nothing.xml"), "feed", name="Broken"))
    t0 = time.monotonic()
    events = list(refresh_events(subs, SourceCache(tmp_path), policy=FetchPolicy(parallel=4)))
    elapsed = time.monotonic() - t0
    progress = [e for e in events if type(e).__name__ == "Progress"]
    notices = [e.message for e in events if type(e).__name__ == "Notice"]
    assert len(progress) == 7 and progress[-1].done == 7
    assert notices == ["Broken: the server answered 404 Not Found"]
    assert elapsed < 6 * 0.3  # one at a time would take 1.8 s


def test_cancel_stops_a_fetch_in_flight(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/drip"] = Route(FEED, drip_s=0.02)
    cancel = CancelToken()
    subs = [Subscription(server.url("/drip"), "feed")]
    events = refresh_events(subs, SourceCache(tmp_path), policy=FetchPolicy(deadline_s=60), cancel=cancel)
    next(events)  # the stage started
    cancel.cancel("test")
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        list(events)
    assert time.monotonic() - t0 < 2


def test_html_page_links_its_feed_and_a_page_without_one_is_an_article(server: FeedServer) -> None:
    server.routes["/feed.xml"] = Route(FEED)
    server.routes["/"] = Route(b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                               b"</head><body>Home</body></html>", content_type="text/html")
    found = probe(server.url("/"), policy=FAST)
    assert found.subscription.kind == "feed" and found.subscription.location == server.url("/feed.xml")
    assert found.found == "feed (linked from the page), 1 item"
    words = " ".join(["The lighthouse keeper counted 212 ships this season."] * 12)
    server.routes["/story"] = Route(f"<html><head><title>Lighthouse</title></head><body><article><p>{words}</p>"
                                    "</article></body></html>".encode(), content_type="text/html")
    article = probe(server.url("/story"), policy=FAST)
    assert article.subscription.kind == "page" and article.found.startswith("web page (no feed linked): article")


def test_urls_given_once_are_read_as_what_their_bodies_are(server: FeedServer, tmp_path: Path) -> None:
    from datetime import date

    from app.core.sources.refresh import read_subscriptions
    from app.core.sources.subscriptions import split_sources
    from tests.core.sources.feedserver import ics

    words = " ".join(["The harbour crane lifted a 90 tonne boiler onto the quay this morning."] * 10)
    server.routes["/story"] = Route(f"<html><head><title>Crane</title></head><body><article><p>{words}</p>"
                                    "</article></body></html>".encode(), content_type="text/html")
    server.routes["/cal.ics"] = Route(ics([("e1", "20260312T090000Z", "Harbour board meeting")]),
                                      content_type="text/calendar")
    server.routes["/feed.xml"] = Route(FEED)
    paths, subs = split_sources([server.url("/story"), "webcal" + server.url("/cal.ics")[4:],
                                 server.url("/feed.xml"), str(tmp_path)])
    assert paths == [tmp_path] and [s.kind for s in subs] == ["url", "calendar", "url"]
    cache = SourceCache(tmp_path / "cache")
    list(refresh_events(subs, cache, policy=FAST))
    read = read_subscriptions(subs, cache, day=date(2026, 3, 12), tz=UTC, fetched=True)
    assert sorted(d.kind for d in read.documents) == ["feed_item", "web_page"]
    assert [e.title for e in read.events] == ["Harbour board meeting"] and read.stale == []
    server.stop()
    list(refresh_events(subs, cache, policy=FAST))
    offline = read_subscriptions(subs, cache, day=date(2026, 3, 12), tz=UTC, fetched=True)
    assert len(offline.documents) == 2 and offline.stale[0].endswith("the oldest is less than a minute old.")


def test_a_charset_named_only_in_the_http_header_is_honoured(server: FeedServer, tmp_path: Path) -> None:
    """Cyrillic in Windows-1251 with the encoding given only by the server, as many sites do: without the
    header it reads as "Íîâîñòè"."""
    from datetime import date

    from app.core.sources.refresh import read_subscriptions

    words = " ".join(["Сегодня паром отправляется в семь сорок пять утра."] * 10)
    server.routes["/story"] = Route(f"<html><head><title>Новости</title></head><body><article><p>{words}</p>"
                                    "</article></body></html>".encode("cp1251"),
                                    content_type="text/html; charset=windows-1251")
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Погода</title><item><guid>w1</guid>'
            "<title>Дождь в полдень</title><description>Возьмите зонт.</description></item></channel></rss>")
    server.routes["/feed.xml"] = Route(feed.encode("cp1251"), content_type="application/rss+xml; charset=cp1251")
    subs = [Subscription(server.url("/story"), "page"), Subscription(server.url("/feed.xml"), "feed")]
    cache = SourceCache(tmp_path)
    list(refresh_events(subs, cache, policy=FAST))
    read = read_subscriptions(subs, cache, day=date(2026, 3, 12), tz=UTC, fetched=True)
    page = next(d for d in read.documents if d.kind == "web_page")
    item = next(d for d in read.documents if d.kind == "feed_item")
    assert "паром отправляется" in page.text and page.title == "Новости"
    assert (item.title, item.text) == ("Дождь в полдень", "Возьмите зонт.")


def test_the_last_fetch_time_comes_from_the_small_record_not_the_body(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    cache = SourceCache(tmp_path)
    when = datetime.now(UTC) - timedelta(hours=2)
    cache.put("k1", b"<rss/>" * 100_000, url="https://example.org/feed.xml", fetched_at=when)
    assert cache.fetched_at("k1") == when
    assert cache.fetched_at("never-fetched") is None
    next((tmp_path / "k1").glob("body-*")).unlink()  # the body went missing: no fetch to speak of
    assert cache.fetched_at("k1") is None and cache.get("k1") is None
