"""Qt-free jobs of the Sources page: fetch the subscriptions, add one by address, and the rows it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.events import Finished, PipelineEvent, StageFinished, StageStarted
from app.core.sources.cache import SourceCache, age_text
from app.core.sources.opml import read_opml
from app.core.sources.refresh import Refreshed, probe, refresh_events, store_probe
from app.core.sources.subscriptions import Subscription, SubscriptionStore
from engines.cancel import CancelToken

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
        entry = cache.get(sub.key)
        last = _ago(entry.fetched_at, moment) if entry else "never"
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


def add_job(location: str, name: str = "", store: SubscriptionStore | None = None,
            cache: SourceCache | None = None) -> Job:
    """Look at ``location`` (one fetch), follow it and keep what was fetched; ends with ``Finished(Added)``."""

    def job(cancel: CancelToken) -> Iterator[PipelineEvent]:
        yield StageStarted("add", f"Looking at {location}")
        found = probe(location, name=name, cancel=cancel)
        sub = (store or SubscriptionStore()).add(found.subscription)
        store_probe(found, cache or SourceCache())
        yield StageFinished("add", 0.0)
        yield Finished(Added(sub, found.found))

    return job


def import_opml(path: Path, store: SubscriptionStore | None = None) -> str:
    """Follow the feeds of an OPML file (no fetching); a line saying what happened."""
    subs, skipped = read_opml(path)
    added, already = (store or SubscriptionStore()).add_many(subs)
    parts = [f"Imported {len(added)} subscription{'s' if len(added) != 1 else ''} from {path.name}"]
    if already:
        parts.append(f"{len(already)} already followed")
    if skipped:
        parts.append(f"{len(skipped)} skipped ({'; '.join(skipped[:2])})")
    return "; ".join(parts) + "."
