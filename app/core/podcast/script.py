"""The editable podcast script: hosts, chapters and turns, saved as versioned JSON.

A user can fix a wrong sentence in the JSON and re-render (``--from-script``); loading validates
every field and names the one that is wrong, so a typo never turns into a silent bad episode.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from engines.errors import SourceError
from engines.language import is_japanese_char

SCHEMA = "daycast.podcast.script"
SCHEMA_VERSION = 1
WORDS_PER_MINUTE = 150
MIN_SPEED, MAX_SPEED = 0.5, 2.0

ChapterKind = Literal["intro", "topic", "outro"]
_KINDS: tuple[str, ...] = ("intro", "topic", "outro")
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True, slots=True)
class Host:
    """One of the two hosts: the name spoken and shown, the TTS voice spec, and speaking speed."""

    name: str
    voice: str
    speed: float = 1.0


@dataclass(frozen=True, slots=True)
class Turn:
    """One host's line; ``speaker`` is a host name."""

    speaker: str
    text: str

    @property
    def words(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True, slots=True)
class ScriptChapter:
    """A chapter of the episode; ``sources`` are the documents it was written from."""

    title: str
    turns: tuple[Turn, ...]
    sources: tuple[str, ...] = ()
    kind: ChapterKind = "topic"


@dataclass(frozen=True, slots=True)
class Script:
    title: str
    hosts: tuple[Host, Host]
    chapters: tuple[ScriptChapter, ...]
    language: str = "en"
    created: str = ""
    summary: str = ""
    models: tuple[str, ...] = ()
    """Labels of the models that wrote the script (shown in provenance)."""
    extra: dict[str, Any] = field(default_factory=dict)

    def host(self, name: str) -> Host:
        for host in self.hosts:
            if host.name == name:
                return host
        raise KeyError(name)

    def turns(self) -> Iterator[tuple[int, ScriptChapter, Turn]]:
        """Every turn with its chapter index, in speaking order."""
        for index, chapter in enumerate(self.chapters):
            for turn in chapter.turns:
                yield index, chapter, turn

    @property
    def word_count(self) -> int:
        return sum(turn.words for _, _, turn in self.turns())

    def estimated_minutes(self, wpm: float = WORDS_PER_MINUTE) -> float:
        return self.word_count / wpm

    def sources(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for chapter in self.chapters:
            for source in chapter.sources:
                seen.setdefault(source, None)
        return tuple(seen)

    def without_last_topic_line(self) -> Script | None:
        """The script less the last line of its last topic chapter (a chapter left empty goes too);
        None when one topic line is all there is. Intro and wrap-up stay whole."""
        topics = [i for i, c in enumerate(self.chapters) if c.kind == "topic" and c.turns]
        if not topics or (len(topics) == 1 and len(self.chapters[topics[0]].turns) == 1):
            return None
        index = topics[-1]
        chapter = self.chapters[index]
        kept = (replace(chapter, turns=chapter.turns[:-1]),) if len(chapter.turns) > 1 else ()
        return replace(self, chapters=(*self.chapters[:index], *kept, *self.chapters[index + 1:]))

    def with_hosts(self, hosts: tuple[Host, Host]) -> Script:
        """The same script spoken by other hosts (turns are renamed by position)."""
        rename = {old.name: new.name for old, new in zip(self.hosts, hosts, strict=True)}
        chapters = tuple(
            replace(c, turns=tuple(Turn(rename[t.speaker], t.text) for t in c.turns)) for c in self.chapters
        )
        return replace(self, hosts=hosts, chapters=chapters)


def count_words(text: str) -> int:
    """Words as time to speak them: Japanese (no spaces) counts two characters as one word, since it is read
    at about 300 characters a minute against 150 English words."""
    japanese = sum(1 for ch in text if is_japanese_char(ch))
    if not japanese:
        return len(_WORD.findall(text))
    rest = "".join(" " if is_japanese_char(ch) else ch for ch in text)
    return len(_WORD.findall(rest)) + (japanese + 1) // 2


# -- JSON ---------------------------------------------------------------------------------------


def to_dict(script: Script) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "title": script.title,
        "summary": script.summary,
        "language": script.language,
        "created": script.created,
        "models": list(script.models),
        "hosts": [{"name": h.name, "voice": h.voice, "speed": h.speed} for h in script.hosts],
        "chapters": [
            {
                "title": c.title,
                "kind": c.kind,
                "sources": list(c.sources),
                "turns": [{"speaker": t.speaker, "text": t.text} for t in c.turns],
            }
            for c in script.chapters
        ],
        **({"extra": script.extra} if script.extra else {}),
    }


def to_json(script: Script) -> str:
    return json.dumps(to_dict(script), indent=2, ensure_ascii=False) + "\n"


def from_json(text: str, *, source: str = "script.json") -> Script:
    """Parse and validate a script; a :class:`SourceError` names the file and the bad field."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise SourceError(source, f"not valid JSON ({exc})", code="script.invalid") from exc
    return from_dict(raw, source=source)


def load(path: str | Path) -> Script:
    target = Path(path).expanduser()
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SourceError(str(target), "script file not found", code="source.missing") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(target), f"cannot read the script ({exc})", code="script.invalid") from exc
    return from_json(text, source=str(target))


class _Reader:
    """Typed field access that reports the JSON path of a bad value."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> SourceError:
        return SourceError(self.source, f"{where}: {problem}", code="script.invalid",
                           hint="fix the field in the script JSON and run again")

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be an object, not {type(value).__name__}")
        return value

    def items(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list, not {type(value).__name__}")
        return value

    def text(self, raw: dict[str, Any], key: str, where: str, *, required: bool = True, default: str = "") -> str:
        value = raw.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}.{key}" if where else key, "is missing")
            return default
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}" if where else key, f"must be text, not {type(value).__name__}")
        return value.strip()


def from_dict(raw: Any, *, source: str = "script.json") -> Script:
    r = _Reader(source)
    top = r.obj(raw, "script")
    if top.get("schema", SCHEMA) != SCHEMA:
        raise r.fail("schema", f"is {top.get('schema')!r}; expected {SCHEMA!r}")
    version = top.get("version", SCHEMA_VERSION)
    if not isinstance(version, int) or version < 1:
        raise r.fail("version", f"must be a positive whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise r.fail("version", f"is {version}; this Daycast reads scripts up to version {SCHEMA_VERSION}")
    title = r.text(top, "title", "")
    if not title:
        raise r.fail("title", "is empty")
    hosts = _read_hosts(r, top.get("hosts"))
    names = {h.name for h in hosts}
    chapters_raw = r.items(top.get("chapters"), "chapters")
    if not chapters_raw:
        raise r.fail("chapters", "is empty; a script needs at least one chapter with turns")
    chapters = tuple(_read_chapter(r, c, f"chapters[{i}]", names) for i, c in enumerate(chapters_raw))
    models = tuple(str(m) for m in r.items(top.get("models", []), "models"))
    extra = r.obj(top.get("extra", {}), "extra")
    return Script(
        title=title, hosts=hosts, chapters=chapters, language=r.text(top, "language", "", required=False,
                                                                     default="en") or "en",
        created=r.text(top, "created", "", required=False), summary=r.text(top, "summary", "", required=False),
        models=models, extra=extra,
    )


def _read_hosts(r: _Reader, value: Any) -> tuple[Host, Host]:
    items = r.items(value, "hosts")
    if len(items) != 2:
        raise r.fail("hosts", f"must list exactly two hosts, not {len(items)}")
    hosts = []
    for i, item in enumerate(items):
        where = f"hosts[{i}]"
        raw = r.obj(item, where)
        name = r.text(raw, "name", where)
        if not name:
            raise r.fail(f"{where}.name", "is empty")
        voice = r.text(raw, "voice", where)
        if ":" not in voice:
            raise r.fail(f"{where}.voice", f"{voice!r} is not a voice spec such as 'piper:en_US-joe-medium'")
        speed = raw.get("speed", 1.0)
        if isinstance(speed, bool) or not isinstance(speed, int | float) or not MIN_SPEED <= speed <= MAX_SPEED:
            raise r.fail(f"{where}.speed", f"{speed!r} must be a number from {MIN_SPEED} to {MAX_SPEED}")
        hosts.append(Host(name, voice, float(speed)))
    if hosts[0].name.casefold() == hosts[1].name.casefold():
        raise r.fail("hosts", f"both hosts are called {hosts[0].name!r}; give them different names")
    return hosts[0], hosts[1]


def _read_chapter(r: _Reader, value: Any, where: str, names: set[str]) -> ScriptChapter:
    raw = r.obj(value, where)
    title = r.text(raw, "title", where)
    if not title:
        raise r.fail(f"{where}.title", "is empty")
    kind = raw.get("kind", "topic")
    if kind not in _KINDS:
        raise r.fail(f"{where}.kind", f"{kind!r} must be one of {', '.join(_KINDS)}")
    sources = tuple(str(s) for s in r.items(raw.get("sources", []), f"{where}.sources"))
    turns_raw = r.items(raw.get("turns"), f"{where}.turns")
    if not turns_raw:
        raise r.fail(f"{where}.turns", f"chapter {title!r} has no turns")
    turns = []
    for j, item in enumerate(turns_raw):
        turn_where = f"{where}.turns[{j}]"
        turn = r.obj(item, turn_where)
        speaker = r.text(turn, "speaker", turn_where)
        if speaker not in names:
            raise r.fail(f"{turn_where}.speaker", f"{speaker!r} is not a host ({', '.join(sorted(names))})")
        text = r.text(turn, "text", turn_where)
        if not count_words(text):
            raise r.fail(f"{turn_where}.text", "is empty")
        turns.append(Turn(speaker, text))
    return ScriptChapter(title=title, turns=tuple(turns), sources=sources, kind=kind)
