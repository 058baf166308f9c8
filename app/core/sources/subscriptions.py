"""Subscriptions: the sources a user follows (feed, page, calendar and CalDAV URLs; mail and files).

Kept in ``subscriptions.json`` in the platform config folder, written atomically. Passwords are
never here: a CalDAV (or IMAP) password lives in the OS keyring under the subscription's key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args
from urllib.parse import urlsplit

from app.core.sources.fetch import is_url, normalise_url
from app.core.sources.mail import is_mail_path
from engines.errors import SettingsError, UsageError
from engines.fsutil import atomic_write_text
from engines.paths import config_dir

Kind = Literal["feed", "page", "calendar", "caldav", "imap", "mail", "file", "url"]
"""``url``: an address given once without a look (``--sources URL``): each fetched body says what it is."""
KINDS: tuple[str, ...] = get_args(Kind)
NETWORK_KINDS = frozenset({"feed", "page", "calendar", "caldav", "imap", "url"})


@dataclass(frozen=True)
class Subscription:
    """One followed source.

    ``location``: the URL (webcal kept as typed) or the absolute path; ``kind``: how it is read;
    ``name``: what the user calls it; ``found_via``: the page a feed was discovered on;
    ``username``: for CalDAV or IMAP with a login (the password is in the keyring); ``added``: ISO time.
    """

    location: str
    kind: Kind
    name: str = ""
    found_via: str = ""
    username: str = ""
    added: str = ""

    @property
    def key(self) -> str:
        """Stable id for the cache, the keyring and ``sources remove``."""
        return source_key(self.location)

    @property
    def is_network(self) -> bool:
        return self.kind in NETWORK_KINDS

    @property
    def label(self) -> str:
        return self.name or display_name(self.location)


def source_key(location: str) -> str:
    return hashlib.sha256(location.strip().encode("utf-8")).hexdigest()[:12]


def display_name(location: str) -> str:
    if is_url(location) or is_imap_url(location):
        parts = urlsplit(normalise_url(location))
        tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return f"{parts.hostname}{'/' + tail if tail else ''}"
    return Path(location).name or location


def password_account(key: str) -> str:
    """The keyring account of a subscription's password (CalDAV, IMAP)."""
    return f"source:{key}"


IMAP_SCHEMES = ("imap", "imaps")


def is_imap_url(text: str) -> bool:
    return urlsplit(text.strip()).scheme.lower() in IMAP_SCHEMES


def store_path() -> Path:
    return config_dir() / "subscriptions.json"


class SubscriptionStore:
    """Load, add, remove and save subscriptions (every change written at once, atomically)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or store_path()

    def load(self) -> list[Subscription]:
        if not self.path.exists():
            return []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            known = {f.name for f in fields(Subscription)}
            subs = [Subscription(**{k: v for k, v in item.items() if k in known}) for item in raw["subscriptions"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SettingsError(f"The subscriptions file {self.path} is unreadable ({exc})",
                                hint="fix or remove it; nothing was changed", code="sources.store_corrupt") from exc
        return [s for s in subs if s.kind in KINDS]

    def save(self, subscriptions: Iterable[Subscription]) -> None:
        data = {"version": 1, "subscriptions": [asdict(s) for s in subscriptions]}
        atomic_write_text(self.path, json.dumps(data, indent=2) + "\n")

    def add(self, subscription: Subscription) -> Subscription:
        current = self.load()
        if any(s.key == subscription.key for s in current):
            raise UsageError(f"Already subscribed: {subscription.location}", code="sources.duplicate")
        stamped = replace(subscription, added=subscription.added or datetime.now(UTC).isoformat(timespec="seconds"))
        self.save([*current, stamped])
        return stamped

    def add_many(self, subscriptions: Iterable[Subscription]) -> tuple[list[Subscription], list[Subscription]]:
        """Add those not yet followed; returns (added, already there)."""
        current = self.load()
        keys = {s.key for s in current}
        added, skipped = [], []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for sub in subscriptions:
            if sub.key in keys:
                skipped.append(sub)
                continue
            keys.add(sub.key)
            added.append(replace(sub, added=sub.added or now))
        if added:
            self.save([*current, *added])
        return added, skipped

    def find(self, what: str) -> Subscription:
        """By key, location, or the name `sources list` shows (case-insensitive; a name shared by several
        is refused rather than guessed); UsageError naming the choices otherwise."""
        subs = self.load()
        wanted = what.strip()
        for sub in subs:
            if wanted in (sub.key, sub.location):
                return sub
        named = [sub for sub in subs if wanted.casefold() in (sub.name.casefold(), sub.label.casefold())]
        if len(named) == 1:
            return named[0]
        if named:
            raise UsageError(f"{len(named)} subscriptions are called {what!r}", code="sources.ambiguous",
                             hint="use the id that `daycast sources list` shows")
        raise UsageError(f"No subscription {what!r}", hint="see `daycast sources list` for names and ids",
                         code="sources.unknown")

    def remove(self, what: str) -> Subscription:
        found = self.find(what)
        self.save([s for s in self.load() if s.key != found.key])
        return found


def local_kind(path: Path) -> Kind:
    """Mail (Maildir, mbox, .eml) or a plain file/folder read by the importers."""
    return "mail" if is_mail_path(path) else "file"


def adhoc(url: str) -> Subscription:
    """A URL given once (``--sources URL``, a URL in the settings' source list), read like a subscription."""
    lowered = url.strip().lower()
    kind: Kind = "calendar" if lowered.startswith("webcal") or lowered.split("?", 1)[0].endswith(".ics") else "url"
    return Subscription(url.strip(), kind)


def split_sources(entries: Iterable[str]) -> tuple[list[Path], list[Subscription]]:
    """Files and folders apart from URLs (which become subscriptions read through the cache)."""
    paths: list[Path] = []
    subs: list[Subscription] = []
    for entry in entries:
        if is_imap_url(entry):
            raise UsageError(f"{entry} is an IMAP mailbox, which needs a login",
                             hint="follow it once with `daycast sources add URL --user NAME`; briefings then read it")
        if is_url(entry):
            subs.append(adhoc(entry))
        else:
            paths.append(Path(entry).expanduser())
    return paths, subs


def briefing_sources(entries: Iterable[str], store: SubscriptionStore | None = None
                     ) -> tuple[list[Path], list[Subscription]]:
    """What a briefing reads when no sources are named: the settings' list plus every subscription."""
    paths, subs = split_sources(entries)
    keys = {s.key for s in subs}
    subs.extend(s for s in (store or SubscriptionStore()).load() if s.key not in keys)
    return paths, subs
