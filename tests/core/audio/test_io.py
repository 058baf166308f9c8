"""Decoding: sample formats, channels, resampling, and clear errors for files that are not audio."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from app.core.audio.io import read_audio, resample, write_wav_bytes
from engines.errors import AudioFormatError


def _write_wave(path: Path, frames: bytes, *, channels: int, width: int, rate: int) -> None:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(width)
        handle.setframerate(rate)
        handle.writeframes(frames)


def test_16_bit_stereo_wav_from_another_writer(tmp_path: Path) -> None:
    rate = 8000
    left = np.full(rate, 16384, np.int16)  # +0.5
    right = np.full(rate, -8192, np.int16)  # -0.25
    path = tmp_path / "stereo.wav"
    _write_wave(path, np.stack([left, right], axis=1).tobytes(), channels=2, width=2, rate=rate)
    both, got_rate = read_audio(path, mono=False)
    assert got_rate == rate and both.shape == (rate, 2) and both.dtype == np.float32
    assert both[:, 0] == pytest.approx(0.5) and both[:, 1] == pytest.approx(-0.25)
    mono, _ = read_audio(path)
    assert mono.shape == (rate,) and mono == pytest.approx(0.125)


def test_8_bit_unsigned_wav_is_centred(tmp_path: Path) -> None:
    path = tmp_path / "u8.wav"
    _write_wave(path, bytes([128, 192, 64, 128]) * 100, channels=1, width=1, rate=8000)
    samples, _ = read_audio(path)
    assert samples[:4] == pytest.approx([0.0, 0.5, -0.5, 0.0])


def test_write_wav_bytes_round_trips(tmp_path: Path) -> None:
    rate = 16000
    tone = (0.25 * np.sin(2 * np.pi * 300 * np.arange(rate) / rate)).astype(np.float32)
    path = tmp_path / "tone.wav"
    path.write_bytes(write_wav_bytes(tone, rate))
    back, got_rate = read_audio(path)
    assert got_rate == rate
    assert np.max(np.abs(back - tone)) < 1e-4


def test_read_with_resampling(tmp_path: Path) -> None:
    rate = 44100
    tone = (0.5 * np.sin(2 * np.pi * 1000 * np.arange(rate) / rate)).astype(np.float32)
    path = tmp_path / "44k.wav"
    path.write_bytes(write_wav_bytes(tone, rate))
    samples, got_rate = read_audio(path, sample_rate=16000)
    assert got_rate == 16000 and len(samples) == 16000
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) == 1000  # 1 Hz bins over one second
    assert np.sqrt(np.mean(samples[500:-500] ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.01)
    stereo, _ = read_audio(path, sample_rate=16000, mono=False)
    assert stereo.shape == (16000, 1)


def test_resample_removes_content_above_the_new_nyquist() -> None:
    rate = 48000
    t = np.arange(rate) / rate
    mixed = (0.4 * np.sin(2 * np.pi * 500 * t) + 0.4 * np.sin(2 * np.pi * 11000 * t)).astype(np.float32)
    down = resample(mixed, rate, 16000)
    spectrum = np.abs(np.fft.rfft(down[1000:-1000] * np.hanning(14000)))
    freqs = np.fft.rfftfreq(14000, 1 / 16000)
    tone = spectrum[np.abs(freqs - 500) < 5].max()
    alias = spectrum[np.abs(freqs - 5000) < 5].max()  # where 11 kHz would fold to without filtering
    assert alias < tone * 1e-3


def test_text_file_renamed_wav_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("this is not audio, just some notes\n" * 20)
    with pytest.raises(AudioFormatError) as caught:
        read_audio(path)
    assert "notes.wav" in str(caught.value) and "not a readable audio file" in str(caught.value)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp3"
    path.write_bytes(b"")
    with pytest.raises(AudioFormatError, match=r"empty\.mp3: the file is empty"):
        read_audio(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(AudioFormatError, match=r"gone\.opus: no such audio file"):
        read_audio(tmp_path / "gone.opus")
    with pytest.raises(AudioFormatError, match="not a file"):
        read_audio(tmp_path)


def test_truncated_mp3_keeps_what_decodes(tmp_path: Path, speech) -> None:
    from app.core.audio.encode import write_audio

    samples, rate = speech
    path = write_audio(tmp_path / "whole.mp3", samples, rate)
    cut = tmp_path / "cut.mp3"
    data = path.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    decoded, _ = read_audio(cut)
    assert 0.3 * len(samples) < len(decoded) < 0.7 * len(samples)


def test_garbage_after_a_valid_header_is_an_audio_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.wav"
    header = write_wav_bytes(np.zeros(10, np.float32), 16000)[:12]  # RIFF....WAVE and nothing valid after
    path.write_bytes(header + b"\x00junk" * 10)
    with pytest.raises(AudioFormatError, match=r"broken\.wav"):
        read_audio(path)
