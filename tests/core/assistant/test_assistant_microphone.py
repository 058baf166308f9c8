"""Audio input: recovery from a device that disappears (simulated microphone, the only fake), recorded
input, and the clear error when there is no microphone at all."""

from __future__ import annotations

import time

import numpy as np
import pytest

from app.core.audio.microphone import RecordedInput, RecoveringInput, open_microphone
from app.core.audio.player import list_devices
from engines.cancel import CancelToken
from engines.errors import AudioDeviceError


def test_fake_microphone_lost_mid_stream_is_reopened_and_audio_continues(fake_microphone, step) -> None:
    tone = (0.3 * np.sin(np.arange(16000) / 16000 * 2 * np.pi * 220)).astype(np.float32)
    first = fake_microphone([step(audio=tone)], fail_at=0.5)
    second = fake_microphone([step(audio=tone)], start_at=0.5)
    attempts: list[str] = []

    def reopen() -> object:
        attempts.append("open")
        if len(attempts) == 1:
            raise AudioDeviceError("No microphone found")  # still unplugged on the first try
        return second

    problems: list[str] = []
    mic = RecoveringInput(first, reopen, cancel=CancelToken(), on_problem=problems.append, backoff=(0.01, 0.02))
    frames = list(mic.frames())
    assert len(frames) == 16 + 32  # 16 frames before the loss (0.512 s), then all 32 of the reopened device
    assert mic.reopens == 1 and len(attempts) == 2
    assert "stopped delivering audio" in problems[0]
    assert "No microphone found" in problems[1]
    assert problems[-1] == "The microphone is back"


def test_recovering_input_on_a_fake_microphone_stops_waiting_when_cancelled(fake_microphone, step) -> None:
    cancel = CancelToken()
    reopened: list[int] = []
    mic = RecoveringInput(fake_microphone([step(audio=np.zeros(4096, np.float32))], fail_at=0.0),
                          lambda: reopened.append(1) or fake_microphone([]), cancel=cancel,
                          on_problem=lambda _message: cancel.cancel("user quit"), backoff=(30.0,))
    start = time.perf_counter()
    assert list(mic.frames()) == []
    assert time.perf_counter() - start < 5.0  # not the 30 s backoff
    assert reopened == []


def test_recorded_input_delivers_whole_blocks_with_silence_after() -> None:
    audio = np.ones(1000, np.float32)
    recorded = RecordedInput(audio, realtime=False, tail_silence=0.1)
    frames = list(recorded.frames())
    assert all(len(f) == 512 for f in frames)
    assert len(frames) == 2 + 3  # 1000 samples padded to 1024, then ~0.1 s of silence
    assert recorded.now() == pytest.approx(len(frames) * 512 / 16000)
    assert float(np.concatenate(frames)[:1000].sum()) == 1000.0


def test_no_microphone_is_a_clear_audio_device_error() -> None:
    inputs, _outputs = list_devices()
    if inputs:
        pytest.skip("this machine has a microphone")
    with pytest.raises(AudioDeviceError) as info:
        open_microphone()
    assert info.value.code == "audio.device"
    assert "No audio devices" in info.value.message or "No microphone" in info.value.message
