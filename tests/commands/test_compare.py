"""``daycast compare``: two real local models on one prompt, side by side, blind votes saved and summarised."""

from __future__ import annotations

import io
import json

import pytest

from app.cli import main
from app.commands.compare import _stable_fence, briefing_messages
from app.core import settings as settings_mod
from engines import bundled
from engines.ledger import Ledger

SMOL = "smollm2-135m-instruct-q4_1"
MOE = "smollm2-135m-moe2x"


def second_model() -> str:
    """The MoE build of SmolLM2 when installed, else SmolLM2 with another context size."""
    installed = {m.id for m in bundled.load_manifest() if m.is_installed()}
    return f"{MOE}@threads=1" if MOE in installed else f"{SMOL}@ctx=1024@threads=1"


MODELS = f"{SMOL}@threads=1,{second_model()}"


def test_two_local_models_side_by_side(capsys):
    assert main(["compare", "--models", MODELS, "--prompt", "Name a colour.", "--max-tokens", "8"]) == 0
    out = capsys.readouterr().out
    a, b = MODELS.split(",")
    assert a in out and b in out
    assert out.count("TTFT") >= 2 and out.count("tok/s") >= 2 and "Timing" in out
    assert "╭" in out  # rich panels

    assert main(["compare", "--models", MODELS, "--prompt", "Name a colour.", "--max-tokens", "8", "--runs", "2",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["model"] for r in report["results"]] == [a, b]
    for result in report["results"]:
        assert len(result["runs"]) == 2
        assert all(r["text"] and r["tokens"] > 0 and r["ttft_s"] > 0 and r["tok_s"] > 0 for r in result["runs"])
        assert 0 < result["mean"]["ttft_s"] <= result["mean"]["seconds"]
    compare_rows = [r for r in Ledger().rows() if r["task"] == "compare"]
    assert len(compare_rows) == 6 and {r["model"] for r in compare_rows} == {a, b}


def test_blind_vote_from_stdin_is_saved_and_summarised(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("maybe\nb\n"))
    assert main(["compare", "--models", MODELS, "--prompt", "Say hello.", "--max-tokens", "6", "--blind",
                 "--seed", "4"]) == 0
    out = capsys.readouterr().out
    before_vote, after_vote = out.split("Which answer is better?", 1)
    a, b = MODELS.split(",")
    assert a not in before_vote and b not in before_vote  # names hidden until the vote
    assert "A" in before_vote and "B" in before_vote
    assert "is not A, B or tie" in after_vote and "Vote saved: B." in after_vote
    shown_b = after_vote.split("B was ", 1)[1].split("\n", 1)[0].strip()
    assert shown_b in (a, b)

    assert main(["compare", "--summary", "--json"]) == 0
    totals = {t["model"]: t for t in json.loads(capsys.readouterr().out)}
    assert totals[shown_b]["wins"] == 1 and sum(t["losses"] for t in totals.values()) == 1
    assert main(["compare", "--summary"]) == 0
    assert "A/B votes" in capsys.readouterr().out

    # for programs (--json): no question on stdout, no vote taken from stdin, the output is JSON alone
    monkeypatch.setattr("sys.stdin", io.StringIO("a\n"))
    assert main(["compare", "--models", MODELS, "--prompt", "Say hello.", "--max-tokens", "6", "--blind",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["vote"] is None and report["blind"] is True


def test_cloud_model_is_refused_in_privacy_mode(capsys):
    settings_mod.save(settings_mod.Settings(privacy_mode=True))
    assert main(["compare", "--models", f"{SMOL},cloud:gpt-4o-mini", "--prompt", "hi"]) != 0
    assert "privacy mode" in capsys.readouterr().err


@pytest.mark.parametrize("models", [SMOL, f"{SMOL},{SMOL},{SMOL}", f"{SMOL}@turbo=1,{SMOL}"])
def test_bad_model_lists_are_usage_errors(models, capsys):
    assert main(["compare", "--models", models, "--prompt", "hi"]) == 2
    assert "Error" in capsys.readouterr().err


def test_briefing_task_uses_the_briefing_prompt_builder_on_demo_sources():
    from datetime import date

    from app.core.briefing.text import item_request
    from app.core.sources.load import load_sources
    from engines.paths import assets_dir

    messages = briefing_messages()
    docs = load_sources([assets_dir() / "demo" / "sources"], day=date(2025, 1, 6)).documents
    assert any(item_request(d, d.text[:1500], fence_id=_stable_fence(d.text[:1500])).messages == messages
               for d in docs)
    assert briefing_messages() == messages  # the same input every time
