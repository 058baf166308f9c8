"""The usage ledger: one SQLite row per model request (and per A/B vote), totals for ``daycast usage``.

Every engine kind writes here: ``engine`` is ``llm`` (tokens), ``asr`` or ``tts`` (seconds of audio;
for TTS ``tokens_in`` counts the characters spoken, which is how TTS APIs bill).

Thread-safe and multi-process safe: a short-lived connection per call, WAL journal, busy timeout.
Costs come from ``assets/prices.json`` (USD per million input/output tokens per cloud model id; a
``prices.json`` in the config folder overrides entries). Local requests cost nothing in money; their
compute seconds are recorded instead. No prompt text, answer text or secret is ever stored.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from engines.errors import OutputError
from engines.paths import assets_dir, config_dir, data_dir
from engines.routes import RouteKind

Outcome = Literal["ok", "fallback", "error", "cancelled"]
Engine = Literal["llm", "asr", "tts"]
VoteChoice = Literal["A", "B", "tie"]
VOTE_CHOICES: dict[str, VoteChoice] = {"A": "A", "B": "B", "TIE": "tie"}
GROUPABLE = ("model", "day", "route", "kind", "task", "outcome", "engine")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL DEFAULT '',
    ts REAL NOT NULL,
    day TEXT NOT NULL,
    task TEXT NOT NULL,
    route TEXT NOT NULL,
    kind TEXT NOT NULL,
    model TEXT NOT NULL,
    tokens_in INTEGER NOT NULL DEFAULT 0,
    tokens_out INTEGER NOT NULL DEFAULT 0,
    latency_s REAL NOT NULL DEFAULT 0,
    ttft_s REAL NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    cost_usd REAL,
    compute_s REAL NOT NULL DEFAULT 0,
    engine TEXT NOT NULL DEFAULT 'llm',
    audio_s REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS requests_day ON requests(day);
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    day TEXT NOT NULL,
    task TEXT NOT NULL,
    prompt_sha256 TEXT NOT NULL,
    model_a TEXT NOT NULL,
    model_b TEXT NOT NULL,
    choice TEXT NOT NULL,
    winner TEXT NOT NULL,
    blind INTEGER NOT NULL
);
"""


def default_path() -> Path:
    return data_dir() / "ledger.sqlite3"


_ADDED_COLUMNS = (("engine", "TEXT NOT NULL DEFAULT 'llm'"), ("audio_s", "REAL NOT NULL DEFAULT 0"))
"""Columns newer than the first ledgers: added to an older file when it is opened."""


@dataclass(frozen=True)
class Price:
    input_per_1m: float
    output_per_1m: float
    per_audio_minute: float = 0.0
    """Speech models bill by the minute of audio (Whisper); TTS by characters (``input_per_1m``)."""

    def cost(self, tokens_in: int, tokens_out: int, audio_s: float = 0.0) -> float:
        tokens = (tokens_in * self.input_per_1m + tokens_out * self.output_per_1m) / 1_000_000
        return tokens + audio_s / 60.0 * self.per_audio_minute


def load_prices(path: Path | None = None) -> dict[str, Price]:
    """Model id (lower case) -> price; the user's ``prices.json`` in the config folder wins."""
    prices: dict[str, Price] = {}
    for source in (path or assets_dir() / "prices.json", config_dir() / "prices.json"):
        if not source.exists():
            continue
        try:
            raw = json.loads(source.read_text(encoding="utf-8"))
            for model, entry in raw.get("models", {}).items():
                prices[model.lower()] = Price(float(entry.get("input_per_1m", 0.0)),
                                              float(entry.get("output_per_1m", 0.0)),
                                              float(entry.get("per_audio_minute", 0.0)))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise OutputError(f"{source}: not a valid price table ({exc})", code="ledger.prices_invalid") from exc
    return prices


@dataclass(frozen=True)
class LedgerEntry:
    """One request to one model. ``error`` is a stable error code, never a message."""

    task: str
    route: str
    kind: RouteKind
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0
    ttft_s: float = 0.0
    outcome: Outcome = "ok"
    error: str = ""
    request_id: str = ""
    engine: Engine = "llm"
    audio_s: float = 0.0


@dataclass(frozen=True)
class Vote:
    """One A/B preference: ``choice`` is what the user picked, ``winner`` the model id (or "tie")."""

    task: str
    prompt_sha256: str
    model_a: str
    model_b: str
    choice: VoteChoice
    blind: bool = True

    @property
    def winner(self) -> str:
        return {"A": self.model_a, "B": self.model_b}.get(self.choice, "tie")


@dataclass(frozen=True)
class UsageTotals:
    group: dict[str, str]
    requests: int
    tokens_in: int
    tokens_out: int
    failures: int
    mean_latency_s: float
    mean_ttft_s: float
    cost_usd: float
    unpriced: int
    """Cloud requests whose model has no price in the table (their cost is not in ``cost_usd``)."""
    compute_s: float
    audio_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**self.group, **{k: v for k, v in self.__dict__.items() if k != "group"}}


@dataclass(frozen=True)
class VoteTotals:
    model: str
    votes: int
    wins: int
    losses: int
    ties: int


@dataclass
class Ledger:
    """The SQLite ledger at ``path`` (default: ``<data dir>/ledger.sqlite3``), created on first write."""

    path: Path = field(default_factory=default_path)
    prices: dict[str, Price] | None = None
    now: Callable[[], float] = time.time
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _ready: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if self.prices is None:
            self.prices = load_prices()

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=15.0)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"Cannot open the usage ledger {self.path}: {exc}") from exc
        try:
            if not self._ready:
                with self._lock:
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.executescript(_SCHEMA)
                    _add_new_columns(conn)
                    self._ready = True
            with conn:  # one transaction per call
                yield conn
        except sqlite3.Error as exc:
            raise OutputError(f"Usage ledger {self.path}: {exc}", code="ledger.failed") from exc
        finally:
            conn.close()

    def _stamp(self) -> tuple[float, str]:
        ts = self.now()
        return ts, datetime.fromtimestamp(ts).date().isoformat()

    def cost(self, entry: LedgerEntry) -> float | None:
        """Zero on the user's own machines (local, self-hosted); the price table's for cloud."""
        if entry.kind != "cloud":
            return 0.0
        if entry.outcome in ("error", "fallback") and not entry.tokens_out and not entry.audio_s:
            return 0.0  # a refused request is not billed
        price = (self.prices or {}).get(entry.model.lower())
        return price.cost(entry.tokens_in, entry.tokens_out, entry.audio_s) if price else None

    def record(self, entry: LedgerEntry) -> None:
        ts, day = self._stamp()
        compute = entry.latency_s if entry.kind == "local" else 0.0
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO requests (request_id, ts, day, task, route, kind, model, tokens_in, tokens_out,"
                " latency_s, ttft_s, outcome, error, cost_usd, compute_s, engine, audio_s)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (entry.request_id, ts, day, entry.task, entry.route, entry.kind, entry.model, entry.tokens_in,
                 entry.tokens_out, entry.latency_s, entry.ttft_s, entry.outcome, entry.error, self.cost(entry),
                 compute, entry.engine, entry.audio_s),
            )

    def forget_before(self, day: date) -> int:
        """Delete the requests of days before ``day`` (a kiosk logs every visitor's turn, all year); how many."""
        if not self.path.exists():
            return 0
        with self._connect() as conn:
            return conn.execute("DELETE FROM requests WHERE day < ?", (day.isoformat(),)).rowcount

    def rows(self, since: date | None = None) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            found = conn.execute(
                "SELECT * FROM requests WHERE day >= ? ORDER BY id", ((since or date.min).isoformat(),)
            ).fetchall()
        return [dict(r) for r in found]

    def summary(self, by: Sequence[str] = ("model", "day"), since: date | None = None) -> list[UsageTotals]:
        """Totals grouped by ``by`` (any of GROUPABLE), in group order."""
        unknown = [b for b in by if b not in GROUPABLE]
        if unknown or not by:
            raise ValueError(f"Cannot group usage by {unknown or 'nothing'}; choose from {', '.join(GROUPABLE)}")
        if not self.path.exists():
            return []
        cols = ", ".join(by)
        query = (
            f"SELECT {cols}, COUNT(*), SUM(tokens_in), SUM(tokens_out),"
            " SUM(outcome IN ('error', 'fallback')), AVG(latency_s), AVG(ttft_s), TOTAL(cost_usd),"
            " SUM(cost_usd IS NULL), TOTAL(compute_s), TOTAL(audio_s)"
            f" FROM requests WHERE day >= ? GROUP BY {cols} ORDER BY {cols}"
        )
        with self._connect() as conn:
            found = conn.execute(query, ((since or date.min).isoformat(),)).fetchall()
        n = len(by)
        return [
            UsageTotals(
                group=dict(zip(by, map(str, r[:n]), strict=True)), requests=r[n], tokens_in=r[n + 1] or 0,
                tokens_out=r[n + 2] or 0, failures=r[n + 3] or 0, mean_latency_s=r[n + 4] or 0.0,
                mean_ttft_s=r[n + 5] or 0.0, cost_usd=r[n + 6] or 0.0, unpriced=r[n + 7] or 0, compute_s=r[n + 8],
                audio_s=r[n + 9] or 0.0,
            )
            for r in found
        ]

    def last_served(self) -> dict[tuple[str, str], tuple[str, float, int]]:
        """(engine, route) -> (model, time of its last request, requests) over the whole ledger."""
        if not self.path.exists():
            return {}
        with self._connect() as conn:
            found = conn.execute(
                "SELECT engine, route, model, MAX(ts), COUNT(*) FROM requests WHERE outcome = 'ok'"
                " GROUP BY engine, route"
            ).fetchall()
        return {(engine, route): (model, ts, count) for engine, route, model, ts, count in found}

    def record_vote(self, vote: Vote) -> None:
        ts, day = self._stamp()
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO votes (ts, day, task, prompt_sha256, model_a, model_b, choice, winner, blind)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (ts, day, vote.task, vote.prompt_sha256, vote.model_a, vote.model_b, vote.choice, vote.winner,
                 int(vote.blind)),
            )

    def vote_summary(self) -> list[VoteTotals]:
        """Per model: votes it took part in, wins, losses, ties; most wins first."""
        if not self.path.exists():
            return []
        with self._connect() as conn:
            found = conn.execute("SELECT model_a, model_b, winner FROM votes").fetchall()
        tally: dict[str, list[int]] = {}
        for model_a, model_b, winner in found:
            for model in {model_a, model_b}:
                row = tally.setdefault(model, [0, 0, 0, 0])
                row[0] += 1
                if winner == "tie":
                    row[3] += 1
                elif winner == model:
                    row[1] += 1
                else:
                    row[2] += 1
        totals = [VoteTotals(m, *counts) for m, counts in tally.items()]
        return sorted(totals, key=lambda t: (-t.wins, t.model))


def _add_new_columns(conn: sqlite3.Connection) -> None:
    have = {row[1] for row in conn.execute("PRAGMA table_info(requests)")}
    for name, decl in _ADDED_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE requests ADD COLUMN {name} {decl}")


class NullLedger:
    """Records nothing: for callers that must not write usage (benchmarks measuring the bare path)."""

    def record(self, entry: LedgerEntry) -> None:
        return None
