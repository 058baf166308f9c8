"""Podcast studio on the real window: a script written by SmolLM2, edited, saved; voice previews."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

ARTICLE = """# Harbour ferry returns

The Brindlemoor harbour ferry returns on Monday after a two-year repair. It will run every
twenty minutes between the old pier and the island, and tickets cost two euros.
"""


def _drop(widget: Any, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


@pytest.mark.slow
def test_write_edit_and_save_a_script(qtbot: Any, window: Any, tmp_path: Path) -> None:
    article = tmp_path / "ferry.md"
    article.write_text(ARTICLE, encoding="utf-8")
    view = window.podcast
    window.show_page(1)
    assert not view.write_button.isEnabled()
    _drop(view.documents, [article])
    assert view.documents.documents() == [str(article)]
    assert view.write_button.isEnabled() and not view.render_button.isEnabled()
    view.minutes.setValue(1.0)
    assert view.write_script()
    qtbot.waitUntil(lambda: view.worker is None, timeout=240_000)
    assert not view.error.isVisibleTo(view), view.error.text()
    table = view.script_editor.table
    assert table.rowCount() >= 4
    speakers = {table.item(r, 1).text() for r in range(table.rowCount())}
    assert speakers <= {"Alex", "Sam"} and len(speakers) == 2
    assert view.render_button.isEnabled()
    # edit a line in the table: the script the renderer gets has the edit
    table.item(1, 2).setText("The ferry is back on Monday, and it costs two euros.")
    script = view.script_editor.script()
    texts = [turn.text for _, _, turn in script.turns()]
    assert "The ferry is back on Monday, and it costs two euros." in texts
    # save it as JSON and open it again
    saved = view.write_script_file(tmp_path / "ferry-script.json")
    assert json.loads(saved.read_text(encoding="utf-8"))["schema"] == "daycast.podcast.script"
    view.script_editor.table.setRowCount(0)
    assert view.open_script_file(saved)
    assert [t.text for _, _, t in view.script_editor.script().turns()] == texts


def test_a_broken_script_file_shows_which_field_is_wrong(window: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "daycast.podcast.script", "version": 1, "title": 3}', encoding="utf-8")
    assert not window.podcast.open_script_file(bad)
    assert "bad.json" in window.podcast.error.text()


def test_voice_preview_speaks_a_short_phrase_and_the_episode_keeps_its_place(qtbot: Any, window: Any,
                                                                              small_episode: Path) -> None:
    view = window.podcast
    view.player_widget.load(small_episode)
    view.player.seek(1.5)
    view.player.play()
    with qtbot.waitSignal(view.preview_player.duration_changed, timeout=60_000):
        view.host_a.preview.click()
    qtbot.waitUntil(lambda: view.preview_worker is None, timeout=60_000)
    preview = view.preview_player
    assert preview.source is not None and preview.source.suffix == ".wav"
    assert 1.0 < preview.duration < 10.0 and preview.playing
    assert view.player.source == small_episode and not view.player.playing  # paused, not replaced
    assert view.player.position() >= 1.5
    view.player.play()  # back to the episode: the preview stops rather than talk over it
    assert view.player.playing and not preview.playing


def _script_for_render() -> Any:
    from app.core.podcast.script import Host, Script, ScriptChapter, Turn

    hosts = (Host("Alex", "piper:en_US-joe-medium"), Host("Sam", "piper:en_US-joe-medium"))
    lines = [Turn("Alex" if i % 2 == 0 else "Sam",
                  f"This is line {i + 1} about the harbour ferry, which runs every twenty minutes.")
             for i in range(14)]
    return Script("Ferry test", hosts, (ScriptChapter("Intro", tuple(lines[:2]), kind="intro"),
                                        ScriptChapter("The ferry", tuple(lines[2:]))))


def test_start_and_cancel_a_render_leaves_no_file(qtbot: Any, window: Any, tmp_path: Path) -> None:
    view = window.podcast
    view.script_editor.set_script(_script_for_render())
    assert view.render_button.isEnabled()
    out = tmp_path / "episodes" / "ferry.mp3"
    stages: list[str] = []
    assert view.render_episode(out)
    view.worker.progress.connect(lambda stage, done, total, _m: stages.append(f"{stage}:{done:g}/{total:g}"))
    assert view.cancel_button.isEnabled() and not view.render_button.isEnabled()
    qtbot.waitUntil(lambda: any(s.startswith("tts:") and not s.startswith("tts:0/") for s in stages)
                    or view.worker is None, timeout=120_000)
    view.cancel_button.click()
    qtbot.waitUntil(lambda: view.worker is None, timeout=60_000)
    assert "Cancelled" in view.status.text(), (view.status.text(), view.error.text())
    assert not out.exists()
    assert not [p.name for p in out.parent.glob("ferry.mp3*")]
    assert view.render_button.isEnabled() and not view.cancel_button.isEnabled()


@pytest.mark.slow
def test_render_a_short_script_to_an_episode_listed_in_history(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    view = window.podcast
    script = _script_for_render()
    short = replace(script, chapters=(replace(script.chapters[0]), replace(script.chapters[1],
                                                                           turns=script.chapters[1].turns[:2])))
    view.script_editor.set_script(short)
    view.format_boxes["m4a"].setChecked(True)
    out = Path(window.store.settings.output_dir) / "episodes" / "short.mp3"
    assert view.render_episode(out)
    qtbot.waitUntil(lambda: view.worker is None, timeout=240_000)
    assert not view.error.isVisibleTo(view), view.error.text()
    result = view.result
    assert out.is_file() and out.with_suffix(".m4a").is_file()
    assert Path(result.audio_path) == out and result.duration > 5
    assert abs(view.player.duration - result.duration) < 0.5
    assert "piper" in view.made_by.text().lower()
    window.show_page(5)
    qtbot.waitUntil(lambda: any(e.audio == out for e in window.history.entries), timeout=10_000)
    entry = next(e for e in window.history.entries if e.audio == out)
    assert entry.kind == "podcast" and entry.title == "Ferry test"  # one entry, though two formats exist
    assert sum(e.audio.with_suffix("") == out.with_suffix("") for e in window.history.entries) == 1
    # the studio lists it among its episodes
    qtbot.waitUntil(lambda: any(e.audio == out for e in view.episode_entries), timeout=10_000)


def test_studio_format_and_focus_controls_feed_the_script_job(window: Any) -> None:
    view = window.podcast
    assert [view.episode_format.itemData(i) for i in range(view.episode_format.count())] == [
        "deep-dive", "brief", "critique", "debate"]
    assert view._options()["format"] == "deep-dive" and view._options()["focus"] == ""
    view.episode_format.setCurrentIndex(view.episode_format.findData("debate"))
    view.focus.setText("  costs, for city councillors ")
    assert (view._options()["format"], view._options()["focus"]) == ("debate", "costs, for city councillors")
    assert view.export_choice().chapters
    view.chapters.setChecked(False)  # what daycast podcast --no-chapters does (tests/commands/test_podcast_cli.py)
    assert not view.export_choice().chapters


@pytest.mark.slow
def test_studio_format_and_focus_reach_the_script(qtbot: Any, window: Any, tmp_path: Path) -> None:
    """A sectioned document written as a brief with a focus: one host speaks, the format and focus are in
    the script, and the chapter follows the document's sections (SmolLM2, half a minute)."""
    from bench.longdoc import SECTIONS, write_long_document

    view = window.podcast
    window.show_page(1)
    _drop(view.documents, [write_long_document(tmp_path, "md", scale=0.1)])
    view.minutes.setValue(0.5)
    assert view.episode_format.count() == 4
    view.episode_format.setCurrentIndex(view.episode_format.findData("brief"))
    view.focus.setText("the engineers, for a school class")
    assert view.write_script()
    qtbot.waitUntil(lambda: view.worker is None, timeout=600_000)
    assert not view.error.isVisibleTo(view), view.error.text()
    script = view.script_editor.script()
    assert {t.speaker for _, _, t in script.turns()} == {view.host_a.host_name()}
    assert script.extra["format"] == "brief" and script.extra["focus"] == "the engineers, for a school class"
    topic = script.chapters[1].title
    assert topic.startswith(SECTIONS[0].title) and topic.endswith(SECTIONS[-1].title)


def test_rendering_the_same_script_again_replaces_its_own_episode(qtbot: Any, window: Any, tmp_path: Path) -> None:
    """Edit a line and render again: the same file and feed item (and its render cache), not a second
    episode; a script opened afresh is a new episode with a name of its own."""
    from app.core.podcast.script import to_json

    view = window.podcast
    path = tmp_path / "ferry.json"
    path.write_text(to_json(_script_for_render()), encoding="utf-8")

    def render_then_stop() -> Path:
        assert view.render_episode()
        out = view.out_path
        view.cancel_button.click()
        qtbot.waitUntil(lambda: view.worker is None, timeout=60_000)
        return out

    assert view.open_script_file(path)
    first = render_then_stop()
    assert first.parent == Path(window.store.settings.resolved_output_dir()) / "episodes"
    assert render_then_stop() == first
    first.write_bytes(b"as if the first render had finished")
    assert view.open_script_file(path)
    second = render_then_stop()
    assert second != first and second.parent == first.parent and second.suffix == ".mp3"


def test_the_feed_web_address_is_checked_and_saved_for_every_episode(qtbot: Any, window: Any,
                                                                     settings_file: Path, tmp_path: Path) -> None:
    view = window.podcast
    view.script_editor.set_script(_script_for_render())
    view.feed_url.setText("example.org/pod")
    assert not view.render_episode(tmp_path / "ferry.mp3")
    assert "not a web address" in view.error.text() and view.worker is None
    view.feed_url.setText("https://example.org/pod")
    assert view.render_episode(tmp_path / "ferry.mp3")
    view.cancel_button.click()
    qtbot.waitUntil(lambda: view.worker is None, timeout=60_000)
    assert json.loads(settings_file.read_text(encoding="utf-8"))["feed_url"] == "https://example.org/pod/"


def test_a_dropped_web_link_is_refused_with_the_reason_and_files_beside_it_are_kept(window: Any,
                                                                                    tmp_path: Path) -> None:
    view = window.podcast
    article = tmp_path / "ferry.md"
    article.write_text("# Ferry\n\nThe ferry runs every twenty minutes.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article)), QUrl("https://example.org/news/ferries")])
    view.documents.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                        Qt.KeyboardModifier.NoModifier))
    assert view.documents.documents() == [str(article)]
    assert "https://example.org/news/ferries is a web link, not a file" in view.error.text()
