"""Transcripts as WebVTT (``<v Speaker>`` voice spans) and SRT (``Speaker: text``), written and parsed.

Writers clean text the same way every time (:func:`clean_text`): control characters dropped,
lines trimmed, blank lines removed. WebVTT escapes ``&``, ``<`` and ``>`` as its grammar requires.
SubRip has no escapes: players show "&amp;" as typed, so SRT text is written as it is, except a ``<``
that would open a tag ("<b>") and an ``&`` that would read as an entity ("&lt;"). No text can fake a
timing line in either format.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

_TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3})(?:\s.*)?$"
)
_VOICE = re.compile(r"^<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>")
_TAG = re.compile(r"</?[^>]*>")
_SRT_SPEAKER = re.compile(r"^([^\s:][^:\n]{0,39}?):(?: |$)")


@dataclass(frozen=True)
class Cue:
    """One caption: ``start``/``end`` in seconds, the spoken ``text``, and who says it."""

    start: float
    end: float
    text: str
    speaker: str = ""


def _drop_controls(text: str) -> str:
    """Remove control, surrogate and non-character code points; keep newlines (CR/CRLF become LF).

    Whitespace controls (tab, vertical tab, form feed, ...) become a space so words stay apart.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch == "\n" or (category not in ("Cc", "Cs") and not _is_noncharacter(ch)):
            kept.append(ch)
        elif category == "Cc" and ch.isspace():
            kept.append(" ")
    return "".join(kept)


def _is_noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean_text(text: str) -> str:
    """Cue text as the writers emit it: no control characters, each line trimmed, no blank lines."""
    lines = (line.strip() for line in _drop_controls(text).split("\n"))
    return "\n".join(line for line in lines if line)


def clean_speaker(speaker: str) -> str:
    """A speaker name on one line, trimmed, with no control characters."""
    return " ".join(_drop_controls(speaker).split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_SRT_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")
_SRT_TAG_START = re.compile(r"<(?=[A-Za-z/!])")
_SRT_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _srt_escape(text: str) -> str:
    """Only what a player would take as markup: "Q&A" and "3 < 5" stay as they are."""
    text = _SRT_ENTITY.sub(lambda m: "&amp;" + m.group(0)[1:], text)
    return _SRT_TAG_START.sub("&lt;", text)


def _srt_unescape(text: str) -> str:
    """Tags dropped ("<i>"), whole entities decoded ("&amp;"): "Q&A" or "&lt" alone is plain text."""
    return _SRT_ENTITY.sub(lambda m: html.unescape(m.group(0)), _SRT_TAG.sub("", text))


def format_time(seconds: float, *, separator: str = ".") -> str:
    """``HH:MM:SS.mmm`` (``separator`` is ``,`` for SRT)."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def parse_time(text: str) -> float:
    """Seconds from ``[HH:]MM:SS.mmm`` or ``HH:MM:SS,mmm``."""
    head, _, fraction = text.strip().replace(",", ".").partition(".")
    parts = [int(p) for p in head.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, minutes, secs = parts
    millis = int(fraction.ljust(3, "0")[:3]) if fraction else 0
    return ((hours * 3600 + minutes * 60 + secs) * 1000 + millis) / 1000


def validate(cues: Sequence[Cue]) -> None:
    """Raise ValueError unless times are finite, non-negative, each cue ends at or after it starts,
    and cues are in order without overlapping (compared at the millisecond precision written)."""
    previous_end = 0
    for index, cue in enumerate(cues):
        if not (math.isfinite(cue.start) and math.isfinite(cue.end)):
            raise ValueError(f"cue {index} has a time that is not a number")
        start, end = round(cue.start * 1000), round(cue.end * 1000)
        if start < 0 or end < start:
            raise ValueError(f"cue {index} has bad times {cue.start}..{cue.end}")
        if start < previous_end:
            raise ValueError(f"cue {index} starts at {cue.start} before the previous cue ends")
        previous_end = end


# ---- WebVTT -------------------------------------------------------------------------------------


def to_vtt(cues: Sequence[Cue]) -> str:
    """A WebVTT document; a cue with a speaker is wrapped in a ``<v Speaker>`` voice span."""
    validate(cues)
    blocks = ["WEBVTT"]
    for cue in cues:
        text = _escape(clean_text(cue.text))
        speaker = clean_speaker(cue.speaker)
        if speaker:
            text = f"<v {_escape(speaker)}>{text}"
        timing = f"{format_time(cue.start)} --> {format_time(cue.end)}"
        blocks.append(f"{timing}\n{text}" if text else timing)
    return "\n\n".join(blocks) + "\n"


def _blocks(text: str) -> Iterable[list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _timing_index(block: list[str]) -> int:
    for index, line in enumerate(block[:2]):
        if "-->" in line and _TIMING.match(line):
            return index
    return -1


def parse_vtt(text: str) -> list[Cue]:
    """Cues of a WebVTT document; NOTE/STYLE/REGION blocks, cue ids, settings and markup are skipped."""
    text = text.lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        raise ValueError("not a WebVTT document (it must start with WEBVTT)")
    cues = []
    for block in _blocks(text):
        at = _timing_index(block)
        if at < 0:
            continue  # header, NOTE, STYLE, REGION or junk
        match = _TIMING.match(block[at])
        if match is None:  # _timing_index found it; kept for the type checker
            continue
        payload = "\n".join(block[at + 1 :])
        speaker = ""
        voice = _VOICE.match(payload)
        if voice:
            speaker = html.unescape((voice.group(1) or "").strip())
        body = html.unescape(_TAG.sub("", payload))
        cues.append(Cue(parse_time(match.group(1)), parse_time(match.group(2)), body, speaker))
    return cues


# ---- SRT ----------------------------------------------------------------------------------------


def to_srt(cues: Sequence[Cue]) -> str:
    """SubRip: numbered cues, ``HH:MM:SS,mmm`` times, ``Speaker: `` before the first line of text."""
    validate(cues)
    blocks = []
    for number, cue in enumerate(cues, start=1):
        text = _srt_escape(clean_text(cue.text))
        speaker = clean_speaker(cue.speaker)
        if speaker:
            text = f"{_srt_escape(speaker)}: {text}".rstrip()
        timing = f"{format_time(cue.start, separator=',')} --> {format_time(cue.end, separator=',')}"
        blocks.append(f"{number}\n{timing}\n{text}" if text else f"{number}\n{timing}")
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def parse_srt(text: str, *, speakers: Collection[str] | None = None) -> list[Cue]:
    """Cues of a SubRip document.

    A first line ``Name: text`` gives the cue a speaker when ``Name`` is in ``speakers``; with
    ``speakers`` None any short prefix without a colon counts (SRT has no real voice markup, so a
    line such as ``Note: ...`` is ambiguous: pass the known speakers to be exact).
    """
    cues = []
    for block in _blocks(text.lstrip("\ufeff")):
        at = _timing_index(block)
        if at < 0:
            continue
        match = _TIMING.match(block[at])
        if match is None:
            continue
        body = "\n".join(block[at + 1 :])
        speaker = ""
        prefix = _SRT_SPEAKER.match(body)
        if prefix:
            name = _srt_unescape(prefix.group(1)).strip()
            if speakers is None or name in speakers:
                speaker = name
                body = body[prefix.end() :]
        body = _srt_unescape(body).strip()
        cues.append(Cue(parse_time(match.group(1)), parse_time(match.group(2)), body, speaker))
    return cues
