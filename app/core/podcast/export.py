"""Write a mixed episode out like a real podcast: audio with tags and chapters, captions, chapters
JSON, show notes, the RSS feed, and a signed provenance sidecar beside every audio file.

Every file is written atomically; the AI-voice disclosure is spoken at the start (in the script),
and carried in the tags, the RSS description, the show notes and the provenance record.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np

from app.core.audio import chapters as chapters_mod
from app.core.audio import encode, rss, subtitles
from app.core.audio.io import resample
from app.core.audio.meta import Chapter, Tags
from app.core.podcast.mix import Mixdown
from app.core.podcast.script import Script
from app.core.trust import provenance
from engines.cancel import NEVER, CancelToken
from engines.fsutil import atomic_write_text
from engines.types import ModelInfo

PODCAST_RATE = 44100
"""What podcast apps expect of MP3 and AAC files (and what most encoders are tuned for)."""
_PODCAST_RATE_FORMATS = (".mp3", ".m4a")
SHOW_TITLE = "Daycast"
SHOW_DESCRIPTION = "Two-host conversations about your own documents, made on this computer with Daycast."


@dataclass(frozen=True)
class ExportRequest:
    """Where and how to export; ``formats`` are extra extensions beside ``out``'s own (".m4a")."""

    out: Path
    disclosure: str
    models: tuple[ModelInfo, ...]
    formats: tuple[str, ...] = ()
    feed_dir: Path | None = None
    feed_url: str = ""
    """The feed folder's public address: links in feed.xml are made absolute against it."""
    chapters: bool = True
    script_path: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    prompts: dict[str, Any] = field(default_factory=dict)
    script_sha256: str = ""


@dataclass(frozen=True)
class EpisodeResult:
    audio_path: Path
    extra_exports: tuple[Path, ...]
    script_path: Path | None
    vtt: Path
    srt: Path
    chapters_json: Path | None
    """None when chapters were turned off."""
    shownotes: Path
    feed: Path
    sidecar: Path
    sidecars: tuple[Path, ...]
    duration: float
    chapters: tuple[Chapter, ...]
    models: tuple[ModelInfo, ...]
    lufs: float
    true_peak: float
    cues: tuple[subtitles.Cue, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    coverage: tuple[dict[str, Any], ...] = ()
    """Per chapter: source share, planned and written words, names and figures planned and said."""
    grounding: dict[str, Any] = field(default_factory=dict)
    """The script's grounding counts (sentences checked against their sources, regenerated, replaced)."""


def new_episode_path(folder: Path, stem: str, suffix: str = ".mp3") -> Path:
    """``folder/stem.mp3``, else ``stem-2.mp3``, ``stem-3.mp3``…: the first name with no audio in any format yet.
    A second episode on the same day must not replace the first (its audio and its feed item); a render
    that was stopped left no audio, so running the same command again takes its name and resumes it."""
    name, number = stem, 2
    while any((folder / f"{name}{ext}").exists() for ext in {suffix, *rss.MIME_TYPES}):  # one episode, any format
        name, number = f"{stem}-{number}", number + 1
    return folder / f"{name}{suffix}"


def cues_for(mix: Mixdown) -> list[subtitles.Cue]:
    """One caption per spoken sentence, labelled with its host and timed from the mix."""
    cues: list[subtitles.Cue] = []
    for turn in mix.turns:
        spans = turn.sentences or ((turn.start, turn.end, turn.text),)
        for start, end, text in spans:
            if text.strip():
                cues.append(subtitles.Cue(round(start, 3), round(end, 3), text.strip(), turn.speaker))
    return cues


def tags_for(script: Script, request: ExportRequest) -> Tags:
    made_by = "; ".join(m.label() for m in request.models)
    voices = ", ".join(f"{h.name} ({h.voice})" for h in script.hosts)
    return Tags(
        title=script.title, artist=f"{SHOW_TITLE} (AI voices: {voices})", album=SHOW_TITLE,
        comment=" ".join(p for p in (request.disclosure, script.summary, f"Made by: {made_by}.") if p),
        date=datetime.now(UTC).date().isoformat(), genre="Podcast",
        extra={"AI_DISCLOSURE": request.disclosure, "DAYCAST_SCRIPT_SHA256": request.script_sha256},
    )


def kept_chapters(mix: Mixdown, request: ExportRequest) -> tuple[Chapter, ...]:
    """The chapters the episode carries: none anywhere (audio, JSON, feed, notes) when they were turned off."""
    return mix.chapters if request.chapters else ()


def _clock(seconds: float) -> str:
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def shownotes_markdown(script: Script, mix: Mixdown, request: ExportRequest, files: dict[str, str]) -> str:
    lines = [f"# {script.title}", ""]
    if script.summary:
        lines += [script.summary, ""]
    lines += [f"> {request.disclosure}", ""]
    if kept_chapters(mix, request):
        lines += ["## Chapters", "", *(f"- {_clock(c.start)} {c.title}" for c in mix.chapters), ""]
    lines += ["## Sources", ""]
    listed = False
    for chapter in script.chapters:
        for source in chapter.sources:
            lines.append(f"- {chapter.title}: `{source}`")
            listed = True
    if not listed:
        lines.append("- (none recorded in the script)")
    lines += ["", "## Made with", ""]
    lines += [f"- {h.name}: voice `{h.voice}`, speed {h.speed:g}" for h in script.hosts]
    lines += [f"- {m.label()}" for m in request.models]
    lines += ["", "## Files", ""] + [f"- {label}: `{name}`" for label, name in files.items()]
    return "\n".join(lines) + "\n"


def _relative(path: Path, folder: Path) -> str:
    return quote(Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix())


def export_episode(
    script: Script, mix: Mixdown, request: ExportRequest, cancel: CancelToken | None = None
) -> EpisodeResult:
    cancel = cancel or NEVER
    out = request.out
    cues = cues_for(mix)
    vtt, srt = out.with_suffix(".vtt"), out.with_suffix(".srt")
    chapters_path = out.with_suffix(".chapters.json")
    tags = tags_for(script, request)
    chapters = kept_chapters(mix, request)
    audio_files = [out, *(out.with_suffix(ext) for ext in request.formats if ext != out.suffix.lower())]
    upsampled: np.ndarray | None = None
    for path in audio_files:
        cancel.check()
        samples, rate = mix.samples, mix.rate
        if path.suffix.lower() in _PODCAST_RATE_FORMATS and rate != PODCAST_RATE:
            if upsampled is None:
                upsampled = np.clip(resample(mix.samples, mix.rate, PODCAST_RATE), -1.0, 1.0)
            samples, rate = upsampled, PODCAST_RATE
        encode.write_audio(path, samples, rate, tags=tags, chapters=chapters, cancel=cancel)
    # Captions and chapters only once the audio is written: a re-render stopped or failed while encoding
    # leaves the old episode whole, never old audio beside new captions.
    atomic_write_text(vtt, subtitles.to_vtt(cues))
    atomic_write_text(srt, subtitles.to_srt(cues))
    files = {"Audio": out.name, **{f"Also as {p.suffix[1:]}": p.name for p in audio_files[1:]},
             "Transcript (WebVTT)": vtt.name, "Transcript (SRT)": srt.name}
    if chapters:
        chapters_mod.write_chapters_json(chapters_path, chapters, title=script.title)
        files["Chapters"] = chapters_path.name
    else:
        chapters_path.unlink(missing_ok=True)  # an earlier render's chapters would no longer match
    shownotes = out.with_suffix(".md")
    if request.script_path:
        files["Script (edit and re-render with --from-script)"] = request.script_path.name
    atomic_write_text(shownotes, shownotes_markdown(script, mix, request, files))
    chapters_file = chapters_path if chapters else None
    sidecars = tuple(_sidecar(path, script, mix, request, vtt, chapters_file) for path in audio_files)
    feed = _update_feed(script, mix, request, vtt, chapters_file)
    return EpisodeResult(
        audio_path=out, extra_exports=tuple(audio_files[1:]), script_path=request.script_path, vtt=vtt, srt=srt,
        chapters_json=chapters_file, shownotes=shownotes, feed=feed, sidecar=sidecars[0], sidecars=sidecars,
        duration=mix.duration, chapters=chapters, models=request.models, lufs=mix.lufs,
        true_peak=mix.true_peak, cues=tuple(cues), timings=dict(request.timings),
        grounding=dict(script.extra.get("grounding") or {}),
    )


def _sidecar(path: Path, script: Script, mix: Mixdown, request: ExportRequest, vtt: Path,
             chapters: Path | None) -> Path:
    sources = [{"chapter": c.title, "source": s} for c in script.chapters for s in c.sources]
    record = provenance.build_record(
        kind="podcast", audio_path=path, sources=sources, models=list(request.models),
        settings=request.settings, timings=request.timings, prompts=request.prompts or None,
        disclosure=request.disclosure,
        extra={
            "title": script.title,
            "hosts": [{"name": h.name, "voice": h.voice, "speed": h.speed} for h in script.hosts],
            "script": request.script_path.name if request.script_path else None,
            "script_sha256": request.script_sha256, "script_models": list(script.models),
            "chapters": [{"title": c.title, "start": c.start, "end": c.end} for c in kept_chapters(mix, request)],
            "loudness_lufs": round(mix.lufs, 2), "true_peak_dbtp": round(mix.true_peak, 2),
            "transcript": vtt.name, "chapters_json": chapters.name if chapters else None,
            "grounding": script.extra.get("grounding") or {"checked": 0, "note": "script written or edited elsewhere"},
        },
    )
    return provenance.write_sidecar(path, record)


def _update_feed(script: Script, mix: Mixdown, request: ExportRequest, vtt: Path, chapters: Path | None) -> Path:
    folder = request.feed_dir or request.out.parent
    folder.mkdir(parents=True, exist_ok=True)
    channel = rss.Channel(title=SHOW_TITLE, description=SHOW_DESCRIPTION, author=SHOW_TITLE,
                          language=script.language, category="Technology", link=request.feed_url,
                          base_url=request.feed_url)
    chapter_list = "\n".join(f"{_clock(c.start)} {c.title}" for c in kept_chapters(mix, request))
    description = f"{script.summary}\n\nChapters:\n{chapter_list}" if chapter_list else script.summary
    episode = rss.Episode(
        guid=f"daycast-podcast:{request.out.stem}", title=script.title,
        description=description.strip(),
        audio_path=request.out, audio_url=_relative(request.out, folder), duration_s=mix.duration,
        pub_date=datetime.now(UTC), transcript_url=_relative(vtt, folder), transcript_type="text/vtt",
        chapters_url=_relative(chapters, folder) if chapters else "", ai_disclosure=request.disclosure,
    )
    return rss.update_feed(folder, channel, episode)
