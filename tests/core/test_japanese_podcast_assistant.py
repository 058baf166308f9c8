"""The podcast hosts and the assistant in Japanese: the hosts' opening, close and voices, words counted as
speaking time; the assistant hears a spoken Japanese question with Whisper base and is told to answer in
Japanese (the full answer from Qwen is a slow test)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.core.assistant.memory import system_prompt
from app.core.events import TextReady
from app.core.podcast import dialogue
from app.core.podcast.pipeline import _hosts_for_language, ensure_disclosure
from app.core.podcast.script import Host, Script, count_words
from app.core.podcast.writer import ScriptOptions, intro_chapter, outro_chapter
from app.core.settings import Settings
from engines.metrics import japanese_reading
from engines.paths import assets_dir
from engines.speech_util import resample

SOURCES_JA = assets_dir() / "demo" / "sources_ja"
DAY = date(2026, 12, 7)
QUESTION_JA = "今日の最初の予定は何ですか？"


def test_japanese_episode_opens_and_closes_in_japanese_with_the_disclosure() -> None:
    options = ScriptOptions(hosts=(Host("アキ", "kokoro:jf_alpha"), Host("ケン", "kokoro:jm_kumo")), language="ja")
    intro = intro_chapter(options, ["港町駅", "図書館"])
    assert intro.turns[0].text.startswith("この音声は、デイキャストがAIによる合成音声で生成しました。")
    assert "港町駅、図書館" in intro.turns[1].text
    outro = outro_chapter(options, ["港町駅"])
    assert outro.turns[-1].text == "また次回お会いしましょう。"
    script = Script(title="t", hosts=options.hosts, chapters=(intro, outro))
    assert ensure_disclosure(script, "full")[1] is False  # the Japanese disclosure counts as present


def test_japanese_words_are_counted_as_speaking_time() -> None:
    assert count_words("今日は晴れです。") == 4  # 7 characters, read in about the time of 4 English words
    assert count_words("Daycastの説明") == 2 + 1
    assert count_words("Good morning to you.") == 4


def test_japanese_dialogue_gets_japanese_reactions_and_japanese_voices() -> None:
    long_turn = "".join(f"港町駅の{n}番線の新しいホームは二年の工事を経て完成し、エレベーターが{n}基設置されました。"
                        for n in ("一", "二", "三", "四"))
    turns = dialogue.shape_turns([dialogue.Turn("アキ", "どうでしたか？"), dialogue.Turn("ケン", long_turn)],
                                 ("アキ", "ケン"))
    assert any(t.speaker == "アキ" and t.text in dialogue.REACTIONS_JA for t in turns[2:])
    hosts = _hosts_for_language((Host("Alex", "piper:en_US-joe-medium"), Host("Sam", "kokoro:jf_gongitsune")), "ja")
    assert hosts[0].voice == "kokoro:jf_alpha" and hosts[1].voice == "kokoro:jf_gongitsune"
    assert "Japanese" in dialogue.system_prompt("Daycast", ("A", "B"), language="ja")
    assert "日本語" in system_prompt("ja") and "日本語" not in system_prompt("en")


def _session(llm: object, lang: str = "ja", max_tokens: int = 120) -> object:
    from app.core.assistant.context import ContextRequest, build_context
    from app.core.assistant.session import AssistantOptions, AssistantSession, load_assistant_engines

    engines = load_assistant_engines(Settings(language=lang, device="cpu"), llm=llm)  # type: ignore[arg-type]
    request = ContextRequest(sources=(SOURCES_JA,), day=DAY, tz=ZoneInfo("Asia/Tokyo"))
    return AssistantSession(engines, build_context(request, count_tokens=engines.llm.count_tokens),
                            context_request=request, options=AssistantOptions(max_tokens=max_tokens))


def _spoken_question(kokoro_tts: object) -> np.ndarray:
    chunks = list(kokoro_tts.synthesize(QUESTION_JA, voice="jf_nezumi"))  # type: ignore[attr-defined]
    return resample(np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate, 16000)


def test_japanese_voice_turn_is_heard_by_whisper_base(smollm2: object, kokoro_tts: object) -> None:
    from app.core.assistant.session import answer_turn
    from app.core.events import TextKind

    session = _session(smollm2, max_tokens=8)  # the tiny model's reply is not the point; hearing is
    assert session.engines.asr.info.id == "whisper-base-ct2" and session.engines.language == "ja"
    assert session.engines.voice == "jf_alpha"
    assert "日本語" in session.request("テスト").messages[0].content
    events = list(answer_turn(_spoken_question(kokoro_tts), session))
    heard = next(e.text for e in events if isinstance(e, TextReady) and e.kind == TextKind.QUESTION)
    assert japanese_reading("最初の予定") in japanese_reading(heard), heard


@pytest.mark.slow
def test_japanese_voice_turn_answers_from_the_japanese_calendar(default_llm: object, kokoro_tts: object,
                                                                 tmp_path: Path) -> None:
    from app.core.assistant.session import answer_turn
    from app.core.events import TextKind

    session = _session(default_llm)
    events = list(answer_turn(_spoken_question(kokoro_tts), session))
    reply = "".join(e.text for e in events if isinstance(e, TextReady) and e.kind == TextKind.REPLY)
    assert any(japanese_reading(fact) in japanese_reading(reply) for fact in ("定例会議", "九時三十分")), reply
