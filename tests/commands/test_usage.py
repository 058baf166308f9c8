"""``daycast usage`` over a real ledger file under a temporary DAYCAST_HOME."""

from __future__ import annotations

import json
from datetime import datetime

from app.cli import main
from engines.ledger import Ledger, LedgerEntry, Price


def fill(ledger: Ledger, clock: list[float]) -> None:
    clock[0] = datetime(2025, 6, 1, 9).timestamp()
    ledger.record(LedgerEntry("briefing", "local", "local", "qwen-local", 300, 60, 3.0, 0.4))
    ledger.record(LedgerEntry("podcast", "cloud", "cloud", "gpt-4o-mini", 2_000_000, 1_000_000, 9.0, 0.9))
    clock[0] = datetime(2025, 6, 2, 9).timestamp()
    ledger.record(LedgerEntry("assistant", "cloud", "cloud", "gpt-4o-mini", 10, 0, 0.1, 0.0, "fallback",
                              "llm.endpoint_down"))
    ledger.record(LedgerEntry("assistant", "local", "local", "qwen-local", 50, 10, 1.0, 0.2))


def test_usage_tables_json_and_since(capsys):
    clock = [0.0]
    fill(Ledger(prices={"gpt-4o-mini": Price(0.15, 0.60)}, now=lambda: clock[0]), clock)

    assert main(["usage"]) == 0
    out = capsys.readouterr().out
    assert "Per model and day" in out and "Per route" in out
    assert "2025-06-01" in out and "2025-06-02" in out and "gpt-4o-mini" in out and "qwen-local" in out
    assert "$0.9000" in out  # 2M in x 0.15 + 1M out x 0.60

    assert main(["usage", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    routes = {r["route"]: r for r in data["by_route"]}
    assert (routes["cloud"]["requests"], routes["cloud"]["failures"]) == (2, 1)
    assert (routes["local"]["requests"], routes["local"]["tokens_out"]) == (2, 70)
    assert routes["local"]["compute_s"] == 4.0 and routes["cloud"]["cost_usd"] == 0.9

    assert main(["usage", "--json", "--since", "2025-06-02"]) == 0
    recent = json.loads(capsys.readouterr().out)
    assert sum(r["requests"] for r in recent["by_model_day"]) == 2


def test_usage_on_an_empty_ledger_and_a_bad_date(capsys):
    assert main(["usage"]) == 0
    assert "No model requests recorded yet" in capsys.readouterr().out
    assert main(["usage", "--since", "June"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
