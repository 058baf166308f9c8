"""Fetching 20 subscriptions from a loopback server: cold (every body sent) and warm (every reply a 304).

Baseline in the same process: a bare httpx loop that GETs the same 20 URLs one after another, with
no caps, no conditional GET, no parsing and no cache, so the fetcher's overhead and the gain from
parallel fetches and 304s show as ratios. Run twice: replies at once, and with 50 ms of server
latency per reply (closer to a real feed host). ``python -m bench.sources``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from app.core.sources.cache import SourceCache
from app.core.sources.fetch import FetchPolicy
from app.core.sources.refresh import Refreshed, refresh_events
from app.core.sources.subscriptions import Subscription
from tests.core.sources.feedserver import FeedServer, Route, rss

COUNT = 20
ITEMS_PER_FEED = 30


def _feed(index: int) -> bytes:
    items = [(f"f{index}-{i}", f"Item {i} of feed {index}: the council meets on Thursday",
              "A paragraph of news text that a feed would carry. " * 6) for i in range(ITEMS_PER_FEED)]
    return rss(f"Feed {index}", items)


def _bare(urls: list[str]) -> float:
    start = time.perf_counter()
    with httpx.Client() as client:
        for url in urls:
            client.get(url).raise_for_status()
    return time.perf_counter() - start


def _daycast(subs: list[Subscription], cache: SourceCache, policy: FetchPolicy) -> tuple[float, dict[str, int]]:
    results: list[Refreshed] = []
    start = time.perf_counter()
    for _ in refresh_events(subs, cache, policy=policy, results=results):
        pass
    seconds = time.perf_counter() - start
    states: dict[str, int] = {}
    for result in results:
        states[result.status.state] = states.get(result.status.state, 0) + 1
    return seconds, states


def run(delay_s: float = 0.0, parallel: int = 4) -> dict[str, Any]:
    server = FeedServer()
    try:
        for index in range(COUNT):
            server.routes[f"/feed{index}.xml"] = Route(_feed(index), etag=f'"v{index}"', gzip=index % 2 == 0,
                                                       delay_s=delay_s)
        urls = [server.url(f"/feed{i}.xml") for i in range(COUNT)]
        subs = [Subscription(url, "feed") for url in urls]
        policy = FetchPolicy(parallel=parallel)
        with tempfile.TemporaryDirectory() as tmp:
            cache = SourceCache(Path(tmp))
            bare = _bare(urls)
            cold, cold_states = _daycast(subs, cache, policy)
            warm, warm_states = _daycast(subs, cache, policy)
            serial_cold, _ = _daycast(subs, SourceCache(Path(tmp) / "serial"), FetchPolicy(parallel=1))
    finally:
        server.stop()
    return {
        "server_delay_ms": delay_s * 1000, "sources": COUNT, "parallel": parallel,
        "bytes_per_feed": len(_feed(0)),
        "bare_serial_get_s": bare, "cold_s": cold, "cold_serial_s": serial_cold, "warm_304_s": warm,
        "cold_vs_bare": cold / bare, "warm_vs_cold": warm / cold,
        "cold_ok": cold_states.get("ok", 0), "warm_not_modified": warm_states.get("not_modified", 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallel", type=int, default=4)
    args = parser.parse_args(argv)
    console = Console()
    table = Table("figure", "replies at once", "50 ms server latency")
    runs = [run(0.0, args.parallel), run(0.05, args.parallel)]
    for key in runs[0]:
        cells = [f"{r[key]:.3f}" if isinstance(r[key], float) else str(r[key]) for r in runs]
        table.add_row(key, *cells)
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
