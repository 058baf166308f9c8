"""Choosing a voice: ``"piper:en_US-joe-medium"`` or ``"kokoro:jf_alpha"`` -> a loaded engine.

Engines are cached in a :class:`TTSCache` so two hosts of a podcast that share a model, or every
voice turn of the assistant, load it once. The process-wide cache is a plain object
(:data:`TTS_CACHE`): nothing is loaded until asked, and ``clear()`` frees it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engines import bundled
from engines.audio import SAMPLE_RATE, resample
from engines.cancel import CancelToken
from engines.errors import ModelMissingError, UsageError
from engines.metrics import word_error_rate
from engines.paths import models_dir
from engines.protocols import SpeechToText, TextToSpeech
from engines.tts_kokoro import KokoroTTS
from engines.tts_piper import PiperTTS

ENGINES = ("piper", "kokoro")
KOKORO_MODEL_ID = "kokoro-82m-int8"
DEFAULT_SPEC = "piper:en_US-joe-medium"
_KOKORO_ACCENTS = {"a": "American English", "b": "British English", "j": "Japanese", "z": "Mandarin",
                   "e": "Spanish", "f": "French", "h": "Hindi", "i": "Italian", "p": "Portuguese"}


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    """One voice a user can pick: ``spec`` goes into settings and :func:`load_tts`."""

    spec: str
    label: str
    engine: str
    sample_rate: int
    license: str


def parse_spec(spec: str) -> tuple[str, str]:
    """``"kokoro:jf_alpha"`` -> ("kokoro", "jf_alpha"); a clear error for anything else."""
    engine, sep, name = spec.strip().partition(":")
    engine = engine.lower()
    if not sep or engine not in ENGINES or not name.strip():
        raise UsageError(
            f"Voice {spec!r} is not of the form engine:name", hint="e.g. piper:en_US-joe-medium or kokoro:jf_alpha"
        )
    return engine, name.strip()


class TTSCache:
    """Loaded TTS engines keyed by (engine, model, device); thread-safe, loads each key once."""

    def __init__(self) -> None:
        self._engines: dict[tuple[str, str, str], TextToSpeech] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str], load: Callable[[], TextToSpeech]) -> TextToSpeech:
        with self._lock:  # loading under the lock: a second caller waits instead of loading twice
            if key not in self._engines:
                self._engines[key] = load()
            return self._engines[key]

    def clear(self) -> None:
        with self._lock:
            self._engines.clear()

    def __len__(self) -> int:
        return len(self._engines)


TTS_CACHE = TTSCache()


def load_tts(spec: str, *, device: str = "auto", cache: TTSCache | None = None) -> tuple[TextToSpeech, str]:
    """The engine for ``spec`` and the voice name to pass to its ``synthesize``."""
    engine, name = parse_spec(spec)
    cache = TTS_CACHE if cache is None else cache
    if engine == "piper":
        name, _, speaker = name.partition("#")  # "piper:en_US-libritts-high#p123" picks a speaker
        model_path, model = _piper_files(name)
        tts = cache.get(("piper", str(model_path), device), lambda: _load_piper(model_path, model, device))
        if speaker and speaker not in tts.voices():
            raise UsageError(f"Piper voice {name} has no speaker {speaker!r}; available: {', '.join(tts.voices())}")
        return tts, speaker or tts.voices()[0]
    model = bundled.require(KOKORO_MODEL_ID)
    tts = cache.get(("kokoro", model.id, device), lambda: _load_kokoro(model, device))
    if name not in tts.voices():
        raise UsageError(f"Kokoro has no voice {name!r}; available: {', '.join(tts.voices())}")
    return tts, name


def _piper_files(name: str) -> tuple[Path, bundled.BundledModel | None]:
    """A bundled Piper voice, one installed in the model store, or a path to an .onnx file."""
    model_id = f"piper-{name}"
    if any(m.id == model_id for m in bundled.load_manifest()):
        model = bundled.require(model_id)
        return model.path(f"{name}.onnx"), model
    for candidate in (models_dir() / model_id / f"{name}.onnx", Path(name).expanduser()):
        if candidate.suffix == ".onnx" and candidate.is_file():
            return candidate, None
    raise ModelMissingError(f"No Piper voice {name!r}: not bundled, not in {models_dir()}, not an .onnx file")


def _load_piper(model_path: Path, model: bundled.BundledModel | None, device: str) -> TextToSpeech:
    if model is None:
        return PiperTTS(model_path, device=device, model_id=f"piper-{model_path.stem}")
    return PiperTTS(model_path, device=device, model_id=model.id, license=model.license,
                    sha256=_sha(model, model_path.name))


def _load_kokoro(model: bundled.BundledModel, device: str) -> TextToSpeech:
    return KokoroTTS(model.path("kokoro.onnx"), model.path("voices.npz"), device=device, model_id=model.id,
                     license=model.license, sha256=_sha(model, "kokoro.onnx"))


def _sha(model: bundled.BundledModel, name: str) -> str:
    return next((f.sha256 for f in model.files if f.name == name), "")


def available_voices() -> list[VoiceInfo]:
    """Every voice of the installed TTS models, without loading any model."""
    voices: list[VoiceInfo] = []
    for model in bundled.load_manifest():
        if model.role != "tts" or not model.is_installed():
            continue
        if model.id.startswith("piper-"):
            name = model.id.removeprefix("piper-")
            config = json.loads(model.path(f"{name}.onnx.json").read_text(encoding="utf-8"))
            voices.append(VoiceInfo(f"piper:{name}", _piper_label(name), "piper",
                                    int(config["audio"]["sample_rate"]), model.license))
        elif model.id == KOKORO_MODEL_ID:
            with np.load(model.path("voices.npz")) as npz:
                names = sorted(npz.files)
            voices += [VoiceInfo(f"kokoro:{n}", _kokoro_label(n), "kokoro", 24000, model.license) for n in names]
    return voices


def _piper_label(name: str) -> str:
    """``en_US-joe-medium`` -> "Joe (en_US, Piper, medium)"."""
    parts = name.split("-")
    if len(parts) == 3:
        return f"{parts[1].capitalize()} ({parts[0]}, Piper, {parts[2]})"
    return f"{name} (Piper)"


def _kokoro_label(name: str) -> str:
    """``jf_alpha`` -> "Alpha (female, Japanese voice, Kokoro)"."""
    prefix, _, rest = name.partition("_")
    if len(prefix) != 2 or not rest:
        return f"{name} (Kokoro)"
    gender = {"f": "female", "m": "male"}.get(prefix[1], "")
    accent = _KOKORO_ACCENTS.get(prefix[0], "")
    details = ", ".join(d for d in (gender, f"{accent} voice" if accent else "", "Kokoro") if d)
    return f"{rest.capitalize()} ({details})"


@dataclass(frozen=True, slots=True)
class Intelligibility:
    """How well an ASR understands a TTS voice: WER and what it heard, with timings."""

    wer: float
    transcript: str
    audio_seconds: float
    synth_seconds: float
    asr_seconds: float


def measure_intelligibility(
    tts: TextToSpeech, asr: SpeechToText, text: str, *, voice: str | None = None, cancel: CancelToken | None = None
) -> Intelligibility:
    """Speak ``text``, transcribe it, and compare: a voice check that needs no listener."""
    start = time.perf_counter()
    chunks = list(tts.synthesize(text, voice=voice, cancel=cancel))
    synth = time.perf_counter() - start
    if not chunks:
        return Intelligibility(1.0 if text.strip() else 0.0, "", 0.0, synth, 0.0)
    audio = np.concatenate([c.samples for c in chunks])
    audio16 = resample(audio, chunks[0].sample_rate, SAMPLE_RATE)
    start = time.perf_counter()
    transcript = " ".join(s.text.strip() for s in asr.transcribe(audio16, cancel=cancel))
    heard = time.perf_counter() - start
    return Intelligibility(word_error_rate(text, transcript), transcript, len(audio) / chunks[0].sample_rate,
                           synth, heard)
