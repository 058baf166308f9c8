"""One voice turn on the real models (SmolLM2 for speed): events, timings, speech, commands, cancel."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.core.assistant.actions import NO_PODCAST, Actions, podcast_inputs
from app.core.assistant.context import ContextRequest, build_context
from app.core.assistant.session import AssistantOptions, AssistantSession, answer_text, answer_turn
from app.core.audio.player import NullPlayer
from app.core.events import AudioReady, Finished, StageFinished, TextReady
from engines.audio import resample
from engines.cancel import CancelToken
from engines.errors import Cancelled
from engines.metrics import contains_all, word_error_rate
from engines.text import split_sentences

DAY = date(2026, 3, 3)
UTC = ZoneInfo("UTC")


def session_for(engines, sources: Path | None = None, *, out: Path | None = None, budget: int = 400,
                player: NullPlayer | None = None, max_tokens: int = 40, grounded: bool = False) -> AssistantSession:
    """A session for the turn mechanics (timings, loops, commands): the model answers from the context
    alone unless ``grounded`` (retrieval, composed calendar answers and grounding: test_assistant_grounded.py)."""
    request = ContextRequest(sources=(sources,) if sources else (), day=DAY, tz=UTC, output_dir=out,
                             budget_tokens=budget)
    context = build_context(request, count_tokens=engines.llm.count_tokens)
    return AssistantSession(engines, context, player=player, context_request=request,
                            options=AssistantOptions(max_tokens=max_tokens, tell_time=False, grounded=grounded),
                            actions=Actions(output_dir=out, briefing_minutes=0.5))


def joined(chunks: list) -> np.ndarray:
    return np.concatenate([resample(c.samples, c.sample_rate, 16000) for c in chunks])


def test_spoken_question_becomes_a_spoken_reply_with_stage_timings(smol_engines, sources, say, whisper_asr) -> None:
    session = session_for(smol_engines, sources)
    smol_engines.llm.llama.reset()  # forget earlier tests' prompts: the warm-up reads the whole prefix
    warm = session.warm_up()
    question = "What time is my first meeting today?"
    events = list(answer_turn(say(question), session, CancelToken()))
    heard = next(e for e in events if isinstance(e, TextReady) and e.kind == "question")
    assert word_error_rate(question, heard.text) <= 0.15
    replies = [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"]
    chunks = [e.chunk for e in events if isinstance(e, AudioReady)]
    result = events[-1].result
    assert isinstance(events[-1], Finished) and replies and chunks
    assert [e.index for e in events if isinstance(e, AudioReady)] == list(range(len(chunks)))
    assert " ".join(replies).split() == result.reply.split()
    t = result.timings
    assert 0 < t.asr < t.end_to_end
    assert 0 < t.llm_first_token <= t.first_clause
    assert 0 < t.tts_first_audio < t.end_to_end
    assert t.end_to_end == pytest.approx(t.asr + t.first_clause + t.tts_first_audio, abs=0.25)
    assert t.audio_seconds == pytest.approx(sum(c.duration for c in chunks))
    # The system prompt and context were read once (warm-up); the turn only read the question.
    assert t.llm_first_token < 0.6 * warm
    first_sentence = replies[0] if len(replies) == 1 else " ".join(replies[:2])
    assert not contains_all(whisper_asr.transcribe_text(joined(chunks)), [first_sentence])  # the audio says it
    assert [e.question for e in session.conversation.exchanges] == [heard.text]
    assert any(isinstance(e, StageFinished) and e.stage == "turn" for e in events)


def test_volume_speed_and_stop_commands_act_without_the_model(smol_engines, piper_tts) -> None:
    player = NullPlayer()
    session = session_for(smol_engines, player=player)
    louder = list(answer_text("Louder, please!", session))
    assert player.volume == session.volume == pytest.approx(1.4)
    assert louder[-1].result.reply == "Okay, louder."
    assert louder[-1].result.timings.llm_first_token == 0.0  # no model call for a command
    slow = list(answer_text("Slow down a little.", session))
    assert session.speed == pytest.approx(0.85)
    reply = slow[-1].result.reply
    spoken = sum(e.chunk.duration for e in slow if isinstance(e, AudioReady))
    # Piper's durations vary a few percent from run to run: slower than the longest of three at speed 1.
    normal = max(sum(c.duration for c in piper_tts.synthesize(reply)) for _ in range(3))
    assert spoken > normal  # the confirmation is already spoken more slowly
    player.play(slow[1].chunk if isinstance(slow[1], AudioReady) else next(
        e.chunk for e in slow if isinstance(e, AudioReady)))
    stopped = list(answer_text("Stop.", session))
    assert len(player.stops) == 1
    assert not any(isinstance(e, AudioReady) for e in stopped)
    assert session.conversation.exchanges == []  # commands are not conversation


def test_cancel_during_the_reply_stops_it_and_remembers_the_cut(smol_engines, sources) -> None:
    session = session_for(smol_engines, sources, max_tokens=200)
    cancel = CancelToken()
    stream = answer_text("Tell me a long story about llamas and houseboats.", session, cancel)
    cancelled_at = 0.0
    said: list[str] = []
    with pytest.raises(Cancelled):
        for event in stream:
            if isinstance(event, TextReady):
                said.append(event.text)
            if isinstance(event, AudioReady) and not cancelled_at:
                cancel.cancel("barge-in")
                cancelled_at = time.perf_counter()
    assert time.perf_counter() - cancelled_at < 1.0
    exchange = session.conversation.exchanges[-1]
    assert exchange.interrupted and exchange.question.startswith("Tell me a long story")
    # remembered as the sentences said, not the model's unsaid (and unchecked) rest
    assert exchange.answer and all(sentence in said for sentence in split_sentences(exchange.answer))


def test_podcast_command_says_plainly_when_it_is_turned_off(smol_engines) -> None:
    session = session_for(smol_engines)
    session.actions = Actions(podcast=None)
    events = list(answer_text("Make a podcast about the harbour ferries.", session))
    result = events[-1].result
    assert result.intent.kind == "podcast" and result.intent.argument == "the harbour ferries"
    assert result.reply == NO_PODCAST
    assert any(isinstance(e, AudioReady) for e in events)


def test_podcast_request_finds_the_files_it_means(smol_engines, sources, tmp_path) -> None:
    session = session_for(smol_engines, sources)
    errands = sources / "errands.md"
    assert podcast_inputs("my errands", session) == (errands,)  # by file name
    assert podcast_inputs("the invoice for Marco", session) == (errands,)  # by what the file says
    assert podcast_inputs(str(errands), session) == (errands,)  # a path
    assert podcast_inputs("submarine races", session) == ()
    events = list(answer_text("Make a podcast about submarine races.", session))
    assert "I found nothing about submarine races" in " ".join(
        e.text for e in events if isinstance(e, TextReady) and e.kind == "reply")
    assert not list(tmp_path.glob("**/podcast-*.mp3"))


@pytest.mark.slow
def test_make_a_podcast_by_voice_runs_the_podcast_pipeline(smol_engines, sources, tmp_path) -> None:
    out = tmp_path / "out"
    session = session_for(smol_engines, sources, out=out)
    session.actions.podcast_minutes = 0.5
    events = list(answer_text("Make a podcast about my errands.", session))
    episode = events[-1].result.detail
    assert episode.audio_path.is_file() and episode.audio_path.parent == out
    assert episode.duration > 10
    spoken = " ".join(e.text for e in events if isinstance(e, TextReady) and e.kind == "reply")
    assert "Your podcast about my errands is ready" in spoken


def test_brief_me_runs_the_briefing_and_the_assistant_then_knows_it(smol_engines, sources, tmp_path) -> None:
    out = tmp_path / "out"
    session = session_for(smol_engines, sources, out=out)
    events = list(answer_text("Brief me.", session))
    assert (out / "briefing-2026-03-03.mp3").is_file()
    assert (out / "briefing-2026-03-03.txt").is_file()
    spoken = " ".join(e.text for e in events if isinstance(e, TextReady) and e.kind == "reply")
    assert "Quarterly llama grooming review" in spoken
    assert sum(isinstance(e, AudioReady) for e in events) >= 3
    assert session.context.briefing_path == out / "briefing-2026-03-03.txt"
    assert "Today's briefing said:" in session.conversation.system


def test_a_sentence_the_model_repeats_is_spoken_once(smol_engines, whisper_asr, replay_llm) -> None:
    from dataclasses import replace

    looping = replay_llm("I'm not sure. I'm not sure. Please check your calendar. I'm NOT sure!")
    session = session_for(replace(smol_engines, llm=looping))
    events = list(answer_text("When is my dentist appointment?", session))
    replies = [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"]
    assert replies == ["I'm not sure.", "Please check your calendar."]
    assert events[-1].result.reply == "I'm not sure. Please check your calendar."
    assert session.conversation.exchanges[-1].answer == "I'm not sure. Please check your calendar."
    heard = whisper_asr.transcribe_text(joined([e.chunk for e in events if isinstance(e, AudioReady)]))
    assert heard.lower().count("sure") == 1


def test_burst_threads_use_every_core_only_on_an_idle_machine() -> None:
    from app.core.assistant.session import burst_threads

    assert burst_threads(cores=2, others=0.1) == 2
    assert burst_threads(cores=2, others=0.9) == 1  # a busy machine: spinning threads would stall each other
    assert burst_threads(cores=8, others=0.7) == 7
    assert burst_threads(cores=1, others=0.0) == 1


class ThreadLog:
    """The real model, recording the thread counts the turn asks for (and passing them on)."""

    def __init__(self, inner) -> None:
        self.inner, self.info, self.n_ctx, self.calls, self.pieces = inner, inner.info, inner.n_ctx, [], 0

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def set_threads(self, threads: int) -> None:
        self.calls.append((threads, self.pieces))  # and how much of the reply had been written by then
        self.inner.set_threads(threads)

    def stream_chat(self, request, cancel=None):
        for item in self.inner.stream_chat(request, cancel):
            self.pieces += 1
            yield item


def test_the_model_gets_every_core_until_speech_runs_beside_it(smol_engines, monkeypatch) -> None:
    from dataclasses import replace

    import llama_cpp

    import app.core.assistant.session as assistant

    monkeypatch.setattr(assistant, "burst_threads", lambda others: 2)
    monkeypatch.setattr(assistant, "llm_threads", lambda: 1)
    log = ThreadLog(smol_engines.llm)
    session = session_for(replace(smol_engines, llm=log), max_tokens=60)
    events = list(answer_text("Tell me three things about llamas, in three sentences.", session))
    replies = [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"]
    assert len(replies) >= 2, replies
    assert [threads for threads, _ in log.calls] == [2, 1]  # burst, then one core left to speech
    assert log.calls[0][1] == 0 and log.calls[1][1] >= 2  # burst from the start; the switch after the first clause
    ctx = smol_engines.llm.llama.ctx
    assert (llama_cpp.llama_n_threads(ctx), llama_cpp.llama_n_threads_batch(ctx)) == (1, 1)


def test_a_model_stuck_on_a_word_is_stopped_and_what_was_said_stands(smol_engines, replay_llm) -> None:
    from dataclasses import replace

    stuck = "The review is at ten. It is in the " + "llama's " * 40 + "barn. Bring snacks."
    looping = replay_llm(stuck)
    session = session_for(replace(smol_engines, llm=looping))
    events = list(answer_text("Where is the review?", session))
    assert [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"] == ["The review is at ten."]
    assert looping.given < 20  # stopped a few words into the loop, not at the end of the reply
    assert isinstance(events[-1], Finished) and events[-1].result.reply == "The review is at ten."


def test_a_reply_that_is_only_a_loop_becomes_an_apology(smol_engines, replay_llm) -> None:
    from dataclasses import replace

    from app.core.assistant.session import LOST_THREAD

    looping = replay_llm("The " + "llama's " * 40)
    session = session_for(replace(smol_engines, llm=looping))
    events = list(answer_text("Where is the review?", session))
    assert [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"] == [LOST_THREAD]
    assert any(isinstance(e, AudioReady) for e in events)


def test_repeated_sentences_stop_the_model_after_the_second_repeat(smol_engines, replay_llm) -> None:
    from dataclasses import replace

    looping = replay_llm("I'm not sure. " * 30)
    session = session_for(replace(smol_engines, llm=looping))
    events = list(answer_text("When is my dentist appointment?", session))
    assert [e.text for e in events if isinstance(e, TextReady) and e.kind == "reply"] == ["I'm not sure."]
    assert looping.given <= 12  # three sentences of four words, then stopped
