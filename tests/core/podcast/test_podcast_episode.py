"""A hand-written script rendered to a real episode: chapters, loudness, two voices, transcript, feed.

One render (session fixture ``episode``) is checked from every side a listener, a podcast app
or an auditor would look at.
"""

from __future__ import annotations

import json
import re

import feedparser
import numpy as np
import pytest
from mutagen.id3 import ID3

from app.core.audio import chapters as chapters_mod
from app.core.audio import loudness, subtitles
from app.core.audio.io import read_audio
from app.core.podcast import voicecheck
from app.core.trust import provenance
from app.core.trust.disclosure import disclosure_text
from engines.metrics import normalize_words, word_error_rate


def _chapter_firsts(script) -> list[str]:
    """The first sentence spoken in each chapter."""
    return [re.split(r"(?<=[.!?])\s+", c.turns[0].text)[0] for c in script.chapters]


def test_chapters_read_back_with_titles_and_start_times(episode) -> None:
    script, result = episode.script, episode.result
    tags = ID3(result.audio_path)
    frames = sorted(tags.getall("CHAP"), key=lambda f: f.start_time)
    titles = [str(f.sub_frames.get("TIT2")) for f in frames]
    assert titles == [c.title for c in script.chapters]
    assert len(tags.getall("CTOC")) == 1
    starts = [f.start_time / 1000 for f in frames]
    assert starts[0] == 0.0
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # every chapter after the intro starts exactly where its first line is heard (its VTT cue)
    cues = subtitles.parse_vtt(result.vtt.read_text(encoding="utf-8"))
    for start, first in zip(starts[1:], _chapter_firsts(script)[1:], strict=True):
        cue = next(c for c in cues if c.text == first and abs(c.start - start) < 1.0)
        assert abs(cue.start - start) <= 0.01, (first, cue.start, start)
    # the M4A copy carries the same chapters
    m4a = chapters_mod.read_chapters(result.extra_exports[0])
    assert [c.title for c in m4a] == titles
    assert [round(c.start, 1) for c in m4a] == [round(s, 1) for s in starts]


def test_loudness_and_true_peak(episode) -> None:
    samples, rate = read_audio(episode.result.audio_path, mono=False)
    assert samples.ndim == 2 and samples.shape[1] == 2
    lufs = loudness.integrated_lufs(samples, rate)
    print("timings", {k: round(v, 1) for k, v in episode.result.timings.items()})
    print(f"integrated loudness of the MP3: {lufs:.2f} LUFS, mix true peak {episode.result.true_peak:.2f} dBTP")
    assert abs(lufs - loudness.STEREO_TARGET_LUFS) <= 1.0
    assert episode.result.true_peak <= -1.0
    assert loudness.true_peak_dbtp(samples, rate) <= -0.5  # MP3 coding may add a few tenths


def test_hosts_pan_apart_in_stereo(episode) -> None:
    samples, rate = read_audio(episode.result.audio_path, mono=False)
    cues = subtitles.parse_vtt(episode.result.vtt.read_text(encoding="utf-8"))
    balance = {}
    for speaker in ("Alex", "Sam"):
        parts = [samples[int(c.start * rate): int(c.end * rate)] for c in cues if c.speaker == speaker]
        joined = np.concatenate(parts)
        left, right = np.sqrt((joined**2).mean(axis=0))
        balance[speaker] = 20 * np.log10(left / right)
    assert balance["Alex"] > 1.0 and balance["Sam"] < -1.0, balance


def test_two_hosts_sound_different(episode, speaker_audio) -> None:
    profiles = {}
    for speaker in ("Alex", "Sam"):
        audio = speaker_audio(speaker)
        profiles[speaker] = voicecheck.profile(audio, 16000)
    apart = voicecheck.semitones_apart(profiles["Alex"].pitch_hz, profiles["Sam"].pitch_hz)
    print({k: (round(v.pitch_hz, 1), round(v.centroid_hz)) for k, v in profiles.items()}, f"{apart:.1f} semitones")
    assert 70 < profiles["Alex"].pitch_hz < 160  # Piper joe: a low male voice
    assert 160 < profiles["Sam"].pitch_hz < 330  # Kokoro gongitsune: a higher female voice
    assert apart >= 5.0
    centroids = sorted(p.centroid_hz for p in profiles.values())
    assert centroids[1] > centroids[0] * 1.1  # and the timbre differs, not only the pitch


def test_transcribed_episode_matches_script(episode, heard_words) -> None:
    heard = " ".join(w.text for w in heard_words)
    spoken = " ".join(t.text for _, _, t in episode.script.turns())
    wer = word_error_rate(spoken, heard)
    cues = subtitles.parse_vtt(episode.result.vtt.read_text(encoding="utf-8"))
    per_host = {}
    for speaker in ("Alex", "Sam"):
        text = " ".join(t.text for _, _, t in episode.script.turns() if t.speaker == speaker)
        spans = [(c.start, c.end) for c in cues if c.speaker == speaker]
        said = [w.text for w in heard_words if any(s - 0.3 <= (w.start + w.end) / 2 <= e + 0.3 for s, e in spans)]
        per_host[speaker] = round(word_error_rate(text, " ".join(said)), 3)
    print(f"WER whole episode {wer:.3f}; per host {per_host}")
    assert wer < 0.15, heard
    assert all(v < 0.2 for v in per_host.values()), per_host


def test_vtt_turns_line_up_with_the_audio(episode, heard_words) -> None:
    cues = subtitles.parse_vtt(episode.result.vtt.read_text(encoding="utf-8"))
    script_speakers = [t.speaker for _, _, t in episode.script.turns()]
    runs = [s for i, s in enumerate(c.speaker for c in cues) if i == 0 or s != cues[i - 1].speaker]
    turn_runs = [s for i, s in enumerate(script_speakers) if i == 0 or s != script_speakers[i - 1]]
    assert runs == turn_runs  # labels follow the script's turns
    checked = 0
    for cue in cues:
        expected = normalize_words(cue.text)
        if len(expected) < 3:
            continue
        near = [w for w in heard_words if cue.start - 0.5 <= (w.start + w.end) / 2 <= cue.end + 0.5]
        heard = normalize_words(" ".join(w.text for w in near))
        found = sum(1 for word in expected if word in heard)
        assert found / len(expected) >= 0.6, (cue, heard)
        first = next(w for w in near if normalize_words(w.text)[:1] and normalize_words(w.text)[0] in expected)
        assert abs(first.start - cue.start) <= 0.5, (cue.text, first.start, cue.start)
        checked += 1
    assert checked >= 12


def test_feed_has_enclosure_duration_and_transcript(episode) -> None:
    result = episode.result
    feed = feedparser.parse(result.feed.read_text(encoding="utf-8"))
    assert not feed.bozo, feed.bozo_exception
    entry = feed.entries[0]
    assert entry.title == episode.script.title
    enclosure = entry.enclosures[0]
    assert enclosure.href == "episode.mp3" and enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == result.audio_path.stat().st_size
    h, m, s = (int(x) for x in entry.itunes_duration.split(":"))
    assert abs(h * 3600 + m * 60 + s - result.duration) <= 1
    assert entry.podcast_transcript["url"] == "episode.vtt"
    assert disclosure_text("full") in entry.description


def test_disclosure_spoken_first_and_carried_in_tags_and_files(episode) -> None:
    result = episode.result
    cues = subtitles.parse_vtt(result.vtt.read_text(encoding="utf-8"))
    assert cues[0].text == disclosure_text("full") and cues[0].speaker == "Alex"
    tags = ID3(result.audio_path)
    assert disclosure_text("full") in str(tags.getall("COMM")[0])
    assert str(tags.getall("TXXX:AI_DISCLOSURE")[0]) == disclosure_text("full")
    assert disclosure_text("full") in result.shownotes.read_text(encoding="utf-8")
    assert "Sam: And I'm Sam." in result.srt.read_text(encoding="utf-8")


def test_sidecars_signed_and_watermark_found(episode) -> None:
    from app.core.trust.keys import TRUSTED_KEYS_FILE, keys_dir
    from app.core.trust.watermark import detect_daycast

    first = provenance.verify_sidecar(episode.result.audio_path)
    assert first.signature_valid and not first.trusted  # signed by the session fixture's own install key
    keys_dir().mkdir(parents=True, exist_ok=True)
    (keys_dir() / TRUSTED_KEYS_FILE).write_text(f"{first.fingerprint}  # the fixture's install\n", encoding="utf-8")
    for path, sidecar in zip((episode.result.audio_path, *episode.result.extra_exports), episode.result.sidecars,
                             strict=True):
        check = provenance.verify_sidecar(path)
        assert check.ok, check.problems
        record = json.loads(sidecar.read_text(encoding="utf-8"))
        assert record["kind"] == "podcast"
        assert {s["source"] for s in record["sources"]} == {"bridge.pdf", "bees.md", "market.html"}
    samples, rate = read_audio(episode.result.audio_path, mono=True)
    assert detect_daycast(samples, rate).found


def test_chapters_json_and_show_notes(episode) -> None:
    result = episode.result
    data = json.loads(result.chapters_json.read_text(encoding="utf-8"))
    assert [c["title"] for c in data["chapters"]] == [c.title for c in result.chapters]
    assert [c["startTime"] for c in data["chapters"]] == pytest.approx([c.start for c in result.chapters], abs=0.002)
    notes = result.shownotes.read_text(encoding="utf-8")
    assert notes.startswith(f"# {episode.script.title}")
    for source in ("bridge.pdf", "bees.md", "market.html"):
        assert source in notes

