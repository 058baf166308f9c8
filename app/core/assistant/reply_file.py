"""A spoken reply saved to a file (``daycast ask --out``): watermarked, tagged with the AI-voice disclosure
and the models that made it, with a signed provenance sidecar like a briefing's or an episode's."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import numpy as np

from app.core.assistant.state import TurnResult
from app.core.audio.encode import Tags, write_audio
from app.core.trust import provenance, watermark
from app.core.trust.disclosure import DisclosureMode, disclosure_text
from engines.audio import resample
from engines.types import AudioChunk, ModelInfo


def save_reply(out: Path, chunks: list[AudioChunk], result: TurnResult, models: tuple[ModelInfo, ...], *,
               sources: tuple[Path, ...], disclosure: DisclosureMode, settings: dict[str, str],
               language: str = "en") -> Path:
    """Write the reply's audio to ``out`` and its sidecar beside it; returns the sidecar's path."""
    rate = chunks[0].sample_rate
    samples = np.concatenate([resample(c.samples, c.sample_rate, rate) for c in chunks])
    marked = len(samples) >= watermark.MIN_SECONDS * rate  # shorter audio cannot hold the mark
    if marked:
        samples = watermark.embed_daycast(samples, rate)  # a saved reply is AI speech like any other file
    said = disclosure_text(disclosure, language)
    made_by = "; ".join(m.label() for m in models)
    write_audio(out, samples, rate, tags=Tags(title=f"Daycast reply: {result.question[:80]}", artist="Daycast",
                                              comment=f"{said} Made by: {made_by}"))
    record = provenance.build_record(
        kind="reply", audio_path=out, sources=[{"source": str(s)} for s in sources], models=list(models),
        settings=settings, timings=asdict(result.timings), disclosure=said,
        extra={"title": result.question, "question": result.question, "reply": result.reply,
               "grounding": result.grounding, "watermarked": marked},
    )
    return provenance.write_sidecar(out, record)
