"""The live loop on the real models, heard through ``FakeMicrophoneStream`` (the simulated microphone:
there is none on this machine) and played into a clocked ``NullPlayer`` that records every stop.

Stream time (audio delivered by the fake microphone) is what a listener experiences; the player runs
on the same clock, and the microphone can hear the player (echo) as a microphone beside a speaker would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pytest

from app.core.assistant.context import ContextRequest, build_context
from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.assistant.session import AssistantOptions, AssistantSession
from app.core.audio.microphone import RecoveringInput
from app.core.audio.player import NullPlayer
from app.core.events import AudioReady, Notice, PipelineEvent, TextReady
from engines.cancel import CancelToken

DAY = date(2026, 3, 3)
QUESTION = "What time is my first meeting today?"
LONG_QUESTION = "Tell me everything about my day today in detail please."
INTERRUPTION = "Wait what about tomorrow instead?"  # no comma: Piper would pause there
SILENCE = np.zeros(8000, np.float32)


@dataclass
class Recorder:
    """Every event with the stream time it arrived at."""

    clock: object
    events: list[tuple[float, PipelineEvent]] = field(default_factory=list)

    def __call__(self, event: PipelineEvent) -> None:
        self.events.append((self.clock(), event))  # type: ignore[operator]

    def questions(self, final: bool = True) -> list[str]:
        return [e.text for _, e in self.events if isinstance(e, TextReady) and e.kind == "question"
                and e.final == final]


def live_assistant(engines, sources, mic, player, options: LiveOptions, recorder: Recorder,
                   max_tokens: int = 40) -> LiveAssistant:
    request = ContextRequest(sources=(sources,), day=DAY, budget_tokens=300)
    context = build_context(request, count_tokens=engines.llm.count_tokens)
    # The live loop's mechanics (barge-in on a long reply): the model answers, no composed calendar answers.
    session = AssistantSession(engines, context, options=AssistantOptions(max_tokens=max_tokens, tell_time=False,
                                                                          grounded=False))
    session.warm_up()
    return LiveAssistant(engines, mic, player, options, session=session, on_event=recorder)


def run_script(live: LiveAssistant) -> None:
    live.start()
    live._threads[0].join(300)  # the microphone thread ends with the script
    live.stop()


def test_fake_microphone_barge_in_stops_playback_and_cancels_generation(
        smol_engines, sources, say, fake_microphone, step) -> None:
    player: NullPlayer
    live: LiveAssistant
    mic = fake_microphone([
        step(audio=SILENCE), step(audio=say(LONG_QUESTION), label="question"),
        # interrupted as soon as the reply is heard: a short answer could otherwise be fully written by then
        step(until=lambda: player.played_seconds > 0.0, label="reply", timeout=120),
        step(audio=say(INTERRUPTION), label="interruption"),
        step(until=lambda: len(live.stats.turns) >= 1 and not live.busy, timeout=120), step(audio=SILENCE),
    ])
    player = NullPlayer(clock=mic.now)
    recorder = Recorder(mic.now)
    options = LiveOptions(mode="hands_free", echo_guard="off", max_partial_decode=60.0)  # partials even here
    # long enough that the model is still writing when the interruption comes (drafting writes faster)
    live = live_assistant(smol_engines, sources, mic, player, options, recorder, max_tokens=320)
    run_script(live)

    assert len(live.stats.barge_ins) == 1
    barge = live.stats.barge_ins[0]
    onset = mic.step("interruption").started_at
    assert onset - 0.07 <= barge.onset  # set off by the interruption, not before it
    assert barge.stopped - onset <= 0.3  # playback stopped within 300 ms of stream time
    assert barge.stopped in player.stops
    assert barge.generating and "barge-in (speech)" in live.stats.interrupted
    assert barge.cancel_seconds < 0.5  # the generation noticed the cancel at once (wall time)
    first = live.session.conversation.exchanges[0]  # (a pause mid-question may have "continued" it)
    assert first.interrupted and first.question.startswith("Tell me everything")
    # Nothing of the interrupted reply was queued after the stop; the next audio answers the new question.
    after = [(t, e.text) for t, e in recorder.events
             if isinstance(e, TextReady) and e.kind == "question" and e.final and t >= barge.stopped]
    next_question = after[0][0]
    late = [t for t, e in recorder.events if isinstance(e, AudioReady) and barge.stopped <= t < next_question]
    assert late == []
    assert not [p for p in player.played if barge.stopped < p.start < next_question]
    # The interrupting speech, from its onset, became the next question (if the user's pause ended an
    # utterance early, the rest continued that question: all of it is heard).
    last = after[-1][1].lower()
    assert "tomorrow" in last and "what" in last
    assert len(after) == 1 or live.stats.continued >= 1
    assert recorder.questions(final=False)  # partial transcripts while the user spoke


@pytest.mark.parametrize(("echo_guard", "interrupts_itself"), [("half_duplex", False), ("off", True)])
def test_fake_microphone_hears_the_assistant_at_minus_10_db(
        smol_engines, sources, say, fake_microphone, step, echo_guard: str, interrupts_itself: bool) -> None:
    player: NullPlayer
    live: LiveAssistant
    mic = fake_microphone([
        step(audio=SILENCE), step(audio=say(QUESTION)),
        step(until=lambda: bool(live.stats.turns or live.stats.barge_ins) and not player.is_playing, timeout=120),
        step(audio=SILENCE),
    ], echo_db=-10.0)
    player = NullPlayer(clock=mic.now)
    mic.echo_from = player
    recorder = Recorder(mic.now)
    live = live_assistant(smol_engines, sources, mic, player, LiveOptions(mode="hands_free", echo_guard=echo_guard),
                          recorder)
    run_script(live)
    assert player.played and max(p.end for p in player.played) > 0  # the assistant spoke into the room
    if interrupts_itself:  # without the guard, speakers make the assistant interrupt itself
        assert live.stats.barge_ins
        return
    assert live.stats.barge_ins == []
    assert not any(p.stopped for p in player.played)  # the reply played to its end
    assert all(t >= max(p.end for p in player.played) for t in player.stops)  # (stop() on shutdown only)
    assert len(live.stats.turns) == 1 and live.stats.interrupted == []


def test_fake_microphone_loud_interruption_gets_through_the_echo_guard(
        smol_engines, sources, say, fake_microphone, step) -> None:
    player: NullPlayer
    live: LiveAssistant
    mic = fake_microphone([
        step(audio=SILENCE), step(audio=say(LONG_QUESTION)),
        step(until=lambda: player.played_seconds >= 0.6, timeout=120),
        step(audio=say("Stop!"), gain_db=4.0, label="interruption"), step(audio=SILENCE),
    ], echo_db=-10.0)
    player = NullPlayer(clock=mic.now)
    mic.echo_from = player
    live = live_assistant(smol_engines, sources, mic, player, LiveOptions(mode="hands_free"), Recorder(mic.now),
                          max_tokens=160)
    run_script(live)
    assert len(live.stats.barge_ins) == 1
    barge = live.stats.barge_ins[0]
    assert barge.stopped - mic.step("interruption").started_at <= 0.35


def test_fake_microphone_push_to_talk_and_press_to_interrupt(smol_engines, sources, say, fake_microphone,
                                                             step) -> None:
    player: NullPlayer
    live: LiveAssistant

    def press() -> bool:
        live.press()
        return True

    def release() -> bool:
        live.release()
        return True

    pressed_at: list[float] = []

    def press_while_playing() -> bool:
        if player.played_seconds >= 0.2:
            pressed_at.append(mic.now())
            live.press()
            return True
        return False

    mic = fake_microphone([
        step(audio=say(QUESTION)),  # not pressed: ignored
        step(until=press), step(audio=say(QUESTION)), step(until=release), step(audio=SILENCE[:1024]),
        step(until=press_while_playing, timeout=120, label="press"), step(audio=SILENCE),
    ])
    player = NullPlayer(clock=mic.now)
    recorder = Recorder(mic.now)
    live = live_assistant(smol_engines, sources, mic, player, LiveOptions(mode="push_to_talk"), recorder,
                          max_tokens=120)
    run_script(live)
    assert len(recorder.questions()) == 1  # only the pressed question was answered
    assert [b.reason for b in live.stats.barge_ins] == ["press"]
    barge = live.stats.barge_ins[0]
    assert player.stops[0] == barge.stopped
    assert barge.stopped - pressed_at[0] <= 0.064  # silent within two frames of the press


def test_fake_microphone_unplugged_mid_session_is_recovered(smol_engines, sources, say, fake_microphone,
                                                            step) -> None:
    problems: list[str] = []
    first = fake_microphone([step(audio=SILENCE), step(audio=SILENCE)], fail_at=0.5)
    second = fake_microphone([step(audio=SILENCE), step(audio=say(QUESTION)),
                              step(until=lambda: bool(live.stats.turns), timeout=120)], start_at=0.5)
    mic = RecoveringInput(first, lambda: second, cancel=CancelToken(), on_problem=problems.append,
                          backoff=(0.05,))
    player = NullPlayer(clock=lambda: live.stream_time)
    recorder = Recorder(lambda: live.stream_time)
    live = live_assistant(smol_engines, sources, mic, player, LiveOptions(mode="hands_free"), recorder)
    run_script(live)
    assert mic.reopens == 1 and "stopped delivering audio" in problems[0]
    assert len(live.stats.turns) == 1 and "first meeting" in live.stats.turns[0].question.lower()
    assert not [e for _, e in recorder.events if isinstance(e, Notice) and e.level == "error"]


def test_fake_microphone_a_turn_that_fails_unexpectedly_leaves_the_loop_listening(
        smol_engines, sources, say, fake_microphone, step) -> None:
    heard: list[str] = []

    def responder(text: str, cancel: CancelToken, timings: object, started: float) -> Iterator[PipelineEvent]:
        heard.append(text)
        if len(heard) == 1:
            raise RuntimeError("boom")
        return iter(())

    def answered(count: int) -> Callable[[], bool]:
        return lambda: len(heard) >= count

    mic = fake_microphone([step(audio=say(QUESTION)), step(audio=SILENCE), step(until=answered(1), timeout=60),
                           step(audio=say("What about tomorrow?")), step(audio=SILENCE),
                           step(until=answered(2), timeout=60)])
    recorder = Recorder(mic.now)
    live = LiveAssistant(smol_engines, mic, NullPlayer(clock=mic.now), LiveOptions(mode="hands_free"),
                         on_event=recorder, responder=responder)
    run_script(live)
    assert len(heard) == 2 and "tomorrow" in heard[1].lower()  # the second question was still heard
    assert live.stats.problems == ["This turn failed (RuntimeError: boom); still listening"]
    assert [e.code for _, e in recorder.events if isinstance(e, Notice)] == ["assistant.turn_failed"]


def test_fake_microphone_after_a_turn_the_model_has_already_read_the_conversation(
        smol_engines, sources, say, fake_microphone, step) -> None:
    done: list[bool] = []
    mic = fake_microphone([step(audio=say(QUESTION)), step(audio=SILENCE), step(until=lambda: bool(done), timeout=120)])
    live = live_assistant(smol_engines, sources, mic, NullPlayer(clock=mic.now), LiveOptions(mode="hands_free"),
                          Recorder(mic.now))
    read_ahead = live.session.read_ahead
    live.session.read_ahead = lambda cancel=None: done.append(read_ahead(cancel)) or done[-1]  # type: ignore[method-assign]
    run_script(live)
    assert done == [True] and live.session.conversation.exchanges
    llama, evaluated = smol_engines.llm.llama, []
    evaluate = llama.eval
    llama.eval = lambda tokens: (evaluated.append(len(tokens)), evaluate(tokens))[1]  # counts what is read
    try:
        list(smol_engines.llm.stream_chat(replace(live.session.request("And tomorrow?"), max_tokens=1)))
    finally:
        llama.eval = evaluate  # the engine's own eval (an instance attribute: it drafts tokens)
    # Only the new question and its chat template are read; without reading ahead, the last exchange
    # (the question and a reply of up to 40 tokens) would be read again first.
    assert evaluated and evaluated[0] <= smol_engines.llm.count_tokens("And tomorrow?") + 12, evaluated
