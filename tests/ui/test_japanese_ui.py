"""The window in Japanese: every string in app/ui and app/kiosk is in the shipped catalogue, translated, and
compiled; the Today page shows Japanese when the setting asks for it; the setting is on the Settings page.
Screenshots go to out/screenshots/ (today-ja.png, and today-ja-briefing.png from the slow test)."""

from __future__ import annotations

import shutil
import string
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.core import settings as core_settings
from app.ui.i18n import install_translation, resolve_ui_language
from engines.paths import PROJECT_ROOT, assets_dir

CATALOGUE = assets_dir() / "i18n" / "daycast_ja.ts"
COMPILED = assets_dir() / "i18n" / "daycast_ja.qm"
SHOTS = PROJECT_ROOT / "out" / "screenshots"
QT_BIN = Path(shutil.which("pyside6-lupdate") or PROJECT_ROOT / ".venv" / "bin" / "pyside6-lupdate").parent


def _sources(path: Path) -> set[str]:
    return {m.findtext("source") or "" for m in ET.parse(path).iter("message")}


def _translated_files() -> list[str]:
    """The window's code, and the Qt-free pipelines' notices and stage messages it shows (marked with
    QT_TRANSLATE_NOOP("Notice", ...))."""
    window = [p for folder in ("app/ui", "app/kiosk") for p in (PROJECT_ROOT / folder).glob("*.py")]
    pipelines = [p for folder in ("app/core", "app/jobs") for p in (PROJECT_ROOT / folder).rglob("*.py")
                 if 'QT_TRANSLATE_NOOP("Notice"' in p.read_text(encoding="utf-8")]
    return sorted(str(p) for p in [*window, *pipelines])


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_catalogue_covers_every_ui_string_and_is_fully_translated(tmp_path: Path) -> None:
    lupdate = QT_BIN / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed with PySide6 here")
    fresh = tmp_path / "fresh.ts"
    files = _translated_files()
    assert any("podcast" in f for f in files), "no pipeline notices found to translate"
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True, timeout=120)
    missing = _sources(fresh) - _sources(CATALOGUE)
    assert not missing, f"strings not in {CATALOGUE.name} (run pyside6-lupdate and translate them): {missing}"
    untranslated = [m.findtext("source") for m in ET.parse(CATALOGUE).iter("message")
                    if not (m.findtext("translation") or "").strip()
                    or m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")]
    assert not untranslated, untranslated


def test_every_translation_keeps_its_placeholders() -> None:
    # str.format fills them: a translation that renames or drops one would show the English instead
    wrong = [(m.findtext("source"), m.findtext("translation")) for m in ET.parse(CATALOGUE).iter("message")
             if _placeholders(m.findtext("source") or "") != _placeholders(m.findtext("translation") or "")]
    assert not wrong, wrong


def test_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    lrelease = QT_BIN / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed with PySide6 here")
    rebuilt = tmp_path / "daycast_ja.qm"
    subprocess.run([str(lrelease), str(CATALOGUE), "-qm", str(rebuilt)], check=True, capture_output=True, timeout=60)
    assert rebuilt.read_bytes() == COMPILED.read_bytes(), "daycast_ja.qm is stale: run pyside6-lrelease"


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    assert install_translation(qapp, "ja") == "ja"
    yield
    install_translation(qapp, "en")


@pytest.fixture
def ja_settings_file(tmp_path: Path) -> Path:
    import os

    path = Path(os.environ["DAYCAST_CONFIG"]) / "settings.json"
    settings = core_settings.Settings(sources=(str(assets_dir() / "demo" / "sources_ja" / "calendar.ics"),),
                                      output_dir=str(tmp_path / "out"), briefing_minutes=1.0, language="ja",
                                      ui_language="ja", llm_model="smollm2-135m-instruct-q4_1", disclosure="short")
    core_settings.save(settings, path)
    return path


@pytest.fixture
def ja_window(qtbot: Any, japanese: None, ja_settings_file: Path, small_services: Any) -> Iterator[Any]:
    from tests.ui.conftest import shown_window

    with shown_window(qtbot, ja_settings_file, small_services) as win:
        yield win


def test_today_page_in_japanese(ja_window: Any) -> None:
    today = ja_window.today
    assert ja_window.navigation.item(0).text() == "今日"
    assert today.generate_button.text() == "ブリーフィングを作成"
    assert today.sources_label.text().startswith("情報源 1 件：")
    assert "分の音声ブリーフィング" in today.header.subtitle.text() and "月" in today.header.subtitle.text()
    settings_page = ja_window.settings_view
    assert settings_page.ui_language.currentData() == "ja" and settings_page.language.currentData() == "ja"
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert ja_window.grab().save(str(SHOTS / "today-ja.png"))


def test_sources_page_in_japanese(ja_window: Any) -> None:
    page = ja_window.sources
    ja_window.show_page(ja_window.pages.index(page))
    assert page.header.title.text() == "情報源" and page.fetch_button.text() == "今すぐ取得"
    assert [page.table.horizontalHeaderItem(c).text() for c in range(5)] == ["名前", "種類", "最終取得", "状態", "件数"]
    assert page.summary.text().startswith("情報源はまだありません")
    routes = ja_window.settings_view.routes  # the self-hosted and cloud routes, in Settings
    assert routes.add.text() == "経路を追加" and routes.table.horizontalHeaderItem(0).text() == "名前"
    assert ja_window.grab().save(str(SHOTS / "sources-ja.png"))


def test_ui_language_setting_resolves_and_english_stays_default(qapp: QApplication) -> None:
    from PySide6.QtCore import QLocale

    assert resolve_ui_language("system", QLocale("ja_JP")) == "ja"
    assert resolve_ui_language("system", QLocale("de_DE")) == "en"
    assert install_translation(qapp, "en") == "en"
    assert QApplication.translate("TodayView", "Generate briefing") == "Generate briefing"


@pytest.mark.slow
def test_japanese_briefing_on_the_today_page(qtbot: Any, ja_window: Any) -> None:
    today = ja_window.today
    qtbot.waitUntil(lambda: not ja_window.warmup.running, timeout=60_000)
    assert today.generate()
    qtbot.waitUntil(lambda: today.worker is None, timeout=600_000)
    assert today.result is not None, today.error.text()
    assert today.status.text().startswith("完成：")
    # every day has the all-day event; weekdays also the 9:30 meeting
    assert "終日の予定は、年末の大掃除週間です。" in today.transcript.toPlainText()
    assert any(text.endswith("日本語でブリーフィングします。") for text in today.notices.texts())
    assert ja_window.grab().save(str(SHOTS / "today-ja-briefing.png"))


def _shown(qtbot: Any, events: list[Any]) -> tuple[list[str], list[str]]:
    """Stage messages and notices as a page receives them from the worker every page uses."""
    from app.ui.workers import PipelineWorker

    worker = PipelineWorker(lambda _cancel: iter(events), "messages")
    stages: list[str] = []
    notices: list[str] = []
    worker.stage_started.connect(lambda _stage, message: stages.append(message))
    worker.notice.connect(lambda _code, message, _level: notices.append(message))
    with qtbot.waitSignal(worker.done, timeout=10_000):
        worker.start()
    return stages, notices


def _pipeline_messages() -> list[Any]:
    from app.core.notices import language_notice, reading_stage
    from app.core.podcast.pipeline import PodcastRequest, length_notice
    from engines import language

    english_sources = language.choose("ja", ["The quarterly review with Petra is at ten in the morning."])
    request = PodcastRequest(inputs=(Path("notes.md"),), out=Path("episode.mp3"), minutes=10.0)
    return [reading_stage(3), language_notice(english_sources, "briefing"),
            length_notice(request, 4.2 * 60)]


def test_pipeline_messages_are_shown_in_japanese(qtbot: Any, japanese: None) -> None:
    stages, notices = _shown(qtbot, _pipeline_messages())
    assert stages == ["情報源を 3 件読み込んでいます"]
    assert notices[0] == "設定どおり日本語で話します。情報源は英語です。"
    assert notices[1].startswith("エピソードの長さは 4.2 分で、指定の 10 分ではありません")


def test_pipeline_messages_stay_english_in_an_english_window(qtbot: Any, qapp: QApplication) -> None:
    assert install_translation(qapp, "en") == "en"
    stages, notices = _shown(qtbot, _pipeline_messages())
    assert stages == ["Reading 3 source(s)"]
    assert notices[0] == "Speaking Japanese as set; the sources are in English."
    assert notices[1].startswith("The episode is 4.2 minutes long, not the 10 asked")


def test_models_page_shows_the_core_texts_in_japanese(qtbot: Any, ja_window: Any) -> None:
    page = ja_window.models
    ja_window.show_page(ja_window.pages.index(page))
    qtbot.waitUntil(lambda: page.loaded, timeout=60_000)
    local = [page.routes_table.item(r, 3).text() for r in range(page.routes_table.rowCount())]
    assert local and set(local) == {"このコンピューター"}  # no remote routes are set up here
    fits = {page.models_table.item(r, 6).text() for r in range(page.models_table.rowCount())}
    assert "はい（同梱）" in fits
