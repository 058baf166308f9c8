"""The kiosk's Talk button and tapped questions sharing one player and one conversation: each interrupts
the other, "Thinking…" always ends, a hold that recorded nothing sends nothing, and the next visitor gets
the default voice. Real window, SmolLM2, Whisper tiny and Piper; a microphone cannot exist here, so the
assistant tests' FakeMicrophoneStream (real synthesised speech, delivered in real time) stands in for it."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.core.audio.microphone import RecoveringInput
from app.core.events import Stage, StageFinished, TextKind, TextReady
from engines.errors import AudioDeviceError
from tests.core.assistant.conftest import FakeMicrophoneStream, Step

LONG = 600.0  # seconds a silent step may last: the test ends it by closing the microphone


@pytest.fixture(scope="module")
def speak(piper_voice: tuple[Any, str]) -> Any:
    """Text → what Piper says, as the 16 kHz audio a microphone delivers."""
    from engines.audio import resample

    tts, voice = piper_voice

    def say(text: str) -> np.ndarray:
        chunks = list(tts.synthesize(text, voice=voice, speed=1.0))
        samples = np.concatenate([c.samples for c in chunks]).astype(np.float32)
        return resample(samples, chunks[0].sample_rate, 16000)

    return say


def _kiosk_with(make_kiosk: Any, engines_factory: Any, qtbot: Any, mic: Any) -> Any:
    kiosk = make_kiosk(engines_factory=engines_factory, microphones=["fake microphone"], mic_opener=lambda: mic)
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.assistant.voice_ready, timeout=120_000)
    return kiosk


def _question_after_press(kiosk: list[Any], audio: np.ndarray) -> FakeMicrophoneStream:
    """Silence until Talk is held, then the question, then silence."""
    return FakeMicrophoneStream([
        Step(until=lambda: bool(kiosk) and kiosk[0].assistant.current == "listening", timeout=LONG),
        Step(audio=audio, label="question"),
        Step(until=lambda: False, timeout=LONG),
    ])


def _kiosk_asked_after_press(make_kiosk: Any, engines_factory: Any, qtbot: Any,
                             audio: np.ndarray) -> tuple[Any, FakeMicrophoneStream]:
    holder: list[Any] = []  # the microphone waits on the kiosk it is opened by
    mic = _question_after_press(holder, audio)
    holder.append(_kiosk_with(make_kiosk, engines_factory, qtbot, mic))
    return holder[0], mic


def _said(mic: FakeMicrophoneStream, audio: np.ndarray) -> bool:
    started = mic.step("question").started_at
    return started >= 0 and mic.now() >= started + len(audio) / 16000 + 0.3


def _wait_idle(qtbot: Any, kiosk: Any, timeout: int = 240_000) -> None:
    qtbot.waitUntil(lambda: not kiosk.assistant.busy and kiosk.assistant.current == "ready", timeout=timeout)


def test_fake_microphone_talk_interrupts_a_tapped_answer_and_release_still_asks(
        qtbot: Any, make_kiosk: Any, engines_factory: Any, speak: Any) -> None:
    audio = speak("What is my first meeting today?")
    kiosk, mic = _kiosk_asked_after_press(make_kiosk, engines_factory, qtbot, audio)
    qtbot.mouseClick(kiosk.home.examples[1], Qt.MouseButton.LeftButton)  # "What's in the news?": the model writes
    tapped = kiosk.assistant.turn
    assert tapped is not None and tapped.running
    with qtbot.waitSignal(tapped.cancelled, timeout=10_000):
        qtbot.mousePress(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tapped.running, timeout=30_000)
    assert kiosk.assistant.current == "listening"  # the tapped turn's end did not take the state back
    qtbot.waitUntil(lambda: _said(mic, audio), timeout=30_000)
    qtbot.mouseRelease(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    assert kiosk.assistant.current == "thinking"
    _wait_idle(qtbot, kiosk)  # Finished brings the kiosk back to ready
    assert "first meeting" in kiosk.session.exchanges[-1].question.lower()
    assert kiosk.session.exchanges[-1].reply.strip()
    assert kiosk.assistant.live.stats.turns  # the spoken question was answered


def test_fake_microphone_a_tapped_question_interrupts_a_spoken_answer(
        qtbot: Any, make_kiosk: Any, engines_factory: Any, speak: Any) -> None:
    audio = speak("What is in the news today?")
    kiosk, mic = _kiosk_asked_after_press(make_kiosk, engines_factory, qtbot, audio)
    live = kiosk.assistant.live
    qtbot.mousePress(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _said(mic, audio), timeout=30_000)

    def heard(event: Any) -> bool:
        return isinstance(event, TextReady) and event.kind == TextKind.QUESTION and event.final

    with qtbot.waitSignal(kiosk.assistant.pipeline_event, check_params_cb=heard, timeout=60_000):
        qtbot.mouseRelease(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.home.examples[2], Qt.MouseButton.LeftButton)  # tapped while the model answers
    _wait_idle(qtbot, kiosk)
    assert live.stats.turns == [], "the spoken answer went on beside the tapped one"
    assert "a new question" in live.stats.interrupted
    assert kiosk.session.exchanges[-1].question == "Where is lunch today?"
    assert kiosk.session.exchanges[-1].reply.strip()


def test_fake_microphone_lost_while_talk_is_held_sends_no_question_when_it_returns(
        qtbot: Any, make_kiosk: Any, engines_factory: Any) -> None:
    """Talk held while the microphone is unplugged, released, then the microphone comes back: the live
    loop's kept press/release flags fire a turn from its first frames, which must not be answered."""
    released = threading.Event()
    first = FakeMicrophoneStream([Step(until=lambda: False, timeout=LONG)])
    back = FakeMicrophoneStream([Step(until=lambda: False, timeout=LONG)])

    def reopen() -> FakeMicrophoneStream:
        if not released.is_set():
            raise AudioDeviceError("The microphone 'Fake USB mic' is still unplugged")
        return back

    mic = RecoveringInput(first, reopen, backoff=(0.05,))
    kiosk = _kiosk_with(make_kiosk, engines_factory, qtbot, mic)
    live = kiosk.assistant.live
    qtbot.waitUntil(lambda: first.now() > 1.0, timeout=30_000)
    first.fail_at = first.now()  # unplugged
    qtbot.mousePress(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(mic.problems) >= 3, timeout=30_000)  # gone, and still gone after two tries
    qtbot.mouseRelease(kiosk.home.talk_button, Qt.MouseButton.LeftButton)
    assert kiosk.assistant.current == "ready"
    assert "didn't hear" in kiosk.home.status.text()

    def recognised(event: Any) -> bool:
        return isinstance(event, StageFinished) and event.stage == Stage.ASR

    with qtbot.waitSignal(kiosk.assistant.pipeline_event, check_params_cb=recognised, timeout=60_000):
        released.set()  # plugged in again
    qtbot.waitUntil(lambda: not live.busy, timeout=60_000)
    assert live.stats.turns == [] and kiosk.session.exchanges == []
    assert kiosk.assistant.current == "ready"


def test_the_next_visitor_gets_the_default_volume_and_speed(qtbot: Any, make_kiosk: Any,
                                                            engines_factory: Any) -> None:
    kiosk = make_kiosk(idle_ms=120_000, engines_factory=engines_factory)
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.assistant.session is not None, timeout=60_000)
    for command in ("Quieter, please.", "Quieter.", "Slower."):
        kiosk.home.ask.emit(command)  # what a chip sends
        qtbot.waitUntil(lambda: not kiosk.assistant.busy and kiosk.assistant.current != "thinking", timeout=60_000)
    session = kiosk.assistant.session
    assert session.volume < 0.6 and kiosk.player.volume == session.volume and session.speed < 1.0
    kiosk.idle_timer.setInterval(200)
    kiosk.note_input()
    qtbot.waitUntil(lambda: kiosk.session.view == "attract", timeout=5000)
    assert session.volume == session.options.volume == kiosk.player.volume
    assert session.speed == session.options.speed
