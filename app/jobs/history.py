"""Find past briefings and episodes in the output folder (Qt-free): audio + provenance sidecar + VTT."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import mutagen

from app.core.audio.subtitles import Cue, parse_vtt
from app.core.events import QT_TRANSLATE_NOOP

AUDIO_SUFFIXES = (".mp3", ".m4a", ".opus", ".ogg", ".flac", ".wav")


@dataclass(frozen=True)
class HistoryEntry:
    audio: Path
    kind: str
    title: str
    created: datetime
    duration: float
    models: tuple[str, ...]
    sidecar: Path | None
    vtt: Path | None


def sidecar_for(audio: Path) -> Path | None:
    for candidate in (audio.with_name(audio.name + ".json"), audio.with_suffix(".provenance.json"),
                      audio.with_suffix(".json")):
        if candidate.is_file():
            return candidate
    return None


def _read_json(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _models(record: dict[str, Any]) -> tuple[str, ...]:
    labels = []
    for model in record.get("models", []) or []:
        if isinstance(model, dict):
            labels.append(f"{model.get('id', '?')} ({model.get('backend', '')}, {model.get('device', '')})")
        else:
            labels.append(str(model))
    return tuple(labels)


def _created(record: dict[str, Any], audio: Path) -> datetime:
    for key in ("created", "time", "created_at"):
        value = record.get(key)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                pass
    return datetime.fromtimestamp(audio.stat().st_mtime).astimezone()


def _duration(record: dict[str, Any], audio: Path) -> float:
    timings = record.get("timings") or {}
    for value in (record.get("duration"), timings.get("audio_seconds") if isinstance(timings, dict) else None):
        if isinstance(value, int | float):
            return float(value)
    try:  # from the file's header (cheap: no decoding)

        info = mutagen.File(str(audio))
        return float(info.info.length) if info is not None and info.info else 0.0
    except Exception:  # an unreadable header only costs the length shown in the list
        return 0.0


def _kind(record: dict[str, Any], audio: Path) -> str:
    kind = record.get("kind")
    if isinstance(kind, str) and kind:
        return kind
    return "briefing" if audio.name.startswith("briefing") else "episode"


def entry_for(audio: Path) -> HistoryEntry:
    sidecar = sidecar_for(audio)
    record = _read_json(sidecar)
    raw_extra = record.get("extra")
    extra: dict[str, Any] = raw_extra if isinstance(raw_extra, dict) else {}
    kind = _kind(record, audio)
    title = record.get("title") or extra.get("title") or (
        QT_TRANSLATE_NOOP("Notice", "Daily briefing") if kind == "briefing"
        else audio.stem.replace("-", " ").capitalize())
    vtt = audio.with_suffix(".vtt")
    return HistoryEntry(
        audio=audio, kind=kind, title=str(title), created=_created(record, audio),
        duration=_duration(record, audio), models=_models(record), sidecar=sidecar, vtt=vtt if vtt.is_file() else None,
    )


def scan(folder: Path, depth: int = 2) -> list[HistoryEntry]:
    """Audio files with a Daycast sidecar or transcript under ``folder``, newest first."""
    if not folder.is_dir():
        return []
    chosen: dict[Path, Path] = {}  # one entry per episode: the first format in AUDIO_SUFFIXES order
    for path in _walk(folder, depth):
        suffix = path.suffix.lower()
        if suffix not in AUDIO_SUFFIXES or path.name.startswith("."):
            continue
        if sidecar_for(path) is None and not path.with_suffix(".vtt").is_file():
            continue  # not something Daycast made
        key = path.with_suffix("")
        if key not in chosen or AUDIO_SUFFIXES.index(suffix) < AUDIO_SUFFIXES.index(chosen[key].suffix.lower()):
            chosen[key] = path
    found = [entry_for(path) for path in chosen.values()]
    return sorted(found, key=lambda e: e.created.timestamp(), reverse=True)


def _walk(folder: Path, depth: int) -> list[Path]:
    paths = []
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    for child in children:
        if child.is_dir() and depth > 0 and not child.name.startswith("."):
            paths.extend(_walk(child, depth - 1))
        elif child.is_file():
            paths.append(child)
    return paths


def read_vtt(path: Path) -> list[Cue]:
    """Cues of a WebVTT file (:func:`app.core.audio.subtitles.parse_vtt`); none when it cannot be read."""
    try:
        return parse_vtt(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
