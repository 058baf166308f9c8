"""Tag and chapter records shared by the encoder, the tag writers and the readers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tags:
    """Descriptive tags; ``extra`` holds free-form keys (ID3 TXXX, MP4 freeform atoms, Vorbis fields)."""

    title: str = ""
    artist: str = ""
    album: str = ""
    comment: str = ""
    date: str = ""
    genre: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Chapter:
    """A navigation point: ``start`` and ``end`` in seconds from the beginning of the audio."""

    title: str
    start: float
    end: float
    url: str = ""
