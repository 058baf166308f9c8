"""The Assistant page's live voice path, hands-free, with a recorded question standing in for the
microphone (there is no microphone on this machine): the only fake here is the input device."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

QUESTION = "What is my first meeting today?"


@pytest.fixture(scope="module")
def question_16k(piper_voice: tuple[Any, str]) -> np.ndarray:
    from engines.audio import resample

    tts, voice = piper_voice
    chunks = list(tts.synthesize(QUESTION, voice=voice))
    samples = np.concatenate([c.samples for c in chunks])
    return resample(samples, chunks[0].sample_rate, 16000)


@pytest.fixture
def voice_window(qtbot: Any, settings_file: Any, smollm2: Any, piper_voice: tuple[Any, str],
                 question_16k: np.ndarray, whisper_tiny: Any) -> Any:
    from app.core.assistant.session import AssistantEngines
    from app.core.audio.microphone import RecordedInput
    from app.core.audio.player import NullPlayer
    from app.jobs.services import Services
    from app.ui.main_window import MainWindow
    from app.ui.settings_store import SettingsStore
    from engines.vad_silero import SileroVAD as OnnxSileroVAD

    tts, voice = piper_voice

    def engines(_settings: Any) -> AssistantEngines:
        return AssistantEngines(asr=whisper_tiny, vad=OnnxSileroVAD(), llm=smollm2, tts=tts, voice=voice)

    def fake_microphone(_settings: Any, _cancel: Any) -> RecordedInput:
        return RecordedInput(question_16k, realtime=True, tail_silence=2.0)

    services = Services(assistant_engines=engines, force_silent_audio=True)
    win = MainWindow(SettingsStore(settings_file), services, microphones=["Recorded question (fake microphone)"],
                     use_tray=False, mic_factory=fake_microphone, player_factory=lambda _s: NullPlayer())
    qtbot.addWidget(win)
    yield win
    win.workers.shutdown()


@pytest.mark.slow
def test_hands_free_turn_with_a_fake_microphone_shows_question_reply_and_label(qtbot: Any,
                                                                               voice_window: Any) -> None:
    view = voice_window.assistant
    voice_window.show_page(2)
    assert view.talk_button.isEnabled() and view.hands_free.isEnabled()
    view.hands_free.setChecked(True)
    assert voice_window.store.settings.talk_mode == "hands_free"
    assert view.voice_worker is not None and view.stop_button.isEnabled()
    qtbot.waitUntil(lambda: any(e.label for e in view.conversation.exchanges), timeout=300_000)
    exchange = next(e for e in view.conversation.exchanges if e.label)
    assert "meeting" in exchange.question.lower(), exchange.question
    assert exchange.question_final
    assert exchange.reply.strip() or exchange.label.startswith("command")
    assert "smollm2" in exchange.label or exchange.label.startswith("command")
    view.stop_button.click()
    qtbot.waitUntil(lambda: view.voice_worker is None, timeout=30_000)
    assert not view.stop_button.isEnabled()


def test_an_open_voice_session_does_not_keep_other_jobs_waiting(qtbot: Any, voice_window: Any) -> None:
    """The session takes the shared model only while it writes a reply: a typed question (like a briefing)
    is answered while the microphone stays open, instead of "Waiting for the other job" until Stop."""
    from app.core.audio.microphone import RecordedInput

    view = voice_window.assistant
    # a quiet room: a spoken question would barge in on the typed reply (the race this test once lost)
    view._mic_factory = lambda _settings, _cancel: RecordedInput(np.zeros(16000 * 60, np.float32), realtime=True)
    voice_window.show_page(2)
    view.hands_free.setChecked(True)
    qtbot.waitUntil(lambda: view.voice_worker is not None and voice_window.services._lock.acquire(blocking=False),
                    timeout=120_000)
    voice_window.services._lock.release()
    view.question.setText("What do I have today?")
    assert view.ask_typed()
    qtbot.waitUntil(lambda: view.worker is None, timeout=180_000)
    assert view.voice_worker is not None  # the session is still open
    assert any(e.question == "What do I have today?" and e.reply.strip() for e in view.conversation.exchanges)
    view.stop_button.click()
    qtbot.waitUntil(lambda: view.voice_worker is None, timeout=60_000)
