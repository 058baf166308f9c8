"""Subscriptions → fetch (a few at a time) → check → cache; and the cache → Documents for a briefing.

A body is cached only when it parses as its kind, so a server that starts answering an error page
with 200 keeps yesterday's good copy. The briefing reads only the cache (offline and the kiosk
too); when a source could not be refreshed it says how old the copy it used is.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

import httpx

from app.core.documents import Document
from app.core.events import (
    QT_TRANSLATE_NOOP,
    Notice,
    PipelineEvent,
    Progress,
    Stage,
    StageFinished,
    stage_started,
)
from app.core.sources._text import clean_line, guard_errors, guard_size
from app.core.sources.cache import CacheEntry, SourceCache, SourceStatus, Status, age_text
from app.core.sources.caldav_source import fetch_caldav
from app.core.sources.calendar import read_calendar_data
from app.core.sources.discover import feed_links, sniff_kind
from app.core.sources.feeds import parse_feed
from app.core.sources.fetch import (
    DEFAULT_POLICY,
    FetchPolicy,
    FetchResult,
    check_url,
    fetch,
    is_url,
    new_client,
    run_parallel,
)
from app.core.sources.html import page_document
from app.core.sources.imap_source import MAIL_CACHE_TYPE, fetch_imap, parse_imap_url, unpack
from app.core.sources.load import load_sources
from app.core.sources.mail import load_mail, mail_documents
from app.core.sources.subscriptions import Kind, Subscription, is_imap_url, local_kind
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, SourceError

_CALNAME = re.compile(rb"^X-WR-CALNAME[^:\r\n]*:([^\r\n]+)", re.MULTILINE | re.IGNORECASE)
_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5",
    "calendar": "text/calendar, */*;q=0.5",
    "page": "text/html, application/xhtml+xml, */*;q=0.5",
}


@dataclass(frozen=True)
class Refreshed:
    """What one fetch did."""

    subscription: Subscription
    status: SourceStatus
    error: SourceError | None = None


@dataclass
class SubscribedRead:
    """Documents from the cached bodies; ``stale``: sentences the briefing speaks about old copies."""

    documents: list[Document] = field(default_factory=list)
    events: list[Document] = field(default_factory=list)
    problems: list[SourceError] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


# --- fetching ----------------------------------------------------------------------------------------


def refresh_one(
    sub: Subscription, client: httpx.Client, cache: SourceCache, *, policy: FetchPolicy = DEFAULT_POLICY,
    cancel: CancelToken = NEVER,
) -> Refreshed:
    """Fetch one network subscription into the cache and record how it went (never raises SourceError)."""
    started = time.monotonic()
    try:
        state, items = _fetch_into_cache(sub, client, cache, policy, cancel)
        status = SourceStatus(state, datetime.now(UTC), items=items, seconds=time.monotonic() - started)
        error = None
    except SourceError as exc:
        previous = cache.status(sub.key)
        status = SourceStatus("error", datetime.now(UTC), message=exc.problem, code=exc.code,
                              items=previous.items, seconds=time.monotonic() - started)
        error = exc
    cache.set_status(sub.key, status)
    return Refreshed(sub, status, error)


def _fetch_into_cache(sub: Subscription, client: httpx.Client, cache: SourceCache, policy: FetchPolicy,
                      cancel: CancelToken) -> tuple[Status, int]:
    if sub.kind == "caldav":
        body, _name, count = fetch_caldav(sub.location, key=sub.key, username=sub.username, policy=policy,
                                          cancel=cancel)
        cache.put(sub.key, body, url=sub.location, content_type="text/calendar")
        return "ok", count
    if sub.kind == "imap":
        body, count = fetch_imap(sub.location, key=sub.key, username=sub.username, policy=policy, cancel=cancel)
        cache.put(sub.key, body, url=sub.location, content_type=MAIL_CACHE_TYPE)
        return "ok", count
    entry = cache.get(sub.key)
    result = fetch(sub.location, client, validators=entry.validators if entry else None, policy=policy,
                   cancel=cancel, accept=_ACCEPT.get(sub.kind, "*/*"))
    if result.state == "not_modified" and entry is not None and cache.touch(sub.key, result.validators):
        previous = cache.status(sub.key)  # a 304 costs no parsing: the body, so its count, is unchanged
        items = previous.items if previous.state != "never" else count_items(
            body_kind(sub.kind, entry.body), entry.body, sub.label)
        return "not_modified", items
    if result.state == "not_modified":
        raise SourceError(sub.label, "the server answered 304 but there is no cached copy", code="source.cache")
    # raises when the body is not what it should be: a bad body never replaces a good copy
    items = count_items(body_kind(sub.kind, result.body, result.content_type), result.body, sub.label)
    cache.put(sub.key, result.body, url=result.url, content_type=result.content_type, validators=result.validators)
    return "ok", items


def body_kind(kind: str, body: bytes, content_type: str = "") -> str:
    """What to read ``body`` as: a URL given without a look (kind ``url``) is what its body says."""
    if kind != "url":
        return kind
    return sniff_kind(body, content_type) or "feed"


def count_items(kind: str, body: bytes, label: str) -> int:
    """How many items ``body`` holds as ``kind``; SourceError when it is not that kind at all."""
    where = Path(label)
    if kind == "feed":
        return len(_parse_feed(body, where))
    if kind in ("calendar", "caldav"):
        read_calendar_data(body, where, datetime.now(UTC).date(), UTC)  # parse check; events of any day count
        return body.upper().count(b"BEGIN:VEVENT")
    if kind == "page":
        page_document(body, where)
        return 1
    if kind == "imap":
        return len(unpack(body, label))
    raise SourceError(label, f"cannot fetch a {kind} source", code="source.unsupported")


@guard_errors
def _parse_feed(body: bytes, where: Path, content_type: str = "") -> list[Document]:
    return parse_feed(body, where, content_type)


def refresh_events(
    subs: Sequence[Subscription], cache: SourceCache, *, policy: FetchPolicy = DEFAULT_POLICY,
    cancel: CancelToken = NEVER, results: list[Refreshed] | None = None,
) -> Iterator[PipelineEvent]:
    """Fetch every network subscription, ``policy.parallel`` at a time, as pipeline events.

    One Progress per finished source and one Notice per failure (naming the source and why);
    ``results``, when given, collects each source's outcome.
    """
    network = [s for s in subs if s.is_network]
    if not network:
        return
    yield stage_started(Stage.FETCH, QT_TRANSLATE_NOOP("Notice", "Fetching {count} source(s)"), count=len(network))
    t0 = time.perf_counter()
    counts = {"ok": 0, "not_modified": 0, "error": 0}
    with new_client(policy) as client:
        def work(sub: Subscription) -> Refreshed:
            return refresh_one(sub, client, cache, policy=policy, cancel=cancel)

        for done, (sub, outcome) in enumerate(run_parallel(network, work, parallel=policy.parallel,
                                                           cancel=cancel), start=1):
            if isinstance(outcome, Cancelled):
                raise outcome
            if isinstance(outcome, BaseException):
                outcome = Refreshed(sub, SourceStatus("error", datetime.now(UTC), message=str(outcome),
                                                      code="source.internal"), SourceError(sub.label, str(outcome)))
            counts[outcome.status.state] = counts.get(outcome.status.state, 0) + 1
            if results is not None:
                results.append(outcome)
            if outcome.error is not None:
                yield Notice(outcome.error.code, f"{sub.label}: {outcome.error.problem}")
            yield Progress(Stage.FETCH, done, len(network), f"{sub.label}: {describe_status(outcome.status)}")
    yield StageFinished(Stage.FETCH, time.perf_counter() - t0, counts)


def describe_status(status: SourceStatus) -> str:
    if status.state == "ok":
        return f"ok, {counted(status.items, 'item')}"
    if status.state == "not_modified":
        return f"not modified, {counted(status.items, 'item')}"
    if status.state == "error":
        return f"error: {status.message}"
    return "never fetched"


# --- adding: what is at this address? --------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """What ``sources add`` found: the subscription to store and a line for the user."""

    subscription: Subscription
    found: str
    body: bytes = b""
    result: FetchResult | None = None


def probe(location: str, *, name: str = "", caldav: bool = False, username: str = "",
          policy: FetchPolicy = DEFAULT_POLICY, cancel: CancelToken = NEVER) -> Probe:
    """Look at ``location`` once and decide its kind: feed, a page's linked feed, article, calendar, mail.

    CalDAV and IMAP are only named here: their first fetch needs the password in the keyring first."""
    if not is_url(location) and not is_imap_url(location):
        return _probe_path(location, name)
    url = location.strip()
    if caldav:
        check_url(url)
        sub = Subscription(url, "caldav", name=name, username=username)
        return Probe(sub, "CalDAV calendar")
    if is_imap_url(url):
        mailbox = parse_imap_url(url).mailbox
        return Probe(Subscription(url, "imap", name=name, username=username), f"IMAP mailbox {mailbox}")
    with new_client(policy) as client:
        result = fetch(url, client, policy=policy, cancel=cancel)
        kind = sniff_kind(result.body, result.content_type)
        if kind == "page":
            links = feed_links(result.body, result.url)
            if links:
                feed = fetch(links[0], client, policy=policy, cancel=cancel)
                sub = Subscription(links[0], "feed", name=name or _title("feed", feed.body), found_via=url)
                items = count_items("feed", feed.body, sub.label)
                return Probe(sub, f"feed (linked from the page), {counted(items, 'item')}", feed.body, feed)
            doc = page_document(result.body, Path(url), url=result.url)
            sub = Subscription(url, "page", name=name or doc.title)
            return Probe(sub, f"web page (no feed linked): article, {counted(len(doc.text.split()), 'word')}",
                         result.body, result)
        if kind == "feed" or kind == "calendar":
            sub = Subscription(url, kind, name=name or _title(kind, result.body))
            items = count_items(kind, result.body, sub.label)
            return Probe(sub, f"{kind}, {counted(items, 'item' if kind == 'feed' else 'event')}", result.body, result)
        raise SourceError(url, f"not a feed, calendar or web page ({result.content_type or 'unknown type'})",
                          code="source.unsupported")


def _title(kind: str, body: bytes) -> str:
    """The name a feed or calendar gives itself ("" when none or unreadable)."""
    try:
        if kind == "feed":
            docs = _parse_feed(body, Path("feed"))
            return docs[0].extra.get("feed", "") if docs else ""
        found = _CALNAME.search(body[:65536])
        return clean_line(found.group(1).decode("utf-8", errors="replace")) if found else ""
    except SourceError:
        return ""


def _probe_path(location: str, name: str) -> Probe:
    path = Path(location).expanduser().resolve()
    if not path.exists():
        raise SourceError(str(path), "no such file or folder", code="source.missing")
    kind: Kind = local_kind(path)
    sub = Subscription(str(path), kind, name=name)
    if kind == "mail":
        return Probe(sub, f"mail, {counted(len(load_mail(path)), 'message')}")
    read = load_sources([path], day=date.today())
    found = len(read.documents) + len(read.events)
    return Probe(sub, f"{'folder' if path.is_dir() else 'file'}, {counted(found, 'item')}")


def store_probe(found: Probe, cache: SourceCache) -> None:
    """Keep what the probe fetched as the first cached copy (no second download)."""
    if found.result is None or not found.body:
        return
    sub = found.subscription
    cache.put(sub.key, found.body, url=found.result.url, content_type=found.result.content_type,
              validators=found.result.validators)
    cache.set_status(sub.key, SourceStatus("ok", datetime.now(UTC), items=count_items(sub.kind, found.body,
                                                                                        sub.label)))


def counted(count: int, noun: str) -> str:
    """"1 item", "3 items"."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


# --- reading the cache for a briefing ---------------------------------------------------------------


def read_subscriptions(
    subs: Sequence[Subscription], cache: SourceCache, *, day: date, tz: tzinfo, fetched: bool,
    now: datetime | None = None, cancel: CancelToken = NEVER,
) -> SubscribedRead:
    """Documents of every subscription; network ones from their cached copies.

    ``fetched`` False means the network switch is off: every cached copy is then "not refreshed".
    """
    moment = now or datetime.now(UTC)
    read = SubscribedRead()
    local = [Path(s.location) for s in subs if not s.is_network]
    if local:
        imported = load_sources(local, day=day, tz=tz, cancel=cancel)
        read.documents.extend(imported.documents)
        read.events.extend(imported.events)
        read.problems.extend(imported.problems)
    old_copies: list[tuple[str, datetime]] = []
    for sub in subs:
        if sub.is_network:
            cancel.check()
            _read_cached(sub, cache, day, tz, fetched, read, old_copies)
    if old_copies:
        sentence = stale_sentence(old_copies, fetched, moment)
        read.stale.append(sentence[:1].upper() + sentence[1:])
    return read


def stale_sentence(copies: list[tuple[str, datetime]], fetched: bool, now: datetime) -> str:
    """One sentence for every copy that is not fresh: which, why, and how old the oldest is."""
    oldest = age_text(min(when for _, when in copies), now)
    names = [label for label, _ in copies]
    if len(names) == 1:
        if not fetched:
            return f"Fetching is switched off, so {names[0]} is read from its copy of {oldest} ago."
        return f"{names[0]} could not be refreshed, so this is its copy from {oldest} ago."
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    if not fetched:
        return f"Fetching is switched off, so {listed} are read from cached copies; the oldest is {oldest} old."
    return f"{listed} could not be refreshed, so these are their cached copies; the oldest is {oldest} old."


def _read_cached(sub: Subscription, cache: SourceCache, day: date, tz: tzinfo, fetched: bool,
                 read: SubscribedRead, old_copies: list[tuple[str, datetime]]) -> None:
    entry = cache.get(sub.key)
    status = cache.status(sub.key)
    if entry is None:
        why = status.message if status.state == "error" else "it has not been fetched yet"
        read.problems.append(SourceError(sub.label, f"no copy to read ({why})", code="source.no_cache"))
        return
    try:
        documents, events = documents_of(sub, entry, day, tz)
    except SourceError as exc:
        read.problems.append(exc)
        return
    if not fetched or status.state == "error":
        old_copies.append((spoken_label(sub, documents), entry.fetched_at))
    read.documents.extend(guard_size(d) for d in documents)
    read.events.extend(events)


def documents_of(sub: Subscription, entry: CacheEntry, day: date, tz: tzinfo) -> tuple[list[Document], list[Document]]:
    where = Path(sub.label)
    kind = body_kind(sub.kind, entry.body, entry.content_type)
    if kind == "feed":
        return [_named(d, sub) for d in _parse_feed(entry.body, where, entry.content_type)], []
    if kind in ("calendar", "caldav"):
        return [], read_calendar_data(entry.body, where, day, tz).events
    if kind == "page":
        page = page_document(entry.body, where, url=sub.location, fetched=entry.fetched_at,
                             content_type=entry.content_type)
        return [_named(page, sub)], []
    if kind == "imap":
        return mail_documents(unpack(entry.body, sub.label), f"Mail ({sub.label})"), []
    raise SourceError(sub.label, f"cannot read a {sub.kind} source from the cache", code="source.unsupported")


def _named(doc: Document, sub: Subscription) -> Document:
    """The subscription's label is the item's source; a name the user gave is what the listener hears."""
    extra = {**doc.extra, "feed": sub.name} if sub.name else doc.extra
    return replace(doc, source=sub.label, extra=extra)


def spoken_label(sub: Subscription, documents: list[Document]) -> str:
    """The source as a listener knows it: its name, the feed's own title, else "your calendar"."""
    if sub.name:
        return sub.name
    if sub.kind in ("calendar", "caldav"):
        return "your calendar"
    if sub.kind == "imap":
        return "your mail"
    titles = [d.extra.get("feed", "") for d in documents if d.extra.get("feed")]
    return titles[0] if titles else sub.label
