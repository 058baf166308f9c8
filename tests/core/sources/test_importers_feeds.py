"""RSS and Atom files -> feed_item Documents; files that are not feeds -> SourceError naming them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.sources.load import load_feed
from engines.errors import SourceError

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Harbour Tech Daily</title>
    <link>https://example.org/</link>
    <item>
      <title>Tern Labs ships the Wren 4 sensor</title>
      <link>https://example.org/wren-4</link>
      <pubDate>Wed, 11 Mar 2026 07:30:00 +0100</pubDate>
      <author>desk@example.org (Mara Olsen)</author>
      <description><![CDATA[<p>The <b>Wren 4</b> runs for 41 hours.</p>
        <script>alert("x")</script><p>Orders open in May.</p>]]></description>
    </item>
    <item>
      <title>Ferry fares rise by 6 percent &amp; more</title>
      <link>https://example.org/fares</link>
      <description>Fares on the Hallam line rise on 1 April.</description>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Quiet Valley Notes</title>
  <id>urn:uuid:1</id>
  <updated>2026-03-11T10:00:00Z</updated>
  <entry>
    <title type="html">Bridge &lt;em&gt;reopens&lt;/em&gt;</title>
    <id>urn:uuid:2</id>
    <link href="https://example.net/bridge"/>
    <updated>2026-03-10T22:15:00-05:00</updated>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;The Ostrander bridge reopened after 14 months.&lt;/p&gt;
      &lt;ul&gt;&lt;li&gt;11,400 cars a day&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
  <entry>
    <id>urn:uuid:3</id>
    <updated>2026-03-09T08:00:00Z</updated>
    <content type="text">No title here, 1 &lt; 2 and that is fine.</content>
  </entry>
</feed>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_rss_items_become_documents_with_plain_text(tmp_path: Path) -> None:
    docs = load_feed(write(tmp_path, "tech.xml", RSS))
    assert [d.title for d in docs] == ["Tern Labs ships the Wren 4 sensor", "Ferry fares rise by 6 percent & more"]
    first = docs[0]
    assert first.kind == "feed_item"
    assert first.source == "Harbour Tech Daily (tech.xml)"
    assert first.url == "https://example.org/wren-4"
    assert first.time == datetime(2026, 3, 11, 6, 30, tzinfo=UTC)
    assert "The Wren 4 runs for 41 hours." in first.text
    assert "Orders open in May." in first.text
    assert "<" not in first.text and "alert" not in first.text
    assert docs[1].time is None


def test_atom_uses_content_updated_time_and_html_titles(tmp_path: Path) -> None:
    docs = load_feed(write(tmp_path, "valley.atom", ATOM))
    assert len(docs) == 2
    bridge, untitled = docs
    assert bridge.title == "Bridge reopens"
    assert "The Ostrander bridge reopened after 14 months." in bridge.text
    assert "11,400 cars a day" in bridge.text
    assert bridge.time == datetime(2026, 3, 11, 3, 15, tzinfo=UTC)
    assert bridge.url == "https://example.net/bridge"
    assert untitled.text == "No title here, 1 < 2 and that is fine."  # text/plain content keeps its "<"
    assert untitled.title == untitled.text


def test_truncated_feed_keeps_the_entries_read_before_the_break(tmp_path: Path) -> None:
    cut = RSS[: RSS.index("<title>Ferry")]  # ends inside the second item
    docs = load_feed(write(tmp_path, "cut.xml", cut))
    assert [d.title for d in docs][:1] == ["Tern Labs ships the Wren 4 sensor"]


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    rss = RSS.replace("Tern Labs ships", "Tern\x1b[31m Labs\u202e ships").replace("41 hours", "41\x07 hours")
    docs = load_feed(write(tmp_path, "ctl.xml", rss.encode("utf-8")))
    assert docs[0].title == "Tern[31m Labs ships the Wren 4 sensor"
    assert "41 hours" in docs[0].text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<html><body><h1>Not a feed</h1><p>Just a page</p></body></html>", "not an RSS or Atom feed"),
        ("<?xml version='1.0'?><inventory><item sku='1'/></inventory>", "not an RSS or Atom feed"),
        ("<rss version='2.0'><channel><title>Cut", "not a readable RSS or Atom feed"),
        ("\x00\x01\x02 binary \xff", "not a readable RSS or Atom feed"),
        ("", "empty file"),
        ("http://127.0.0.1:9/feed.xml", "RSS or Atom"),  # a URL is text, never fetched
    ],
)
def test_files_that_are_not_feeds_raise_source_error_naming_them(tmp_path: Path, content: str, expected: str) -> None:
    path = write(tmp_path, "broken.xml", content.encode("latin-1"))
    with pytest.raises(SourceError) as raised:
        load_feed(path)
    assert str(path) in str(raised.value)
    assert expected in raised.value.problem


def test_valid_feed_without_items_is_empty_not_an_error(tmp_path: Path) -> None:
    rss = "<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert load_feed(write(tmp_path, "quiet.rss", rss)) == []


def test_missing_feed_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        load_feed(tmp_path / "gone.xml")
