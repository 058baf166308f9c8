"""Routes in the window: a self-hosted server added in Settings is saved (its key only in the keyring) and
the Models & backend page lists it with the kind privacy mode allows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem


def _saved(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_self_hosted_route_is_saved_and_listed(qtbot: Any, window: Any, settings_file: Path) -> None:
    editor = window.settings_view.routes
    qtbot.mouseClick(editor.add, Qt.MouseButton.LeftButton)
    row = editor.table.rowCount() - 1
    for column, value in enumerate(("gpu-box", "llm", "self-hosted", "http://192.168.1.50:8000/v1", "qwen-7b", "")):
        editor.table.setItem(row, column, QTableWidgetItem(value))
    qtbot.mouseClick(editor.add, Qt.MouseButton.LeftButton)
    row = editor.table.rowCount() - 1
    for column, value in enumerate(("openai", "llm", "cloud", "https://api.openai.com/v1", "gpt-4o-mini", "")):
        editor.table.setItem(row, column, QTableWidgetItem(value))
    routes = {r["name"]: r for r in _saved(settings_file)["routes"]}
    assert routes["gpu-box"]["kind"] == "self-hosted" and routes["openai"]["base_url"].startswith("https://")

    editor.table.setCurrentCell(0, 0)
    editor.key.setText("srv-secret-key-777")
    qtbot.mouseClick(editor.save_key, Qt.MouseButton.LeftButton)
    assert editor.key.text() == "" and "srv-secret-key-777" not in settings_file.read_text(encoding="utf-8")

    window.show_page(3)
    models = window.models
    models.loaded = False
    models.refresh()
    qtbot.waitUntil(lambda: models.loaded, timeout=60_000)
    shown = {(models.routes_table.item(r, 1).text(), models.routes_table.item(r, 5).text())
             for r in range(models.routes_table.rowCount())}
    assert ("gpu-box", "Yes") in shown and ("openai", "No: privacy mode is on") in shown
