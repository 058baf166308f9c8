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

from engines.paths import PROJECT_ROOT

BENCHES = ("speech", "llm", "briefing", "voice_latency", "podcast", "watermark")
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


def render(figures: dict[str, Any], previous: dict[str, Any], console: Console) -> None:
    table = Table(title="Daycast benchmarks (this machine, this run)")
    for column, justify in (("figure", "left"), ("value", "right"), ("previous", "right"), ("change", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for key, value in figures.items():
        before = previous.get(key)
        change = ""
        if isinstance(value, int | float) and isinstance(before, int | float) and before:
            change = f"{(value - before) / abs(before) * 100:+.0f}%"
        table.add_row(key, _fmt(value), _fmt(before) if before is not None else "", change)
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=list(BENCHES), help=f"which ({', '.join(BENCHES)})")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "out" / "bench")
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
    previous = _previous(args.out)
    render(figures, previous, console)
    record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine_info(), "figures": figures}
    args.out.mkdir(parents=True, exist_ok=True)
    from engines.fsutil import atomic_write_text

    text = json.dumps(record, indent=1, default=str)
    atomic_write_text(args.out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json", text)
    atomic_write_text(args.out / "latest.json", text)
    console.print(f"Saved {args.out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
