"""Japanese text for the ear: sentence splitting on 。！？, streaming without spaces, read-aloud
normalisation (babel and num2words), language detection and the character error rate."""

from __future__ import annotations

import pytest

from app.core.notices import language_notice
from engines import language
from engines.metrics import character_error_rate, japanese_reading, reading_error_rate
from engines.speech_norm_ja import normalize_for_speech_ja, spoken_date_ja, spoken_time_ja
from engines.text import SentenceBuffer, speech_sentences, split_sentences

TEXT = "会議は9:30からです。本当ですか？はい！「わかりました。」と彼は言った。"


def test_split_at_japanese_terminators_keeping_quoted_speech_whole() -> None:
    expected = ["会議は9:30からです。", "本当ですか？", "はい！", "「わかりました。」と彼は言った。"]
    assert split_sentences(TEXT) == expected


def test_long_japanese_sentence_is_cut_at_a_comma_not_mid_word() -> None:
    sentence = "、".join(["東京の新しい駅舎は二年の工事を経て完成しました"] * 12) + "。"
    pieces = split_sentences(sentence, max_chars=80)
    assert len(pieces) > 1 and all(len(p) <= 80 for p in pieces)
    assert all(p.endswith(("、", "。")) for p in pieces)
    assert "".join(pieces) == sentence


def test_streaming_japanese_hands_out_each_sentence_as_soon_as_the_next_begins() -> None:
    buffer = SentenceBuffer()
    heard: list[str] = []
    for index, ch in enumerate(TEXT):
        for sentence in buffer.feed(ch):
            heard.append(sentence)
            assert index < len(TEXT) - 1  # before the end of the stream
    heard += buffer.flush()
    assert heard == split_sentences(TEXT)
    assert len(heard) == 4


@pytest.mark.parametrize(("written", "said"), [
    ("2026-12-06に開業", "二千二十六年十二月六日に開業"),
    ("9:30から", "午前九時三十分から"),
    ("14:00に", "午後二時に"),
    ("3pmに", "午後三時に"),
    ("$5.50です", "五ドル五十セントです"),
    ("¥1,200です", "千二百円です"),
    ("23.5度", "二十三点五度"),
    ("売上は12%増", "売上は十二パーセント増"),
    ("4月1日", "四月一日"),
    ("電話は03-1234-5678", "電話は03-1234-5678"),
    ("詳しくは https://example.jp/a を見て", "詳しくは を見て"),
])
def test_japanese_normalisation(written: str, said: str) -> None:
    assert normalize_for_speech_ja(written) == said


def test_spoken_date_and_time_come_from_babel() -> None:
    from datetime import date

    assert spoken_date_ja(date(2026, 12, 7)) == "12月7日月曜日"
    assert spoken_time_ja(9, 30) == "午前9時30分"
    assert spoken_time_ja(18, 0) == "午後6時"


def test_japanese_voice_sentences_keep_japanese_and_english_voice_drops_it() -> None:
    assert speech_sentences("今日は晴れです。", japanese=True) == ["今日は晴れです。"]
    assert speech_sentences("今日は晴れです。", language="en-us") == []


def test_language_detection_and_choice() -> None:
    assert language.detect(["今日は港町駅の新しい駅舎が完成しました。"]) == "ja"
    assert language.detect(["The council approved 212 bike racks on Calder Avenue."]) == "en"
    assert language.detect(["Meeting notes", "会議のメモ: the budget is 48万円 and the deadline is Friday"]) is None
    mixed = language.choose("ja", ["The council approved 212 bike racks."])
    assert mixed.lang == "ja" and "sources are in English" in language_notice(mixed, "briefing").message
    assert language.choose("auto", ["港町の新しい駅舎"]).lang == "ja"
    assert language.choose("auto", []).lang == "en"
    assert language.asr_model_for("ja", "whisper-tiny.en-ct2") == "whisper-base-ct2"
    assert language.voice_for("ja", "piper:en_US-joe-medium", "briefing").startswith("kokoro:j")


def test_character_error_rate_ignores_punctuation_and_width() -> None:
    assert character_error_rate("会議は１２月です。", "会議は12月です") == 0.0
    assert character_error_rate("会議です", "会話です") == 0.25
    assert character_error_rate("", "") == 0.0


def test_reading_error_rate_treats_digits_and_kanji_numerals_alike() -> None:
    assert japanese_reading("12月6日") == japanese_reading("十二月六日")
    assert reading_error_rate("会議は12月6日の午前10時です。", "会議は十二月六日の午前十時です") == 0.0
    assert reading_error_rate("会議は12月6日です。", "会議は12月7日です") > 0.0
