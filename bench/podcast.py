"""Podcast speed: minutes of episode made per minute of wall time, per stage (script, tts, mix, export).

A small input (the bundled demo article and notes) becomes a short episode with the default models;
``long`` makes a 10-minute episode of a ~45,000-character document with six sections (bench/longdoc.py)
and compares it with the bare engines measured in the same process: bare llama-cpp-python prompt and
generation tok/s on the same loaded model, bare Piper and Kokoro real-time factors, and the serial time
those bare engines would need for the same tokens and audio.
Baseline in the same run: the same turns spoken by the bare TTS engines, interleaved turn by turn
with the render path (trim, cache file, journal), so the render's own overhead shows as a ratio.
``--voices`` also measures every candidate host voice: Whisper WER on a fixed text, median pitch
and spectral centroid (how the default pair was chosen).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from app.core.audio import subtitles
from app.core.audio.io import read_audio
from app.core.events import Finished
from app.core.llm_setup import build_llm
from app.core.podcast import script as script_mod
from app.core.podcast import voicecheck
from app.core.podcast.pipeline import PodcastEngines, PodcastRequest, run_podcast, tts_loader
from app.core.podcast.render import Journal, SegmentCache, plan_segments, synthesise, trim_edges
from app.core.settings import Settings, update
from bench.report import print_figures
from engines import bundled
from engines.asr_whisper import WhisperASR
from engines.cancel import NEVER
from engines.metrics import word_error_rate
from engines.paths import assets_dir
from engines.tts import load_tts, measure_intelligibility

VOICE_TEXT = (
    "So how many people crossed the new bridge on the first day? About three thousand, and the old ferry "
    "service will stop in June. Beekeepers counted four hundred and twelve hives on the rooftops this year. "
    "Lime trees along the canals are the main source of nectar in July."
)
CANDIDATES = ("piper:en_US-joe-medium", "kokoro:jm_kumo", "kokoro:jf_alpha", "kokoro:jf_gongitsune",
              "kokoro:jf_nezumi", "kokoro:jf_tebukuro")


def _render_overhead(script: Any, voices: dict[str, Any], folder: Path) -> tuple[float, float]:
    """Seconds for the bare engines vs the render path (trim, cache file, journal) on the same turns.

    Interleaved turn by turn so both see the same machine load (it moves 2x between minutes here).
    """
    cache, journal = SegmentCache(folder / "segments"), Journal(folder)
    segments = plan_segments(script, voices)
    journal.start(folder / "x.mp3", "bench", segments)
    bare = piped = 0.0
    for segment in segments:
        voice = voices[segment.speaker]
        start = time.perf_counter()
        for _ in voice.tts.synthesize(segment.text, voice=voice.voice, speed=segment.speed):
            pass
        bare += time.perf_counter() - start
        start = time.perf_counter()
        cache.save(segment.key, synthesise(voice, segment, NEVER))
        journal.mark(segment.key)
        piped += time.perf_counter() - start
    return bare, piped


def run(minutes: float = 1.0, model: str | None = None, *, long: bool = True) -> dict[str, Any]:
    """The short demo episode, and (``long``) the 10-minute long-document one under ``long.``."""
    figures = run_short(minutes, model)
    if long:
        figures["long"] = run_long(10.0, model)
    return figures


def run_short(minutes: float = 1.0, model: str | None = None) -> dict[str, Any]:
    from app.core.podcast import script as script_mod

    settings = Settings() if model is None else update(Settings(), llm_model=model)
    sources = assets_dir() / "demo" / "sources"
    loader = tts_loader(settings.device)
    engines = PodcastEngines(load_voice=loader, llm=build_llm(settings, task="podcast"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.mp3"
        request = PodcastRequest(out=out, inputs=(sources / "article.html", sources / "notes.md"), minutes=minutes)
        start = time.perf_counter()
        result = next(e.result for e in run_podcast(request, engines) if isinstance(e, Finished))
        wall = time.perf_counter() - start
        script = script_mod.load(result.script_path)
        voices = {h.name: loader(h.voice) for h in script.hosts}
        bare, piped = _render_overhead(script, voices, Path(tmp) / "overhead")
        heard = _host_wer(result, script)
    t = result.timings
    episode_min = result.duration / 60
    figures: dict[str, Any] = {
        "episode_min": round(episode_min, 3),
        "words": script.word_count,
        "wall_s": round(wall, 2),
        "episode_min_per_wall_min": round(result.duration / wall, 3),
    }
    for stage in ("import", "script", "tts", "mix", "export"):
        seconds = t.get(stage, 0.0)
        figures[f"{stage}_s"] = round(seconds, 2)
        if stage != "import":
            figures[f"{stage}_episode_min_per_min"] = round(result.duration / max(seconds, 1e-6), 2)
    figures["tts_throughput_vs_bare"] = round(bare / max(piped, 1e-6), 3)
    figures["lufs"] = round(result.lufs, 2)
    figures["true_peak_dbtp"] = round(result.true_peak, 2)
    figures.update(heard)
    figures["llm"] = result.models[0].id if result.models else ""
    return figures


def run_long(minutes: float = 10.0, model: str | None = None, keep: Path | None = None) -> dict[str, Any]:
    """The long-document episode, with its bare-engine baseline; ``keep`` keeps the episode files there."""
    from app.core.events import StageFinished
    from app.core.llm_setup import DEFAULT_N_CTX, LocalModelSpec, ModelPool
    from bench.longdoc import write_long_document

    settings = Settings() if model is None else update(Settings(), llm_model=model)
    pool = ModelPool()
    loader = tts_loader(settings.device)
    engines = PodcastEngines(load_voice=loader, llm=build_llm(settings, task="podcast", pool=pool))
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        document = write_long_document(folder / "docs", "md")
        chars = len(document.read_text(encoding="utf-8"))
        request = PodcastRequest(out=folder / "long.mp3", inputs=(document,), minutes=minutes)
        stages: dict[str, dict[str, Any]] = {}
        start = time.perf_counter()
        for event in run_podcast(request, engines):
            if isinstance(event, StageFinished):
                stages[event.stage] = dict(event.detail)
            elif isinstance(event, Finished):
                result = event.result
        wall = time.perf_counter() - start
        episode_script = script_mod.load(result.script_path)  # before the folder goes
    figures: dict[str, Any] = {
        "document_chars": chars,
        "asked_min": minutes, "episode_min": round(result.duration / 60, 3), "wall_s": round(wall, 1),
        "episode_min_per_wall_min": round(result.duration / wall, 3),
        "length_error": round(result.duration / 60 / minutes - 1, 3),
        "chapters": len(result.chapters),
        "facts_planned": sum(len(r["facts"]) for r in result.coverage),
        "facts_in_script": sum(len(r["said"]) for r in result.coverage),
    }
    for stage, seconds in result.timings.items():
        figures[f"{stage}_s"] = round(seconds, 1)
    script = stages.get("script", {})
    figures.update(prompt_tokens=script.get("prompt_tokens", 0), gen_tokens=script.get("tokens", 0),
                   llm_rounds=script.get("rounds", 0), prose_rounds=script.get("prose_rounds", 0))
    llama = pool.get(LocalModelSpec(settings.llm_model, device=settings.device, n_ctx=DEFAULT_N_CTX)).llama
    figures.update(_drafting(llama))
    figures.update(_bare_baseline(llama, result, episode_script, loader, figures["prompt_tokens"],
                                  figures["gen_tokens"], wall))
    pool.close()
    return figures


def _drafting(llama: Any) -> dict[str, Any]:
    """How many generated tokens came from prompt-lookup drafts (engines.lookup_draft) and how many drafted
    tokens the model kept."""
    from engines.lookup_draft import PromptLookup

    lookup = getattr(llama, "draft_model", None)
    if not isinstance(lookup, PromptLookup):
        return {"drafted_tokens_kept": 0}
    acceptance = lookup.accepted / max(lookup.proposed, 1)
    return {"drafted_tokens_kept": lookup.accepted, "draft_acceptance": round(acceptance, 3)}


def _bare_baseline(llama: Any, result: Any, script: Any, loader: Any, prompt_tokens: int, gen_tokens: int,
                   wall: float) -> dict[str, Any]:
    """Bare llama-cpp-python tok/s on the same loaded model, bare TTS RTF per host voice, and the serial
    seconds those bare engines need for this episode's tokens and audio (prompt prefixes re-read)."""
    from bench.llm import _bare

    text = VOICE_TEXT * 6
    tokens = llama.tokenize(f"<|im_start|>user\n{text}<|im_end|>\n<|im_start|>assistant\n".encode(),
                            add_bos=False, special=True)
    prompt_rate, gen_rate, _ = _bare(llama, tokens, 48)
    figures: dict[str, Any] = {"bare_prompt_tok_s": round(prompt_rate, 1), "bare_gen_tok_s": round(gen_rate, 1)}
    audio = {h.name: sum(c.end - c.start for c in result.cues if c.speaker == h.name) for h in script.hosts}
    tts_seconds = 0.0
    for index, host in enumerate(script.hosts):
        voice = loader(host.voice)
        start = time.perf_counter()
        chunks = list(voice.tts.synthesize(VOICE_TEXT, voice=voice.voice))
        seconds = time.perf_counter() - start
        # per second of speech as the episode keeps it (cues span trimmed sentences): Kokoro also makes ~1 s
        # of silence around each sentence, which costs compute and is cut
        rtf = seconds / sum(len(trim_edges(np.asarray(c.samples, np.float32), c.sample_rate)) / c.sample_rate
                            for c in chunks)
        figures[f"bare_tts{index + 1}_rtf"] = round(rtf, 3)
        tts_seconds += rtf * audio[host.name]
    llm_seconds = prompt_tokens / prompt_rate + gen_tokens / max(gen_rate, 1e-6)
    figures["bare_serial_s"] = round(llm_seconds + tts_seconds, 1)
    figures["bare_episode_min_per_wall_min"] = round(result.duration / (llm_seconds + tts_seconds), 3)
    figures["wall_vs_bare_serial"] = round((llm_seconds + tts_seconds) / wall, 3)
    return figures


def _host_wer(result: Any, script: Any) -> dict[str, Any]:
    """Each host's sentences cut from the episode by the captions, transcribed by Whisper base."""
    model = bundled.require("whisper-base-ct2")
    asr = WhisperASR(model.directory, model_id=model.id)
    audio, _ = read_audio(result.audio_path, sample_rate=16000, mono=True)
    cues = subtitles.parse_vtt(result.vtt.read_text(encoding="utf-8"))
    figures: dict[str, Any] = {}
    for index, host in enumerate(script.hosts):
        mine = [c for c in cues if c.speaker == host.name]
        if not mine:
            continue
        clip = np.concatenate([audio[int(c.start * 16000): int(c.end * 16000)] for c in mine])
        figures[f"host{index + 1}_wer"] = round(word_error_rate(" ".join(c.text for c in mine),
                                                                asr.transcribe_text(clip)), 3)
        figures[f"host{index + 1}_pitch_hz"] = round(voicecheck.profile(clip, 16000).pitch_hz, 1)
    return figures


def voices(candidates: tuple[str, ...] = CANDIDATES, text: str = VOICE_TEXT) -> list[dict[str, Any]]:
    """WER through Whisper base, median pitch and centroid, and speed, for each candidate voice."""
    model = bundled.require("whisper-base-ct2")
    asr = WhisperASR(model.directory, model_id=model.id)
    rows = []
    for spec in candidates:
        tts, name = load_tts(spec)
        check = measure_intelligibility(tts, asr, text, voice=name)
        audio = np.concatenate([c.samples for c in tts.synthesize(text, voice=name)])
        profile = voicecheck.profile(audio, tts.sample_rate)
        rtf = check.synth_seconds / max(check.audio_seconds, 1e-6)
        rows.append({"voice": spec, "wer": round(check.wer, 3), "pitch_hz": round(profile.pitch_hz, 1),
                     "centroid_hz": round(profile.centroid_hz), "rtf": round(rtf, 3), "heard": check.transcript})
    return rows


def print_voices(rows: list[dict[str, Any]], console: Console | None = None) -> None:
    table = Table(title="Host voices: intelligibility and pitch")
    for column in ("voice", "wer", "pitch_hz", "centroid_hz", "rtf"):
        table.add_column(column, justify="left" if column == "voice" else "right")
    for row in rows:
        table.add_row(*(str(row[c]) for c in ("voice", "wer", "pitch_hz", "centroid_hz", "rtf")))
    (console or Console()).print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--model", default=None, help="LLM id (default: settings)")
    parser.add_argument("--voices", action="store_true", help="also measure every candidate host voice")
    parser.add_argument("--long", action="store_true", help="only the 10-minute episode of the long document")
    parser.add_argument("--keep", type=Path, help="with --long: keep the episode files in this folder")
    args = parser.parse_args()
    if args.long:
        print_figures("Podcast (long document)", run_long(args.minutes if args.minutes != 1.0 else 10.0, args.model,
                                                          args.keep))
        return
    print_figures("Podcast (demo article + notes)", run_short(args.minutes, args.model))
    if args.voices:
        print_voices(voices())


if __name__ == "__main__":
    main()
