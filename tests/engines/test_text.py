"""Sentence splitting, streaming sentence buffer and read-aloud normalisation."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.text import MAX_CHARS, SentenceBuffer, normalize_for_speech, speech_sentences, split_sentences

_WS = re.compile(r"\s")


def _squash(text: str) -> str:
    return _WS.sub("", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith arrived. He sat down.", ["Dr. Smith arrived.", "He sat down."]),
        ("Use a tool, e.g. a hammer. Then stop.", ["Use a tool, e.g. a hammer.", "Then stop."]),
        ("He moved to the U.S. The weather was better.", ["He moved to the U.S.", "The weather was better."]),
        ("The U.S. Senate voted today.", ["The U.S. Senate voted today."]),
        ("It grew 3.5 percent. Next year too.", ["It grew 3.5 percent.", "Next year too."]),
        ("We meet at 9:30. Bring coffee.", ["We meet at 9:30.", "Bring coffee."]),
        ("Wait... what? No way!", ["Wait... what?", "No way!"]),
        ("Well... maybe later.", ["Well... maybe later."]),
        ('I said "Hello." Then he left.', ['I said "Hello."', "Then he left."]),
        ('"Really?" she asked.', ['"Really?" she asked.']),
        ("(See the notes.) Then go.", ["(See the notes.)", "Then go."]),
        ("- Buy milk\n- Call Mom\n* Email Bob", ["- Buy milk", "- Call Mom", "* Email Bob"]),
        ("1. First item\n2. Second item", ["1. First item", "2. Second item"]),
        ("# Weather\nIt will rain today\nand tomorrow. Bring a coat", ["# Weather", "It will rain today and tomorrow.",
                                                                        "Bring a coat"]),
        ("Para one\n\nPara two", ["Para one", "Para two"]),
        ("See p. 5 and Fig. 3 here. Done.", ["See p. 5 and Fig. 3 here.", "Done."]),
        ("She works at Acme Inc. in Boston.", ["She works at Acme Inc. in Boston."]),
        ("He founded Acme Inc. The firm grew.", ["He founded Acme Inc.", "The firm grew."]),
        ("J. R. R. Tolkien wrote books. They sold.", ["J. R. R. Tolkien wrote books.", "They sold."]),
        ("Visit example.com. It is new.", ["Visit example.com.", "It is new."]),
        ("これは日本語です。次の文です。", ["これは日本語です。", "次の文です。"]),
        ("שלום עולם. מה שלומך?", ["שלום עולם.", "מה שלומך?"]),
        ("Hello. — ... OK.", ["Hello. — ...", "OK."]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_long_sentence_is_cut_at_a_clause_mark_then_commas() -> None:
    text = (
        "The meeting, which was scheduled for Monday, was moved to Tuesday because the room was booked, and the "
        "team lead, who had planned to present the quarterly results, asked everyone to prepare their updates in "
        "advance; however, several people were travelling, so the session was split into two parts, one in the "
        "morning and one in the afternoon, with a short break in between for lunch and informal discussion."
    )
    parts = split_sentences(text)
    assert len(parts) >= 2
    assert all(len(p) <= MAX_CHARS for p in parts)
    assert parts[0].endswith("advance;")
    assert all(p.endswith((",", ";", ".")) for p in parts)


def test_sentence_without_punctuation_is_cut_at_spaces() -> None:
    text = " ".join(["word"] * 200)
    parts = split_sentences(text)
    assert all(len(p) <= MAX_CHARS for p in parts)
    assert _squash("".join(parts)) == _squash(text)


def test_space_free_monster_is_hard_cut() -> None:
    text = "x" * 1000
    parts = split_sentences(text)
    assert [len(p) for p in parts] == [MAX_CHARS] * 4 + [120]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab .,!?…\"'()\n-*1:;US—", "Dr. ", "e.g. ", " The ", "3.5"])))
def test_split_never_loses_characters(pieces: list[str]) -> None:
    text = "".join(pieces)
    parts = split_sentences(text)
    assert _squash("".join(parts)) == _squash(text)
    assert all(p == p.strip() and p for p in parts)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_split_never_loses_characters_any_unicode(text: str) -> None:
    assert _squash("".join(split_sentences(text))) == _squash(text)


_STREAM_ALPHABET = st.sampled_from(
    ["Hello", " world", ". ", "Dr.", " Smith", ", ", "then", " The", " U.S.", " 3.5", "? ", "\n", "- item", " and",
     " eh", "!", " ", " St.", " Co.", " I", "van", " i", "s", "”"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_STREAM_ALPHABET, max_size=40))
def test_sentence_buffer_matches_split_on_whole_text(pieces: list[str]) -> None:
    buffer = SentenceBuffer()
    out: list[str] = []
    for piece in pieces:
        out += buffer.feed(piece)
    out += buffer.flush()
    assert out == split_sentences("".join(pieces))


def test_sentence_buffer_emits_a_sentence_on_the_first_letter_of_the_next_word() -> None:
    buffer = SentenceBuffer()
    assert buffer.feed("Dr. Smith is here.") == []  # "here.5" or "here.com" may follow
    assert buffer.feed(" Sh") == ["Dr. Smith is here."]  # a capital after ". " settles it: one token sooner
    assert buffer.feed("e is late. ") == []
    assert buffer.flush() == ["She is late."]
    assert buffer.pending == ""


@pytest.mark.parametrize(("head", "growing", "whole", "cut"), [
    ("We met at Acme Co.", " I", "van", False),  # "Co. Ivan" goes on; "Co. I" alone cannot tell
    ("She lives on Elm St.", " Th", "e", True),  # "St. The" ends the sentence, but only once "The" is whole
    ("It came from the U.S.", " It", "", True),
    ("Written by Ada I. ", " The", "o", False),  # two spaces after an initial: "I.  Theo" goes on
])
def test_after_an_abbreviation_the_whole_next_word_decides(head: str, growing: str, whole: str, cut: bool) -> None:
    buffer = SentenceBuffer()
    assert buffer.feed(head) == [] and buffer.feed(growing) == []
    assert buffer.feed(whole + " went") == ([head] if cut else [])


def test_sentence_buffer_char_by_char_long_text() -> None:
    text = "Well, I think so. " * 3 + "word " * 120 + "end."
    buffer = SentenceBuffer()
    out = [s for ch in text for s in buffer.feed(ch)]
    # the long unpunctuated run is released in pieces before the stream ends
    assert len(out) >= 4
    assert out + buffer.flush() == split_sentences(text)


def test_first_clause_is_emitted_early() -> None:
    buffer = SentenceBuffer(first_clause=True)
    text = "Well, I think the weather today, which is sunny, will stay nice. Dr. Smith agrees."
    out: list[str] = []
    for ch in text:
        out += buffer.feed(ch)
        if out:
            break
    assert out == ["Well, I think the weather today,"]
    assert not buffer.pending.endswith("agrees.")  # emitted long before the first sentence ended
    rest = buffer.feed(text[len(out[0]) + 1 + len(buffer.pending):]) + buffer.flush()
    assert rest == ["which is sunny, will stay nice.", "Dr. Smith agrees."]


@pytest.mark.parametrize(("reply", "clause"), [
    ("Your first meeting is at 9:30 AM; it is the design review.", "Your first meeting is at 9:30 AM;"),
    ("You have three things on today: a review, a lunch and a call.", "You have three things on today:"),
    ("The llama grooming review is in Barn Seven — bring the brushes.", "The llama grooming review is in Barn Seven —"),
])
def test_first_clause_also_ends_at_a_semicolon_colon_or_dash(reply: str, clause: str) -> None:
    buffer = SentenceBuffer(first_clause=True)
    out = [s for ch in reply for s in buffer.feed(ch)]
    assert out[0] == clause and len(out) == 1  # spoken before the sentence ends
    assert out + buffer.flush() == [clause, reply[len(clause):].strip()]


def test_a_range_with_an_en_dash_is_not_cut_into_a_first_clause() -> None:
    buffer = SentenceBuffer(first_clause=True)
    reply = "The library is open from 9 AM – 5 PM on weekdays."
    assert [s for ch in reply for s in buffer.feed(ch)] + buffer.flush() == [reply]


def test_first_clause_needs_five_words_and_only_once() -> None:
    buffer = SentenceBuffer(first_clause=True)
    assert buffer.feed("Yes, sure, ") == []
    assert buffer.feed("I can do that for you, gladly, and ") == ["Yes, sure, I can do that for you,"]
    assert buffer.feed("then some more words here, and more ") == []
    assert buffer.flush() == ["gladly, and then some more words here, and more"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visit https://www.example.com/path?q=1 now.", "Visit link to example dot com now."),
        ("Mail alice.b@example.co.uk today.", "Mail alice dot b at example dot co dot uk today."),
        ("It costs $12.50.", "It costs 12 dollars 50."),
        ("Only $1 or $0.99 or $12.", "Only 1 dollar or 99 cents or 12 dollars."),
        ("A €3.5 million deal and £20.", "A 3 point 5 million euros deal and 20 pounds."),
        ("Fees of 12.50 USD.", "Fees of 12 dollars 50."),
        ("It rose 45% and 3.5%.", "It rose 45 percent and 3 point 5 percent."),
        ("The 1st, 2nd, 23rd and 101st.", "The first, second, twenty-third and one hundred first."),
        ("The 1,000th customer won.", "The one thousandth customer won."),  # not "1,zeroth"
        ("Doors open at 7.30.", "Doors open at 7:30."),  # the full stop ends the sentence, not the time
        ("At 09:30, 9:00, 14:05 and 10:15 p.m.", "At 9:30, 9 o'clock, 14 oh 5 and 10:15 PM."),  # its stop ends the text
        ("Lunch at 12 pm.", "Lunch at 12 PM."),
        ("Due 2026-11-24.", "Due November 24, 2026."),
        ("Starts 2026-03-01T09:30:00Z.", "Starts March 1, 2026 at 9:30."),
        ("Born in 1984, not 1990s.", "Born in nineteen eighty-four, not nineteen nineties."),
        ("Sold 1,234 units.", "Sold 1234 units."),
        ("Apples, pears, etc. Then more.", "Apples, pears, et cetera. Then more."),
        ("Tools, e.g. hammers, i.e. mallets.", "Tools, for example hammers, that is mallets."),
        ("Dr. Smith and Mr. Brown.", "Doctor Smith and Mister Brown."),
        ("See No. 5 on Main St.", "See number 5 on Main Street."),
        ("It is 25°C outside.", "It is 25 degrees Celsius outside."),
        ("Salt & pepper.", "Salt and pepper."),
        ("**Bold** and _italic_ and `code`.", "Bold and italic and code."),
        ("## Heading\n> quoted line\n- bullet", "Heading\nquoted line\nbullet"),
        ("[the docs](https://x.org/a) ![logo](a.png)", "the docs logo"),
        ("<b>Big</b> news", "Big news"),
        ("Great job 🎉👍🏽! Flags 🇺🇸 and 👨‍👩‍👧 ❤️ ok", "Great job! Flags and ok"),
        ("ctrl\x00\x07chars\x1b[31mred\x1b[0m\r\nnext", "ctrlcharsred\nnext"),
        ("snake_case stays", "snake_case stays"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a, b\n\n1, 2"),
    ],
)
def test_normalize_for_speech_cases(text: str, expected: str) -> None:
    assert normalize_for_speech(text) == expected


@pytest.mark.parametrize("text", ["שלום עולם, מה שלומך?", "مرحبا بالعالم. كيف حالك؟", "می‌خواهم بروم"])
def test_rtl_text_passes_through_unchanged(text: str) -> None:
    assert normalize_for_speech(text) == text


def test_normalize_is_deterministic() -> None:
    text = "On 2026-11-24 at 09:30 Dr. Lee paid $12.50 (45%) via https://pay.example.com 🎉"
    assert normalize_for_speech(text) == normalize_for_speech(text)
    assert normalize_for_speech(text) == (
        "On November 24, 2026 at 9:30 Doctor Lee paid 12 dollars 50 (45 percent) via link to pay dot example dot com"
    )


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_normalize_never_raises_and_leaves_no_control_chars(text: str) -> None:
    out = normalize_for_speech(text)
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") and ch != "\n" for ch in out)


def test_speech_sentences_split_before_normalising() -> None:
    text = "Dr. Smith paid $12.50 on 2026-11-24. See https://example.com. Main St. The end etc. Next."
    assert speech_sentences(text) == [
        "Doctor Smith paid 12 dollars 50 on November 24, 2026.",
        "See link to example dot com.",
        "Main Street.",
        "The end et cetera.",
        "Next.",
    ]


def test_speech_sentences_drop_wordless_pieces() -> None:
    assert speech_sentences("🎉🎉\n---\nHi there.") == ["Hi there."]


def test_product_name_is_spelled_for_the_voice() -> None:
    from engines.text import normalize_for_speech

    assert normalize_for_speech("Made by Daycast.") == "Made by Day-cast."
    assert "Day-cast" not in normalize_for_speech("Daycasting is not the product name.")


def test_looping_spots_a_model_stuck_on_words_not_ordinary_repeats() -> None:
    from engines.text import looping

    assert looping("It is in the llama's llama's llama's llama's llama's")
    assert looping("the end voice's end voice's end voice's end voice's end voice's")
    assert not looping("It is in the llama's llama's llama's llama's barn")  # four times, then it moved on
    assert not looping("No, no, no. That is not it.")
    assert not looping("")


def test_a_long_sentence_is_not_cut_inside_a_range_with_an_en_dash() -> None:
    text = ("The community library on the corner of the main square will be open for the whole of the holiday season "
            "with extended evening hours and a reading corner for children, every weekday from 9 AM – 5 PM, and on "
            "Saturdays from 10 AM – 1 PM as usual.")
    spoken = speech_sentences(text)
    assert len(spoken) == 2 and spoken[0].endswith("from 9 AM to 5 PM,")
    assert spoken[1] == "and on Saturdays from 10 AM to 1 PM as usual."
    assert split_sentences("word " * 30 + "the plan changed – " + "again " * 10)[0].endswith("changed –")
