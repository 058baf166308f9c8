"""Join-in podcast mode: an episode (real files: audio, captions, script) paused by a listener's question,
answered by the hosts in their own voices, and resumed from the start of the interrupted sentence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.audio.encode import write_audio
from app.core.audio.player import NullPlayer
from app.core.audio.subtitles import Cue, to_vtt
from app.core.events import AudioReady, Notice, TextReady
from app.core.podcast import script as script_mod
from app.core.podcast.join_in import (
    NOT_IN_SOURCES,
    Episode,
    JoinIn,
    JoinInEngines,
    JoinInResult,
    split_host_line,
)
from app.core.podcast.script import Host, Script, ScriptChapter, Turn
from engines.audio import resample
from engines.cancel import CancelToken
from engines.tts import load_tts

RATE = 24000
HOSTS = (Host("Alex", "piper:en_US-joe-medium"), Host("Sam", "kokoro:jm_kumo"))
TURNS = (
    ("Alex", "Today we talk about Brindlemoor. What did the council decide?"),
    ("Sam", "Forty seven new bike lanes. The first open in May."),
    ("Alex", "Who pays for them?"),
    ("Sam", "A regional fund."),
)
NOTE = "# Brindlemoor bike lanes\n\nThe council approved 47 new bike lanes. The first lanes open in May.\n"


@pytest.fixture(scope="module")
def episode_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An episode as the podcast exporter leaves it: audio, one caption per sentence, the script, a source."""
    folder = tmp_path_factory.mktemp("episode")
    source = folder / "bike-lanes.md"
    source.write_text(NOTE, encoding="utf-8")
    script = Script("Brindlemoor on wheels", HOSTS, (ScriptChapter("Bike lanes", tuple(Turn(s, t) for s, t in TURNS),
                                                                 sources=(str(source),)),))
    parts: list[np.ndarray] = []
    cues: list[Cue] = []
    position = 0.0
    for speaker, text in TURNS:
        tts, voice = load_tts(script.host(speaker).voice, device="cpu")
        for chunk in tts.synthesize(text, voice=voice):
            samples = resample(chunk.samples, chunk.sample_rate, RATE)
            cues.append(Cue(round(position, 3), round(position + len(samples) / RATE, 3), chunk.text, speaker))
            parts += [samples, np.zeros(int(0.25 * RATE), np.float32)]
            position += len(samples) / RATE + 0.25
    audio = folder / "episode.wav"
    write_audio(audio, np.concatenate(parts), RATE)
    (folder / "episode.vtt").write_text(to_vtt(cues), encoding="utf-8")
    (folder / "episode.script.json").write_text(script_mod.to_json(script), encoding="utf-8")
    return audio


def test_episode_loads_audio_captions_script_and_sources(episode_files: Path) -> None:
    episode = Episode.load(episode_files)
    assert episode.rate == RATE and episode.duration > 6
    assert [c.speaker for c in episode.cues][:3] == ["Alex", "Alex", "Sam"]
    assert episode.script.hosts == HOSTS
    assert "47 new bike lanes" in episode.documents[0].text
    third = episode.cues[2]
    assert episode.resume_point((third.start + third.end) / 2) == third.start  # the interrupted sentence
    assert episode.resume_point(third.end + 0.1) == episode.cues[3].start  # a pause: the next sentence
    assert "Sam: Forty seven new bike lanes." in episode.talk_before(third.end)


def test_host_labels_are_read_in_any_style() -> None:
    assert split_host_line("**Sam:** Good question.", HOSTS) == (HOSTS[1], "Good question.")
    assert split_host_line("ALEX: Back to the show.", HOSTS) == (HOSTS[0], "Back to the show.")
    assert split_host_line("Well: it depends.", HOSTS) == (None, "Well: it depends.")


def rate_of(host: Host) -> int:
    return load_tts(host.voice, device="cpu")[0].sample_rate


def test_hosts_answer_in_their_voices_and_the_episode_resumes_at_the_cut_sentence(episode_files: Path,
                                                                                   smol_llm) -> None:
    episode = Episode.load(episode_files)
    clock = [0.0]
    player = NullPlayer(clock=lambda: clock[0])
    join = JoinIn(episode, JoinInEngines(smol_llm), player)
    join.play(0.0)
    cut = episode.cues[2]
    clock[0] = (cut.start + cut.end) / 2
    player.stop()  # what the live loop's barge-in does
    events = list(join.respond("How many bike lanes did the council approve?", CancelToken()))
    result = events[-1].result
    assert isinstance(result, JoinInResult)
    assert result.paused_at == pytest.approx(clock[0], abs=0.01) and result.resumed_at == cut.start
    lines = [e for e in events if isinstance(e, TextReady) and e.kind == "reply"]
    assert lines and all(e.speaker in ("Alex", "Sam") for e in lines)
    resumed = next(i for i, e in enumerate(events) if isinstance(e, Notice) and e.code == "join_in.resumed")
    answer_audio = [e for e in events[:resumed] if isinstance(e, AudioReady)]
    assert answer_audio
    for event in answer_audio:  # each line in its own host's voice (Piper 22.05 kHz, Kokoro 24 kHz)
        assert event.chunk.sample_rate == rate_of(episode.script.host(event.speaker))
    episode_audio = [e.chunk for e in events[resumed:] if isinstance(e, AudioReady)]
    start = round(cut.start * RATE)
    assert np.array_equal(episode_audio[0].samples, episode.samples[start:start + len(episode_audio[0].samples)])
    assert sum(c.duration for c in episode_audio) == pytest.approx(episode.duration - cut.start, abs=0.01)


def test_an_answer_the_sources_do_not_support_is_said_plainly_and_the_episode_resumes(
        episode_files: Path, replay_llm, whisper_asr) -> None:
    episode = Episode.load(episode_files)
    player = NullPlayer(clock=lambda: 0.0)
    invented = replay_llm("Alex: Penguins sing opera on Saturn.\nSam: Their choir has nine hundred voices.")
    join = JoinIn(episode, JoinInEngines(invented), player)
    events = list(join.respond("Who sings on Saturn?", CancelToken()))
    result = events[-1].result
    assert result.turns == (("Alex", NOT_IN_SOURCES["en"]),)
    assert result.grounding["dropped"] == 2 and result.grounding["checked"] == 2
    resumed = next(i for i, e in enumerate(events) if isinstance(e, Notice) and e.code == "join_in.resumed")
    answer = [e.chunk for e in events[:resumed] if isinstance(e, AudioReady)]
    heard = whisper_asr.transcribe_text(np.concatenate([resample(c.samples, c.sample_rate, 16000) for c in answer]))
    heard = heard.lower()
    assert "sources" in heard and "saturn" not in heard and "penguin" not in heard, heard


def test_fake_microphone_listener_joins_in_live_and_the_episode_resumes(episode_files: Path, smol_engines, say,
                                                                        fake_microphone, step) -> None:
    episode = Episode.load(episode_files)
    player: NullPlayer
    live: LiveAssistant
    mic = fake_microphone([
        step(until=lambda: player.played_seconds >= 3.0, timeout=60),
        step(audio=say("How many bike lanes are there?"), label="question"),
        step(until=lambda: bool(live.stats.turns), timeout=120), step(audio=np.zeros(8000, np.float32)),
    ])
    player = NullPlayer(clock=mic.now)
    join = JoinIn(episode, JoinInEngines(smol_engines.llm), player)
    live = LiveAssistant(smol_engines, mic, player, LiveOptions(mode="hands_free", echo_guard="off"),
                         responder=join.respond)
    join.play(0.0)
    live.start()
    live._threads[0].join(300)
    live.stop()
    barge = live.stats.barge_ins[0]
    assert barge.stopped - mic.step("question").started_at <= 0.3  # the episode paused for the question
    result = live.stats.turns[0]
    assert isinstance(result, JoinInResult) and result.turns
    paused_cue = episode.cues[episode.cue_index(result.paused_at)]
    assert result.resumed_at == paused_cue.start
    resumed = [p for p in player.played if p.start > barge.stopped and p.source is not None
               and p.source.text.startswith("episode")]
    assert resumed and resumed[0].source.text == f"episode {paused_cue.start:.2f}s"
