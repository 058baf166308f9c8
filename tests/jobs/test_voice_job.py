"""The Assistant page's voice session job: a microphone lost mid-session shows up as notices in the session's
events (the page adds notices to the conversation), not only in the log.

A microphone cannot exist here: ``open_microphone`` is replaced by the assistant tests' FakeMicrophoneStream
(real-time frames) inside the real RecoveringInput, which unplugs after 0.5 s and comes back."""

from __future__ import annotations

import queue
from typing import Any

import numpy as np
import pytest

from app.core.assistant.session import AssistantEngines
from app.core.audio.microphone import RecoveringInput
from app.core.audio.player import NullPlayer
from app.core.events import Notice
from app.core.settings import Settings
from app.jobs.services import Services
from app.jobs.voice import VoiceControl
from engines.cancel import CancelToken
from engines.vad_silero import SileroVAD
from tests.core.assistant.conftest import FakeMicrophoneStream, Step

SILENCE = np.zeros(8000, np.float32)


def _drain(events: queue.Queue) -> list[Any]:
    left: list[Any] = []
    while not events.empty():
        left.append(events.get_nowait())
    return left


def test_fake_microphone_unplugged_in_a_voice_session_is_shown_as_notices(
        monkeypatch: pytest.MonkeyPatch, whisper_tiny: Any, smollm2: Any, piper_tts: Any) -> None:
    cancel = CancelToken()
    first = FakeMicrophoneStream([Step(audio=SILENCE), Step(audio=SILENCE)], fail_at=0.5)
    back = FakeMicrophoneStream([Step(audio=SILENCE), Step(until=lambda: cancel.cancel("test over") or True)],
                                start_at=0.5)
    asked: list[Any] = []

    def open_fake_microphone(_device: str | None, *, cancel: CancelToken | None = None,
                             on_problem: Any = None) -> RecoveringInput:
        asked.append(on_problem)
        return RecoveringInput(first, lambda: back, cancel=cancel, on_problem=on_problem, backoff=(0.05,))

    monkeypatch.setattr("app.jobs.voice.open_microphone", open_fake_microphone)
    engines = AssistantEngines(asr=whisper_tiny, vad=SileroVAD(), llm=smollm2, tts=piper_tts, voice=None)
    services = Services(assistant_engines=lambda _s: engines, force_silent_audio=True)
    control = VoiceControl()
    job = services.voice_session_job(Settings(), control, player_factory=lambda _s: NullPlayer())
    events = list(job(cancel)) + _drain(control.events)  # the default microphone, as the page opens it
    notes = [e.message for e in events if isinstance(e, Notice) and e.code == "audio.device"]
    assert asked and asked[0] is not None, "the microphone was opened without a way to report problems"
    assert len(notes) == 2, notes
    assert "stopped delivering audio" in notes[0] and "trying to reopen it" in notes[0]
    assert "The microphone is back" in notes[1]
