"""make bench's one table: the summary rows, ratios against the bare engines, the change from last run."""

from __future__ import annotations

from rich.console import Console

from bench.run_all import derived, render


def _table(figures: dict, previous: dict, **options) -> str:
    console = Console(record=True, width=200)
    render(figures, previous, console, **options)
    return console.export_text()


def test_summary_rows_carry_ratio_and_change() -> None:
    figures = {"speech.piper_rtf": 0.05, "speech.piper_bare_rtf": 0.04, "llm.models.moe.gen_tok_s.daycast": 25.4,
               "voice_latency.default.end_to_end.median_s": 1.6, "voice_latency.default.vad_end.median_s": 0.32,
               "voice_latency.default.bare.sum.median_s": 1.5, "speech.error": "bench crashed: boom"}
    derived(figures)
    assert figures["voice_latency.default.bare_end_to_end_s"] == 1.82
    text = _table(figures, {"speech.piper_rtf": 0.1})
    piper = next(line for line in text.splitlines() if "TTS Piper RTF" in line)
    assert "0.050" in piper and "0.040" in piper and "1.25" in piper and "-50%" in piper
    voice = next(line for line in text.splitlines() if "median (s)" in line)
    assert "1.600" in voice and "1.820" in voice and "0.88" in voice
    assert "LLM MoE generation tok/s" in text and "LLM dense" not in text  # rows without figures are left out
    assert "speech.error: bench crashed: boom" in text
    assert "Every figure" not in text and "Every figure" in _table(figures, {}, everything=True)
