"""The usage ledger: rows, totals per model/day/route, costs from the price table, votes, threads."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import date, datetime

import pytest

from engines.errors import OutputError
from engines.ledger import Ledger, LedgerEntry, Price, Vote, load_prices

PRICES = {"gpt-4o-mini": Price(0.15, 0.60)}


def at(day: str, hour: int = 12) -> float:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").timestamp()


def entry(**kw) -> LedgerEntry:
    base = {"task": "briefing", "route": "local", "kind": "local", "model": "qwen", "tokens_in": 100,
            "tokens_out": 20, "latency_s": 2.0, "ttft_s": 0.5}
    return LedgerEntry(**{**base, **kw})


@pytest.fixture
def clock():
    return [at("2025-06-01")]


@pytest.fixture
def ledger(tmp_path, clock):
    return Ledger(tmp_path / "usage" / "ledger.sqlite3", prices=PRICES, now=lambda: clock[0])


def test_totals_per_model_and_day_with_costs(ledger, clock):
    ledger.record(entry())
    ledger.record(entry(latency_s=4.0, ttft_s=1.5))
    ledger.record(entry(route="cloud", kind="cloud", model="gpt-4o-mini", tokens_in=1_000_000, tokens_out=500_000))
    ledger.record(entry(route="cloud", kind="cloud", model="gpt-4o-mini", outcome="fallback",
                        error="llm.endpoint_down", tokens_out=0))
    ledger.record(entry(route="cloud", kind="cloud", model="mystery-model"))
    clock[0] = at("2025-06-02")
    ledger.record(entry(outcome="error", error="model.load_failed", tokens_out=0))

    rows = {(t.group["model"], t.group["day"]): t for t in ledger.summary()}
    assert list(rows) == [("gpt-4o-mini", "2025-06-01"), ("mystery-model", "2025-06-01"),
                          ("qwen", "2025-06-01"), ("qwen", "2025-06-02")]
    cloud = rows[("gpt-4o-mini", "2025-06-01")]
    assert cloud.requests == 2 and cloud.failures == 1
    assert cloud.cost_usd == pytest.approx(0.15 + 0.30)  # the refused request costs nothing
    assert rows[("mystery-model", "2025-06-01")].unpriced == 1
    local = rows[("qwen", "2025-06-01")]
    assert (local.requests, local.tokens_in, local.tokens_out, local.failures) == (2, 200, 40, 0)
    assert local.mean_latency_s == pytest.approx(3.0) and local.mean_ttft_s == pytest.approx(1.0)
    assert local.cost_usd == 0.0 and local.compute_s == pytest.approx(6.0)
    assert rows[("qwen", "2025-06-02")].failures == 1

    by_route = {t.group["route"]: t.requests for t in ledger.summary(by=("route",))}
    assert by_route == {"cloud": 3, "local": 3}
    assert [t.requests for t in ledger.summary(by=("day",), since=date(2025, 6, 2))] == [1]
    assert len(ledger.rows(since=date(2025, 6, 2))) == 1


def test_grouping_is_validated(ledger):
    with pytest.raises(ValueError, match="choose from"):
        ledger.summary(by=("model; DROP TABLE requests",))


def test_reading_a_missing_ledger_creates_nothing(tmp_path):
    ledger = Ledger(tmp_path / "none" / "ledger.sqlite3", prices={})
    assert ledger.summary() == [] and ledger.rows() == [] and ledger.vote_summary() == []
    assert not ledger.path.exists()


def test_concurrent_writers_lose_nothing(ledger):
    def write(n: int) -> None:
        for i in range(40):
            ledger.record(entry(request_id=f"{n}-{i}"))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ledger.summary(by=("route",))[0].requests == 240
    with sqlite3.connect(ledger.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT COUNT(DISTINCT request_id) FROM requests").fetchone()[0] == 240


def test_votes_are_summarised_per_model(ledger):
    for choice in ("A", "A", "B", "tie"):
        ledger.record_vote(Vote("prompt", "abc", "smol", "qwen", choice))  # type: ignore[arg-type]
    ledger.record_vote(Vote("prompt", "abc", "qwen", "cloud:gpt-4o-mini", "B", blind=False))
    totals = {t.model: (t.votes, t.wins, t.losses, t.ties) for t in ledger.vote_summary()}
    assert totals == {"smol": (4, 2, 1, 1), "qwen": (5, 1, 3, 1), "cloud:gpt-4o-mini": (1, 1, 0, 0)}
    assert ledger.vote_summary()[0].model == "smol"  # most wins first


def test_price_table_ships_and_the_user_file_overrides(tmp_path, monkeypatch):
    shipped = load_prices()
    assert shipped["gpt-4o-mini"] == Price(0.15, 0.60)
    assert all(p.input_per_1m > 0 or p.per_audio_minute > 0 for p in shipped.values())
    assert shipped["whisper-1"].cost(0, 0, audio_s=120.0) == 0.012  # speech recognition is billed per minute
    config = tmp_path / "config"
    monkeypatch.setenv("DAYCAST_CONFIG", str(config))
    config.mkdir()
    (config / "prices.json").write_text(json.dumps({"models": {"GPT-4o-mini": {"input_per_1m": 1,
                                                                              "output_per_1m": 2},
                                                               "my-vllm": {"input_per_1m": 0, "output_per_1m": 0}}}))
    merged = load_prices()
    assert merged["gpt-4o-mini"] == Price(1, 2) and "my-vllm" in merged and "gpt-4o" in merged
    (config / "prices.json").write_text("{not json")
    with pytest.raises(OutputError, match=r"prices\.json"):
        load_prices()


def test_an_unwritable_ledger_names_its_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    ledger = Ledger(blocker / "ledger.sqlite3", prices={})
    with pytest.raises(OutputError, match="ledger"):
        ledger.record(entry())
