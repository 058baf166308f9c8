"""``make bench``: run every benchmark in its own process and print one table.

Each ``bench/<name>.py`` exposes ``run() -> dict``; it runs in a child process so its peak RSS is
its own. Results go to ``out/bench/`` as JSON with machine information, and each figure is shown
beside the previous saved run. Ratios (``*_ratio_vs_bare``) compare Daycast with the bare engine
measured in the same process: the machine is noisy, ratios much less so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from engines.fsutil import atomic_write_text
from engines.paths import PROJECT_ROOT

BENCHES = ("speech", "ja_speech", "llm", "briefing", "voice_latency", "ask_cold", "podcast", "app_memory", "watermark",
           "server")
# The child reports its own peak RSS (ru_maxrss of itself), so each pipeline's memory is its own.
_CHILD = (
    "import json, sys, importlib, resource\n"
    "r = importlib.import_module('bench.' + sys.argv[1]).run()\n"
    "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    "print('\\n@@' + json.dumps({'figures': r, 'rss': rss}, default=str))\n"
)


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(),
                            "cores": os.cpu_count(), "load_avg": os.getloadavg()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        info["ram_gib"] = round(int(mem) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def run_one(name: str) -> tuple[dict[str, Any], float, float]:
    """Run one benchmark in a child process: (figures, wall seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, name], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0 or "\n@@" not in out:
        return {"error": (err.strip().splitlines() or ["failed"])[-1]}, wall, float("nan")
    payload = json.loads(out.rsplit("\n@@", 1)[1])
    return payload["figures"], wall, payload["rss"]


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, out)
    elif isinstance(value, list | tuple) and value and all(isinstance(v, dict) for v in value):
        for index, item in enumerate(value):
            label = item.get("name") or item.get("label") or item.get("transform") or str(index)
            _flatten(f"{prefix}.{label}", {k: v for k, v in item.items() if k not in ("name", "label", "transform")},
                     out)
    else:
        out[prefix] = value


def _previous(folder: Path) -> dict[str, Any]:
    latest = folder / "latest.json"
    try:
        return json.loads(latest.read_text())["figures"]
    except (OSError, ValueError, KeyError):
        return {}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


# The one table: (label, figure key, baseline key or ""). The baseline is measured in the same
# run (bare piper / faster-whisper / llama-cpp-python on the same input and threads); ratio = Daycast ÷
# baseline. Every other figure is in the JSON (and printed with --all).
SUMMARY: tuple[tuple[str, str, str], ...] = (
    ("TTS Piper RTF", "speech.piper_rtf", "speech.piper_bare_rtf"),
    ("TTS Piper first audio (ms)", "speech.piper_first_audio_ms", "speech.piper_bare_first_audio_ms"),
    ("TTS Kokoro RTF", "speech.kokoro_rtf", ""),
    ("TTS Kokoro first audio (ms)", "speech.kokoro_first_audio_ms", ""),
    ("ASR Whisper base RTF", "speech.whisper_rtf", "speech.whisper_bare_rtf"),
    ("ASR Whisper base WER", "speech.whisper_wer", "speech.whisper_bare_wer"),
    ("VAD Silero RTF", "speech.vad_rtf", ""),
    ("LLM dense prompt tok/s", "llm.models.dense.prompt_tok_s.daycast", "llm.models.dense.prompt_tok_s.bare"),
    ("LLM dense generation tok/s", "llm.models.dense.gen_tok_s.daycast", "llm.models.dense.gen_tok_s.bare"),
    ("LLM MoE prompt tok/s", "llm.models.moe.prompt_tok_s.daycast", "llm.models.moe.prompt_tok_s.bare"),
    ("LLM MoE generation tok/s", "llm.models.moe.gen_tok_s.daycast", "llm.models.moe.gen_tok_s.bare"),
    ("LLM MoE vs dense generation (bare)", "llm.moe_vs_dense.gen_bare", ""),
    ("LLM MoE vs dense prompt (bare)", "llm.moe_vs_dense.prompt_bare", ""),
    ("Voice turn, end of speech → audio, median (s)", "voice_latency.default.end_to_end.median_s",
     "voice_latency.default.bare_end_to_end_s"),
    ("Voice turn p90 (s)", "voice_latency.default.end_to_end.p90_s", ""),
    ("Voice turn, model-written answers, median (s)", "voice_latency.default.end_to_end_written.median_s", ""),
    ("Voice turn, calendar answers composed without the model, median (s)",
     "voice_latency.default.end_to_end_composed.median_s", ""),
    ("Voice turn answers right", "voice_latency.default.correct", ""),
    ("Cold ask, sources unchanged: first audio (s)", "ask_cold.unchanged.first_audio_s", "ask_cold.bare.first_audio_s"),
    ("Cold ask, sources changed: first audio (s)", "ask_cold.changed.first_audio_s", "ask_cold.bare.first_audio_s"),
    ("Cold ask, no saved state: first audio (s)", "ask_cold.first.first_audio_s", "ask_cold.bare.first_audio_s"),
    ("Cold ask unchanged, command start → audio (s)", "ask_cold.unchanged.from_start_s", ""),
    ("Briefing first audio (s)", "briefing.first_audio_s", ""),
    ("Briefing total wall (s)", "briefing.wall_s", ""),
    ("Briefing audio made (s)", "briefing.audio_s", ""),
    ("Briefing TTS RTF (beside the LLM)", "briefing.tts_rtf", "briefing.bare_tts_rtf"),
    ("Podcast episode min per wall min", "podcast.episode_min_per_wall_min", ""),
    ("Podcast render vs bare TTS throughput", "podcast.tts_throughput_vs_bare", ""),
    ("Long-doc podcast episode min per wall min (target ≥ 2)", "podcast.long.episode_min_per_wall_min",
     "podcast.long.bare_episode_min_per_wall_min"),
    ("Long-doc podcast wall (s) for a 10-min episode", "podcast.long.wall_s", "podcast.long.bare_serial_s"),
    ("Long-doc podcast length vs asked (±0.15)", "podcast.long.length_error", ""),
    ("Long-doc podcast: bare LLM prompt tok/s (same run)", "podcast.long.bare_prompt_tok_s", ""),
    ("Long-doc podcast: bare LLM generation tok/s (same run)", "podcast.long.bare_gen_tok_s", ""),
    ("Long-doc podcast: bare Piper RTF (same run)", "podcast.long.bare_tts1_rtf", ""),
    ("App (window open) after one briefing + one podcast: RSS (MiB)", "app_memory.after_podcast_rss_mib", ""),
    ("App (window open) after one briefing + one podcast: peak RSS (MiB)", "app_memory.peak_mib", ""),
    ("Watermark SNR median (dB)", "watermark.snr_db.median", ""),
    *((f"Peak RSS {name} (MiB)", f"{name}.peak_rss_mib", "") for name in BENCHES),
)


def derived(figures: dict[str, Any]) -> None:
    """Figures computed from others: the voice turn's bare baseline includes the same end-of-speech wait."""
    bare, wait = figures.get("voice_latency.default.bare.sum.median_s"), figures.get(
        "voice_latency.default.vad_end.median_s")
    if isinstance(bare, float) and isinstance(wait, float):
        figures["voice_latency.default.bare_end_to_end_s"] = bare + wait


def _change(value: Any, before: Any) -> str:
    if isinstance(value, int | float) and isinstance(before, int | float) and before:
        return f"{(value - before) / abs(before) * 100:+.0f}%"
    return ""


def render(figures: dict[str, Any], previous: dict[str, Any], console: Console, *, everything: bool = False) -> None:
    table = Table(title="Daycast benchmarks (ratio = Daycast ÷ bare engine, same run)")
    for column in ("figure", "Daycast", "bare", "ratio", "previous", "change"):
        table.add_column(column, justify="left" if column == "figure" else "right")
    for label, key, base_key in SUMMARY:
        if key not in figures:
            continue
        value, base = figures[key], figures.get(base_key)
        ratio = f"{value / base:.2f}" if isinstance(value, int | float) and isinstance(base, int | float) and base \
            else ""
        before = previous.get(key)
        table.add_row(label, _fmt(value), "" if base is None else _fmt(base), ratio,
                      "" if before is None else _fmt(before), _change(value, before))
    console.print(table)
    if everything:
        full = Table(title="Every figure")
        for column in ("figure", "value", "previous", "change"):
            full.add_column(column, justify="left" if column == "figure" else "right")
        for key, value in figures.items():
            before = previous.get(key)
            full.add_row(key, _fmt(value), "" if before is None else _fmt(before), _change(value, before))
        console.print(full)
    errors = {k: v for k, v in figures.items() if k.endswith(".error")}
    for key, message in errors.items():
        console.print(f"[red]{key}[/]: {message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=list(BENCHES), help=f"which ({', '.join(BENCHES)})")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "out" / "bench")
    parser.add_argument("--all", action="store_true", help="also print every figure, not only the summary")
    args = parser.parse_args(argv)
    console = Console()
    figures: dict[str, Any] = {}
    for name in args.names:
        if not (PROJECT_ROOT / "bench" / f"{name}.py").exists():
            console.print(f"[yellow]skipped[/] {name}: no bench/{name}.py")
            continue
        with console.status(f"bench {name}…"):
            result, wall, rss = run_one(name)
        _flatten(name, result, figures)
        figures[f"{name}.bench_wall_s"], figures[f"{name}.peak_rss_mib"] = wall, rss
        console.print(f"[green]✓[/] {name} [dim]{wall:.0f}s, peak RSS {rss:.0f} MiB[/]")
    derived(figures)
    previous = _previous(args.out)
    render(figures, previous, console, everything=args.all)
    record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine_info(), "figures": figures}
    args.out.mkdir(parents=True, exist_ok=True)

    text = json.dumps(record, indent=1, default=str)
    atomic_write_text(args.out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json", text)
    atomic_write_text(args.out / "latest.json", text)
    console.print(f"Saved {args.out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
