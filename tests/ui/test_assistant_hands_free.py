"""Hands-free on the Assistant page: the box says whether a voice session listens (a saved hands-free starts
one at launch; Stop turns it off), and a typed reply plays through the session's player so the live loop
does not hear and answer it. A microphone cannot exist here: the assistant tests' FakeMicrophoneStream
(silence in real time, plus the echo of what the session's player plays) stands in for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core import settings as core_settings
from app.core.audio.player import NullPlayer
from tests.core.assistant.conftest import FakeMicrophoneStream, Step


class Room:
    """The session's speaker and the fake microphone beside it (the microphone hears the speaker at -10 dB)."""

    def __init__(self) -> None:
        self.mic = FakeMicrophoneStream([Step(until=lambda: False, timeout=600.0)])
        self.player = NullPlayer(clock=self.mic.now)
        self.mic.echo_from = self.player

    def microphone(self, _settings: Any, _cancel: Any) -> FakeMicrophoneStream:
        return self.mic

    def speaker(self, _settings: Any) -> NullPlayer:
        return self.player


@pytest.fixture
def open_window(qtbot: Any, settings_file: Path, smollm2: Any, piper_voice: tuple[Any, str],
                whisper_tiny: Any) -> Iterator[Any]:
    """``open_window(hands_free=…)``: (the main window, its room) on a fake microphone and a silent speaker."""
    from app.core.assistant.session import AssistantEngines
    from app.jobs.services import Services
    from app.ui.main_window import MainWindow
    from app.ui.settings_store import SettingsStore
    from engines.vad_silero import SileroVAD as OnnxSileroVAD

    tts, voice = piper_voice
    windows: list[Any] = []

    def engines(_settings: Any) -> AssistantEngines:
        return AssistantEngines(asr=whisper_tiny, vad=OnnxSileroVAD(), llm=smollm2, tts=tts, voice=voice)

    def make(*, hands_free: bool = False) -> tuple[Any, Room]:
        saved = core_settings.load(settings_file).settings
        core_settings.save(replace(saved, talk_mode="hands_free" if hands_free else "push_to_talk"), settings_file)
        room = Room()
        services = Services(assistant_engines=engines, force_silent_audio=True)
        win = MainWindow(SettingsStore(settings_file), services, microphones=["Fake microphone"], use_tray=False,
                         mic_factory=room.microphone, player_factory=room.speaker)
        qtbot.addWidget(win)
        windows.append(win)
        return win, room

    yield make
    for win in windows:
        win.workers.shutdown()


def _listening(view: Any) -> bool:
    return view.voice_worker is not None and view.voice.live is not None


def test_fake_microphone_saved_hands_free_listens_from_launch(qtbot: Any, open_window: Any) -> None:
    view = open_window(hands_free=True)[0].assistant
    assert view.hands_free.isChecked()
    assert view.voice_worker is not None and view.stop_button.isEnabled()
    qtbot.waitUntil(lambda: _listening(view), timeout=120_000)
    assert view.voice.live.options.mode == "hands_free"


def test_fake_microphone_stop_ends_listening_and_unticks_hands_free(qtbot: Any, open_window: Any) -> None:
    win, _room = open_window()
    view = win.assistant
    view.hands_free.setChecked(True)
    qtbot.waitUntil(lambda: _listening(view), timeout=120_000)
    view.stop_button.click()  # also Escape
    qtbot.waitUntil(lambda: view.voice_worker is None, timeout=30_000)
    assert not view.hands_free.isChecked()
    assert win.store.settings.talk_mode == "push_to_talk"
    assert not view.stop_button.isEnabled()


def test_fake_microphone_hands_free_does_not_answer_a_typed_reply_it_hears(qtbot: Any, open_window: Any) -> None:
    win, room = open_window()
    view = win.assistant
    view.hands_free.setChecked(True)
    qtbot.waitUntil(lambda: _listening(view), timeout=120_000)
    live = view.voice.live
    view.question.setText("What's on my to-do list?")
    view.ask_button.click()
    qtbot.waitUntil(lambda: view.worker is None, timeout=180_000)
    assert room.player.played, "the typed reply did not play through the voice session's speaker"
    end = room.player.played[-1].end
    qtbot.waitUntil(lambda: room.mic.now() > end + 2.0 and not live.busy, timeout=120_000)
    assert live.stats.turns == [] and live.stats.interrupted == []  # nothing heard was answered
    assert [e.question for e in view.conversation.exchanges] == ["What's on my to-do list?"]
