"""The audio watermark on real Piper speech: survives codecs, gain, resampling and 10 s crops; never fires on
audio Daycast did not make; SNR above its bound; the key id round-trips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from app.core.audio.encode import write_audio
from app.core.audio.io import read_audio, resample
from app.core.trust import keys
from app.core.trust import watermark as wm
from tests.piper_speech import piper_speech

TEXT = (
    "Good morning. Here is your briefing for Tuesday. Expect light rain in the afternoon and temperatures "
    "around twelve degrees. Your first meeting is at half past nine with the design team, and after lunch "
    "there is a call with the supplier about the delayed shipment. In the news, the city council approved a "
    "new budget for public transport. That is all for now; have a wonderful day."
)
PAYLOAD = wm.WatermarkPayload(key_id=0xC0FFEE42)
KEY = keys.WATERMARK_KEY


@pytest.fixture(scope="module")
def speech() -> tuple[np.ndarray, int]:
    samples, rate = piper_speech(TEXT)
    assert len(samples) / rate > 19.0  # 10 s crops can start anywhere in the first 9 s
    return samples, rate


@pytest.fixture(scope="module")
def marked(speech: tuple[np.ndarray, int]) -> np.ndarray:
    samples, rate = speech
    return wm.embed(samples, rate, PAYLOAD, key=KEY)


def _crop(samples: np.ndarray, rate: int, seed: int, seconds: float = 10.0) -> np.ndarray:
    length = int(seconds * rate)
    start = int(np.random.default_rng(seed).integers(0, len(samples) - length))
    return samples[start : start + length]


def _codec(suffix: str, bitrate: int) -> Callable[[np.ndarray, int, Path], tuple[np.ndarray, int]]:
    def transform(samples: np.ndarray, rate: int, folder: Path) -> tuple[np.ndarray, int]:
        path = write_audio(folder / f"clip{suffix}", samples, rate, bitrate=bitrate)
        return read_audio(path)

    return transform


def _loudness(samples: np.ndarray, rate: int, folder: Path) -> tuple[np.ndarray, int]:
    import pyloudnorm

    loudness = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
    gain = 10 ** ((-23.0 - loudness) / 20)
    return (samples * gain).astype(np.float32), rate


TRANSFORMS = {
    "mp3-128k": _codec(".mp3", 128_000),
    "mp3-64k": _codec(".mp3", 64_000),
    "aac-96k": _codec(".m4a", 96_000),
    "opus-48k": _codec(".opus", 48_000),
    "gain+6dB": lambda x, r, _: (np.clip(x * 2.0, -1, 1), r),
    "gain-6dB": lambda x, r, _: (x * 0.5, r),
    "loudness-23LUFS": _loudness,
    "resample-44.1k": lambda x, r, _: (resample(x, r, 44_100), 44_100),
    "resample-48k": lambda x, r, _: (resample(x, r, 48_000), 48_000),
    "resample-16k": lambda x, r, _: (resample(x, r, 16_000), 16_000),
}


def test_snr_is_above_the_stated_bound(speech: tuple[np.ndarray, int], marked: np.ndarray) -> None:
    samples, _ = speech
    snr = wm.snr_db(samples, marked)
    assert wm.MIN_SNR_DB <= snr < 40.0, snr


def test_mark_follows_the_speech_and_adds_nothing_to_silence(speech: tuple[np.ndarray, int]) -> None:
    samples, rate = speech
    silent_gap = np.concatenate([samples[: 5 * rate], np.zeros(2 * rate, np.float32), samples[5 * rate :]])
    out = wm.embed(silent_gap, rate, PAYLOAD, key=KEY)
    assert np.max(np.abs(out[5 * rate + 2000 : 7 * rate - 2000])) < 1e-6  # no noise floor in the silence
    assert np.allclose(wm.embed(np.zeros(3 * rate, np.float32), rate, PAYLOAD, key=KEY), 0.0)


def test_full_clip_round_trips_the_key_id(speech: tuple[np.ndarray, int], marked: np.ndarray) -> None:
    found = wm.detect(marked, speech[1], key=KEY)
    assert found.found and found.payload == PAYLOAD
    assert found.confidence > 0.9
    assert wm.detect(speech[0], speech[1], key=KEY).found is False


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_survives_transformation_and_a_10s_crop(
    name: str, speech: tuple[np.ndarray, int], marked: np.ndarray, tmp_path: Path
) -> None:
    changed, rate = TRANSFORMS[name](marked, speech[1], tmp_path)
    excerpt = _crop(changed, rate, seed=len(name))
    result = wm.detect(excerpt, rate, key=KEY)
    assert result.found, f"{name}: pilot z {result.score:.1f}"
    assert result.payload == PAYLOAD


def test_any_10s_excerpt_of_a_64k_mp3_carries_the_payload(
    speech: tuple[np.ndarray, int], marked: np.ndarray, tmp_path: Path
) -> None:
    changed, rate = _codec(".mp3", 64_000)(marked, speech[1], tmp_path)
    for seed in range(6):
        result = wm.detect(_crop(changed, rate, seed=100 + seed), rate, key=KEY)
        assert result.found and result.payload == PAYLOAD, f"crop seed {seed}: z {result.score:.1f}"


def test_stereo_keeps_its_shape_and_is_marked_in_both_channels(speech: tuple[np.ndarray, int]) -> None:
    samples, rate = speech
    stereo = np.stack([samples, 0.8 * samples], axis=1)
    out = wm.embed(stereo, rate, PAYLOAD, key=KEY)
    assert out.shape == stereo.shape and out.dtype == np.float32
    assert wm.detect(out[:, 1], rate, key=KEY).payload == PAYLOAD


def _negatives(speech: tuple[np.ndarray, int], tmp_path: Path) -> list[tuple[str, np.ndarray, int]]:
    samples, rate = speech
    rng = np.random.default_rng(7)
    clips = [(f"unmarked speech {s}", _crop(samples, rate, seed=s), rate) for s in range(8)]
    mp3, mp3_rate = _codec(".mp3", 64_000)(samples, rate, tmp_path)
    clips += [(f"unmarked mp3 {s}", _crop(mp3, mp3_rate, seed=s), mp3_rate) for s in range(4)]
    n = 10 * 44_100
    t = np.arange(n) / 44_100
    for i in range(8):
        noise = np.fft.irfft(np.fft.rfft(rng.standard_normal(n)) / np.maximum(np.arange(n // 2 + 1), 1) ** (i % 3 / 2))
        clips.append((f"noise {i}", (0.2 * noise / np.abs(noise).max()).astype(np.float32), 44_100))
    for i in range(6):
        tones = sum(np.sin(2 * np.pi * f * t) for f in rng.uniform(200, 4000, size=i + 1))
        clips.append((f"tones {i}", (0.2 * tones / (i + 1)).astype(np.float32), 44_100))
    for i in range(6):  # a looping bar: notes with harmonics, some looping on the watermark's own period
        bar = wm.PERIOD_COLS * wm.TILE_FRAMES * wm.HOP / wm.RATE if i % 2 else rng.uniform(1.0, 3.0)
        bar_t = np.arange(int(bar * 44_100)) / 44_100
        note = sum(np.sin(2 * np.pi * rng.uniform(110, 880) * h * bar_t) / h for h in range(1, 6))
        loop = np.tile(note * np.exp(-bar_t * 3), int(np.ceil(n / len(bar_t))))[:n]
        clips.append((f"music {i}", (0.2 * loop / np.abs(loop).max()).astype(np.float32), 44_100))
    other = wm.embed(samples, rate, PAYLOAD, key=b"another-product-watermark-key-01")
    clips.append(("marked with another key", _crop(other, rate, seed=1), rate))
    return clips


def test_no_false_positives_on_audio_daycast_did_not_make(speech: tuple[np.ndarray, int], tmp_path: Path) -> None:
    clips = _negatives(speech, tmp_path)
    assert len(clips) >= 30
    fired = [(name, round(r.score, 1)) for name, x, rate in clips if (r := wm.detect(x, rate, key=KEY)).found]
    assert fired == []


def test_too_short_or_silent_audio_is_reported_not_found(speech: tuple[np.ndarray, int], marked: np.ndarray) -> None:
    rate = speech[1]
    short = wm.detect(marked[: rate], rate, key=KEY)
    assert not short.found and "too short" in short.detail
    silent = wm.detect(np.zeros(5 * rate, np.float32), rate, key=KEY)
    assert not silent.found and "silent" in silent.detail


def test_low_sample_rates_and_weak_keys_are_refused() -> None:
    from engines.errors import AudioFormatError

    with pytest.raises(AudioFormatError, match="8000 Hz"):
        wm.embed(np.zeros(8000, np.float32), 8000, PAYLOAD, key=KEY)
    with pytest.raises(ValueError, match="16 bytes"):
        wm.detect(np.zeros(48000, np.float32), 48000, key=b"short")
    with pytest.raises(ValueError, match="32 bits"):
        wm.payload_bits(wm.WatermarkPayload(key_id=1 << 32))


def test_error_correction_fixes_flipped_code_bits() -> None:
    bits = wm.payload_bits(PAYLOAD)
    soft = 1.0 - 2.0 * wm.conv_encode(bits)
    soft[[3, 20, 41, 60, 77, 95]] *= -1  # six hard errors spread over the block
    decoded = wm.viterbi_decode(soft)
    assert (decoded == bits).all()
    assert wm._payload_from_bits(decoded) == PAYLOAD
    corrupted = bits.copy()
    corrupted[10] ^= 1
    assert wm._payload_from_bits(corrupted) is None  # the CRC catches what the code could not


def test_a_marked_passage_spliced_into_a_long_programme_is_found(speech: tuple[np.ndarray, int],
                                                                  marked: np.ndarray) -> None:
    samples, rate = speech
    rng = np.random.default_rng(3)
    other = [samples[::-1], 0.05 * rng.standard_normal(len(samples)).astype(np.float32), samples[::-1] * 0.7]
    passage = _crop(marked, rate, seed=9, seconds=10.0)
    programme = np.concatenate([*other, *other, passage, *other, *other])  # 10 s of ~4.5 min is marked
    result = wm.detect(programme, rate, key=KEY)
    assert result.found and result.payload == PAYLOAD
    assert result.detail == "" or result.detail.startswith("found in")  # whole file, or the window scan
    assert not wm.detect(np.concatenate(other * 2), rate, key=KEY).found


def test_install_helpers_carry_this_install_key_id(speech: tuple[np.ndarray, int]) -> None:
    samples, rate = speech
    result = wm.detect_daycast(wm.embed_daycast(samples, rate), rate)
    assert result.payload == wm.WatermarkPayload("daycast", keys.load_or_create().key_id)
