"""Settings through the window: every change is saved atomically; a corrupt file is reported and kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.ui.main_window import MainWindow
from app.ui.settings_store import SettingsStore


def _saved(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_backend_switch_persists_in_the_settings_file(qtbot: Any, window: Any, settings_file: Path) -> None:
    window.show_page(3)
    models = window.models
    qtbot.waitUntil(lambda: models.loaded, timeout=60_000)
    cpu = next(b for b in models.device_buttons.buttons() if b.property("value") == "cpu")
    qtbot.mouseClick(cpu, Qt.MouseButton.LeftButton)
    assert _saved(settings_file)["device"] == "cpu"
    qtbot.waitUntil(lambda: models.loaded and "cpu" in models.device_note.text(), timeout=60_000)
    # a fresh window (a restart) reads the same choice back
    again = MainWindow(SettingsStore(settings_file), window.services, microphones=[], use_tray=False)
    qtbot.addWidget(again)
    checked = again.models.device_buttons.checkedButton()
    assert checked is not None and checked.property("value") == "cpu"
    # no temp files left beside the settings file (atomic replace)
    assert [p.name for p in settings_file.parent.iterdir()] == ["settings.json"]


def test_models_page_lists_engines_and_bundled_models_with_licences(qtbot: Any, window: Any) -> None:
    window.show_page(3)
    models = window.models
    qtbot.waitUntil(lambda: models.loaded, timeout=60_000)
    engines = {models.device_table.item(r, 0).text() for r in range(models.device_table.rowCount())}
    assert {"ctranslate2", "onnxruntime", "llama.cpp"} <= engines
    reasons = [models.device_table.item(r, 2).text() for r in range(models.device_table.rowCount())]
    assert all(reasons)
    licences = {models.models_table.item(r, 3).text() for r in range(models.models_table.rowCount())}
    assert "Apache-2.0" in licences and "MIT" in licences
    titles = " ".join(models.models_table.item(r, 0).text() for r in range(models.models_table.rowCount()))
    assert "SmolLM2" in titles


def test_settings_changes_are_saved_and_the_key_never_reaches_the_file(qtbot: Any, window: Any,
                                                                         settings_file: Path) -> None:
    view = window.settings_view
    window.show_page(4)
    view.sources.url.setText("https://news.example.org/feed.xml")
    qtbot.mouseClick(view.sources.add_url, Qt.MouseButton.LeftButton)
    assert "https://news.example.org/feed.xml" in _saved(settings_file)["sources"]
    view.sources.list.setCurrentRow(view.sources.list.count() - 1)
    qtbot.mouseClick(view.sources.remove, Qt.MouseButton.LeftButton)
    assert "https://news.example.org/feed.xml" not in _saved(settings_file)["sources"]
    view.theme.setCurrentIndex(view.theme.findData("dark"))
    assert _saved(settings_file)["theme"] == "dark"
    view.privacy.setChecked(False)
    assert _saved(settings_file)["privacy_mode"] is False
    assert view.policy.isEnabled()
    view.cloud.key.setText("sk-test-not-a-real-key-123")
    qtbot.mouseClick(view.cloud.save_key, Qt.MouseButton.LeftButton)
    assert view.cloud.key.text() == ""
    status = view.cloud.key_status.text()
    assert status.startswith(("Saved in the OS keyring", "Not saved:")), status
    assert "sk-test-not-a-real-key-123" not in settings_file.read_text(encoding="utf-8")


def test_a_corrupt_settings_file_is_backed_up_and_explained(qtbot: Any, settings_file: Path,
                                                            small_services: Any) -> None:
    settings_file.write_text('{"device": "quantum", "sources": [', encoding="utf-8")
    store = SettingsStore(settings_file)
    win = MainWindow(store, small_services, microphones=[], use_tray=False)
    qtbot.addWidget(win)
    assert "Settings file was unreadable" in win.banner.text
    assert store.backup is not None and store.backup.is_file()
    assert store.backup.read_text(encoding="utf-8").startswith('{"device": "quantum"')
    assert str(store.backup) in win.banner.text
    assert win.settings_view.message.isVisibleTo(win.settings_view)
    # defaults are in use and the window still works: a change writes a valid file again
    win.settings_view.theme.setCurrentIndex(win.settings_view.theme.findData("light"))
    assert _saved(settings_file)["theme"] == "light"


def test_invalid_change_is_refused_with_a_message(qtbot: Any, window: Any, settings_file: Path) -> None:
    before = settings_file.read_text(encoding="utf-8")
    assert not window.store.update(device="quantum")
    assert "quantum" in window.banner.text
    assert settings_file.read_text(encoding="utf-8") == before
