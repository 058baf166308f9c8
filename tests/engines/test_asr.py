"""Whisper through the SpeechToText protocol: word timings, files, errors, cancel, streaming partials."""

from __future__ import annotations

import time
import wave
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from engines.asr_whisper import StreamingTranscriber, WhisperASR, load_audio
from engines.audio import resample
from engines.cancel import CancelToken
from engines.errors import AudioFormatError, Cancelled
from engines.metrics import word_error_rate
from engines.protocols import SpeechToText


def _write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def test_whisper_describes_itself(whisper_asr: WhisperASR) -> None:
    assert isinstance(whisper_asr, SpeechToText)
    assert whisper_asr.info.backend.startswith("faster-whisper 1.") and "(int8)" in whisper_asr.info.backend
    assert whisper_asr.info.device == "cpu" and whisper_asr.compute_type == "int8"
    assert whisper_asr.info.detail  # why the CPU was chosen


def test_transcribe_is_lazy_and_accurate(whisper_asr: WhisperASR, spoken, best_take_wer) -> None:
    segments = whisper_asr.transcribe(spoken.audio16k)
    assert isinstance(segments, Iterator)
    start = time.perf_counter()
    " ".join(s.text for s in segments)
    rtf = (time.perf_counter() - start) / spoken.duration
    wer, _ = best_take_wer(lambda audio: " ".join(s.text for s in whisper_asr.transcribe(audio)))
    print(f"\nwhisper base int8 RTF {rtf:.3f} on {spoken.duration:.1f} s (2 shared cores), WER {wer:.3f}")
    assert wer < 0.15


def test_word_timestamps_are_monotonic_and_inside_the_audio(whisper_asr: WhisperASR, spoken) -> None:
    segments = list(whisper_asr.transcribe(spoken.audio16k, word_timestamps=True))
    words = [w for s in segments for w in s.words]
    assert len(words) >= 25
    assert all(0.0 <= w.start <= w.end <= spoken.duration for w in words)
    assert all(a.end <= b.start + 1e-6 for a, b in pairwise(words))
    assert all(a.start <= b.start for a, b in pairwise(segments))
    assert all(s.start <= s.words[0].start and s.words[-1].end <= s.end for s in segments if s.words)
    # the words really are where they are said: "noon" is the last word, near the end of the speech
    assert words[-1].text.strip(".").lower() == "noon"
    assert words[-1].end > spoken.duration - 1.5
    assert words[0].start < 0.6


def test_transcribe_file_wav_at_another_rate(whisper_asr: WhisperASR, spoken, best_take_wer, tmp_path: Path) -> None:
    from engines.audio import resample

    path = tmp_path / "speech 22k.wav"

    def hear_from_file(audio16k: np.ndarray) -> str:
        _write_wav(path, resample(audio16k, 16000, 22050), 22050)
        return " ".join(s.text for s in whisper_asr.transcribe_file(path))

    wer, _ = best_take_wer(hear_from_file)
    assert wer < 0.15
    _write_wav(path, resample(spoken.audio16k, 16000, 22050), 22050)
    assert abs(len(load_audio(path)) / 16000 - spoken.duration) < 0.05


@pytest.mark.parametrize(
    ("name", "content"),
    [("broken.wav", b"RIFF\x10\x00\x00\x00WAVEfmt garbage" * 8), ("notes.txt", b"just some text, not audio\n" * 40),
     ("empty.mp3", b"")],
)
def test_unreadable_files_raise_audio_format_error_naming_the_file(
    whisper_asr: WhisperASR, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AudioFormatError) as info:
        whisper_asr.transcribe_file(path)
    assert name in str(info.value)
    assert info.value.code == "audio.unsupported"


def test_missing_file_names_it(whisper_asr: WhisperASR, tmp_path: Path) -> None:
    with pytest.raises(AudioFormatError, match=r"nowhere\.wav"):
        whisper_asr.transcribe_file(tmp_path / "nowhere.wav")


def test_cancel_stops_transcription(whisper_asr: WhisperASR, spoken) -> None:
    token = CancelToken()
    token.cancel("user stopped")
    with pytest.raises(Cancelled):
        next(whisper_asr.transcribe(spoken.audio16k, cancel=token))
    # cancelled after the first segment: no further segment comes
    token = CancelToken()
    got = []
    with pytest.raises(Cancelled):
        for segment in whisper_asr.transcribe(spoken.audio16k, cancel=token):
            got.append(segment)
            token.cancel()
    assert len(got) == 1


def test_silence_with_vad_filter_gives_nothing(whisper_asr: WhisperASR) -> None:
    assert list(whisper_asr.transcribe(np.zeros(16000 * 3, dtype=np.float32), vad_filter=True)) == []
    assert list(whisper_asr.transcribe(np.zeros(0, dtype=np.float32))) == []


def test_int16_and_stereo_input_are_accepted(whisper_asr: WhisperASR, spoken) -> None:
    clip = spoken.first(1)  # "Good morning, Alice."
    stereo16 = (np.stack([clip, clip], axis=1) * 32767).astype(np.int16)
    text = whisper_asr.transcribe_text(stereo16)
    assert word_error_rate("Good morning, Alice.", text) == 0.0


def test_streaming_partials_grow_and_finish_is_accurate(whisper_asr: WhisperASR) -> None:
    from tests.piper_speech import piper_speech

    expected = "Good morning, Alice. Your meeting with Dr. Patel begins at 9:30 in room 12."
    steady, rate = piper_speech(expected)  # the same samples every run: a pass is not a lucky take
    first_two = resample(steady, rate, 16000)
    streamer = StreamingTranscriber(whisper_asr, interval=0.7)
    partials = []
    block = 1600  # 100 ms, as a microphone callback delivers
    for i in range(0, len(first_two), block):
        partial = streamer.feed(first_two[i:i + block])
        if partial is not None:
            partials.append(partial)
    assert len(partials) == int(len(first_two) / 16000 / 0.7)
    assert len(partials[-1].split()) > len(partials[0].split())
    assert "alice" in partials[-1].lower()
    start = time.perf_counter()
    final = streamer.finish()
    seconds = len(first_two) / 16000
    print(f"\nstreaming: {len(partials)} partials; final pass {time.perf_counter() - start:.2f} s on {seconds:.1f} s")
    # At most 3 of 15 words (Whisper may write "9:30 in" as "930 and": 3 errors by the metric); a finish that
    # lost or garbled a sentence scores far worse.
    assert word_error_rate(expected, final) <= 0.2
    assert streamer.seconds == 0.0 and streamer.partial == ""
