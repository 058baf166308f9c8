"""Encoding every format: the audio, its tags and its chapters come back; failures leave no file."""

from __future__ import annotations

import os
from pathlib import Path

import av
import numpy as np
import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp4 import MP4

from app.core.audio import encode
from app.core.audio.chapters import read_chapters, read_tags
from app.core.audio.encode import SUPPORTED_FORMATS, Chapter, Tags, write_audio
from app.core.audio.io import read_audio, resample
from engines.cancel import CancelToken
from engines.errors import AudioFormatError, Cancelled, OutputError

TAGS = Tags(
    title="Daycast — Tuesday ☀ briefing", artist="Daycast", album="Daycast briefings",
    comment="AI voices; made by Qwen2.5 1.5B + Piper joe", date="2025-03-04", genre="Podcast",
    extra={"daycast_guid": "ep-42"},
)
CHAPTERS = (
    Chapter("Opening", 0.0, 1.25),
    Chapter("Weather — rain ☂", 1.25, 3.5, url="https://example.org/weather"),
    Chapter("Calendar", 3.5, 5.0),
)


def _similarity(original: np.ndarray, decoded: np.ndarray) -> tuple[float, int]:
    """Normalised correlation at lag 0, and the lag (samples) where correlation peaks within ±40."""
    n = min(len(original), len(decoded))
    a, b = original[:n].astype(np.float64), decoded[:n].astype(np.float64)
    lags = range(-40, 41)
    scores = [np.dot(a[max(0, lag) : n + min(0, lag)], b[max(0, -lag) : n - max(0, lag)]) for lag in lags]
    return float(np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b))), list(lags)[int(np.argmax(scores))]


@pytest.mark.parametrize("suffix", SUPPORTED_FORMATS)
def test_speech_round_trips_through_every_format(tmp_path: Path, speech, suffix: str) -> None:
    samples, rate = speech
    path = write_audio(tmp_path / f"speech{suffix}", samples, rate)
    decoded, decoded_rate = read_audio(path)
    expected_rate = 48000 if suffix in (".opus", ".ogg") else rate
    assert decoded_rate == expected_rate
    # MP3 (LAME gapless header) and M4A (edit list, padding trimmed on read) keep the length too.
    assert abs(len(decoded) / decoded_rate - len(samples) / rate) < 0.05
    back, _ = read_audio(path, sample_rate=rate)
    similarity, lag = _similarity(samples, back)
    assert lag == 0  # no encoder delay left: chapter times line up with the audio
    assert similarity > (0.9999 if suffix in (".wav", ".flac") else 0.99)


@pytest.mark.parametrize("suffix", SUPPORTED_FORMATS)
def test_stereo_keeps_left_and_right_apart(tmp_path: Path, suffix: str, signals) -> None:
    rate = 24000
    left, right = signals.sweep(2.0, rate), np.zeros(2 * rate, np.float32)
    path = write_audio(tmp_path / f"stereo{suffix}", np.stack([left, right], axis=1), rate)
    decoded, _ = read_audio(path, mono=False, sample_rate=rate)
    assert decoded.shape[1] == 2
    left_rms, right_rms = np.sqrt((decoded**2).mean(axis=0))
    assert left_rms > 0.3 and right_rms < 0.01 * left_rms


@pytest.mark.parametrize("suffix", [".mp3", ".m4a", ".opus", ".ogg", ".flac"])
def test_tags_and_chapters_read_back(tmp_path: Path, suffix: str, signals) -> None:
    rate = 24000
    path = write_audio(tmp_path / f"tagged{suffix}", signals.sweep(5.0, rate), rate, tags=TAGS, chapters=CHAPTERS)
    tags = read_tags(path)
    for name in ("title", "artist", "album", "comment", "date", "genre"):
        assert getattr(tags, name) == getattr(TAGS, name), name
    assert {k.lower(): v for k, v in tags.extra.items()} == {"daycast_guid": "ep-42"}
    chapters = read_chapters(path)
    assert [c.title for c in chapters] == [c.title for c in CHAPTERS]
    for got, want in zip(chapters, CHAPTERS, strict=True):
        assert abs(got.start - want.start) < 0.010
        assert abs(got.end - want.end) < 0.010
    if suffix != ".m4a":  # MP4 chapter tracks carry no URL
        assert chapters[1].url == "https://example.org/weather"


@pytest.mark.parametrize("suffix", [".mp3", ".m4a", ".opus"])
def test_ffmpeg_lists_the_chapters_in_order(tmp_path: Path, suffix: str, signals) -> None:
    """ffprobe (libavformat) reads what we wrote, in playback order."""
    rate = 24000
    path = write_audio(tmp_path / f"ff{suffix}", signals.sweep(5.0, rate), rate, tags=TAGS, chapters=CHAPTERS)
    with av.open(str(path)) as container:
        raw = container.chapters()
        metadata = {**container.streams.audio[0].metadata, **container.metadata}
        title = {key.lower(): value for key, value in metadata.items()}.get("title")
    assert [c["metadata"]["title"] for c in raw] == [c.title for c in CHAPTERS]
    assert [round(float(c["start"] * c["time_base"]), 3) for c in raw] == [c.start for c in CHAPTERS]
    assert title == TAGS.title


def test_mp3_id3v24_frames_and_ordered_top_level_toc(tmp_path: Path, signals) -> None:
    rate = 22050
    path = write_audio(tmp_path / "toc.mp3", signals.sweep(5.0, rate), rate, tags=TAGS, chapters=CHAPTERS)
    id3 = ID3(path)
    assert id3.version == (2, 4, 0)
    for frame in ("TIT2", "TPE1", "TALB", "TDRC", "TCON"):
        assert id3.getall(frame), frame
    assert id3.getall("COMM")[0].text == [TAGS.comment]
    (toc,) = id3.getall("CTOC")
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    chaps = {frame.element_id: frame for frame in id3.getall("CHAP")}
    assert [chaps[i].sub_frames["TIT2"].text[0] for i in toc.child_element_ids] == [c.title for c in CHAPTERS]
    assert [chaps[i].start_time for i in toc.child_element_ids] == [0, 1250, 3500]


def test_m4a_is_fast_start_and_still_decodes(tmp_path: Path, speech) -> None:
    samples, rate = speech
    chapters = [Chapter("Opening", 0.0, 2.0), Chapter("Rest", 2.0, 7.0)]
    path = write_audio(tmp_path / "fast.m4a", samples, rate, tags=TAGS, chapters=chapters)
    data = path.read_bytes()
    assert 0 < data.find(b"moov") < data.find(b"mdat")
    # the Nero chpl atom (what mutagen and many players read) sits beside the QuickTime chapter track
    assert [(c.start, c.title) for c in MP4(path).chapters] == [(0.0, "Opening"), (2.0, "Rest")]
    decoded, _ = read_audio(path)
    assert _similarity(samples, decoded)[0] > 0.99


def test_default_bitrates_show_in_file_size(tmp_path: Path) -> None:
    rate, seconds = 24000, 6.0
    audio = (0.3 * np.random.default_rng(3).standard_normal(int(rate * seconds))).astype(np.float32)
    sizes = {s: write_audio(tmp_path / f"b{s}", audio, rate).stat().st_size for s in (".mp3", ".m4a", ".opus")}
    kbps = {s: size * 8 / seconds / 1000 for s, size in sizes.items()}
    assert 55 < kbps[".mp3"] < 75  # 64 kbit/s mono
    assert 45 < kbps[".m4a"] < 80  # 64 kbit/s mono AAC (VBR-ish on noise)
    assert 40 < kbps[".opus"] < 60  # 48 kbit/s mono Opus
    stereo = np.stack([audio, audio[::-1]], axis=1)
    mp3_stereo = write_audio(tmp_path / "s.mp3", stereo, rate).stat().st_size * 8 / seconds / 1000
    assert 115 < mp3_stereo < 140
    custom = write_audio(tmp_path / "c.mp3", audio, rate, bitrate=32_000).stat().st_size * 8 / seconds / 1000
    assert 28 < custom < 40


def test_unsupported_extension_names_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(AudioFormatError) as caught:
        write_audio(tmp_path / "episode.aiff", np.zeros(100, np.float32), 16000)
    text = str(caught.value)
    assert "episode.aiff" in text and ".aiff" in text
    for suffix in SUPPORTED_FORMATS:
        assert suffix in text
    assert not (tmp_path / "episode.aiff").exists()


def test_bad_samples_and_chapters_are_programming_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no audio"):
        write_audio(tmp_path / "a.wav", np.zeros(0, np.float32), 16000)
    with pytest.raises(ValueError, match="NaN"):
        write_audio(tmp_path / "a.wav", np.array([0.0, np.nan], np.float32), 16000)
    with pytest.raises(ValueError, match="starts before"):
        write_audio(tmp_path / "a.mp3", np.zeros(16000, np.float32), 16000,
                    chapters=[Chapter("b", 0.5, 1.0), Chapter("a", 0.2, 0.5)])
    assert list(tmp_path.iterdir()) == []


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_failed_rename_leaves_no_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signals) -> None:
    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match=r"out\.mp3"):
        write_audio(tmp_path / "out.mp3", signals.sweep(1.0, 16000), 16000, tags=TAGS)
    assert _leftovers(tmp_path) == []


def test_encoder_failure_midway_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signals) -> None:
    target = tmp_path / "episode.m4a"
    write_audio(target, signals.sweep(1.0, 16000), 16000)
    before = target.read_bytes()
    real_frames = encode._frames

    def failing_frames(*args, **kwargs):
        for index, frame in enumerate(real_frames(*args, **kwargs)):
            if index == 2:
                raise av.error.InvalidDataError(1094995529, "Invalid data found when processing input")
            yield frame

    monkeypatch.setattr(encode, "_frames", failing_frames)
    with pytest.raises(OutputError, match=r"episode\.m4a"):
        write_audio(target, signals.sweep(5.0, 16000), 16000)
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == ["episode.m4a"]


def test_cancel_stops_encoding_without_a_file(tmp_path: Path, signals) -> None:
    token = CancelToken()
    token.cancel("user pressed stop")
    with pytest.raises(Cancelled):
        write_audio(tmp_path / "x.opus", signals.sweep(3.0, 24000), 24000, cancel=token)
    assert _leftovers(tmp_path) == []


def test_rates_the_encoder_lacks_are_resampled(tmp_path: Path) -> None:
    rate = 17000  # no MP3 or AAC encoder takes this
    tone = (0.4 * np.sin(2 * np.pi * 1000 * np.arange(rate) / rate)).astype(np.float32)
    for suffix, expected in ((".mp3", 22050), (".m4a", 22050), (".flac", 17000)):
        decoded, got_rate = read_audio(write_audio(tmp_path / f"r{suffix}", tone, rate))
        assert got_rate == expected
        spectrum = np.abs(np.fft.rfft(decoded * np.hanning(len(decoded))))
        assert abs(np.argmax(spectrum) * got_rate / len(decoded) - 1000) < 3
        assert np.sqrt(np.mean(decoded[2000:-2000] ** 2)) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)


def test_resample_to_48k_keeps_the_tone(tmp_path: Path) -> None:
    rate = 22050
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(rate) / rate)).astype(np.float32)
    up = resample(tone, rate, 48000)
    assert len(up) == 48000
    reference = 0.5 * np.sin(2 * np.pi * 440 * np.arange(48000) / 48000)
    assert np.max(np.abs(up[200:-200] - reference[200:-200])) < 2e-3


def test_untagged_files_read_as_empty(tmp_path: Path, signals) -> None:
    for suffix in SUPPORTED_FORMATS:
        path = write_audio(tmp_path / f"plain{suffix}", signals.sweep(1.0, 16000), 16000)
        assert read_chapters(path) == []
        tags = read_tags(path)
        assert (tags.title, tags.artist, tags.comment) == ("", "", ""), suffix


def test_wav_carries_an_info_chunk(tmp_path: Path, signals) -> None:
    path = write_audio(tmp_path / "t.wav", signals.sweep(1.0, 16000), 16000, tags=TAGS)
    tags = read_tags(path)
    assert (tags.title, tags.artist, tags.comment) == (TAGS.title, TAGS.artist, TAGS.comment)


def test_reading_tags_of_a_non_audio_file_names_it(tmp_path: Path) -> None:
    path = tmp_path / "fake.m4a"
    path.write_text("not an mp4 at all")
    with pytest.raises(AudioFormatError, match=r"fake\.m4a"):
        read_chapters(path)
    with pytest.raises(AudioFormatError, match=r"fake\.m4a"):
        read_tags(path)
    with pytest.raises(AudioFormatError, match=r"missing\.mp3"):
        read_tags(tmp_path / "missing.mp3")
