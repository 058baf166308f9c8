"""Speech engines through Daycast against the bare libraries, in the same process.

TTS: Piper real-time factor and time to first audio (Daycast ``PiperTTS`` vs bare ``piper.PiperVoice``),
Kokoro RTF. ASR: Whisper base RTF and word error rate on a project-made speech set (Daycast
``WhisperASR`` vs bare ``faster_whisper.WhisperModel``). VAD: Silero RTF. Ratios are bare/Daycast
time, so 1.0 means Daycast adds nothing and higher is better.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from bench.report import print_figures
from engines import bundled
from engines.asr_whisper import WhisperASR
from engines.audio import resample
from engines.metrics import word_error_rate
from engines.tts_kokoro import KokoroTTS
from engines.tts_piper import PiperTTS
from engines.vad_silero import SileroVAD

SENTENCES = (
    "Good morning, your first meeting with Priya Raman starts at nine thirty in room Osprey.",
    "The Selkie Point ferry terminal reopened after a fourteen month rebuild.",
    "Quillfeather Robotics raised twelve million euros and will hire forty five engineers.",
    "The council voted seven to two for two hundred and twelve bike racks on Calder Avenue.",
    "Expect up to forty millimetres of rain and strong gusts on Thursday afternoon.",
    "Remember to renew the parking permit before Friday.",
)


def _time_first(chunks: Any) -> tuple[float, float, list[np.ndarray]]:
    start = time.perf_counter()
    first = 0.0
    out = []
    for chunk in chunks:
        first = first or time.perf_counter() - start
        out.append(chunk)
    return time.perf_counter() - start, first, out


def _piper(figures: dict[str, Any]) -> np.ndarray:
    from piper import PiperVoice

    model = bundled.require("piper-en_US-joe-medium")
    path = model.path("en_US-joe-medium.onnx")
    bare, ours = PiperVoice.load(str(path)), PiperTTS(path, model_id=model.id)
    ours.warm_up()
    list(bare.synthesize("Warm up."))
    bare_s = ours_s = bare_first = ours_first = 0.0
    audio: list[np.ndarray] = []
    seconds = 0.0
    for sentence in SENTENCES:
        t, first, _ = _time_first(bare.synthesize(sentence))
        bare_s, bare_first = bare_s + t, bare_first + first
        t, first, mine = _time_first(ours.synthesize(sentence))
        ours_s, ours_first = ours_s + t, ours_first + first
        samples = np.concatenate([c.samples for c in mine])
        seconds += len(samples) / ours.sample_rate
        audio.append(resample(samples, ours.sample_rate, 16000))
        audio.append(np.zeros(8000, np.float32))
    n = len(SENTENCES)
    figures.update({
        "piper_rtf": ours_s / seconds, "piper_bare_rtf": bare_s / seconds, "piper_ratio_vs_bare": bare_s / ours_s,
        "piper_first_audio_ms": 1000 * ours_first / n, "piper_bare_first_audio_ms": 1000 * bare_first / n,
        "piper_x_realtime": seconds / ours_s,
    })
    return np.concatenate(audio)


def _kokoro(figures: dict[str, Any]) -> None:
    model = bundled.require("kokoro-82m-int8")
    tts = KokoroTTS(model.path("kokoro.onnx"), model.path("voices.npz"), model_id=model.id)
    tts.warm_up()
    t, first, chunks = _time_first(tts.synthesize(" ".join(SENTENCES[:3]), voice="jm_kumo"))
    seconds = sum(c.duration for c in chunks)
    figures.update({"kokoro_rtf": t / seconds, "kokoro_first_audio_ms": 1000 * first})


def _whisper(figures: dict[str, Any], audio16k: np.ndarray) -> None:
    from faster_whisper import WhisperModel

    model = bundled.require("whisper-base-ct2")
    ours = WhisperASR(model.directory, device="cpu", model_id=model.id)
    bare = WhisperModel(str(model.directory), device="cpu", compute_type="int8")
    seconds = len(audio16k) / 16000
    start = time.perf_counter()
    segments, _ = bare.transcribe(audio16k, beam_size=1, language="en")
    bare_text = " ".join(s.text for s in segments)
    bare_s = time.perf_counter() - start
    start = time.perf_counter()
    text = ours.transcribe_text(audio16k)
    ours_s = time.perf_counter() - start
    reference = " ".join(SENTENCES)
    figures.update({
        "whisper_rtf": ours_s / seconds, "whisper_bare_rtf": bare_s / seconds,
        "whisper_ratio_vs_bare": bare_s / ours_s, "whisper_wer": word_error_rate(reference, text),
        "whisper_bare_wer": word_error_rate(reference, bare_text),
    })


def _vad(figures: dict[str, Any], audio16k: np.ndarray) -> None:
    vad = SileroVAD()
    start = time.perf_counter()
    regions = vad.speech_regions(audio16k)
    figures.update({"vad_rtf": (time.perf_counter() - start) / (len(audio16k) / 16000), "vad_regions": len(regions)})


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {}
    speech = _piper(figures)
    _kokoro(figures)
    _whisper(figures, speech)
    _vad(figures, speech)
    return figures


def main() -> None:
    print_figures("Speech engines (Daycast vs bare library, same process)", run())


if __name__ == "__main__":
    main()
