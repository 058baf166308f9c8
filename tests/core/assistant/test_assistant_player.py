"""Audio output: the null player's timeline (what a device would have played), and clear errors when no
audio device exists (this machine has no PortAudio, so the real error path runs)."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.audio.player import NullPlayer, list_devices, open_player, peak_frame_db, rms_db
from engines.errors import AudioDeviceError, UsageError
from engines.types import AudioChunk


class Clock:
    """A settable clock, standing in for stream time."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def tone(seconds: float, rate: int = 16000, amplitude: float = 0.5) -> AudioChunk:
    t = np.arange(round(seconds * rate)) / rate
    return AudioChunk((amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.float32), rate, "tone")


def test_null_player_without_clock_plays_instantly_and_records_everything() -> None:
    player = NullPlayer()
    player.play(tone(0.5))
    player.play(tone(0.25))
    assert not player.is_playing
    assert player.wait(timeout=0)
    audio, rate = player.audio()
    assert rate == 16000 and len(audio) == round(0.75 * 16000)
    assert player.played_seconds == pytest.approx(0.75, abs=1e-3)


def test_null_player_keeps_a_real_time_queue_and_stop_cuts_it() -> None:
    clock = Clock()
    player = NullPlayer(clock=clock)
    player.play(tone(1.0))
    player.play(tone(1.0))
    assert [p.start for p in player.played] == [0.0, 1.0]  # queued back to back
    clock.t = 0.5
    assert player.is_playing
    assert player.played_seconds == pytest.approx(0.5)
    clock.t = 1.2
    player.stop()
    assert player.stops == [1.2]
    assert not player.is_playing
    assert [round(p.end, 3) for p in player.played] == [1.0, 1.2]
    assert player.played[1].stopped and not player.played[0].stopped
    clock.t = 3.0
    assert player.played_seconds == pytest.approx(1.2)
    player.play(tone(0.5))  # after a stop, new audio starts now, not after the dropped queue
    assert player.played[-1].start == 3.0


def test_output_between_is_what_a_microphone_beside_the_speaker_would_hear() -> None:
    clock = Clock()
    player = NullPlayer(clock=clock)
    chunk = tone(1.0, rate=22050)
    player.volume = 0.5
    player.play(chunk)
    heard = player.output_between(0.25, 0.5, 16000)
    assert len(heard) == 4000
    assert rms_db(heard) == pytest.approx(rms_db(chunk.samples) + 20 * np.log10(0.5), abs=0.3)
    assert rms_db(player.output_between(1.5, 2.0)) < -100  # nothing plays after the chunk
    clock.t = 0.6
    player.stop()
    assert rms_db(player.output_between(0.7, 0.9)) < -100  # stopped audio is not heard
    clock.t = 0.55
    assert player.output_level(0.1) == pytest.approx(peak_frame_db(heard), abs=0.5)


def test_volume_and_speed_are_validated_where_users_set_them() -> None:
    from app.core.audio.player import check_playback_speed, check_volume

    assert check_volume(1.5) == 1.5
    with pytest.raises(UsageError, match=r"Volume 3\.0 is out of range"):
        check_volume(3.0)
    with pytest.raises(UsageError, match=r"Playback speed 0\.1"):
        check_playback_speed(0.1)


def test_faster_playback_is_shorter() -> None:
    player = NullPlayer()
    player.speed = 1.25
    player.play(tone(1.0))
    assert player.played[0].chunk.duration == pytest.approx(0.8, abs=0.01)


def test_no_output_device_is_a_clear_audio_device_error() -> None:
    _inputs, outputs = list_devices()
    if outputs:
        pytest.skip("this machine has an audio output device")
    with pytest.raises(AudioDeviceError) as info:
        open_player()
    error = info.value
    assert error.code == "audio.device"
    assert "No audio" in error.message
    assert "daycast ask --audio" in error.hint  # file mode still works, and the hint says how
    with pytest.raises(AudioDeviceError):
        open_player("Speakers that do not exist")


def test_null_player_says_where_playback_was_stopped() -> None:
    clock = Clock()
    player = NullPlayer(clock=clock)
    first, second = tone(1.0), tone(2.0)
    player.play(first)
    player.play(second)
    clock.t = 1.5
    player.stop()
    chunk, seconds = player.last_stopped
    assert chunk is second and seconds == pytest.approx(0.5)
    player.speed = 2.0
    player.play(second)  # 1 s at double speed
    clock.t = 2.0
    player.stop()
    assert player.last_stopped[0] is second and player.last_stopped[1] == pytest.approx(1.0)


@pytest.mark.parametrize("clocked", [True, False], ids=["silent kiosk (clock)", "file mode (no clock)"])
def test_a_silent_player_left_running_all_day_keeps_bounded_memory(clocked: bool) -> None:
    from app.core.audio.player import KEEP_CHUNKS

    clock = Clock()
    player = NullPlayer(clock=clock) if clocked else NullPlayer()
    for _ in range(KEEP_CHUNKS * 3):
        player.play(tone(1.0))
        player.output_between(max(0.0, clock.t - 0.5), clock.t)  # the echo guard's reads fill its cache
        clock.t += 1.0
        if clocked:  # (without a clock, stop() drops what is queued: all of it)
            player.stop()
    assert len(player.played) <= KEEP_CHUNKS + 1 and len(player.stops) <= KEEP_CHUNKS
    assert len(player._cache) <= KEEP_CHUNKS + 1
    assert player.played_seconds == pytest.approx(KEEP_CHUNKS * 3, abs=1e-6)  # still counts every second
