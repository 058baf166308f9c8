"""The window as a keyboard and screen-reader user meets it; the about box; themes; player; assistant."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from app.ui.about_dialog import model_licences
from app.ui.main_window import PAGES
from app.ui.theme import DARK, LIGHT, apply_theme

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractSlider, QAbstractItemView)


def _unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.window() is not root:
            continue  # combo-box popups and other separate windows belong to their owner control
        if type(widget).__name__ in ("QScrollBar", "QHeaderView", "QTableCornerButton", "QToolButton"):
            continue  # parts of a labelled view, not controls of their own
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox | QAbstractItemView):
            continue  # inner parts (a spin box's line edit, a table's corner button): the outer control is named
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if not name.strip():
            missing.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return missing


def test_every_control_has_an_accessible_name(window: Any) -> None:
    missing = _unnamed_controls(window)
    assert missing == [], "\n".join(missing)


def test_keyboard_moves_between_pages(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    for index in range(len(PAGES)):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == index
    window.navigation.setFocus()
    window.show_page(0)
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.stack.currentWidget() is window.podcast


def test_tab_order_reaches_generate_from_the_page(qtbot: Any, window: Any) -> None:
    window.show_page(0)
    window.today.edit_button.setFocus()
    seen = []
    for _ in range(8):
        widget = QApplication.focusWidget()
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert window.today.generate_button in seen


def test_about_box_lists_model_licences(qtbot: Any, window: Any) -> None:
    rows = model_licences()
    assert any(licence == "Apache-2.0" for _, licence, _ in rows)
    assert ("Silero VAD v6, ONNX (shipped in faster-whisper)", "MIT", "bundled") in rows  # no manifest lists it
    dialog = window.show_about()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(rows) > 0


def test_light_and_dark_palettes(window: Any) -> None:
    app = QApplication.instance()
    apply_theme(app, "dark")
    assert app.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    window.apply_theme("light")
    assert app.palette().color(QPalette.ColorRole.Window).name() == LIGHT.window


def test_silent_player_plays_pauses_and_seeks(qtbot: Any, window: Any, tmp_path: Any) -> None:
    import numpy as np

    from engines.audio import write_wav
    from engines.types import AudioChunk

    wav = write_wav(tmp_path / "tone.wav", [AudioChunk(np.zeros(22050 * 3, np.float32), 22050)])
    widget = window.today.player_widget
    widget.load(wav)
    player = widget.player
    assert abs(player.duration - 3.0) < 0.01
    # silent: no output device, or (no libpulse here) QtMultimedia itself could not load; either is said
    status = widget.status.text()
    assert "No audio output device" in status or "QtMultimedia did not load" in status, status
    qtbot.mouseClick(widget.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.position() > 0.2, timeout=3000)
    assert widget.play_button.text() == "Pause"
    qtbot.mouseClick(widget.play_button, Qt.MouseButton.LeftButton)
    held = player.position()
    qtbot.wait(150)
    assert player.position() == held
    player.seek(2.5)
    assert widget.time_label.text().startswith("0:02") or widget.time_label.text().startswith("0:03")
    widget.speed.setCurrentIndex(widget.speed.findData(2.0))
    assert player.speed == 2.0


@pytest.mark.slow
def test_assistant_without_microphone_says_so_and_answers_typed_questions(qtbot: Any, window: Any) -> None:
    view = window.assistant
    window.show_page(2)
    assert "No microphone found" in view.mic_status.text()
    assert not view.talk_button.isEnabled()
    view.question.setText("Say hello in one short sentence.")
    qtbot.keyClick(view.question, Qt.Key.Key_Return)
    assert view.worker is not None
    qtbot.waitUntil(lambda: view.worker is None, timeout=300_000)
    exchange = view.conversation.exchanges[-1]
    assert exchange.question == "Say hello in one short sentence."
    assert exchange.reply.strip()
    assert "smollm2" in exchange.label and "local" in exchange.label
