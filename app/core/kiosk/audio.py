"""Kiosk audio that survives a hung device: every write happens on a writer thread that is watched.

:class:`GuardedPlayer` looks like a :class:`app.core.audio.player.Player` to the kiosk, but ``play``
and ``stop`` only queue a command, so the UI thread never blocks on the sound card. ``check()``
(called from the kiosk's watchdog timer) declares the device hung when one command has been stuck
for ``stall_seconds``, or when audio is queued but the stream has stopped consuming it; it then
abandons the stuck writer, closes the old player in a throw-away thread (closing a hung device can
block too) and opens a new one. Without a sound card the kiosk plays silently on a
:class:`NullPlayer` that keeps real time, so captions still follow.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core.audio.player import NullPlayer, Player, open_player
from engines.errors import AudioDeviceError
from engines.types import AudioChunk

log = logging.getLogger(__name__)

Opener = Callable[[], Player]
NO_SPEAKER = "No speaker found: playing silently, the captions still follow"


@dataclass
class _Writer:
    """One writer thread, its player and since when it is busy with a command (None when idle)."""

    player: Player
    commands: queue.SimpleQueue[tuple[str, Any]]
    thread: threading.Thread | None = None
    busy_since: float | None = None
    abandoned: bool = False


def open_kiosk_player(device_name: str = "") -> tuple[Player, str]:
    """The named (or default) speaker, else a silent real-time player and the reason."""
    try:
        return open_player(device_name or None), ""
    except AudioDeviceError as exc:
        log.warning("no audio output: %s", exc.message)
        return NullPlayer(clock=time.monotonic), NO_SPEAKER


RETRY_SPEAKER_SECONDS = 60.0
"""How often a kiosk playing silently (no speaker when it opened one) looks for it again."""


class GuardedPlayer:
    """A watched player: non-blocking ``play``/``stop``, hang detection in ``check``, reopen on a hang."""

    def __init__(self, opener: Opener, *, stall_seconds: float = 4.0, clock: Callable[[], float] = time.monotonic,
                 on_problem: Callable[[str], None] | None = None) -> None:
        self._opener = opener
        self.stall_seconds = stall_seconds
        self._clock = clock
        self._on_problem = on_problem
        self.reopens = 0
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._progress = (0.0, clock())  # (played seconds seen, when it last moved)
        self._last_retry = clock()
        self._writer = self._start(self._open())

    # -- the player surface the kiosk uses ------------------------------------------------------------

    @property
    def player(self) -> Player:
        return self._writer.player

    @property
    def silent(self) -> bool:
        return isinstance(self._writer.player, NullPlayer)

    @property
    def is_playing(self) -> bool:
        return self._writer.player.is_playing or not self._writer.commands.empty()

    @property
    def played_seconds(self) -> float:
        return self._writer.player.played_seconds

    @property
    def volume(self) -> float:
        return self._writer.player.volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._writer.player.volume = value

    @property
    def speed(self) -> float:
        return self._writer.player.speed

    @speed.setter
    def speed(self, value: float) -> None:
        self._writer.player.speed = value

    def wait(self, timeout: float | None = None) -> bool:
        """True when nothing is queued or playing (never blocks on the device: it polls)."""
        deadline = None if timeout is None else self._clock() + timeout
        done = threading.Event()
        while self.is_playing:
            if deadline is not None and self._clock() >= deadline:
                return False
            done.wait(0.02)
        return True

    def play(self, chunk: AudioChunk) -> None:
        self._writer.commands.put(("play", chunk))

    def stop(self) -> None:
        writer = self._writer
        while True:  # drop what is still queued, then stop what the device already has
            try:
                writer.commands.get_nowait()
            except queue.Empty:
                break
        writer.commands.put(("stop", None))

    def __getattr__(self, name: str) -> Any:
        """Anything else a player offers (``output_level`` for barge-in) comes from the current device."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._writer.player, name)

    def close(self) -> None:
        writer = self._writer
        writer.abandoned = True
        writer.commands.put(("close", None))

    # -- the watch ----------------------------------------------------------------------------------------

    def check(self) -> str:
        """Look for a hang now; reopen the device when there is one. Returns what was found ("" when fine)."""
        writer = self._writer
        now = self._clock()
        problem = ""
        if writer.busy_since is not None and now - writer.busy_since >= self.stall_seconds:
            problem = f"The audio device stopped responding (a write hung for {now - writer.busy_since:.1f} s)"
        elif self._stream_stalled(writer, now):
            problem = f"The audio device stopped playing for {self.stall_seconds:.0f} s with sound queued"
        if problem:
            self._reopen(writer, problem)
        elif type(writer.player) is NullPlayer and now - self._last_retry >= RETRY_SPEAKER_SECONDS:
            self._last_retry = now  # silent since a failed open: look for the speaker again, off this thread
            threading.Thread(target=self._try_speaker, name="daycast-audio-retry", daemon=True).start()
        return problem

    def _try_speaker(self) -> None:
        try:
            player = self._opener()
        except AudioDeviceError:
            return
        with self._lock:
            writer = self._writer
            if type(player) is NullPlayer or type(writer.player) is not NullPlayer or self.is_playing:
                _close_quietly(player)  # still no speaker, or a clip is playing: the next check tries again
                return
            self._retire(writer)
            self._writer = self._start(player)
            self._progress = (0.0, self._clock())
        self._report("A speaker is there again: the kiosk plays on it")

    def _stream_stalled(self, writer: _Writer, now: float) -> bool:
        try:
            played, playing = writer.player.played_seconds, writer.player.is_playing
        except Exception:  # a player whose state cannot be read is as good as hung
            return True
        seen, since = self._progress
        if played != seen or not playing:
            self._progress = (played, now)
            return False
        return now - since >= self.stall_seconds

    def _reopen(self, writer: _Writer, problem: str) -> None:
        with self._lock:
            if writer is not self._writer:
                return
            self._retire(writer)
            threading.Thread(target=_close_quietly, args=(writer.player,), name="daycast-audio-close",
                             daemon=True).start()
            self._writer = self._start(self._open())
            self._progress = (0.0, self._clock())
            self.reopens += 1
        self._report(f"{problem}; it was reopened")

    @staticmethod
    def _retire(writer: _Writer) -> None:
        """Its thread ends at its next command (at once when idle; after the hung write returns, if ever)."""
        writer.abandoned = True
        writer.commands.put(("quit", None))

    def _open(self) -> Player:
        try:
            return self._opener()
        except AudioDeviceError as exc:
            self._report(f"{exc.message}; playing silently")
            return NullPlayer(clock=time.monotonic)

    def _start(self, player: Player) -> _Writer:
        writer = _Writer(player, queue.SimpleQueue())
        writer.thread = threading.Thread(target=self._run, args=(writer,), name="daycast-audio-writer", daemon=True)
        writer.thread.start()
        return writer

    def _run(self, writer: _Writer) -> None:
        while not writer.abandoned or not writer.commands.empty():
            action, chunk = writer.commands.get()
            if writer.abandoned and action != "close":
                return
            writer.busy_since = self._clock()
            try:
                if action == "play":
                    writer.player.play(chunk)
                elif action == "stop":
                    writer.player.stop()
                else:
                    writer.player.close()
                    return
            except Exception as exc:  # a device error: report it; the next check reopens if it persists
                self._report(f"Audio {action} failed: {exc}")
            finally:
                writer.busy_since = None

    def _report(self, message: str) -> None:
        self.problems.append(message)
        del self.problems[:-100]  # the latest; the log keeps them all
        log.warning("%s", message)
        if self._on_problem is not None:
            self._on_problem(message)


def _close_quietly(player: Player) -> None:
    try:
        player.close()
    except Exception as exc:  # the device is already being replaced
        log.debug("closing the abandoned audio device failed: %s", exc)
