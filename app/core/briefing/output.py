"""Turn a briefing's spoken sentences into files: audio, transcripts and a signed provenance sidecar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from app.core.audio import encode, loudness, mixer, subtitles
from app.core.audio.finish import finish_audio
from app.core.audio.jingle import make_jingle
from app.core.documents import Document
from app.core.speech import Spoken
from app.core.trust import provenance
from app.core.trust.disclosure import disclosure_text
from app.core.trust.provenance import redact_url_secrets
from engines.fsutil import atomic_write_text
from engines.types import ModelInfo

SENTENCE_GAP = 0.22
BLOCK_GAP = 0.65


@dataclass(frozen=True, slots=True)
class Line:
    """What a spoken sentence belongs to: its block kind and the source it came from."""

    kind: str
    source: str = ""
    url: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class SpokenLine:
    text: str
    start: float
    end: float
    source: str = ""
    url: str = ""
    kind: str = ""


@dataclass(frozen=True)
class ExportInput:
    out: Path
    day: date
    spoken: tuple[Spoken, ...]
    models: tuple[ModelInfo, ...]
    sources: tuple[Document, ...]
    timings: dict[str, float]
    first_audio_seconds: float
    problems: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    llm_tokens: int = 0
    llm_seconds: float = 0.0
    grounding: dict[str, Any] = field(default_factory=dict)
    """``GroundingCounts.as_dict()``: sentences checked against their sources, regenerated, replaced."""


@dataclass(frozen=True)
class BriefingResult:
    audio_path: Path
    transcript_path: Path
    vtt_path: Path
    sidecar_path: Path
    duration: float
    lines: tuple[SpokenLine, ...]
    models: tuple[ModelInfo, ...]
    first_audio_seconds: float
    timings: dict[str, float]
    problems: tuple[str, ...] = ()
    grounding: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def _timeline(spoken: tuple[Spoken, ...]) -> tuple[np.ndarray, int, list[SpokenLine]]:
    rate = spoken[0].audio.sample_rate if spoken else 22050
    timeline = mixer.Timeline(rate)
    timeline.add(make_jingle(rate, seconds=1.6, variant="intro"), label="jingle")
    lines: list[SpokenLine] = []
    previous: Line | None = None
    for item in sorted(spoken, key=lambda s: s.index):
        meta = item.meta if isinstance(item.meta, Line) else Line("item")
        gap = SENTENCE_GAP if meta == previous else BLOCK_GAP
        placed = timeline.add(mixer.trim_silence(item.audio.samples, rate), label=item.text, gap_before=gap)
        lines.append(SpokenLine(item.text, placed.start, placed.end, meta.source, meta.url, meta.kind))
        previous = meta
    timeline.add(np.zeros(int(0.4 * rate), np.float32), label="tail")
    return timeline.render(channels=1), rate, lines


def _transcript_text(
    result_lines: list[SpokenLine], sources: tuple[Document, ...], models: tuple[ModelInfo, ...]
) -> str:
    body: list[str] = []
    block: list[str] = []
    last_kind_source: tuple[str, str] | None = None
    for line in result_lines:
        key = (line.kind, line.source)
        if block and key != last_kind_source:
            body.append(" ".join(block))
            block = []
        block.append(_one_line(line.text))
        last_kind_source = key
    if block:
        body.append(" ".join(block))
    listed = sorted({f"- {_one_line(d.source)}" + (f" ({_one_line(redact_url_secrets(d.url))})" if d.url else "")
                     for d in sources})
    made_by = [f"- {m.label()}" for m in models]
    return "\n\n".join(body) + "\n\nSources:\n" + "\n".join(listed) + "\n\nMade by:\n" + "\n".join(made_by) + "\n"


def _one_line(text: str) -> str:
    """Whitespace collapsed: a line break in a sentence or a source name cannot fake the "Sources:" trailer
    that readers of the transcript cut at, nor split a source over two list lines."""
    return " ".join(text.split())


def _sources_record(sources: tuple[Document, ...]) -> list[dict[str, Any]]:
    return [
        {"title": d.title, "source": d.source, "kind": d.kind, "url": d.url,
         "time": d.time.isoformat() if d.time else None}
        for d in sources
    ]


def export_briefing(data: ExportInput) -> BriefingResult:
    samples, rate, lines = _timeline(data.spoken)
    finished = finish_audio(samples, rate, loudness.MONO_TARGET_LUFS)
    samples = finished.samples
    disclosure = disclosure_text("short" if data.settings.get("disclosure") == "short" else "full")
    tags = encode.Tags(
        title=f"Daycast briefing — {data.day.isoformat()}", artist="Daycast", album="Daycast briefings",
        comment=f"{disclosure} Made by: " + "; ".join(m.label() for m in data.models), date=data.day.isoformat(),
    )
    encode.write_audio(data.out, samples, rate, tags=tags)
    cues = [subtitles.Cue(line.start, line.end, line.text) for line in lines]
    vtt_path = data.out.with_suffix(".vtt")
    txt_path = data.out.with_suffix(".txt")
    atomic_write_text(vtt_path, subtitles.to_vtt(cues))
    atomic_write_text(txt_path, _transcript_text(lines, data.sources, data.models))
    duration = len(samples) / rate
    timings = {**data.timings, "audio_seconds": duration, "first_audio_seconds": data.first_audio_seconds}
    record = provenance.build_record(
        kind="briefing", audio_path=data.out, sources=_sources_record(data.sources), models=list(data.models),
        settings=data.settings, timings=timings, prompts=None, disclosure=disclosure,
        extra={"date": data.day.isoformat(), "problems": list(data.problems), "transcript": txt_path.name,
               "vtt": vtt_path.name, "llm_tokens": data.llm_tokens, "llm_seconds": data.llm_seconds,
               "grounding": data.grounding, "loudness_lufs": round(finished.lufs, 2),
               "true_peak_dbtp": round(finished.true_peak, 2)},
    )
    sidecar = provenance.write_sidecar(data.out, record)
    return BriefingResult(
        audio_path=data.out, transcript_path=txt_path, vtt_path=vtt_path, sidecar_path=sidecar, duration=duration,
        lines=tuple(lines), models=data.models, first_audio_seconds=data.first_audio_seconds, timings=timings,
        problems=data.problems, grounding=data.grounding,
    )
