"""Watermark robustness: detection rate per transformation, false positives on audio Daycast did not make, SNR.

Marked clips are real Daycast speech (the bundled Piper voice, plus Kokoro when asked); every
transformed clip is cut to a random 10 s excerpt before detection (except the ``full clip`` row),
so every row also measures the crop. Negatives: espeak-ng speech (when installed), unmarked
Piper and Kokoro speech, noise, tones and music-like synthetic signals (one of them looping on
the watermark's own period), and Daycast speech marked with a different key.

    python -m bench.watermark                  # about 3 minutes on 2 cores
    python -m bench.watermark --clips 40 --negatives 600 --kokoro 6
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from app.core.audio.io import read_audio, resample
from app.core.trust import watermark as wm
from app.core.trust.keys import WATERMARK_KEY as DAYCAST_KEY

CROP_SECONDS = 10.0
SENTENCES = (
    "Good morning, here is your briefing for today.",
    "Expect light rain in the afternoon, with temperatures around twelve degrees.",
    "Your first meeting is at half past nine with the design team.",
    "After lunch there is a call with the supplier about the delayed shipment.",
    "The city council approved a new budget for public transport last night.",
    "Critics say the plan does not go far enough to reduce traffic in the centre.",
    "Scientists announced a cheaper way to recycle plastic bottles into fuel.",
    "The process uses far less energy than the methods tried before.",
    "Remember to pick up the dry cleaning on your way home.",
    "Welcome back to the show, today we talk about gardening in small spaces.",
    "From balcony tomatoes to herbs on the kitchen window, anything is possible.",
    "The library extends its opening hours during the exam period.",
    "A new bakery opened on the corner of Market Street and Elm Road.",
    "Train services will run a reduced timetable on Sunday because of maintenance.",
    "Tickets for the summer concert series go on sale on Friday morning.",
    "The museum's new exhibition brings together two hundred years of maps.",
    "Local schools report that more pupils cycle to class than ever before.",
    "Researchers found that short walks after meals help people sleep better.",
    "The football club signed a young goalkeeper from the regional league.",
    "That is all for now; have a wonderful day.",
)
OTHER_KEY = b"some-other-product-key-000000001"


@dataclass(frozen=True)
class BenchConfig:
    clips: int = 10  # Piper clips, 18-30 s each
    kokoro: int = 2  # Kokoro clips (about real time to synthesise on CPU); the female voices come first
    long_minutes: float = 10.0  # embed + detect timing on a file this long (0: skip)
    negatives: int = 210
    seed: int = 0


# ------------------------------------------------------------------ transformations


def _codec(samples: np.ndarray, rate: int, spec: tuple[str, str, int, int]) -> tuple[np.ndarray, int]:
    """Encode to a real file in memory with PyAV and decode it back (mono float32)."""
    codec, container, bitrate, codec_rate = spec
    pcm = np.clip(resample(samples, rate, codec_rate), -1.0, 1.0).astype(np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream = out.add_stream(codec, rate=codec_rate, layout="mono")
        stream.bit_rate = bitrate
        for start in range(0, len(pcm), 1024):
            frame = av.AudioFrame.from_ndarray(pcm[None, start : start + 1024], format="flt", layout="mono")
            frame.sample_rate = codec_rate
            frame.pts = start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    suffix = {"mp3": ".mp3", "adts": ".aac", "ogg": ".opus"}[container]
    return _decode_bytes(buffer.getvalue(), suffix)


def _decode_bytes(data: bytes, suffix: str) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"clip{suffix}"
        path.write_bytes(data)
        return read_audio(path)


def _loudnorm(samples: np.ndarray, rate: int) -> tuple[np.ndarray, int]:
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    loudness = meter.integrated_loudness(samples.astype(np.float64))
    out = pyloudnorm.normalize.loudness(samples.astype(np.float64), loudness, -16.0)
    return np.clip(out, -1.0, 1.0).astype(np.float32), rate


Transform = Callable[[np.ndarray, int], tuple[np.ndarray, int]]
TRANSFORMS: dict[str, Transform] = {
    "none": lambda x, r: (x, r),
    "mp3 128k": lambda x, r: _codec(x, r, ("libmp3lame", "mp3", 128_000, 44_100)),
    "mp3 64k": lambda x, r: _codec(x, r, ("libmp3lame", "mp3", 64_000, 44_100)),
    "aac 96k": lambda x, r: _codec(x, r, ("aac", "adts", 96_000, 44_100)),
    "opus 64k": lambda x, r: _codec(x, r, ("libopus", "ogg", 64_000, 48_000)),
    "opus 48k": lambda x, r: _codec(x, r, ("libopus", "ogg", 48_000, 48_000)),
    "gain +6 dB": lambda x, r: (np.clip(x * 2.0, -1, 1), r),
    "gain -6 dB": lambda x, r: (x * 0.5, r),
    "loudness -16 LUFS": _loudnorm,
    "resample 22.05k": lambda x, r: (resample(x, r, 22_050), 22_050),
    "resample 44.1k": lambda x, r: (resample(x, r, 44_100), 44_100),
    "resample 48k": lambda x, r: (resample(x, r, 48_000), 48_000),
}


def _crop(samples: np.ndarray, rate: int, rng: np.random.Generator) -> np.ndarray:
    length = int(CROP_SECONDS * rate)
    if len(samples) <= length:
        return samples
    start = int(rng.integers(0, len(samples) - length))
    return samples[start : start + length]


# ------------------------------------------------------------------ audio sources


def piper_clips(count: int, rng: np.random.Generator) -> list[tuple[np.ndarray, int]]:
    from piper import PiperVoice

    from engines import bundled

    model = bundled.require("piper-en_US-joe-medium")
    voice = PiperVoice.load(model.path("en_US-joe-medium.onnx"))
    clips = []
    for _ in range(count):
        text = " ".join(rng.choice(SENTENCES, size=int(rng.integers(5, 8)), replace=False))
        chunks = list(voice.synthesize(text))
        clips.append((np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32),
                      chunks[0].sample_rate))
    return clips


def kokoro_clips(count: int, rng: np.random.Generator) -> list[tuple[np.ndarray, int]]:
    if count <= 0:
        return []
    from kokoro_onnx import Kokoro

    from engines import bundled

    model = bundled.require("kokoro-82m-int8")
    kokoro = Kokoro(str(model.path("kokoro.onnx")), str(model.path("voices.npz")))
    voices = ["jf_nezumi", "jf_alpha", "jm_kumo", "jf_gongitsune", "jf_tebukuro"]  # hardest (high pitch) first
    clips = []
    for i in range(count):
        text = " ".join(rng.choice(SENTENCES, size=3, replace=False))
        samples, rate = kokoro.create(text, voice=voices[i % len(voices)], lang="en-us")
        clips.append((samples.astype(np.float32), rate))
    return clips


def espeak_clips(count: int, rng: np.random.Generator) -> list[tuple[np.ndarray, int]]:
    binary = shutil.which("espeak-ng")
    if binary is None or count <= 0:
        return []
    variants = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "whisper"]
    clips = []
    for i in range(count):
        text = " ".join(rng.choice(SENTENCES, size=3, replace=False))
        voice = f"{rng.choice(['en-us', 'en-gb', 'en'])}+{variants[i % len(variants)]}"
        cmd = [binary, "-v", voice, "-s", str(int(rng.integers(130, 200))), "-p", str(int(rng.integers(25, 75))),
               "--stdout", text]
        wav = subprocess.run(cmd, capture_output=True, check=True, timeout=60).stdout
        samples, rate = _decode_bytes(wav, ".wav")
        clips.append((_fit(samples, rate), rate))
    return clips


def _fit(samples: np.ndarray, rate: int) -> np.ndarray:
    """Exactly CROP_SECONDS long: loop short material, cut long."""
    length = int(CROP_SECONDS * rate)
    reps = int(np.ceil(length / max(len(samples), 1)))
    return np.tile(samples, reps)[:length].astype(np.float32)


def synthetic_negatives(count: int, rng: np.random.Generator) -> list[tuple[str, np.ndarray, int]]:
    """Noise, tones, chirps and music-like signals, 10 s each at 44.1 kHz."""
    rate = 44_100
    t = np.arange(int(CROP_SECONDS * rate)) / rate
    out = []
    makers: list[tuple[str, Callable[[], np.ndarray]]] = [
        ("noise", lambda: _coloured_noise(len(t), rng)),
        ("tones", lambda: _tones(t, rng)),
        ("music", lambda: _music(t, rate, rng, loop=None)),
        ("music", lambda: _music(t, rate, rng, loop=wm.PERIOD_COLS * wm.TILE_FRAMES * wm.HOP / wm.RATE)),
    ]
    for i in range(count):
        kind, make = makers[i % len(makers)]
        signal = make()
        signal = 0.3 * signal / (np.max(np.abs(signal)) + 1e-9)
        out.append((kind, signal.astype(np.float32), rate))
    return out


def _coloured_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n)
    exponent = rng.choice([0.0, 0.5, 1.0])  # white, pink, brown
    spectrum[1:] /= freqs[1:] ** exponent
    noise = np.fft.irfft(spectrum, n)
    if rng.random() < 0.5:  # bursts, like applause or rain on a window
        envelope = np.repeat(rng.random(n // 2205 + 1) > 0.5, 2205)[:n]
        noise = noise * envelope
    return noise


def _tones(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    choice = rng.integers(0, 3)
    if choice == 0:
        return sum(np.sin(2 * np.pi * rng.uniform(100, 5000) * t) for _ in range(int(rng.integers(1, 6))))
    if choice == 1:
        f0, f1 = rng.uniform(50, 500), rng.uniform(2000, 8000)
        return np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t**2 / (2 * t[-1])))
    beeps = (np.sin(2 * np.pi * 3 * t) > 0).astype(float)
    return beeps * (np.sin(2 * np.pi * 697 * t) + np.sin(2 * np.pi * 1209 * t))


def _music(t: np.ndarray, rate: int, rng: np.random.Generator, loop: float | None) -> np.ndarray:
    """Chords of harmonic notes with envelopes and a noise drum; ``loop`` repeats a bar of that length."""
    bar = loop or rng.uniform(1.5, 3.0)
    bar_n = int(bar * rate)
    tb = np.arange(bar_n) / rate
    pattern = np.zeros(bar_n)
    beats = 4
    for beat in range(beats):
        start = beat * bar_n // beats
        length = bar_n // beats
        env = np.exp(-np.arange(length) / (0.25 * rate))
        for _ in range(3):
            f = 110 * 2 ** (rng.integers(0, 36) / 12)
            note = sum(np.sin(2 * np.pi * f * h * tb[:length]) / h for h in range(1, 8))
            pattern[start : start + length] += env * note
        drum = rng.standard_normal(length) * np.exp(-np.arange(length) / (0.03 * rate))
        pattern[start : start + length] += 2 * drum
    reps = int(np.ceil(len(t) / bar_n))
    return np.tile(pattern, reps)[: len(t)]


# ------------------------------------------------------------------ the run


def _detect(samples: np.ndarray, rate: int, key: bytes = DAYCAST_KEY) -> wm.Detection:
    return wm.detect(samples, rate, key=key)


def _robustness(marked: list[tuple[np.ndarray, int]], payload: wm.WatermarkPayload,
                rng: np.random.Generator) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    full = [_detect(x, r) for x, r in marked]
    rows["none (full clip)"] = _row(full, payload)
    for name, transform in TRANSFORMS.items():
        results = []
        for samples, rate in marked:
            changed, new_rate = transform(samples, rate)
            results.append(_detect(_crop(changed, new_rate, rng), new_rate))
        rows[f"{name} + 10 s crop"] = _row(results, payload)
    return rows


def _row(results: list[wm.Detection], payload: wm.WatermarkPayload) -> dict[str, Any]:
    n = len(results)
    found = sum(r.found for r in results)
    exact = sum(r.found and r.payload == payload for r in results)
    return {"trials": n, "detected": found, "payload_ok": exact, "rate": found / n if n else 0.0,
            "min_score": min((r.score for r in results), default=0.0)}


def _false_positives(clean: list[tuple[np.ndarray, int]], config: BenchConfig,
                     rng: np.random.Generator) -> dict[str, Any]:
    negatives: list[tuple[str, np.ndarray, int]] = []
    budget = config.negatives
    speech = [(x, r) for x, r in clean]
    for i in range(min(budget // 4, 4 * len(speech))):  # unmarked Daycast voices, some re-encoded
        x, r = speech[i % len(speech)]
        if i % 3 == 1:
            x, r = TRANSFORMS["mp3 64k"](x, r)
        negatives.append(("unmarked tts", _crop(x, r, rng), r))
    negatives += [("espeak-ng", x, r) for x, r in espeak_clips(budget // 4, rng)]
    for x, r in speech[: max(1, budget // 20)]:  # Daycast-like audio marked by someone else's key
        negatives.append(("other key", _crop(wm.embed(x, r, wm.WatermarkPayload(key_id=1), key=OTHER_KEY), r, rng), r))
    negatives += synthetic_negatives(max(0, budget - len(negatives)), rng)
    by_kind: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for kind, samples, rate in negatives:
        detection = _detect(samples, rate)
        by_kind.setdefault(kind, []).append(detection.score)
        hits[kind] = hits.get(kind, 0) + int(detection.found)
    return {
        "trials": len(negatives),
        "count": sum(hits.values()),
        "max_score": max(max(v) for v in by_kind.values()),
        "by_kind": {k: {"trials": len(v), "false_positives": hits[k], "max_score": max(v)}
                    for k, v in by_kind.items()},
    }


def _long_file_timing(clean: list[tuple[np.ndarray, int]], minutes: float) -> dict[str, float]:
    """Embed and detect on one long 44.1 kHz file made of the clips, as an exported episode would be."""
    if minutes <= 0:
        return {}
    speech = np.concatenate([resample(x, r, 44_100) for x, r in clean])
    long = np.tile(speech, int(np.ceil(minutes * 60 * 44_100 / len(speech))))[: int(minutes * 60 * 44_100)]
    payload = wm.WatermarkPayload(key_id=7)
    start = time.perf_counter()
    marked = wm.embed(long, 44_100, payload, key=DAYCAST_KEY)
    embed_s = time.perf_counter() - start
    start = time.perf_counter()
    found = wm.detect(marked, 44_100, key=DAYCAST_KEY)
    detect_s = time.perf_counter() - start
    return {"minutes": minutes, "embed_s": embed_s, "detect_s": detect_s, "found": float(found.payload == payload)}


def run(config: BenchConfig | None = None) -> dict[str, Any]:
    """Measure and print the robustness table; returns the figures."""
    config = config or BenchConfig()
    rng = np.random.default_rng(config.seed)
    start = time.perf_counter()
    clean = piper_clips(config.clips, rng) + kokoro_clips(config.kokoro, rng)
    synth_s = time.perf_counter() - start
    payload = wm.WatermarkPayload(key_id=0x5EED0001)
    marked = [(wm.embed(x, r, payload, key=DAYCAST_KEY), r) for x, r in clean]
    snrs = [wm.snr_db(x, m) for (x, _), (m, _) in zip(clean, marked, strict=True)]
    rows = _robustness(marked, payload, rng)
    false_pos = _false_positives(clean, config, rng)
    long_file = _long_file_timing(clean, config.long_minutes)
    figures = {
        "clips": len(clean),
        "clip_seconds": float(np.mean([len(x) / r for x, r in clean])),
        "snr_db": {"min": float(np.min(snrs)), "median": float(np.median(snrs)), "max": float(np.max(snrs))},
        "transforms": rows,
        "false_positives": false_pos,
        "long_file": long_file,
        "synthesis_s": synth_s,
        "wall_s": time.perf_counter() - start,
    }
    _print(figures)
    return figures


def _print(figures: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Watermark robustness ({figures['clips']} Daycast clips, "
                        f"mean {figures['clip_seconds']:.0f} s; detection on 10 s excerpts)")
    for column in ("transformation", "detected", "payload exact", "min pilot z"):
        table.add_column(column, justify="left" if column == "transformation" else "right")
    for name, row in figures["transforms"].items():
        table.add_row(name, f"{100 * row['rate']:.1f} %", f"{row['payload_ok']}/{row['trials']}",
                      f"{row['min_score']:.1f}")
    console = Console()
    console.print(table)
    negatives = Table(title="False positives (audio Daycast did not make, 10 s each)")
    for column in ("kind", "clips", "false positives", "max pilot z"):
        negatives.add_column(column, justify="left" if column == "kind" else "right")
    for kind, row in figures["false_positives"]["by_kind"].items():
        negatives.add_row(kind, str(row["trials"]), str(row["false_positives"]), f"{row['max_score']:.1f}")
    fp = figures["false_positives"]
    negatives.add_row("all", str(fp["trials"]), str(fp["count"]), f"{fp['max_score']:.1f}")
    console.print(negatives)
    snr = figures["snr_db"]
    long_file = figures["long_file"]
    if long_file:
        console.print(f"{long_file['minutes']:g} min at 44.1 kHz: embed {long_file['embed_s']:.1f} s, detect "
                      f"{long_file['detect_s']:.1f} s, payload {'found' if long_file['found'] else 'NOT found'}")
    console.print(f"Watermark SNR: min {snr['min']:.1f} dB, median {snr['median']:.1f} dB, max {snr['max']:.1f} dB; "
                  f"wall {figures['wall_s']:.0f} s (speech synthesis {figures['synthesis_s']:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", type=int, default=BenchConfig.clips)
    parser.add_argument("--kokoro", type=int, default=BenchConfig.kokoro)
    parser.add_argument("--negatives", type=int, default=BenchConfig.negatives)
    parser.add_argument("--seed", type=int, default=BenchConfig.seed)
    parser.add_argument("--long-minutes", type=float, default=BenchConfig.long_minutes)
    args = parser.parse_args()
    run(BenchConfig(clips=args.clips, kokoro=args.kokoro, negatives=args.negatives, seed=args.seed,
                    long_minutes=args.long_minutes))


if __name__ == "__main__":
    main()
