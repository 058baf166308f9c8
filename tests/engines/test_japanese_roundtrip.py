"""Japanese speech both ways on the bundled models: Kokoro's Japanese voices speak sentences with numbers,
dates and times, Whisper base (multilingual, language="ja") hears them, and the character error rate stays
bounded. Reading CER compares katakana readings, so "12月" heard as "十二月" is not an error; plain CER is
bounded too, more loosely. ``bench/ja_speech.py`` prints the figures."""

from __future__ import annotations

import numpy as np
import pytest

from engines.metrics import character_error_rate, reading_error_rate
from engines.speech_util import resample

SENTENCES = (
    "会議は12月8日の午前10時30分から始まります。",
    "今年の売上は3,500万円で、前年より12%増えました。",
    "東京の明日の最高気温は18度の予報です。",
    "2026年4月1日に新しい駅が開業します。",
    "電車は午後3時15分に出発します。",
)


def _heard(tts, asr, sentence: str, voice: str) -> str:
    chunks = list(tts.synthesize(sentence, voice=voice))
    audio = np.concatenate([c.samples for c in chunks])
    assert len(audio) / chunks[0].sample_rate > 1.0
    return asr.transcribe_text(resample(audio, chunks[0].sample_rate, 16000), language="ja")


def _rates(tts, asr, sentences: tuple[str, ...], voice: str) -> tuple[float, float, list[str]]:
    heard = [_heard(tts, asr, s, voice) for s in sentences]
    reading = sum(reading_error_rate(s, h) for s, h in zip(sentences, heard, strict=True)) / len(sentences)
    plain = sum(character_error_rate(s, h) for s, h in zip(sentences, heard, strict=True)) / len(sentences)
    return reading, plain, heard


def test_japanese_tts_to_whisper_base_reduced(kokoro_tts, whisper_asr) -> None:
    reading, plain, heard = _rates(kokoro_tts, whisper_asr, SENTENCES[:1], "jf_alpha")
    assert reading <= 0.15 and plain <= 0.25, f"reading CER {reading:.2f}, CER {plain:.2f}: {heard}"
    assert "10時30分" in heard[0].replace("十時三十分", "10時30分"), heard[0]


@pytest.mark.slow
@pytest.mark.parametrize("voice", ["jf_alpha", "jm_kumo", "jf_nezumi"])
def test_japanese_tts_to_whisper_base_every_sentence(kokoro_tts, whisper_asr, voice: str) -> None:
    reading, plain, heard = _rates(kokoro_tts, whisper_asr, SENTENCES, voice)
    assert reading <= 0.2 and plain <= 0.3, f"{voice}: reading CER {reading:.2f}, CER {plain:.2f}: {heard}"


def test_english_whisper_tiny_cannot_be_asked_for_japanese() -> None:
    from engines.language import asr_model_for

    assert asr_model_for("ja", "whisper-tiny.en-ct2") == "whisper-base-ct2"
    assert asr_model_for("en", "whisper-tiny.en-ct2") == "whisper-tiny.en-ct2"
