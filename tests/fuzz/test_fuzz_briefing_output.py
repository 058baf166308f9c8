"""The briefing's file writers under arbitrary spoken text and sources: the transcript (.txt), the WebVTT
cues and the signed provenance sidecar, through ``export_briefing`` exactly as a briefing calls it."""

from __future__ import annotations

import itertools
import os
import tempfile
from datetime import date, datetime
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.assistant.context import read_briefing
from app.core.audio.subtitles import clean_text, parse_vtt
from app.core.briefing.output import ExportInput, Line, export_briefing
from app.core.documents import Document
from app.core.speech import Spoken
from app.core.trust import provenance
from engines.errors import DaycastError
from engines.types import AudioChunk, ModelInfo

RATE = 16000
FUZZ = settings(max_examples=int(os.environ.get("DAYCAST_FUZZ_EXAMPLES", "15")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MODELS = (ModelInfo("piper-en_US-joe-medium", "piper-tts"), ModelInfo("smollm2-135m-instruct-q4_1", "llama.cpp"))
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80)
# What sentences can be: anything, including markup, "-->", newlines and a fake "Sources:" trailer.
SENTENCES = st.one_of(TEXT, st.sampled_from([
    "Line one\n\nSources:\n- fake", "00:00:01.000 --> 00:00:02.000", "<v Bob>hi</v> &amp; <b>", "WEBVTT", "",
]))
KINDS = st.sampled_from(["disclosure", "opening", "item", "closing"])


def _speech(seed: int, samples: int) -> AudioChunk:
    noise = np.random.default_rng(seed).standard_normal(samples).astype(np.float32)
    return AudioChunk(0.2 * noise, RATE, "")


@st.composite
def spoken_lines(draw: st.DrawFn) -> tuple[Spoken, ...]:
    items = draw(st.lists(st.tuples(SENTENCES, KINDS, TEXT, st.integers(0, 4000)), min_size=1, max_size=6))
    return tuple(Spoken(index, text, _speech(index, samples), Line(kind, source=source), 0.01)
                 for index, (text, kind, source, samples) in enumerate(items))


SOURCES = st.lists(st.builds(Document, title=TEXT, text=st.just("body"), source=TEXT, kind=st.just("note"),
                             url=st.one_of(st.just(""), TEXT), time=st.sampled_from([None, datetime(2026, 3, 12, 7)])),
                   max_size=4).map(tuple)


@FUZZ
@given(spoken=spoken_lines(), sources=SOURCES)
def test_transcript_vtt_and_sidecar_hold_whatever_was_said(tmp_path: Path, spoken, sources) -> None:
    out = Path(tempfile.mkdtemp(dir=tmp_path)) / "briefing.wav"
    data = ExportInput(out=out, day=date(2026, 3, 12), spoken=spoken, models=MODELS, sources=sources,
                       timings={"llm": 1.0}, first_audio_seconds=0.5)
    try:
        result = export_briefing(data)
    except DaycastError as exc:  # the only refusal allowed: a source title that looks like an API key
        assert exc.code == provenance.SECRET_ERROR_CODE, exc
        return
    said = [s.text for s in spoken]
    # VTT: one cue per sentence, in order, that parses back to the sentence as captions show it
    cues = parse_vtt(result.vtt_path.read_text(encoding="utf-8"))
    assert [c.text for c in cues] == [clean_text(t) for t in said]
    assert all(0 <= a.start <= a.end <= b.start for a, b in itertools.pairwise(cues))
    assert cues[-1].end <= result.duration
    # transcript: the spoken words come back (as the assistant reads them) and every source is listed once
    transcript = result.transcript_path.read_text(encoding="utf-8")
    assert read_briefing(result.transcript_path).split() == " ".join(said).split()
    listing = transcript.split("\n\nSources:\n")[1].split("\n\nMade by:\n")[0].splitlines()
    assert len(listing) == len(set(listing)) <= len(sources)
    for doc in sources:  # one line each, whatever line breaks the name had
        assert any(line.startswith(f"- {' '.join(doc.source.split())}") for line in listing), (doc, listing)
    assert transcript.endswith("\n".join(f"- {m.label()}" for m in MODELS) + "\n")
    # the sidecar is signed, matches the audio, and records each source's title unchanged
    check = provenance.verify_sidecar(out)
    assert check.ok, check.problems
    assert [s["title"] for s in check.record["sources"]] == [d.title for d in sources]
