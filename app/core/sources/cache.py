"""The offline cache: each source's last good body with its fetch time, and how the last try went.

One folder per subscription under the platform cache folder. The body is stored under its own
hash and written before the small ``entry.json`` that names it, each write atomic: a crash or a
cancel between the two leaves the previous entry pointing at the previous body, never a mix.
The status of the last attempt (ok / not modified / error and why) is a separate small file, so a
failed fetch never touches the last good copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from app.core.sources.fetch import NO_VALIDATORS, Validators
from engines.fsutil import atomic_write_bytes, atomic_write_text
from engines.paths import cache_dir

Status = Literal["ok", "not_modified", "error", "never"]


@dataclass(frozen=True)
class CacheEntry:
    """The last good body of one source."""

    body: bytes
    fetched_at: datetime
    url: str
    content_type: str = ""
    validators: Validators = NO_VALIDATORS


@dataclass(frozen=True)
class SourceStatus:
    """How the last fetch of a source went; ``items`` counts what its last good body holds."""

    state: Status = "never"
    checked_at: datetime | None = None
    message: str = ""
    code: str = ""
    items: int = 0
    seconds: float = 0.0


def default_root() -> Path:
    return cache_dir() / "sources"


class SourceCache:
    """Per-subscription cache entries and statuses under ``root``."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_root()

    def _folder(self, key: str) -> Path:
        return self.root / key

    def get(self, key: str) -> CacheEntry | None:
        """The last good body, or None when there is none (or its files do not agree)."""
        folder = self._folder(key)
        try:
            meta = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
            body = (folder / meta["body"]).read_bytes()
            if hashlib.sha256(body).hexdigest() != meta["sha256"]:
                return None
            return CacheEntry(body=body, fetched_at=datetime.fromisoformat(meta["fetched_at"]), url=meta["url"],
                              content_type=meta.get("content_type", ""),
                              validators=Validators(meta.get("etag", ""), meta.get("last_modified", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def fetched_at(self, key: str) -> datetime | None:
        """When the last good body was fetched, from its small record alone: a list of sources shows this
        for every feed, and reading and hashing each cached body (an IMAP cache: megabytes) would stall it."""
        try:
            meta = json.loads((self._folder(key) / "entry.json").read_text(encoding="utf-8"))
            return datetime.fromisoformat(meta["fetched_at"]) if (self._folder(key) / meta["body"]).is_file() else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, body: bytes, *, url: str, content_type: str = "",
            validators: Validators = NO_VALIDATORS, fetched_at: datetime | None = None) -> CacheEntry:
        digest = hashlib.sha256(body).hexdigest()
        folder = self._folder(key)
        name = f"body-{digest[:16]}"
        moment = fetched_at or datetime.now(UTC)
        atomic_write_bytes(folder / name, body)
        meta = {"body": name, "sha256": digest, "fetched_at": moment.isoformat(), "url": url,
                "content_type": content_type, "etag": validators.etag, "last_modified": validators.last_modified}
        atomic_write_text(folder / "entry.json", json.dumps(meta, indent=1))
        for old in folder.glob("body-*"):
            if old.name != name and not old.name.startswith("."):
                old.unlink(missing_ok=True)
        return CacheEntry(body, moment, url, content_type, validators)

    def touch(self, key: str, validators: Validators) -> bool:
        """A 304: the cached body is current as of now. Only the small entry file is rewritten."""
        path = self._folder(key) / "entry.json"
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        meta["fetched_at"] = datetime.now(UTC).isoformat()
        meta["etag"] = validators.etag or meta.get("etag", "")
        meta["last_modified"] = validators.last_modified or meta.get("last_modified", "")
        atomic_write_text(path, json.dumps(meta, indent=1))
        return True

    def status(self, key: str) -> SourceStatus:
        try:
            raw = json.loads((self._folder(key) / "status.json").read_text(encoding="utf-8"))
            checked = raw.get("checked_at")
            return SourceStatus(state=raw["state"], checked_at=datetime.fromisoformat(checked) if checked else None,
                                message=raw.get("message", ""), code=raw.get("code", ""),
                                items=int(raw.get("items", 0)), seconds=float(raw.get("seconds", 0.0)))
        except (OSError, ValueError, KeyError, TypeError):
            return SourceStatus()

    def set_status(self, key: str, status: SourceStatus) -> None:
        data = asdict(status)
        data["checked_at"] = status.checked_at.isoformat() if status.checked_at else None
        atomic_write_text(self._folder(key) / "status.json", json.dumps(data, indent=1))

    def remove(self, key: str) -> None:
        shutil.rmtree(self._folder(key), ignore_errors=True)


def age_text(fetched_at: datetime, now: datetime | None = None) -> str:
    """How old a copy is, as a listener hears it: "12 minutes", "3 hours", "2 days"."""
    seconds = max(0.0, ((now or datetime.now(UTC)) - fetched_at).total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "less than a minute"
