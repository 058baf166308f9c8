"""The kiosk window: the PIN guards exit and settings; the attract loop starts on idle and stops on
input; idle resets the session. Real window on the offscreen platform, real SmolLM2 for the turns."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.kiosk.conftest import PIN


def _type_pin(qtbot: Any, dialog: Any, pin: str) -> None:
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)


def test_close_request_asks_for_the_pin_and_a_wrong_pin_keeps_the_kiosk(qtbot: Any, kiosk: Any) -> None:
    kiosk.close()  # what a window manager's close button or Alt+F4 delivers
    assert kiosk.isVisible()
    dialog = kiosk.pin_dialog
    assert dialog is not None and dialog.isVisible() and dialog.purpose == "exit"
    _type_pin(qtbot, dialog, "1111")
    assert dialog.message.text() == "Wrong PIN"
    assert kiosk.isVisible() and not kiosk.quitting
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.pin_dialog is None)
    assert kiosk.isVisible()


def test_escape_then_the_right_pin_quits(qtbot: Any, kiosk: Any) -> None:
    qtbot.keyClick(kiosk.home, Qt.Key.Key_Escape)
    dialog = kiosk.pin_dialog
    assert dialog is not None and dialog.purpose == "exit"
    with qtbot.waitSignal(kiosk.quit_requested, timeout=5000):
        for digit in PIN:  # on the touch keypad, as an operator would
            button = next(b for b in dialog.findChildren(type(dialog.ok_button)) if b.text() == digit)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert kiosk.quitting and not kiosk.isVisible()


def test_alt_f4_asks_for_the_pin(qtbot: Any, kiosk: Any) -> None:
    qtbot.keyClick(kiosk.home, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert kiosk.pin_dialog is not None and kiosk.isVisible()


def test_settings_open_only_after_the_right_pin(qtbot: Any, kiosk: Any) -> None:
    qtbot.mouseClick(kiosk.home.admin_button, Qt.MouseButton.LeftButton)
    dialog = kiosk.pin_dialog
    assert dialog is not None and dialog.purpose == "settings"
    _type_pin(qtbot, dialog, "999999")
    assert kiosk.admin_panel is None
    _type_pin(qtbot, dialog, PIN)
    qtbot.waitUntil(lambda: kiosk.admin_panel is not None and kiosk.admin_panel.isVisible())
    assert not kiosk.quitting


def test_five_wrong_pins_lock_the_dialog_even_for_the_right_one(qtbot: Any, kiosk: Any) -> None:
    kiosk.close()
    dialog = kiosk.pin_dialog
    for _ in range(5):
        _type_pin(qtbot, dialog, "000000")
    assert "Too many wrong PINs" in dialog.message.text()
    assert dialog.gate.attempt(PIN) == "locked"
    assert not dialog.ok_button.isEnabled() and not kiosk.quitting


def test_admin_panel_changes_the_pin(qtbot: Any, kiosk: Any) -> None:
    kiosk.request_pin("settings")
    _type_pin(qtbot, kiosk.pin_dialog, PIN)
    qtbot.waitUntil(lambda: kiosk.admin_panel is not None)
    panel = kiosk.admin_panel
    panel.new_pin.setText("12")
    assert not panel.save() and "6 to 12 digits" in panel.message.text()
    panel.new_pin.setText("135790")
    assert panel.save()
    assert kiosk.gate.attempt(PIN) == "wrong" and kiosk.gate.attempt("135790") == "ok"


def test_attract_loop_starts_after_idle_and_stops_on_a_touch(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(idle_ms=200, card_ms=80)
    assert kiosk.session.view == "home"
    qtbot.waitUntil(lambda: kiosk.session.view == "attract", timeout=3000)
    assert kiosk.stack.currentWidget() is kiosk.attract and kiosk.attract.running
    qtbot.waitUntil(lambda: kiosk.attract.index >= 2, timeout=3000)  # the cards rotate
    shown = kiosk.attract.body.text()
    assert shown
    qtbot.mouseClick(kiosk.attract, Qt.MouseButton.LeftButton)
    assert kiosk.session.view == "home" and kiosk.stack.currentWidget() is kiosk.home
    assert not kiosk.attract.running
    qtbot.waitUntil(lambda: kiosk.session.view == "attract", timeout=3000)  # idle again: back to attract
    qtbot.keyClick(kiosk.attract, Qt.Key.Key_Space)
    assert kiosk.session.view == "home" and not kiosk.attract.running


def test_input_keeps_the_kiosk_awake(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(idle_ms=400)
    for _ in range(6):  # 6 × 150 ms of activity: longer than the idle time, never idle
        qtbot.wait(150)
        qtbot.mouseClick(kiosk.home.conversation, Qt.MouseButton.LeftButton)
        assert kiosk.session.view == "home"
    qtbot.waitUntil(lambda: kiosk.session.view == "attract", timeout=3000)


def test_idle_resets_the_session(qtbot: Any, make_kiosk: Any, engines_factory: Any) -> None:
    kiosk = make_kiosk(idle_ms=120_000, engines_factory=engines_factory)
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.assistant.session is not None, timeout=60_000)
    assert not kiosk.home.talk_button.isEnabled()  # no microphone here: the button says so
    assert "No microphone" in kiosk.home.talk_button.text()
    qtbot.mouseClick(kiosk.home.examples[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not kiosk.assistant.busy and kiosk.assistant.current != "thinking", timeout=180_000)
    assert kiosk.session.exchanges and kiosk.session.exchanges[-1].reply, kiosk.home.status.text()
    memory = kiosk.assistant.session.conversation
    assert memory.exchanges and memory.exchanges[-1].question == "What's my first meeting today?"
    assert "What's my first meeting today?" in kiosk.home.conversation.text()
    kiosk.show_view("activity")
    kiosk.idle_timer.setInterval(200)
    kiosk.note_input()
    qtbot.waitUntil(lambda: kiosk.session.view == "attract", timeout=5000)
    assert kiosk.session.resets == 1 and kiosk.session.exchanges == []
    assert memory.exchanges == [] and memory.history_tokens == 0
    assert "What's my first meeting" not in kiosk.home.conversation.text()
    qtbot.mouseClick(kiosk.attract, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.home


@pytest.mark.slow  # real-time recorded speech, Whisper and a reply: about a minute idle, 3 on the busy machine
def test_push_to_talk_with_a_recorded_microphone(qtbot: Any, make_kiosk: Any, engines_factory: Any,
                                                 piper_voice: Any) -> None:
    """A microphone cannot exist here: a recorded question (Piper speaking, 16 kHz) stands in for it,
    delivered in real time by the core's RecordedInput, through the real live loop, Whisper and SmolLM2."""
    import numpy as np

    from app.core.audio.microphone import RecordedInput
    from engines.audio import resample

    tts, voice = piper_voice
    chunks = list(tts.synthesize("What is my first meeting today?", voice=voice, speed=1.0))
    question = resample(np.concatenate([c.samples for c in chunks]).astype(np.float32), chunks[0].sample_rate, 16000)
    mic = RecordedInput(np.concatenate([np.zeros(8000, np.float32), question]), tail_silence=6.0)
    kiosk = make_kiosk(engines_factory=engines_factory, microphones=["recorded question"], mic_opener=lambda: mic)
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.assistant.voice_ready, timeout=120_000)
    assert kiosk.home.talk_button.isEnabled() and kiosk.home.talk_button.text() == "Hold to talk"
    qtbot.mousePress(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    assert kiosk.assistant.current == "listening" and "Listening" in kiosk.home.talk_button.text()
    qtbot.waitUntil(lambda: mic.now() >= 0.5 + len(question) / 16000 + 0.3, timeout=20_000)  # the question is said
    qtbot.mouseRelease(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(kiosk.session.exchanges) and bool(kiosk.session.exchanges[-1].reply)
                    and not kiosk.assistant.busy, timeout=180_000)
    asked = kiosk.session.exchanges[-1].question.lower()
    assert "first meeting" in asked, asked
    assert kiosk.assistant.session.conversation.exchanges[-1].question.lower().startswith("what is my first")


def test_attract_loop_plays_its_clip_and_a_touch_silences_it(qtbot: Any, make_kiosk: Any) -> None:
    import numpy as np

    from app.core.audio.io import write_wav_bytes
    from app.core.kiosk.demo import attract_clip_path

    rate = 22050
    tone = (0.2 * np.sin(2 * np.pi * 330 * np.arange(3 * rate) / rate)).astype(np.float32)
    attract_clip_path().parent.mkdir(parents=True, exist_ok=True)
    attract_clip_path().write_bytes(write_wav_bytes(tone, rate))
    kiosk = make_kiosk(idle_ms=200)
    qtbot.waitUntil(lambda: kiosk.session.view == "attract", timeout=3000)
    qtbot.waitUntil(lambda: kiosk.player.played_seconds > 0.1, timeout=3000)  # the clip is heard
    assert kiosk.player.is_playing
    qtbot.mouseClick(kiosk.attract, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not kiosk.player.is_playing, timeout=2000)
    assert kiosk.player.played_seconds < 2.5  # cut off, not played to the end
    qtbot.waitUntil(lambda: kiosk.session.view == "attract", timeout=3000)
    qtbot.wait(300)
    assert not kiosk.player.is_playing  # at most once per attract_clip_every (300 s): no repeat at once


def test_past_midnight_the_assistant_reads_the_new_days_calendar(qtbot: Any, make_kiosk: Any,
                                                                 engines_factory: Any) -> None:
    from datetime import date, timedelta

    day = [date.today()]
    kiosk = make_kiosk(idle_ms=120_000, engines_factory=engines_factory, today=lambda: day[0])
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.assistant.session is not None, timeout=60_000)
    assert not kiosk.roll_day()  # the same day: nothing to do
    assert kiosk.assistant.session.context.day == day[0]
    day[0] += timedelta(days=1)  # the clock passes midnight
    assert kiosk.roll_day()
    qtbot.waitUntil(lambda: kiosk.assistant.session.context.day == day[0], timeout=60_000)
    assert not kiosk.roll_day()  # once per day
