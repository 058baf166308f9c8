"""Read tags and chapters back from audio files, and write Podcasting 2.0 chapters JSON."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import av
import mutagen
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.ogg import OggFileType

from app.core.audio.meta import Chapter, Tags
from app.core.audio.tagging import MP4_FREEFORM, TOC_ID
from engines.errors import AudioFormatError
from engines.fsutil import atomic_write_text

CHAPTERS_JSON_VERSION = "1.2.0"
CHAPTERS_JSON_TYPE = "application/json+chapters"

_VORBIS_STANDARD = ("title", "artist", "album", "comment", "date", "genre")
_CHAPTER_KEY = re.compile(r"^chapter(\d{1,3})(name|url)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d*)?)")


def _load(path: Path) -> Any:  # a mutagen FileType; its stubs type .tags as None
    if not path.is_file():
        raise AudioFormatError(f"{path}: no such audio file", hint="check the path")
    try:
        return mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise AudioFormatError(f"{path}: cannot read its tags ({exc})") from exc


def _has_id3(audio: mutagen.FileType | None) -> bool:
    return isinstance(audio, MP3) or (audio is not None and isinstance(audio.tags, ID3))


# ---- tags ---------------------------------------------------------------------------------------


def read_tags(path: str | Path) -> Tags:
    """The standard tags and free-form extras of an MP3, M4A, Opus, OGG, FLAC or WAV file."""
    source = Path(path)
    audio = _load(source)
    if _has_id3(audio):
        return _id3_tags(audio.tags) if audio.tags is not None else Tags()
    if isinstance(audio, MP4):
        return _mp4_tags(audio)
    if isinstance(audio, (OggFileType, FLAC)):
        return _vorbis_tags(audio.tags) if audio.tags is not None else Tags()
    return _ffmpeg_tags(source)


def _text(frame: Any) -> str:
    return "" if frame is None else str(frame.text[0]) if frame.text else ""


def _id3_tags(id3: ID3) -> Tags:
    comments = id3.getall("COMM")
    extra = {frame.desc: str(frame.text[0]) if frame.text else "" for frame in id3.getall("TXXX")}
    return Tags(
        title=_text(id3.get("TIT2")), artist=_text(id3.get("TPE1")), album=_text(id3.get("TALB")),
        comment=_text(comments[0]) if comments else "", date=_text(id3.get("TDRC")),
        genre=_text(id3.get("TCON")), extra=extra,
    )


def _mp4_tags(audio: MP4) -> Tags:
    tags: Any = audio.tags or {}

    def first(key: str) -> str:
        values = tags.get(key) or [""]
        return str(values[0])

    extra = {key[len(MP4_FREEFORM):]: bytes(values[0]).decode("utf-8", "replace")
             for key, values in tags.items() if key.startswith(MP4_FREEFORM) and values}
    return Tags(title=first("\xa9nam"), artist=first("\xa9ART"), album=first("\xa9alb"), comment=first("\xa9cmt"),
                date=first("\xa9day"), genre=first("\xa9gen"), extra=extra)


def _vorbis_tags(comment: Any) -> Tags:
    fields: dict[str, str] = {}
    for key, value in comment:
        fields.setdefault(key.lower(), value)
    extra = {key.upper(): value for key, value in fields.items()
             if key not in _VORBIS_STANDARD and not _CHAPTER_KEY.match(key)}
    return Tags(**{name: fields.get(name, "") for name in _VORBIS_STANDARD}, extra=extra)


def _ffmpeg_tags(path: Path) -> Tags:
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            meta = {key.lower(): value for key, value in container.metadata.items()}
    except (av.FFmpegError, OSError) as exc:
        raise AudioFormatError(f"{path}: not a readable audio file ({exc})") from exc
    title, artist, album, comment, date, genre = (str(meta.get(name, "")) for name in _VORBIS_STANDARD)
    return Tags(title, artist, album, comment, date, genre)


# ---- chapters -----------------------------------------------------------------------------------


def read_chapters(path: str | Path) -> list[Chapter]:
    """Chapters in playback order: ID3 CHAP/CTOC (MP3), the MP4 chapter track, Vorbis CHAPTERxxx comments."""
    source = Path(path)
    audio = _load(source)
    if _has_id3(audio):
        return _id3_chapters(audio.tags) if audio.tags is not None else []
    if isinstance(audio, (OggFileType, FLAC)) and audio.tags is not None:
        return _vorbis_chapters(audio.tags, audio.info.length)
    return _ffmpeg_chapters(source)


def _id3_chapters(id3: ID3) -> list[Chapter]:
    frames = {frame.element_id: frame for frame in id3.getall("CHAP")}
    tocs = [toc for toc in id3.getall("CTOC") if toc.element_id == TOC_ID] or id3.getall("CTOC")
    ordered = [frames[i] for i in tocs[0].child_element_ids if i in frames] if tocs else []
    if not ordered:
        ordered = sorted(frames.values(), key=lambda frame: frame.start_time)
    chapters = []
    for frame in ordered:
        urls = frame.sub_frames.getall("WXXX")
        chapters.append(Chapter(_text(frame.sub_frames.get("TIT2")), frame.start_time / 1000,
                                frame.end_time / 1000, urls[0].url if urls else ""))
    return chapters


def parse_clock(text: str) -> float | None:
    """Seconds from ``HH:MM:SS.mmm`` or ``MM:SS.mmm``; None when it is not a time."""
    match = _CLOCK.match(text)
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def _vorbis_chapters(comment: Any, length: float) -> list[Chapter]:
    found: dict[int, dict[str, str]] = {}
    for key, value in comment:
        match = _CHAPTER_KEY.match(key)
        if match:
            found.setdefault(int(match.group(1)), {})[(match.group(2) or "start").lower()] = value
    starts = []
    for number in sorted(found):
        start = parse_clock(found[number].get("start", ""))
        if start is not None:
            starts.append((start, found[number].get("name", ""), found[number].get("url", "")))
    if not starts:
        return []
    starts.sort(key=lambda item: item[0])
    ends = [s for s, _, _ in starts[1:]] + [max(length, starts[-1][0])]
    return [Chapter(name, start, end, url) for (start, name, url), end in zip(starts, ends, strict=True)]


def _ffmpeg_chapters(path: Path) -> list[Chapter]:
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            raw: list[Any] = container.chapters()
    except (av.FFmpegError, OSError) as exc:
        raise AudioFormatError(f"{path}: not a readable audio file ({exc})") from exc
    chapters = [Chapter(c["metadata"].get("title", ""), float(c["start"] * c["time_base"]),
                        float(c["end"] * c["time_base"])) for c in raw]
    return sorted(chapters, key=lambda c: c.start)


# ---- Podcasting 2.0 JSON ------------------------------------------------------------------------


def chapters_json(chapters: Sequence[Chapter], *, title: str) -> dict[str, Any]:
    """Podcasting 2.0 chapters (https://github.com/Podcastindex-org/podcast-namespace, version 1.2.0)."""
    items: list[dict[str, Any]] = []
    for index, chapter in enumerate(chapters):
        if not (math.isfinite(chapter.start) and math.isfinite(chapter.end)) or chapter.start < 0:
            # NaN/Infinity would make the file invalid JSON; a negative start is no place in the audio
            raise ValueError(f"chapter {index} ({chapter.title!r}) has bad times {chapter.start}..{chapter.end}")
        start, end = round(chapter.start, 3), round(chapter.end, 3)
        item: dict[str, Any] = {"startTime": start, "title": chapter.title}
        if end > start:  # compared as written: no "endTime" equal to its "startTime"
            item["endTime"] = end
        if chapter.url:
            item["url"] = chapter.url
        items.append(item)
    return {"version": CHAPTERS_JSON_VERSION, "title": title, "chapters": items}


def write_chapters_json(path: str | Path, chapters: Sequence[Chapter], *, title: str) -> Path:
    """Write :func:`chapters_json` atomically as UTF-8 JSON; returns the path."""
    target = Path(path)
    text = json.dumps(chapters_json(chapters, title=title), ensure_ascii=False, indent=2, allow_nan=False)
    atomic_write_text(target, text + "\n")
    return target
