"""``daycast podcast --join EPISODE``: a spoken question to an exported episode's hosts, from the command line."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pytest

from app.cli import main
from app.core.audio.encode import write_audio
from app.core.audio.io import read_audio
from app.core.audio.subtitles import parse_vtt
from app.core.trust.grounding import facts_of

SMOLLM2 = "smollm2-135m-instruct-q4_1"


@pytest.fixture
def one_llm_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import llm_setup

    monkeypatch.setattr(llm_setup, "LocalModelSpec", functools.partial(llm_setup.LocalModelSpec, n_threads=1))


def test_a_spoken_question_is_answered_by_the_hosts_and_the_episode_resumes_at_the_cut(
    small_episode: Path, piper_tts, whisper_asr, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    one_llm_thread: None,
) -> None:
    question = tmp_path / "question.wav"
    chunks = list(piper_tts.synthesize("How many bike lanes did the council approve?"))
    write_audio(question, np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate)
    cues = parse_vtt(small_episode.with_suffix(".vtt").read_text(encoding="utf-8"))
    cut = cues[2]
    at = (cut.start + cut.end) / 2
    answer = tmp_path / "answer.wav"
    status = main(["podcast", "--join", str(small_episode), "--question-audio", str(question), "--at", f"{at:.2f}",
                   "--out", str(answer), "--model", SMOLLM2])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "bike lanes" in out.lower()  # the question as heard
    assert re.search(r"^(Alex|Sam): \S", out, re.MULTILINE), out
    assert re.search(rf"Resumes at\s+{cut.start:.1f} s", out), out  # the start of the interrupted sentence
    assert "sentences checked against their sources" in out
    audio, _ = read_audio(answer, sample_rate=16000)
    heard = whisper_asr.transcribe_text(audio)
    note = small_episode.with_name("bike-lanes.md").read_text(encoding="utf-8")
    spoken = " ".join(c.text for c in cues)
    invented = facts_of(heard).numbers - facts_of(note + " " + spoken).numbers - {"0", "1", "2"}
    assert heard.strip() and not invented, f"numbers in no source: {invented} in: {heard}"


def test_question_without_an_episode_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["podcast", "--question", "Who pays?"]) == 2
    assert "--join EPISODE" in capsys.readouterr().err
