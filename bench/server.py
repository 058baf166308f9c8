"""``daycast serve`` under load: chat and speech with 4 concurrent clients against 1 client, same server.

A real server subprocess on 127.0.0.1 (SmolLM2 for chat, Piper joe-medium for speech). For each kind,
first one client sends requests one after another (the baseline), then 4 clients at once. Figures:
requests per second, latency p50/p90, 503s (none expected at the default queue of 8), and the ratio of
4-client to 1-client throughput (a model answers one request at a time, so ≈1.0 means queueing costs
nothing; the latency p50 grows about 4x as requests wait their turn).
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.report import print_figures
from engines.paths import models_dir

CLIENTS = 4
PER_CLIENT = 4
CHAT = {"model": "smollm2-135m-instruct-q4_1", "max_tokens": 24, "temperature": 0.0,
        "messages": [{"role": "user", "content": "Give me one tip for a calm morning."}]}
SPEECH = {"model": "tts-1", "voice": "piper:en_US-joe-medium", "response_format": "wav",
          "input": "Good morning. Your first meeting starts at nine thirty in room twelve."}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _load(url: str, body: dict[str, Any], clients: int, each: int) -> dict[str, float]:
    latencies: list[float] = []
    refused = [0]
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(timeout=300) as http:
            for _ in range(each):
                start = time.perf_counter()
                reply = http.post(url, json=body)
                took = time.perf_counter() - start
                with lock:
                    if reply.status_code == 503:
                        refused[0] += 1
                    else:
                        reply.raise_for_status()
                        latencies.append(took)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {"requests_per_s": len(latencies) / wall, "p50_s": statistics.median(latencies),
            "p90_s": _percentile(latencies, 0.9), "refused_503": float(refused[0]), "requests": float(len(latencies))}


def _measure(figures: dict[str, Any], name: str, url: str, body: dict[str, Any]) -> None:
    _load(url, body, 1, 1)  # warm: the model loads on its first request
    single = _load(url, body, 1, PER_CLIENT)
    many = _load(url, body, CLIENTS, PER_CLIENT)
    for key, value in single.items():
        figures[f"{name}_1client_{key}"] = value
    for key, value in many.items():
        figures[f"{name}_{CLIENTS}clients_{key}"] = value
    figures[f"{name}_throughput_ratio_{CLIENTS}_vs_1"] = many["requests_per_s"] / single["requests_per_s"]


def run() -> dict[str, Any]:
    from tests.server.daycast_server import DaycastServer

    figures: dict[str, Any] = {"clients": CLIENTS, "requests_per_client": PER_CLIENT}
    with tempfile.TemporaryDirectory(prefix="daycast-bench-serve-") as folder:
        server = DaycastServer(Path(folder), models_dir()).start()
        try:
            _measure(figures, "chat", f"{server.base_url}/chat/completions", CHAT)
            _measure(figures, "speech", f"{server.base_url}/audio/speech", SPEECH)
        finally:
            server.stop()
    return figures


def main() -> None:
    print_figures(f"daycast serve: 1 client vs {CLIENTS} concurrent clients (same server)", run())


if __name__ == "__main__":
    main()
