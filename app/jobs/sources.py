"""Qt-free jobs of the Sources page: fetch the subscriptions, add one by address, and the rows it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.events import (
    QT_TRANSLATE_NOOP,
    Finished,
    PipelineEvent,
    Stage,
    StageFinished,
    stage_started,
)
from app.core.sources.cache import SourceCache, age_text
from app.core.sources.fetch import new_client
from app.core.sources.imap_source import WINDOW
from app.core.sources.opml import read_opml
from app.core.sources.refresh import Refreshed, counted, probe, refresh_events, refresh_one, store_probe
from app.core.sources.subscriptions import Subscription, SubscriptionStore, adhoc, is_imap_url, password_account
from engines.cancel import NEVER, CancelToken
from engines.errors import UsageError
from engines.secrets import delete_secret, set_secret

Job = Callable[[CancelToken], Iterator[PipelineEvent]]


@dataclass(frozen=True)
class SourceRow:
    """One line of the sources list, as text."""

    key: str
    name: str
    kind: str
    last_fetch: str
    status: str
    items: str
    failed: bool
    location: str


@dataclass(frozen=True)
class Added:
    subscription: Subscription
    found: str


def source_rows(store: SubscriptionStore | None = None, cache: SourceCache | None = None,
                now: datetime | None = None) -> list[SourceRow]:
    cache = cache or SourceCache()
    moment = now or datetime.now(UTC)
    rows = []
    for sub in (store or SubscriptionStore()).load():
        if not sub.is_network:
            rows.append(SourceRow(sub.key, sub.label, sub.kind, "read each time", "local", "–", False, sub.location))
            continue
        status = cache.status(sub.key)
        fetched = cache.fetched_at(sub.key)
        last = _ago(fetched, moment) if fetched else "never"
        text = {"ok": "ok", "not_modified": "not modified", "never": "not fetched yet"}.get(status.state, "")
        if status.state == "error":
            text = f"error: {status.message}"
        rows.append(SourceRow(sub.key, sub.label, sub.kind, last, text, str(status.items), status.state == "error",
                              sub.location))
    return rows


def _ago(when: datetime, now: datetime) -> str:
    age = age_text(when, now)
    return "just now" if age.startswith("less than") else f"{age} ago"


def fetch_job(subscriptions: Sequence[Subscription] | None = None, cache: SourceCache | None = None) -> Job:
    """Fetch the network subscriptions (all by default); ends with ``Finished(list[Refreshed])``."""

    def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
        subs = list(subscriptions) if subscriptions is not None else SubscriptionStore().load()
        results: list[Refreshed] = []
        yield from refresh_events(subs, cache or SourceCache(), cancel=cancel, results=results)
        yield Finished(results)

    return job


@dataclass(frozen=True)
class Login:
    """A CalDAV or IMAP login: the password goes to the OS keyring ("" keeps the one stored there)."""

    username: str
    password: str = ""


LOGIN_KINDS = frozenset({"caldav", "imap"})


def add_job(location: str, name: str = "", store: SubscriptionStore | None = None,
            cache: SourceCache | None = None, *, caldav: bool = False, login: Login | None = None) -> Job:
    """Look at ``location`` (one fetch), follow it and keep what was fetched; ends with ``Finished(Added)``."""

    def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
        yield stage_started(Stage.ADD, QT_TRANSLATE_NOOP("Notice", "Looking at {location}"), location=location)
        added = follow(location, name=name, caldav=caldav, login=login, store=store, cache=cache, cancel=cancel)
        yield StageFinished(Stage.ADD, 0.0)
        yield Finished(added)

    return job


def follow(location: str, *, name: str = "", caldav: bool = False, login: Login | None = None,
           store: SubscriptionStore | None = None, cache: SourceCache | None = None,
           cancel: CancelToken = NEVER) -> Added:
    """Follow ``location``. A CalDAV calendar or IMAP mailbox is fetched once with the login, and is not
    followed (nor its password kept) when that fails."""
    store, cache = store or SubscriptionStore(), cache or SourceCache()
    location, username = location.strip(), login.username if login else ""
    check_login(location, caldav, username)
    found = probe(location, name=name, caldav=caldav, username=username, cancel=cancel)
    sub = store.add(found.subscription)
    store_probe(found, cache)
    if sub.kind not in LOGIN_KINDS:
        return Added(sub, found.found)
    if login is not None and login.password:
        set_secret(password_account(sub.key), login.password)
    with new_client() as client:
        done = refresh_one(sub, client, cache, cancel=cancel)
    if done.error is not None:
        store.remove(sub.key)
        delete_secret(password_account(sub.key))
        raise done.error
    items = done.status.items
    what = counted(items, "event") if sub.kind == "caldav" else f"{counted(items, 'message')} from the last " \
        f"{WINDOW.days} days"
    return Added(sub, f"{found.found}, {what}")


def check_login(location: str, caldav: bool, username: str) -> None:
    """A mailbox needs a login; a login is kept only for a CalDAV calendar or a mailbox (never dropped silently)."""
    named = bool(username)
    if is_imap_url(location) and not named:
        raise UsageError("An IMAP mailbox needs a login", hint="give the user name (the password is asked for)")
    if named and not caldav and not is_imap_url(location):
        raise UsageError("A login is only for CalDAV calendars and IMAP mailboxes",
                         hint="mark the address as a CalDAV calendar (--caldav), or leave the user name empty")


def follow_unchecked(location: str, *, name: str = "", caldav: bool = False, login: Login | None = None,
                     store: SubscriptionStore | None = None) -> Subscription:
    """Follow an address without looking at it (fetching is switched off); the login is kept."""
    location, username = location.strip(), login.username if login else ""
    check_login(location, caldav, username)
    if caldav or is_imap_url(location):  # the probe only names these: it fetches nothing
        sub = probe(location, name=name, caldav=caldav, username=username).subscription
    else:
        sub = adhoc(location)
    sub = (store or SubscriptionStore()).add(sub)
    if login is not None and login.password and sub.kind in LOGIN_KINDS:
        set_secret(password_account(sub.key), login.password)
    return sub


def import_opml(path: Path, store: SubscriptionStore | None = None) -> str:
    """Follow the feeds of an OPML file (no fetching); a line saying what happened."""
    subs, skipped = read_opml(path)
    added, already = (store or SubscriptionStore()).add_many(subs)
    parts = [f"Imported {counted(len(added), 'subscription')} from {path.name}"]
    if already:
        parts.append(f"{len(already)} already followed")
    if skipped:
        parts.append(f"{len(skipped)} skipped ({'; '.join(skipped[:2])})")
    return "; ".join(parts) + "."
