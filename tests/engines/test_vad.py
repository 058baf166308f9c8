"""Silero VAD: speech regions in recordings, and live end-of-speech detection for the assistant."""

from __future__ import annotations

import numpy as np
import pytest

from engines.errors import AudioFormatError
from engines.protocols import VoiceActivity
from engines.vad_silero import FRAME_SAMPLES, EndOfSpeechDetector, SileroVAD, regions_from_probabilities

RATE = 16000


def _speech_bounds(audio: np.ndarray) -> tuple[float, float]:
    """First and last 10 ms window louder than -40 dBFS: where the voice really starts and stops."""
    win = RATE // 100
    frames = audio[: len(audio) // win * win].reshape(-1, win)
    loud = np.flatnonzero(np.sqrt(np.mean(frames**2, axis=1)) > 0.01)
    return loud[0] * win / RATE, (loud[-1] + 1) * win / RATE


@pytest.fixture(scope="module")
def padded_speech(spoken) -> tuple[np.ndarray, float, float]:
    """1 s silence + one spoken sentence + 1 s silence, with the true speech boundaries."""
    speech = spoken.audio16k[len(spoken.first(1)):len(spoken.first(2))]  # "Your meeting with Dr. Patel ..."
    start, end = _speech_bounds(speech)
    silence = np.zeros(RATE, dtype=np.float32)
    return np.concatenate([silence, speech, silence]), 1.0 + start, 1.0 + end


def test_silero_is_a_voice_activity(silero_vad: SileroVAD) -> None:
    assert isinstance(silero_vad, VoiceActivity)
    assert (silero_vad.sample_rate, silero_vad.frame_samples) == (16000, 512)


def test_one_region_at_the_true_boundaries(silero_vad: SileroVAD, padded_speech) -> None:
    audio, start, end = padded_speech
    regions = silero_vad.speech_regions(audio)
    print(f"\nVAD region {regions}, true ({start:.2f}, {end:.2f})")
    assert len(regions) == 1
    assert regions[0][0] == pytest.approx(start, abs=0.2)
    assert regions[0][1] == pytest.approx(end, abs=0.2)


def test_short_pauses_split_only_when_long_enough(silero_vad: SileroVAD, spoken) -> None:
    one, two = spoken.first(1), spoken.audio16k[len(spoken.first(1)):len(spoken.first(2))]
    gap = np.zeros(int(0.8 * RATE), dtype=np.float32)
    audio = np.concatenate([one, gap, two])
    assert len(silero_vad.speech_regions(audio, min_silence=0.3)) == 2
    assert len(silero_vad.speech_regions(audio, min_silence=1.5)) == 1


@pytest.mark.parametrize("kind", ["white", "hum", "silence"])
def test_noise_only_finds_no_speech(silero_vad: SileroVAD, kind: str) -> None:
    rng = np.random.default_rng(3)
    t = np.arange(3 * RATE) / RATE
    audio = {
        "white": rng.normal(0, 0.05, t.size),
        "hum": 0.2 * np.sin(2 * np.pi * 50 * t) + 0.1 * np.sin(2 * np.pi * 150 * t),
        "silence": np.zeros(t.size),
    }[kind].astype(np.float32)
    assert silero_vad.speech_regions(audio) == []


def test_regions_from_probabilities_bridges_gaps_and_drops_blips() -> None:
    frame = FRAME_SAMPLES / RATE
    probs = np.array([0.0] * 10 + [0.9] * 20 + [0.1] * 5 + [0.9] * 20 + [0.0] * 20 + [0.9] * 2 + [0.0] * 20)
    regions = regions_from_probabilities(probs, min_silence=0.3, min_speech=0.15)
    assert regions == [(pytest.approx(10 * frame), pytest.approx(55 * frame))]


def test_wrong_frame_size_is_refused(silero_vad: SileroVAD) -> None:
    with pytest.raises(AudioFormatError, match="512"):
        silero_vad.speech_probability(np.zeros(480, dtype=np.float32))


def _run_detector(detector: EndOfSpeechDetector, audio: np.ndarray, block: int) -> list[tuple[float, str]]:
    events = []
    for i in range(0, len(audio), block):
        state = detector.push(audio[i:i + block])
        if state != "silence":
            events.append((detector.seconds, state))
    return events


@pytest.mark.parametrize("block", [FRAME_SAMPLES, 300, 1600])
def test_end_of_speech_comes_about_0_3_s_after_speech_stops(silero_vad: SileroVAD, padded_speech, block: int) -> None:
    audio, start, end = padded_speech
    detector = EndOfSpeechDetector(silero_vad, silence_after_speech=0.3)
    events = _run_detector(detector, audio, block)
    ends = [t for t, state in events if state == "end"]
    speech = [t for t, state in events if state == "speech"]
    assert len(ends) == 1
    print(f"\nblock {block}: end {ends[0] - end:.3f} s after the voice stopped")
    assert ends[0] - end == pytest.approx(0.3, abs=0.15 + block / RATE)
    assert speech[0] == pytest.approx(start, abs=0.2 + block / RATE)  # barge-in would fire here
    assert detector.speech_end == pytest.approx(end, abs=0.2)
    assert not detector.in_utterance


def test_a_click_does_not_open_a_turn(silero_vad: SileroVAD) -> None:
    audio = np.zeros(2 * RATE, dtype=np.float32)
    audio[RATE:RATE + 160] = 0.8  # a 10 ms click
    detector = EndOfSpeechDetector(silero_vad)
    assert "end" not in [state for _, state in _run_detector(detector, audio, FRAME_SAMPLES)]


def test_reset_starts_a_fresh_turn(silero_vad: SileroVAD, padded_speech) -> None:
    audio, _, _ = padded_speech
    detector = EndOfSpeechDetector(silero_vad)
    _run_detector(detector, audio[: 2 * RATE], FRAME_SAMPLES)
    assert detector.in_utterance
    detector.reset()
    assert not detector.in_utterance and detector.seconds == 0.0 and detector.speech_end == -1.0
