"""Write tags and chapters into a freshly encoded file (open read/write) with mutagen.

MP3: ID3v2.4 (TIT2 TPE1 TALB COMM TDRC TCON TLEN TXXX) + CHAP/CTOC. M4A: MP4 ilst atoms (the
chapters were muxed by FFmpeg). Opus/OGG/FLAC: Vorbis comments with the Xiph chapter extension
(CHAPTER001=HH:MM:SS.mmm, CHAPTER001NAME, CHAPTER001URL). WAV: FFmpeg wrote a RIFF INFO chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import mutagen
from mutagen.flac import FLAC
from mutagen.id3 import (
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLEN,
    TPE1,
    TXXX,
    WXXX,
    CTOCFlags,
    Encoding,
)
from mutagen.id3._tags import save_frame  # stable for years; needed to keep CHAP frames in order
from mutagen.mp4 import MP4, MP4FreeForm
from mutagen.oggopus import OggOpus

from app.core.audio.meta import Chapter, Tags
from engines.errors import OutputError

TOC_ID = "toc"
MP4_FREEFORM = "----:com.apple.iTunes:"
_MP4_KEYS = {"title": "\xa9nam", "artist": "\xa9ART", "album": "\xa9alb", "comment": "\xa9cmt",
             "date": "\xa9day", "genre": "\xa9gen"}
_VORBIS_KEYS = {"title": "TITLE", "artist": "ARTIST", "album": "ALBUM", "comment": "COMMENT",
                "date": "DATE", "genre": "GENRE"}


def clock(seconds: float) -> str:
    """``HH:MM:SS.mmm`` (hours may exceed two digits)."""
    millis = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def standard_fields(tags: Tags) -> dict[str, str]:
    """The non-empty standard tag values by field name."""
    values = {name: getattr(tags, name) for name in _MP4_KEYS}
    return {name: value for name, value in values.items() if value}


def write_tags(
    handle: BinaryIO, target: Path, tags: Tags | None, chapters: Sequence[Chapter], duration: float
) -> None:
    """Tag the encoded file in ``handle``; ``target`` only names it in errors."""
    suffix = target.suffix.lower()
    if suffix == ".wav" or (tags is None and not chapters and suffix != ".mp3"):
        return
    writer = {".mp3": _write_id3, ".m4a": _write_mp4, ".opus": _write_ogg, ".ogg": _write_ogg,
              ".flac": _write_flac}[suffix]
    try:
        handle.seek(0)
        writer(handle, tags or Tags(), chapters, duration)
    except mutagen.MutagenError as exc:
        raise OutputError(f"Cannot write tags into {target}: {exc}") from exc
    finally:
        handle.seek(0, 2)


class _ChapterOrderedID3(ID3):
    """ID3 that writes its CHAP frames last and in chapter order.

    mutagen sorts frames by size, but FFmpeg (ffprobe) lists CHAP frames in file order, not by time.
    """

    def __init__(self) -> None:
        super().__init__()
        self.ordered_chapters: list[CHAP] = []

    def _write(self, config: Any) -> bytes:
        tail = b"".join(save_frame(frame, config=config) for frame in self.ordered_chapters)
        return super()._write(config) + tail


def _write_id3(handle: BinaryIO, tags: Tags, chapters: Sequence[Chapter], duration: float) -> None:
    id3 = _ChapterOrderedID3()
    utf8 = Encoding.UTF8
    frames = {"title": TIT2, "artist": TPE1, "album": TALB, "date": TDRC, "genre": TCON}
    for name, value in standard_fields(tags).items():
        if name == "comment":
            id3.add(COMM(encoding=utf8, lang="eng", desc="", text=[value]))
        else:
            id3.add(frames[name](encoding=utf8, text=[value]))
    id3.add(TLEN(encoding=utf8, text=[str(round(duration * 1000))]))
    for key, value in tags.extra.items():
        id3.add(TXXX(encoding=utf8, desc=key, text=[value]))
    ids = [f"chp{index}" for index in range(len(chapters))]
    for element_id, chapter in zip(ids, chapters, strict=True):
        sub: list[Any] = [TIT2(encoding=utf8, text=[chapter.title])]
        if chapter.url:
            sub.append(WXXX(encoding=utf8, desc="chapter url", url=chapter.url))
        id3.ordered_chapters.append(CHAP(element_id=element_id, start_time=round(chapter.start * 1000),
                                         end_time=round(chapter.end * 1000), sub_frames=sub))
    if chapters:
        id3.add(CTOC(element_id=TOC_ID, flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                     sub_frames=[TIT2(encoding=utf8, text=["Chapters"])]))
    id3.save(handle, v1=0, v2_version=4)


def _write_mp4(handle: BinaryIO, tags: Tags, chapters: Sequence[Chapter], duration: float) -> None:
    audio = MP4(handle)
    if audio.tags is None:
        audio.add_tags()
    mp4_tags: Any = audio.tags  # add_tags() made them; mutagen's stubs still say None
    for name, value in standard_fields(tags).items():
        mp4_tags[_MP4_KEYS[name]] = [value]
    for key, value in tags.extra.items():
        mp4_tags[MP4_FREEFORM + key] = [MP4FreeForm(value.encode("utf-8"))]
    handle.seek(0)
    audio.save(handle)


def vorbis_fields(tags: Tags, chapters: Sequence[Chapter]) -> list[tuple[str, str]]:
    """Vorbis comment pairs for ``tags`` and ``chapters`` (chapter numbers start at 001)."""
    pairs = [(_VORBIS_KEYS[name], value) for name, value in standard_fields(tags).items()]
    pairs += [(key.upper(), value) for key, value in tags.extra.items()]
    for number, chapter in enumerate(chapters, start=1):
        pairs.append((f"CHAPTER{number:03d}", clock(chapter.start)))
        pairs.append((f"CHAPTER{number:03d}NAME", chapter.title))
        if chapter.url:
            pairs.append((f"CHAPTER{number:03d}URL", chapter.url))
    return pairs


def _fill_vorbis(comment: Any, tags: Tags, chapters: Sequence[Chapter]) -> None:
    comment.clear()  # drop FFmpeg's ENCODER so tags read back exactly as written
    for key, value in vorbis_fields(tags, chapters):
        comment.append((key, value))


def _write_ogg(handle: BinaryIO, tags: Tags, chapters: Sequence[Chapter], duration: float) -> None:
    audio = OggOpus(handle)
    _fill_vorbis(audio.tags, tags, chapters)
    handle.seek(0)
    audio.save(handle)


def _write_flac(handle: BinaryIO, tags: Tags, chapters: Sequence[Chapter], duration: float) -> None:
    audio = FLAC(handle)
    if audio.tags is None:
        audio.add_tags()
    _fill_vorbis(audio.tags, tags, chapters)
    handle.seek(0)
    audio.save(handle)
