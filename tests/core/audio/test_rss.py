"""The podcast feed: what podcast apps read (checked with feedparser), accumulation, replacement, safety."""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.audio.chapters import chapters_json, write_chapters_json
from app.core.audio.encode import Chapter, write_audio
from app.core.audio.rss import PODCAST_NS, Channel, Episode, update_feed, xml_text
from engines.errors import SourceError

CHANNEL = Channel(
    title="Daycast Daily", description="Two AI hosts & your news", author="Daycast", language="en",
    link="https://example.org/daycast", image_url="cover.jpg", category="News",
    base_url="https://example.org/daycast/",
)
TZ = timezone(timedelta(hours=2))


def _episode(folder: Path, number: int, **changes) -> Episode:
    audio = folder / f"episode {number}.mp3"
    if not audio.exists():
        write_audio(audio, np.zeros(8000, np.float32), 8000)
    fields = {
        "guid": f"daycast-{number}", "title": f"Episode {number}", "description": f"About thing {number}.",
        "audio_path": audio, "duration_s": 3725.4 + number, "pub_date": datetime(2025, 3, number, 7, 30, tzinfo=TZ),
        "transcript_url": f"episode {number}.vtt", "chapters_url": f"episode {number}.chapters.json",
    }
    fields.update(changes)
    return Episode(**fields)


def test_feed_reads_in_a_podcast_parser(tmp_path: Path) -> None:
    episode = _episode(tmp_path, 1)
    path = update_feed(tmp_path, CHANNEL, episode)
    assert path == tmp_path / "feed.xml"
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Daycast Daily"
    assert feed.feed.author == "Daycast"
    assert feed.feed.image.href == "https://example.org/daycast/cover.jpg"
    assert feed.feed.tags[0].term == "News"
    (entry,) = feed.entries
    assert entry.id == "daycast-1" and entry.title == "Episode 1"
    assert entry.published_parsed[:5] == (2025, 3, 1, 5, 30)  # 07:30 +02:00 in UTC
    (enclosure,) = entry.enclosures
    assert enclosure.href == "https://example.org/daycast/episode%201.mp3"
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == episode.audio_path.stat().st_size
    assert entry.itunes_duration == "01:02:06"
    assert entry.podcast_transcript == {"url": "https://example.org/daycast/episode 1.vtt", "type": "text/vtt"}
    assert "made with AI" in entry.summary  # the disclosure travels with every episode


def test_transcript_and_chapters_elements(tmp_path: Path) -> None:
    path = update_feed(tmp_path / "feed.xml", CHANNEL, _episode(tmp_path, 1))
    item = ET.parse(path).getroot().find("channel/item")
    transcript = item.find(f"{{{PODCAST_NS}}}transcript")
    chapters = item.find(f"{{{PODCAST_NS}}}chapters")
    assert transcript.get("url") == "https://example.org/daycast/episode 1.vtt"
    assert transcript.get("type") == "text/vtt"
    assert chapters.get("type") == "application/json+chapters"


def test_episodes_accumulate_newest_first_and_rerender_replaces(tmp_path: Path) -> None:
    update_feed(tmp_path, CHANNEL, _episode(tmp_path, 2))
    update_feed(tmp_path, CHANNEL, _episode(tmp_path, 1))  # older, published later
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == ["daycast-2", "daycast-1"]
    update_feed(tmp_path, CHANNEL, _episode(tmp_path, 2, title="Episode 2 (fixed)"))
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == ["daycast-2", "daycast-1"]
    assert feed.entries[0].title == "Episode 2 (fixed)"
    update_feed(tmp_path, CHANNEL, _episode(tmp_path, 3))
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == ["daycast-3", "daycast-2", "daycast-1"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_items_written_by_hand_survive(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>old</title><item><guid>hand-made</guid><title>Kept</title>"
        "<pubDate>Sun, 01 Dec 2024 10:00:00 +0000</pubDate><content:encoded><![CDATA[<p>hi</p>]]></content:encoded>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    update_feed(path, CHANNEL, _episode(tmp_path, 1))
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "old"  # the show's header is the user's
    assert feed.feed.description == "Two AI hosts & your news"  # what it lacked is filled in
    assert [e.id for e in feed.entries] == ["daycast-1", "hand-made"]
    assert feed.entries[1].content[0].value == "<p>hi</p>"


def test_broken_feed_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel><item>truncated", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        update_feed(path, CHANNEL, _episode(tmp_path, 1))
    assert "feed.xml" in str(caught.value) and "not readable XML" in str(caught.value)
    assert path.read_text(encoding="utf-8") == "<rss><channel><item>truncated"


def test_naive_publication_time_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone"):
        update_feed(tmp_path, CHANNEL, _episode(tmp_path, 1, pub_date=datetime(2025, 3, 1, 7, 30)))
    assert not (tmp_path / "feed.xml").exists()


def test_chapters_json_is_podcasting_2_0(tmp_path: Path) -> None:
    chapters = [Chapter("Intro", 0.0, 12.5), Chapter("News ☀", 12.5, 70.25, url="https://example.org/n")]
    data = chapters_json(chapters, title="Episode 1")
    assert data == {
        "version": "1.2.0", "title": "Episode 1",
        "chapters": [
            {"startTime": 0.0, "endTime": 12.5, "title": "Intro"},
            {"startTime": 12.5, "endTime": 70.25, "title": "News ☀", "url": "https://example.org/n"},
        ],
    }
    path = write_chapters_json(tmp_path / "e.chapters.json", chapters, title="Episode 1")
    assert json.loads(path.read_text(encoding="utf-8")) == data


# ---- property test ------------------------------------------------------------------------------

_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=50)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_ANY_TEXT, second=_ANY_TEXT, description=_ANY_TEXT, guid=_ANY_TEXT)
def test_any_unicode_titles_still_parse_and_round_trip(
    tmp_path: Path, first: str, second: str, description: str, guid: str
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one feed per example; the audio is shared
    one = _episode(tmp_path, 1, title=first, description=description, guid=guid + "-1")
    two = _episode(tmp_path, 2, title=second, guid=guid + "-2")
    channel = Channel(title=second, description=description, author=first)
    update_feed(folder, channel, one)
    path = update_feed(folder, channel, two)
    root = ET.parse(path).getroot()  # strict XML parser: no illegal characters got through
    items = root.findall("channel/item")
    assert [i.findtext("title") for i in items] == [xml_text(second), xml_text(first)]
    assert [i.findtext("guid") for i in items] == [xml_text(guid + "-2"), xml_text(guid + "-1")]
    assert root.findtext("channel/title") == xml_text(second)
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 2
    assert [len(e.enclosures) for e in feed.entries] == [1, 1]


def test_xml_text_drops_only_what_xml_cannot_hold() -> None:
    assert xml_text("a\x00b\x07c\x1bd\ufffee") == "abcde"
    assert xml_text("tab\tnew\nline — עברית 🎙 \u202e") == "tab\tnew\nline — עברית 🎙 \u202e"


def test_episode_defaults_come_from_the_file(tmp_path: Path) -> None:
    audio = write_audio(tmp_path / "ep.m4a", np.zeros(8000, np.float32), 8000)
    episode = Episode(guid="g", title="t", description="d", audio_path=audio, duration_s=1.0,
                      pub_date=datetime(2025, 1, 1, tzinfo=UTC))
    feed = feedparser.parse(update_feed(tmp_path, Channel("c", "d"), episode).read_bytes())
    enclosure = feed.entries[0].enclosures[0]
    assert (enclosure.href, enclosure.type, int(enclosure.length)) == ("ep.m4a", "audio/mp4", audio.stat().st_size)


def test_two_exports_at_once_keep_both_episodes(tmp_path: Path) -> None:
    """The app and the CLI adding an episode at the same moment: the second waits, neither is lost."""
    import threading

    from engines.fsutil import file_lock

    first, second = _episode(tmp_path, 1), _episode(tmp_path, 2)
    with file_lock(tmp_path / "feed.xml"):  # the first export is between reading the feed and writing it
        writer = threading.Thread(target=update_feed, args=(tmp_path, CHANNEL, second))
        writer.start()
        writer.join(timeout=0.5)
        assert writer.is_alive(), "the second export wrote while the first held the feed"
    writer.join(timeout=30)
    update_feed(tmp_path, CHANNEL, first)
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert sorted(e.id for e in feed.entries) == ["daycast-1", "daycast-2"]


def test_the_shows_header_edited_by_hand_is_kept_and_what_it_lacks_is_filled(tmp_path: Path) -> None:
    bare = Channel(title="Daycast", description="Made on this computer.", language="en")
    path = update_feed(tmp_path, bare, _episode(tmp_path, 1))
    edited = path.read_text(encoding="utf-8").replace("<title>Daycast</title>", "<title>Harbour Notes</title>", 1)
    path.write_text(edited.replace("<language>en</language>", "<language>de</language>"), encoding="utf-8")
    before = feedparser.parse(path.read_bytes()).feed.updated_parsed
    later = Channel(title="Daycast", description="Made on this computer.", language="ja",
                    link="https://example.org/pod/", base_url="https://example.org/pod/")
    update_feed(tmp_path, later, _episode(tmp_path, 2))
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert (feed.feed.title, feed.feed.language) == ("Harbour Notes", "de")  # the user's edits win
    assert feed.feed.link == "https://example.org/pod/"  # filled in: the header had none
    assert feed.feed.updated_parsed >= before and len(feed.entries) == 2
    assert path.read_text(encoding="utf-8").count("<lastBuildDate>") == 1


def test_a_base_url_makes_every_link_a_web_address(tmp_path: Path) -> None:
    channel = Channel(title="Daycast", description="d", base_url="https://example.org/pod/")
    episode = _episode(tmp_path, 1, audio_url="../episodes/Gr%C3%B6%C3%9Fe.mp3", transcript_url="e1.vtt")
    feed = feedparser.parse(update_feed(tmp_path, channel, episode).read_bytes())
    assert feed.entries[0].enclosures[0].href == "https://example.org/episodes/Gr%C3%B6%C3%9Fe.mp3"
    assert feed.entries[0].podcast_transcript["url"] == "https://example.org/pod/e1.vtt"
