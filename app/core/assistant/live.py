"""The live voice loop: microphone → VAD → speech recognition → turn → player, with barge-in.

Three threads: the microphone thread runs VAD on every 32 ms frame and decides when an utterance
starts and ends and when the user interrupts; the ASR thread (:mod:`app.core.assistant.asr`) makes
partial and final transcripts; the turn thread runs :func:`app.core.assistant.session.answer_text` and hands
its audio to the player. Interrupting (speech during the reply, or ``press()`` in push-to-talk)
cancels the turn and stops the player in the microphone thread, under one lock with the turn
thread's ``play`` calls, so no audio is queued after the stop.

Times: ``stream`` time is audio seconds delivered by the microphone (what a listener experiences);
stage timings are wall-clock seconds measured in the threads.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from app.core.assistant.asr import Recognizer, Transcript
from app.core.assistant.context import AssistantContext
from app.core.assistant.echo import BargeInGate, GateOptions
from app.core.assistant.session import AssistantEngines, AssistantSession, TurnResult, TurnTimings, answer_text
from app.core.audio.microphone import AudioInput
from app.core.audio.player import Player, rms_db
from app.core.events import (
    QT_TRANSLATE_NOOP,
    AudioReady,
    Finished,
    Notice,
    PipelineEvent,
    Stage,
    StageFinished,
    TextKind,
    TextReady,
    notice,
)
from app.core.settings import EchoGuard, HandsFree
from engines.cancel import CancelToken
from engines.errors import Cancelled, DaycastError
from engines.vad_silero import EndOfSpeechDetector

log = logging.getLogger(__name__)

EventSink = Callable[[PipelineEvent], None]
Responder = Callable[[str, CancelToken, TurnTimings, float], Iterator[PipelineEvent]]
"""(transcript, cancel, timings, started) -> the turn's events; the assistant's by default, the podcast
hosts' in join-in mode (:meth:`app.core.podcast.join_in.JoinIn.respond`)."""


@dataclass(frozen=True)
class LiveOptions:
    mode: HandsFree = "push_to_talk"
    echo_guard: EchoGuard = "half_duplex"
    barge_in: bool = True
    end_silence: float = 0.3
    """Silence after speech that ends an utterance (hands-free)."""
    partial_interval: float = 0.7
    """Seconds of new speech between partial transcripts; 0 turns them off."""
    max_partial_decode: float = 0.3
    """Partials only while a decode takes at most this long (they would delay the final transcript)."""
    speculative_asr: bool = True
    """Start the final transcript early in the end-of-speech wait instead of after it."""
    speculate_after: float = 0.1
    """Silence after speech before the speculative transcript starts."""
    max_speculation_cost: float = 1.0
    """Speculate only while a decode takes at most this long: a pause mid-sentence starts a transcript
    that is thrown away, and the real one waits for it to finish (cheap on a fast machine, seconds on
    a slow or busy one). Whisper tiny.en's final decode averages 0.45-0.5 s on 2 cores: at the old 0.5 s
    limit speculation ran in one turn of six and saved nothing."""
    read_ahead: bool = True
    """After each turn, have the model read the conversation so far while the reply plays."""
    pre_roll: float = 0.3
    max_utterance: float = 30.0
    """The longest question heard, continuations included (Whisper reads 30 s windows): hands-free answers
    what was heard at the cap; push-to-talk stops recording there and answers at the release."""
    echo_tail: float = 0.3
    """After playback ends, the room may still ring: half duplex keeps the gate this long."""


@dataclass
class BargeIn:
    """One interruption: stream times of the speech onset and of the stop, and the cancel's wall time."""

    onset: float
    stopped: float
    generating: bool
    reason: str = "speech"
    cancel_seconds: float = 0.0
    cancelled_at: float = 0.0

    @property
    def detection_seconds(self) -> float:
        return self.stopped - self.onset


@dataclass
class LiveStats:
    turns: list[TurnResult] = field(default_factory=list)
    interrupted: list[str] = field(default_factory=list)
    barge_ins: list[BargeIn] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    continued: int = 0
    """Turns cancelled before any reply was heard because the user went on speaking."""
    unheard: int = 0
    """Utterances dropped because no speech was in them (a tap on Talk, a silent hold, Whisper heard nothing)."""


@dataclass
class _TurnJob:
    transcript: Transcript
    audio: np.ndarray
    started: float
    timings: TurnTimings
    speculative: bool = False
    uid: int = 0
    played: bool = False
    capped: bool = False
    """Cut at ``max_utterance``: speech after it is not merged into this question."""
    cancel: CancelToken = field(default_factory=CancelToken)


class LiveAssistant:
    """Listens on ``mic`` and answers through ``player`` until :meth:`stop` (or the input ends)."""

    def __init__(
        self, engines: AssistantEngines, mic: AudioInput, player: Player, options: LiveOptions | None = None, *,
        session: AssistantSession | None = None, context: AssistantContext | None = None,
        on_event: EventSink | None = None, responder: Responder | None = None,
    ) -> None:
        if engines.vad is None:
            raise DaycastError("The live assistant needs a voice activity detector (Silero VAD)")
        self.options = options or LiveOptions()
        self.mic, self.player = mic, player
        self.session = session or AssistantSession(engines, context, player=player)
        self.session.player = player
        self.stats = LiveStats()
        self._respond = responder or self._answer
        # a responder that answers through the given session (the kiosk) gets it read ahead too
        self._reads_ahead = self.options.read_ahead and (responder is None or session is not None)
        self._samples = 0
        self._on_event = on_event
        self._event_lock = threading.Lock()
        self._play_lock = threading.Lock()
        self._done = threading.Condition()
        self._cancel = CancelToken()
        self._detector = EndOfSpeechDetector(engines.vad, silence_after_speech=self.options.end_silence)
        self._gate = BargeInGate(GateOptions(echo_guard=self.options.echo_guard))
        self._recognizer = Recognizer(engines.asr, language=engines.language,
                                      max_partial_seconds=self.options.max_partial_decode)
        self._turns: queue.Queue[_TurnJob | None] = queue.Queue()
        self._active: _TurnJob | None = None
        # The last second of audio: the pre-roll of an utterance, and the onset of an interruption, which
        # is found several frames after it began.
        self._recent: deque[np.ndarray] = deque(maxlen=max(1, round(max(1.0, self.options.pre_roll) / 0.032)))
        self._utterance: list[np.ndarray] | None = None
        self._utterance_samples = 0  # counted, not len(list): a continuation is one long element
        self._capped = False  # push-to-talk past max_utterance: waiting for the release
        self._ahead: CancelToken | None = None  # the running read-ahead's token
        self._speech_end = 0.0
        self._spec: Transcript | None = None
        self._heard_speech = False
        self._continues: np.ndarray | None = None
        self._utterance_id = 0
        self._answered_id = 0
        self._partial_due = 0.0
        self._pressed = False
        self._release = False
        self._audible_until = -1.0
        self._threads: list[threading.Thread] = []

    # -- control ---------------------------------------------------------------------------------

    def start(self) -> None:
        for name, target in (("daycast-live-mic", self.run), ("daycast-live-turn", self._turn_loop)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def press(self) -> None:
        """Push-to-talk pressed: interrupt the assistant and start listening."""
        self._pressed, self._release = True, False

    def release(self) -> None:
        """Push-to-talk released: the utterance ends and the turn starts."""
        if self._pressed:
            self._release = True

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening, cancel the turn, silence the player and end the threads."""
        self._cancel.cancel("assistant stopped")
        self.stop_reading_ahead()
        self._interrupt_turn("stopped")
        self.mic.close()
        self._turns.put(None)
        self._recognizer.close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout)

    def wait_for_turns(self, count: int, timeout: float) -> bool:
        """Block until ``count`` turns have finished or been interrupted (tests, benchmarks, scripts)."""
        with self._done:
            return self._done.wait_for(lambda: self._turns_done >= count, timeout)

    @property
    def _turns_done(self) -> int:
        """Turns finished or interrupted, and utterances dropped unheard (each would have been a turn)."""
        return len(self.stats.turns) + len(self.stats.interrupted) + self.stats.unheard

    @property
    def busy(self) -> bool:
        """A turn is running or its reply is still audible."""
        return self._active is not None or self.player.is_playing

    def emit(self, event: PipelineEvent) -> None:
        if self._on_event is not None:
            with self._event_lock:
                self._on_event(event)

    # -- microphone thread -----------------------------------------------------------------------

    def run(self) -> None:
        """The microphone loop (``start`` runs it in a thread); returns when the input ends or on stop."""
        try:
            for frame in self.mic.frames():
                if self._cancel.cancelled:
                    break
                self._on_frame(np.asarray(frame, np.float32))
        except DaycastError as exc:
            self.stats.problems.append(exc.message)
            self.emit(notice(exc.code, QT_TRANSLATE_NOOP("Notice", "Listening stopped: {reason}"), level="error",
                             reason=exc.message))
        finally:
            if self._utterance is not None and not self._cancel.cancelled:
                self._end_utterance(0.0)  # the input ended mid-utterance: answer what was said

    @property
    def stream_time(self) -> float:
        """Seconds of audio the microphone has delivered."""
        return self._samples / self.mic.sample_rate

    def _on_frame(self, frame: np.ndarray) -> None:
        at = self.stream_time
        self._samples += len(frame)
        state = self._detector.push(frame)
        probability = self._detector.last_probability
        audible = self._audible(at)
        if self._pressed and self._utterance is None:
            self._press_now(at)
        if self._utterance is None and (self._active is not None or audible):
            self._watch_for_barge_in(frame, probability, audible, at)
        if self._utterance is not None:
            self._collect(self._utterance, frame, state)
            return
        self._recent.append(frame)
        if self.options.mode == "hands_free" and state == "speech" and not audible and self._active is None:
            self._begin_utterance(heard=True)

    def _audible(self, at: float) -> bool:
        """The assistant can be heard now (or its echo may still ring, in half duplex)."""
        if self.player.is_playing:
            self._audible_until = at + (self.options.echo_tail if self.options.echo_guard == "half_duplex" else 0.0)
            return True
        if self._audible_until >= 0 and at >= self._audible_until:
            self._audible_until = -1.0
            if self._utterance is None:
                self._detector.reset()  # forget the echo so it cannot open an utterance
                self._gate.reset()
        return at < self._audible_until

    def _watch_for_barge_in(self, frame: np.ndarray, probability: float, audible: bool, at: float) -> None:
        if not self.options.barge_in or self.options.mode != "hands_free":
            return
        output = self._output_level() if audible else None
        if not self._gate.push(probability, rms_db(frame), output, at=at):
            return
        active = self._active
        if active is not None and not active.played and not audible and not active.capped:
            self._continue(active)  # the user paused, then went on: the same question, continued
        else:
            self._barge_in(self._gate.onset, "speech")
        self._begin_utterance(since=self._gate.onset)

    def _continue(self, active: _TurnJob) -> None:
        self._continues = active.audio
        self.stats.continued += 1
        self._interrupt_turn("continued")

    def _output_level(self) -> float:
        """The player's recent output level (the echo reference); a typical speech level when a player
        cannot say (a player wrapper without ``output_level``)."""
        level = getattr(self.player, "output_level", None)
        return float(level()) if callable(level) else -20.0

    def _press_now(self, at: float) -> None:
        if self._active is not None or self.player.is_playing:
            self._barge_in(at, "press")
        self._begin_utterance()

    def _barge_in(self, onset: float, reason: str) -> None:
        generating = self._active is not None
        cancelled_at = time.perf_counter()
        self._interrupt_turn(f"barge-in ({reason})")
        record = BargeIn(onset=onset, stopped=self.stream_time, generating=generating, reason=reason,
                         cancelled_at=cancelled_at)
        self.stats.barge_ins.append(record)
        self.emit(notice("assistant.barge_in", QT_TRANSLATE_NOOP("Notice", "Interrupted: listening."), level="info"))

    def _interrupt_turn(self, reason: str) -> None:
        with self._play_lock:  # the turn thread plays under this lock: nothing is queued after the stop
            if self._active is not None:
                self._active.cancel.cancel(reason)
            self.player.stop()

    def _begin_utterance(self, since: float | None = None, *, heard: bool = False) -> None:
        """``since``: the onset of an interruption; ``heard``: the frame that opened it was speech (a press
        opens one on whatever the microphone hears)."""
        keep = list(self._recent)
        frame_seconds = len(keep[-1]) / self.mic.sample_rate if keep else 0.032
        if self._continues is not None:  # the user went on talking before any reply was heard: all of it
            keep = [self._continues, *keep]
            self._continues = None
        else:  # the pre-roll before the start of speech (or before the interruption's onset)
            start = (self.stream_time if since is None else since) - self.options.pre_roll
            keep = keep[-max(1, round((self.stream_time - start) / frame_seconds)):]
        self._utterance = keep
        self._utterance_samples = sum(len(part) for part in keep)
        self._capped = False
        self.stop_reading_ahead()  # after _utterance is set: see _read_ahead
        self._utterance_id += 1
        self._recent.clear()
        self._speech_end = self.stream_time
        self._spec = None
        self._heard_speech = heard or since is not None
        self._partial_due = self.options.partial_interval

    def _collect(self, utterance: list[np.ndarray], frame: np.ndarray, state: str) -> None:
        if self._capped:  # push-to-talk past the cap: nothing more is recorded; the release sends it
            if self._release:
                self._end_utterance(0.0, capped=True)
            return
        utterance.append(frame)
        self._utterance_samples += len(frame)
        seconds = self._utterance_samples / self.mic.sample_rate
        silence = self.stream_time - self._speech_end
        if state == "speech":
            self._speech_end = self.stream_time
            self._heard_speech = True
            self._spec = None  # speech resumed: a speculative transcript would miss it
        elif (self.options.speculative_asr and self._spec is None and self._heard_speech
              and silence >= self.options.speculate_after
              and self._recognizer.decode_seconds <= self.options.max_speculation_cost):
            self._spec = self._recognizer.final(np.concatenate(utterance))
        if self.options.partial_interval and seconds >= self._partial_due and state == "speech":
            self._partial_due = seconds + self.options.partial_interval
            uid = self._utterance_id
            self._recognizer.partial(np.concatenate(utterance), lambda text: self._on_partial(uid, text))
        hands_free = self.options.mode == "hands_free" and not self._pressed
        if hands_free and state != "end" and not self._detector.in_utterance and silence >= self.options.end_silence:
            self._drop_utterance()  # a click or a cough: too little speech to answer
        elif (hands_free and state == "end") or self._release:
            self._end_utterance(0.0 if self._pressed else silence)
        elif seconds >= self.options.max_utterance:
            self._reach_cap(silence)

    def _reach_cap(self, silence: float) -> None:
        """The utterance is ``max_utterance`` long. Hands-free answers it now; push-to-talk keeps the press
        (the Talk button still says "release to send", and the release must not be lost) and answers at
        the release, its transcript made now."""
        if self._heard_speech:
            self._said_too_long()
        if not self._pressed:
            self._end_utterance(silence, capped=True)
            return
        self._capped = True
        if self._heard_speech and self._spec is None and self._utterance:
            self._spec = self._recognizer.final(np.concatenate(self._utterance))

    def _said_too_long(self) -> None:
        seconds = round(self.options.max_utterance)
        if self._pressed:
            self.emit(notice("assistant.too_long", QT_TRANSLATE_NOOP(
                "Notice", "That was a long one: only the first {seconds} seconds are heard. Let go of Talk to "
                          "send them."), seconds=seconds))
        else:
            self.emit(notice("assistant.too_long", QT_TRANSLATE_NOOP(
                "Notice", "That was a long one: answering the first {seconds} seconds."), seconds=seconds))

    def _drop_utterance(self) -> None:
        self._utterance, self._spec, self._continues = None, None, None
        self._utterance_samples = 0
        self._capped = False
        self._heard_speech = False

    def _on_partial(self, uid: int, text: str) -> None:
        if uid > self._answered_id:  # not after that utterance's final transcript
            self.emit(TextReady(TextKind.QUESTION, text, final=False))

    def _end_utterance(self, vad_end: float, *, capped: bool = False) -> None:
        if not self._heard_speech:  # a tap on Talk, or a silent hold: Whisper would invent "Thank you."
            self._drop_utterance()
            self._pressed = self._release = False
            self._detector.reset()
            self.emit(StageFinished(Stage.ASR, 0.0, {"speech": False}))  # for whoever waits on recognition
            self._unheard()
            return
        started = time.perf_counter()
        audio = np.concatenate(self._utterance) if self._utterance else np.zeros(0, np.float32)
        speculative = self._spec is not None
        transcript = self._spec if self._spec is not None else self._recognizer.final(audio)
        self._drop_utterance()
        self._pressed = self._release = False
        self._detector.reset()
        timings = TurnTimings(vad_end=max(0.0, vad_end), question_seconds=len(audio) / self.mic.sample_rate)
        job = _TurnJob(transcript, audio, started, timings, speculative, uid=self._utterance_id, capped=capped)
        self._active = job
        self._turns.put(job)
        self.stop_reading_ahead()  # after the put: see _read_ahead

    def _unheard(self) -> None:
        """Nothing to answer: say so (error level: it ends a front end's "Thinking…" as a failed turn does)."""
        self.stats.unheard += 1
        self.emit(notice("assistant.no_speech", QT_TRANSLATE_NOOP("Notice", "Didn't catch that. Please say it again."),
                         level="error"))
        with self._done:
            self._done.notify_all()

    # -- turn thread -------------------------------------------------------------------------------

    def _turn_loop(self) -> None:
        while (job := self._turns.get()) is not None:
            try:
                self._run_turn(job)
            finally:
                if self._active is job:
                    self._active = None
                with self._done:
                    self._done.notify_all()
            if self._reads_ahead and self._turns.empty():
                self._read_ahead()

    def _read_ahead(self) -> None:
        """While the reply plays and the user thinks, have the model read the conversation so far; the next
        utterance cancels it, so the next question never waits behind it."""
        token = CancelToken()
        self._ahead = token
        # Checked after publishing the token: the microphone thread sets _utterance (or queues a job) before
        # it cancels, so either it cancels this token or this sees the new utterance.
        if self._utterance is not None or not self._turns.empty() or self._cancel.cancelled:
            return
        try:
            self.session.read_ahead(token)
        except (Cancelled, DaycastError) as exc:  # the next turn reads it instead
            log.info("Reading the conversation ahead stopped: %s", exc)

    def stop_reading_ahead(self) -> None:
        """Cancel the model's reading ahead (each utterance does; a front end's own question should too)."""
        ahead = self._ahead
        if ahead is not None:
            ahead.cancel("the user spoke")

    def _run_turn(self, job: _TurnJob) -> None:
        try:
            text = job.transcript.wait(job.cancel)
            self._answered_id = max(self._answered_id, job.uid)
            job.timings.asr = time.perf_counter() - job.started
            self.emit(StageFinished(Stage.ASR, job.timings.asr, {"speculative": job.speculative,
                                                             "recognition_seconds": job.transcript.seconds}))
            if not text.strip():  # Whisper heard no words (its writing on silence is dropped)
                self._unheard()
                return
            for event in self._respond(text, job.cancel, job.timings, job.started):
                if isinstance(event, AudioReady):
                    with self._play_lock:
                        if job.cancel.cancelled:
                            raise Cancelled("barge-in")
                        self.player.play(event.chunk)
                        job.played = True
                elif isinstance(event, Finished):
                    self.stats.turns.append(event.result)
                self.emit(event)
        except Cancelled:
            self._record_cancel(job)
        except DaycastError as exc:
            self._failed(exc.code, exc.message)
        except Exception as exc:  # a bug in one turn must not end the listening (a kiosk runs all day)
            log.exception("A voice turn failed")
            self._failed("assistant.turn_failed", f"This turn failed ({type(exc).__name__}: {exc}); still listening")

    def _failed(self, code: str, message: str) -> None:
        self.stats.problems.append(message)
        self.stats.interrupted.append(f"failed: {message}")
        self.emit(Notice(code, message, level="error"))

    def _answer(self, text: str, cancel: CancelToken, timings: TurnTimings, started: float) -> Iterator[PipelineEvent]:
        return answer_text(text, self.session, cancel, started=started, timings=timings)

    def _record_cancel(self, job: _TurnJob) -> None:
        self.stats.interrupted.append(job.cancel.reason)
        if job.cancel.reason.startswith("barge-in") and self.stats.barge_ins and self.stats.barge_ins[-1].generating:
            record = self.stats.barge_ins[-1]
            if not record.cancel_seconds:
                record.cancel_seconds = time.perf_counter() - record.cancelled_at
