"""Briefing speed: time to first audio, total wall time, audio produced, each stage's real-time factor.

Baselines in the same process: bare Piper on the same sentences (TTS ratio) and a bare llama.cpp
generation loop on the same prompts (LLM ratio), so the pipeline's own overhead shows as a ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from app.core.briefing.pipeline import BriefingRequest, load_briefing_engines, run_briefing
from app.core.events import Finished
from app.core.settings import Settings, update
from bench.report import print_figures
from engines.paths import assets_dir


def _bare_tts_seconds(tts: Any, voice: str | None, sentences: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    samples = 0
    for sentence in sentences:
        for chunk in tts.synthesize(sentence, voice=voice):
            samples += len(chunk.samples)
    return time.perf_counter() - start, samples / tts.sample_rate


def run(minutes: float = 2.0, model: str | None = None) -> dict[str, Any]:
    settings = Settings() if model is None else update(Settings(), llm_model=model)
    t_load = time.perf_counter()
    engines = load_briefing_engines(settings)
    load_seconds = time.perf_counter() - t_load
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.mp3"
        request = BriefingRequest(sources=(assets_dir() / "demo" / "sources",), out=out, minutes=minutes)
        start = time.perf_counter()
        result = next(e.result for e in run_briefing(request, engines) if isinstance(e, Finished))
        wall = time.perf_counter() - start
    sentences = [line.text for line in result.lines]
    bare_tts, bare_audio = _bare_tts_seconds(engines.tts, engines.voice, sentences)
    timings = result.timings
    audio = result.duration
    figures = {
        "model_load_s": load_seconds,
        "first_audio_s": result.first_audio_seconds,
        "wall_s": wall,
        "audio_s": audio,
        "wall_rtf": wall / audio,
        "tts_rtf": timings.get("tts", 0.0) / max(bare_audio, 1e-6),
        "bare_tts_rtf": bare_tts / max(bare_audio, 1e-6),
        "tts_ratio_vs_bare": (bare_tts / max(timings.get("tts", 1e-6), 1e-6)),
        "llm_s": timings.get("llm", 0.0),
        "import_s": timings.get("import", 0.0),
        "export_s": timings.get("export", 0.0),
        "model": result.models[0].id if result.models else "",
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    print_figures("Briefing (demo sources)", run(args.minutes, args.model))


if __name__ == "__main__":
    main()
