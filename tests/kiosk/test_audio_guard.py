"""The kiosk's guarded player: writes never block the caller, a hung device is found and reopened.

A sound card that hangs cannot be made here, so the hung device is a fake player whose ``play``
blocks on a lock (what a PortAudio write does when the driver stops) — named ``fake`` as such.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np

from app.core.audio.player import NullPlayer
from app.core.kiosk.audio import GuardedPlayer
from engines.errors import AudioDeviceError
from engines.types import AudioChunk


class FakeHungDevicePlayer(NullPlayer):
    """Plays like a NullPlayer until ``hang()``; then every play/stop blocks until ``release()``."""

    def __init__(self) -> None:
        super().__init__(clock=time.monotonic)
        self._gate = threading.Event()
        self._gate.set()
        self.closed_calls = 0

    def hang(self) -> None:
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def play(self, chunk: AudioChunk) -> None:
        self._gate.wait()
        super().play(chunk)

    def stop(self) -> None:
        self._gate.wait()
        super().stop()

    def close(self) -> None:
        self.closed_calls += 1
        self._gate.wait()
        super().close()


def _chunk(seconds: float = 1.0) -> AudioChunk:
    rate = 16000
    t = np.arange(int(seconds * rate)) / rate
    return AudioChunk((0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), rate, "tone")


def _wait_for(condition: Any, timeout: float = 3.0) -> bool:
    end = time.monotonic() + timeout
    poll = threading.Event()
    while time.monotonic() < end:
        if condition():
            return True
        poll.wait(0.01)
    return condition()


def test_play_is_queued_and_heard_in_real_time() -> None:
    players: list[NullPlayer] = []
    guard = GuardedPlayer(lambda: players.append(NullPlayer(clock=time.monotonic)) or players[-1])
    guard.play(_chunk(0.3))
    assert _wait_for(lambda: len(players[0].played) == 1)
    assert guard.is_playing
    assert guard.wait(timeout=3.0) and not guard.is_playing
    assert 0.25 <= guard.played_seconds <= 0.35
    assert guard.check() == "" and guard.reopens == 0
    guard.close()


def test_a_hung_write_is_detected_and_the_device_reopened_without_blocking_the_caller() -> None:
    devices: list[FakeHungDevicePlayer] = []
    clock = [0.0]
    problems: list[str] = []

    def opener() -> FakeHungDevicePlayer:
        devices.append(FakeHungDevicePlayer())
        return devices[-1]

    guard = GuardedPlayer(opener, stall_seconds=2.0, clock=lambda: clock[0], on_problem=problems.append)
    devices[0].hang()
    started = time.perf_counter()
    guard.play(_chunk())  # the device hangs inside this write...
    guard.stop()
    guard.play(_chunk())
    assert time.perf_counter() - started < 0.1  # ...but the caller (the UI thread) never waits
    assert _wait_for(lambda: guard._writer.busy_since is not None)
    assert guard.check() == ""  # stuck for 0 s so far (the clock is ours)
    clock[0] = 2.5
    found = guard.check()
    assert "stopped responding" in found and guard.reopens == 1 and len(devices) == 2
    assert guard.player is devices[1]
    assert problems and "reopened" in problems[-1]
    guard.play(_chunk(0.2))
    assert _wait_for(lambda: len(devices[1].played) == 1)  # the new device plays
    assert _wait_for(lambda: devices[0].closed_calls == 1)  # the old one is closed in a throw-away thread
    devices[0].release()
    guard.close()


def test_a_stream_that_stops_consuming_audio_counts_as_hung() -> None:
    class FakeStalledStreamPlayer(NullPlayer):
        """Reports audio queued but never advances (a callback that stopped being called)."""

        is_playing = True
        played_seconds = 1.25

    devices: list[NullPlayer] = []
    clock = [0.0]

    def opener() -> NullPlayer:
        devices.append(FakeStalledStreamPlayer() if not devices else NullPlayer(clock=time.monotonic))
        return devices[-1]

    guard = GuardedPlayer(opener, stall_seconds=3.0, clock=lambda: clock[0])
    assert guard.check() == ""
    clock[0] = 1.0
    assert guard.check() == ""
    clock[0] = 3.5
    assert "stopped playing" in guard.check()
    assert guard.reopens == 1 and not isinstance(guard.player, FakeStalledStreamPlayer)
    guard.close()


def test_no_speaker_means_silent_playback_not_a_crash() -> None:
    calls = []

    def opener() -> NullPlayer:
        calls.append(1)
        raise AudioDeviceError("No audio output device found")

    problems: list[str] = []
    guard = GuardedPlayer(opener, on_problem=problems.append)
    assert guard.silent and "playing silently" in problems[0]
    guard.play(_chunk(0.1))
    assert _wait_for(lambda: guard.played_seconds > 0.0)
    guard.close()


def test_volume_and_speed_reach_the_device() -> None:
    guard = GuardedPlayer(lambda: NullPlayer(clock=time.monotonic))
    guard.volume = 0.5
    guard.speed = 1.25
    assert guard.player.volume == 0.5 and guard.player.speed == 1.25
    guard.close()


def test_a_kiosk_that_started_without_a_speaker_finds_it_when_it_is_plugged_in() -> None:
    """No speaker can be plugged in here: the speaker that appears is a fake player (not a NullPlayer)."""
    class FakeSpeakerPlayer(NullPlayer):
        pass

    clock = [0.0]
    plugged = [False]
    problems: list[str] = []

    def opener() -> NullPlayer:
        if not plugged[0]:
            raise AudioDeviceError("No audio output device")
        return FakeSpeakerPlayer(clock=time.monotonic)

    guard = GuardedPlayer(opener, clock=lambda: clock[0], on_problem=problems.append)
    assert type(guard.player) is NullPlayer and "playing silently" in problems[-1]
    clock[0] = 61.0
    assert guard.check() == ""  # looks again, finds nothing, stays silent
    assert _wait_for(lambda: len(problems) == 1) and type(guard.player) is NullPlayer
    plugged[0] = True
    clock[0] = 122.0
    guard.check()
    assert _wait_for(lambda: isinstance(guard.player, FakeSpeakerPlayer))
    # reported just after the swap, from the guard's thread: wait for it, do not race it
    assert _wait_for(lambda: "speaker is there again" in problems[-1]), problems
    guard.close()


def test_reopening_a_stalled_device_leaves_no_writer_thread_behind() -> None:
    class FakeStalledStreamPlayer(NullPlayer):
        is_playing = True
        played_seconds = 1.25

    clock = [0.0]
    others = set(threading.enumerate())  # writer threads of other tests' players are not this one's
    guard = GuardedPlayer(lambda: FakeStalledStreamPlayer(), stall_seconds=3.0, clock=lambda: clock[0])
    for _ in range(5):
        guard.check()
        clock[0] += 3.5
        assert "stopped playing" in guard.check()
    assert guard.reopens == 5

    def writers() -> int:
        return sum(t.name == "daycast-audio-writer" and t.is_alive() for t in set(threading.enumerate()) - others)

    assert _wait_for(lambda: writers() == 1)
    guard.close()
