"""The live loop's limits, heard through ``FakeMicrophoneStream`` (the simulated microphone: there is none on
this machine) on the real speech models: an utterance without speech is not answered, a long question is cut
at ``max_utterance`` (continuations included) and says so, and a new utterance stops the model reading ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from app.core.assistant.context import ContextRequest, build_context
from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.assistant.session import AssistantOptions, AssistantSession
from app.core.audio.player import NullPlayer
from app.core.events import Notice, PipelineEvent
from engines.cancel import CancelToken

QUESTION = "What time is my first meeting today?"
LONG_QUESTION = "Tell me everything about my day today in detail please."
SILENCE = np.zeros(8000, np.float32)
FRAME = 512 / 16000
# A room is never digitally silent: a quiet hiss under every "silent" step (seeded: the same each run).
HISS = (np.random.default_rng(7).standard_normal(16000 * 3) * 0.003).astype(np.float32)


@dataclass
class Heard:
    """A responder that records what it was asked (text, question seconds, stream time) and answers
    nothing; with ``hold`` it waits for its cancel (a slow model: the user goes on before any reply)."""

    clock: Callable[[], float]
    hold: bool = False
    asked: list[tuple[str, float, float]] = field(default_factory=list)

    def __call__(self, text: str, cancel: CancelToken, timings: object,
                 started: float) -> Iterator[PipelineEvent]:
        self.asked.append((text, timings.question_seconds, self.clock()))  # type: ignore[attr-defined]
        if self.hold:
            cancel.wait(120)
            cancel.check()
        return iter(())


@dataclass
class Events:
    clock: Callable[[], float]
    seen: list[tuple[float, PipelineEvent]] = field(default_factory=list)

    def __call__(self, event: PipelineEvent) -> None:
        self.seen.append((self.clock(), event))

    def notices(self, code: str) -> list[tuple[float, Notice]]:
        return [(t, e) for t, e in self.seen if isinstance(e, Notice) and e.code == code]


def run_script(live: LiveAssistant) -> None:
    live.start()
    live._threads[0].join(300)  # the microphone thread ends with the script
    live.stop()


def _do(action: Callable[[], None]) -> Callable[[], bool]:
    return lambda: action() or True


def test_fake_microphone_push_to_talk_tap_and_silent_hold_are_not_answered(
        smol_engines, say, fake_microphone, step) -> None:
    live: LiveAssistant

    def idle() -> bool:  # the release was handled (and any turn it started has ended)
        return live._utterance is None and live._turns.empty() and not live.busy

    mic = fake_microphone([
        step(audio=HISS[:8000]),
        step(until=_do(lambda: live.press())), step(audio=HISS[:2048]), step(until=_do(lambda: live.release())),
        step(audio=HISS[:8000]), step(until=idle, timeout=30),  # a quick tap on Talk
        step(until=_do(lambda: live.press())), step(audio=HISS), step(until=_do(lambda: live.release())),
        step(audio=HISS[:8000]), step(until=idle, timeout=30),  # Talk held for three seconds, nothing said
        step(until=_do(lambda: live.press())), step(audio=say(QUESTION)), step(until=_do(lambda: live.release())),
        step(until=lambda: bool(heard.asked), timeout=60), step(audio=SILENCE),
    ])
    heard, events = Heard(mic.now), Events(mic.now)
    live = LiveAssistant(smol_engines, mic, NullPlayer(clock=mic.now), LiveOptions(mode="push_to_talk"),
                         on_event=events, responder=heard)
    run_script(live)
    assert [text for text, _, _ in heard.asked] == [heard.asked[0][0]], heard.asked  # only the question
    assert "first meeting" in heard.asked[0][0].lower()
    missed = events.notices("assistant.no_speech")
    assert len(missed) == 2 and live.stats.unheard == 2
    assert "Didn't catch that" in missed[0][1].message and missed[0][1].level == "error"


def test_fake_microphone_hands_free_continuations_stop_at_max_utterance(
        smol_engines, say, fake_microphone, step) -> None:
    live: LiveAssistant
    cap = 4.0
    mic = fake_microphone([
        step(audio=SILENCE), step(audio=say(QUESTION)),
        step(until=lambda: bool(heard.asked), timeout=60),  # its turn started: the model is still thinking
        step(audio=say(LONG_QUESTION)),  # ... and the user goes on, past the cap
        step(audio=SILENCE), step(until=lambda: len(heard.asked) >= 3, timeout=30), step(audio=SILENCE),
    ])
    heard, events = Heard(mic.now, hold=True), Events(mic.now)
    live = LiveAssistant(smol_engines, mic, NullPlayer(clock=mic.now),
                         LiveOptions(mode="hands_free", max_utterance=cap), on_event=events, responder=heard)
    run_script(live)
    assert live.stats.continued >= 1  # the first pause made a continuation, as before
    longest = max(seconds for _, seconds, _ in heard.asked)
    assert longest <= cap + FRAME, heard.asked  # continuations are counted in samples and capped
    capped = events.notices("assistant.too_long")
    assert len(capped) == 1 and "first 4 seconds" in capped[0][1].message
    # Speech after the cap is not merged into the capped question again: it is heard as a new one.
    assert "please" in heard.asked[-1][0].lower(), heard.asked


def test_fake_microphone_push_to_talk_past_max_utterance_answers_at_the_release(
        smol_engines, say, fake_microphone, step) -> None:
    live: LiveAssistant
    cap = 2.0
    released: list[float] = []
    mic = fake_microphone([
        step(audio=SILENCE),
        step(until=_do(lambda: live.press())), step(audio=say(LONG_QUESTION)), step(audio=HISS[:8000]),
        step(until=_do(lambda: (released.append(mic.now()), live.release()))),
        step(until=lambda: bool(heard.asked), timeout=60), step(audio=SILENCE),
    ])
    heard, events = Heard(mic.now), Events(mic.now)
    live = LiveAssistant(smol_engines, mic, NullPlayer(clock=mic.now),
                         LiveOptions(mode="push_to_talk", max_utterance=cap), on_event=events, responder=heard)
    run_script(live)
    capped = events.notices("assistant.too_long")
    assert len(capped) == 1 and "Let go of Talk" in capped[0][1].message
    assert capped[0][0] < released[0]  # said while Talk was still held
    assert len(heard.asked) == 1 and live.stats.unheard == 0
    text, seconds, asked_at = heard.asked[0]
    assert seconds <= cap + FRAME and text.lower().startswith("tell me")
    assert asked_at >= released[0]  # the release sent it: it was not lost


def test_fake_microphone_a_new_utterance_cancels_reading_ahead(smol_engines, sources, say, fake_microphone,
                                                               step) -> None:
    tokens: list[CancelToken] = []
    when_spoken: list[bool] = []
    live: LiveAssistant
    mic = fake_microphone([
        step(audio=say(QUESTION)), step(audio=SILENCE),
        step(until=lambda: bool(tokens) and not live.busy, timeout=120),
        step(audio=say("What about tomorrow?")),
        step(until=_do(lambda: when_spoken.append(tokens[0].cancelled))),
        step(audio=SILENCE), step(until=lambda: len(live.stats.turns) >= 2, timeout=120),
    ])
    context = build_context(ContextRequest(sources=(sources,), day=date(2026, 3, 3), budget_tokens=300),
                            count_tokens=smol_engines.llm.count_tokens)
    session = AssistantSession(smol_engines, context, options=AssistantOptions(max_tokens=24, tell_time=False,
                                                                               grounded=False))
    read_ahead = session.read_ahead

    def recorded(cancel: CancelToken | None = None) -> bool:
        assert cancel is not None
        tokens.append(cancel)
        return read_ahead(cancel)

    session.read_ahead = recorded  # type: ignore[method-assign]
    live = LiveAssistant(smol_engines, mic, NullPlayer(clock=mic.now), LiveOptions(mode="hands_free"),
                         session=session)
    run_script(live)
    assert len(live.stats.turns) == 2
    assert when_spoken == [True], "the next question did not stop the model reading ahead"
    assert tokens[0].reason == "the user spoke"
