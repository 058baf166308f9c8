"""Whisper on silence writes nothing: its words on silence ("you", ".") are not transcripts to answer.

Real models: Whisper tiny.en (the assistant's recogniser) and Piper speech for the words that must stay.
"""

from __future__ import annotations

import numpy as np
import pytest

from engines.asr_whisper import WhisperASR
from engines.audio import resample

TEN_SECONDS = 16000 * 10


@pytest.fixture(scope="module")
def yes_16k(piper_tts: object) -> np.ndarray:
    chunks = list(piper_tts.synthesize("Yes."))  # type: ignore[attr-defined]
    return resample(np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate, 16000)


def test_whisper_writes_nothing_for_ten_seconds_of_silence(whisper_tiny: WhisperASR) -> None:
    silence = np.zeros(TEN_SECONDS, np.float32)
    # tiny.en writes "you" here (no-speech probability 0.94, log probability -0.93: faster-whisper keeps it)
    assert whisper_tiny.quick_text(silence) == ""
    assert list(whisper_tiny.transcribe(silence)) == []


def test_whisper_still_hears_a_short_word_after_a_long_silence(whisper_tiny: WhisperASR, yes_16k: np.ndarray) -> None:
    audio = np.concatenate([np.zeros(16000 * 5, np.float32), yes_16k])
    assert whisper_tiny.quick_text(audio).strip(" .").lower() == "yes"
    assert "yes" in whisper_tiny.transcribe_text(audio).lower()
