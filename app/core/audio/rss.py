"""A podcast RSS 2.0 feed (iTunes + Podcasting 2.0 namespaces), updated one episode at a time.

The existing ``feed.xml`` is parsed back and its items kept; an episode with the same guid is
replaced, items are ordered newest first, and the file is replaced atomically. The show's header is
the user's once the feed exists (artwork, link, title edited by hand): only ``lastBuildDate`` and
``generator`` are rewritten, and what the header lacks is filled in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from engines.errors import SourceError
from engines.fsutil import atomic_write_bytes, file_lock

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ATOM_NS = "http://www.w3.org/2005/Atom"
_PREFIXES = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "content": CONTENT_NS, "atom": ATOM_NS}
FEED_NAME = "feed.xml"
CHAPTERS_TYPE = "application/json+chapters"
DEFAULT_AI_DISCLOSURE = (
    "This episode was made with AI: the script was written by a language model and the voices are synthetic."
)
MIME_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".opus": "audio/ogg", ".ogg": "audio/ogg",
              ".flac": "audio/flac", ".wav": "audio/wav"}
# Characters XML 1.0 cannot carry at all (most C0 controls, surrogates, U+FFFE/FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Channel:
    """The show. ``base_url``, when set, turns the relative file names of episodes into absolute URLs."""

    title: str
    description: str
    author: str = ""
    language: str = "en"
    link: str = ""
    image_url: str = ""
    category: str = "News"
    explicit: bool = False
    base_url: str = ""


@dataclass(frozen=True, kw_only=True)
class Episode:
    """One item. Empty ``audio_url``/``mime_type``/``length_bytes`` are taken from ``audio_path``."""

    guid: str
    title: str
    description: str
    audio_path: Path
    duration_s: float
    pub_date: datetime
    audio_url: str = ""
    mime_type: str = ""
    length_bytes: int = 0
    transcript_url: str = ""
    transcript_type: str = "text/vtt"
    chapters_url: str = ""
    explicit: bool = False
    ai_disclosure: str = DEFAULT_AI_DISCLOSURE


def xml_text(text: str) -> str:
    """``text`` as the feed stores it: without characters XML 1.0 cannot hold, line ends as LF
    (XML parsers turn a raw CR into LF anyway)."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def hhmmss(seconds: float) -> str:
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def _url(channel: Channel, url: str) -> str:
    if channel.base_url and not urlsplit(url).scheme:
        return urljoin(channel.base_url.rstrip("/") + "/", url)
    return url


def _sub(parent: ET.Element, tag: str, text: str | None = None, attrs: dict[str, str] | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: xml_text(value) for key, value in (attrs or {}).items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _itunes(name: str) -> str:
    return f"{{{ITUNES_NS}}}{name}"


def _podcast(name: str) -> str:
    return f"{{{PODCAST_NS}}}{name}"


def _channel_element(channel: Channel) -> ET.Element:
    element = ET.Element("channel")
    _sub(element, "title", channel.title)
    if channel.link:
        _sub(element, "link", channel.link)
    _sub(element, "description", channel.description)
    _sub(element, "language", channel.language)
    _sub(element, "generator", "Daycast")
    _sub(element, "lastBuildDate", format_datetime(datetime.now(UTC)))
    if channel.author:
        _sub(element, _itunes("author"), channel.author)
    if channel.image_url:
        _sub(element, _itunes("image"), attrs={"href": _url(channel, channel.image_url)})
    _sub(element, _itunes("category"), attrs={"text": channel.category})
    _sub(element, _itunes("explicit"), "true" if channel.explicit else "false")
    _sub(element, _itunes("type"), "episodic")
    return element


def _description(episode: Episode) -> str:
    disclosure = episode.ai_disclosure.strip()
    if disclosure and disclosure not in episode.description:
        return f"{episode.description.rstrip()}\n\n{disclosure}".lstrip()
    return episode.description


def _item_element(channel: Channel, episode: Episode) -> ET.Element:
    if episode.pub_date.tzinfo is None or episode.pub_date.utcoffset() is None:
        raise ValueError(f"episode {episode.guid!r}: pub_date must be timezone-aware")
    path = Path(episode.audio_path)
    item = ET.Element("item")
    _sub(item, "guid", episode.guid, {"isPermaLink": "false"})
    _sub(item, "title", episode.title)
    _sub(item, "description", _description(episode))
    _sub(item, "pubDate", format_datetime(episode.pub_date))
    length = episode.length_bytes or (path.stat().st_size if path.is_file() else 0)
    mime = episode.mime_type or MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")
    url = _url(channel, episode.audio_url or quote(path.name))
    _sub(item, "enclosure", attrs={"url": url, "length": str(length), "type": mime})
    _sub(item, _itunes("title"), episode.title)
    _sub(item, _itunes("duration"), hhmmss(episode.duration_s))
    _sub(item, _itunes("explicit"), "true" if episode.explicit else "false")
    _sub(item, _itunes("episodeType"), "full")
    if episode.transcript_url:
        url = _url(channel, episode.transcript_url)
        _sub(item, _podcast("transcript"), attrs={"url": url, "type": episode.transcript_type})
    if episode.chapters_url:
        _sub(item, _podcast("chapters"), attrs={"url": _url(channel, episode.chapters_url), "type": CHAPTERS_TYPE})
    return item


def feed_file(feed_path: str | Path) -> Path:
    """``feed_path`` itself, or ``feed_path/feed.xml`` when it is a folder."""
    path = Path(feed_path)
    return path / FEED_NAME if path.is_dir() else path


def _existing_channel(path: Path) -> ET.Element | None:
    if not path.exists():
        return None
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise SourceError(str(path), f"cannot update the feed, it is not readable XML ({exc})",
                          hint="move the file away to start a new feed") from exc
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise SourceError(str(path), "cannot update the feed, it is not an RSS 2.0 document",
                          hint="move the file away to start a new feed")
    return channel


_DAYCAST_OWNS = ("lastBuildDate", "generator")


def _merged_header(fresh: ET.Element, existing: ET.Element | None) -> ET.Element:
    """The existing header kept as it is, but for the elements Daycast owns; ``fresh`` fills what it lacks."""
    if existing is None:
        return fresh
    merged = ET.Element("channel")
    for child in existing:
        if child.tag != "item":
            owned = fresh.find(child.tag) if child.tag in _DAYCAST_OWNS else None
            merged.append(child if owned is None else owned)
    present = {child.tag for child in merged}
    merged.extend(child for child in fresh if child.tag not in present)
    return merged


def _guid(item: ET.Element) -> str:
    return (item.findtext("guid") or "").strip()


def _published(item: ET.Element) -> float:
    try:
        return parsedate_to_datetime(item.findtext("pubDate") or "").timestamp()
    except (TypeError, ValueError, IndexError):
        return float("-inf")


def update_feed(feed_path: str | Path, channel: Channel, episode: Episode) -> Path:
    """Create or update the feed with ``episode`` (same guid replaces); returns the feed file."""
    path = feed_file(feed_path)
    new_item = _item_element(channel, episode)
    with file_lock(path):  # two exports at once (the app and the CLI): neither episode may be lost
        for prefix, uri in _PREFIXES.items():
            ET.register_namespace(prefix, uri)
        existing = _existing_channel(path)
        old_items = existing.findall("item") if existing is not None else []
        kept = [item for item in old_items if _guid(item) != xml_text(episode.guid).strip()]
        items = sorted([new_item, *kept], key=_published, reverse=True)  # stable: ties keep the new one first
        root = ET.Element("rss", {"version": "2.0"})
        channel_element = _merged_header(_channel_element(channel), existing)
        channel_element.extend(items)
        root.append(channel_element)
        ET.indent(root)
        atomic_write_bytes(path, ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
    return path
