"""WebVTT and SRT: speakers, escaping, validation, and round trips of arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.audio.subtitles import (
    Cue,
    clean_speaker,
    clean_text,
    parse_srt,
    parse_vtt,
    to_srt,
    to_vtt,
)

CUES = [
    Cue(0.0, 2.5, "Welcome to Daycast & friends <live>.", "Ava"),
    Cue(2.5, 4.25, "Two lines:\nthe second one --> here", "Ben"),
    Cue(5.0, 3725.125, "No speaker here."),
]


def test_vtt_layout() -> None:
    text = to_vtt(CUES)
    assert text.startswith(
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Ava>Welcome to Daycast &amp; friends &lt;live&gt;."
    )
    assert "00:00:05.000 --> 01:02:05.125\nNo speaker here." in text
    assert "-->" not in text.replace(" --> ", "")  # text can never fake a timing line


def test_srt_layout() -> None:
    text = to_srt(CUES)
    assert text.startswith(
        "1\n00:00:00,000 --> 00:00:02,500\nAva: Welcome to Daycast & friends &lt;live>.\n\n2\n"
    )  # SRT has no escapes: only the "<" that would open a tag is written as an entity
    assert "\n3\n00:00:05,000 --> 01:02:05,125\nNo speaker here.\n" in text


def test_round_trips() -> None:
    assert parse_vtt(to_vtt(CUES)) == CUES
    assert parse_srt(to_srt(CUES), speakers={"Ava", "Ben"}) == CUES


def test_parse_vtt_from_elsewhere() -> None:
    document = (
        "\ufeffWEBVTT - made by hand\r\n\r\nNOTE a comment\r\nspanning lines\r\n\r\n"
        "STYLE\r\n::cue { color: red }\r\n\r\n"
        "intro-1\r\n00:01.000 --> 00:02.500 align:start position:10%\r\n<v.loud Ann Lee>Hi <b>there</b></v>\r\n\r\n"
        "00:00:03.000 --> 00:00:04.000\r\n<c.yellow>plain</c> &amp; simple\r\n"
    )
    assert parse_vtt(document) == [Cue(1.0, 2.5, "Hi there", "Ann Lee"), Cue(3.0, 4.0, "plain & simple")]
    with pytest.raises(ValueError, match="WEBVTT"):
        parse_vtt("1\n00:00:01,000 --> 00:00:02,000\nsrt, not vtt\n")


def test_parse_srt_guesses_speakers_without_a_list() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nDr Who: hello\n\n2\n00:00:02,000 --> 00:00:03,000\n<i>quiet</i>\n"
    assert parse_srt(text) == [Cue(1.0, 2.0, "hello", "Dr Who"), Cue(2.0, 3.0, "quiet")]
    assert parse_srt(text, speakers={"Ava"})[0] == Cue(1.0, 2.0, "Dr Who: hello")


@pytest.mark.parametrize(
    "cues",
    [
        [Cue(1.0, 0.5, "ends before it starts")],
        [Cue(-1.0, 0.5, "negative")],
        [Cue(0.0, 2.0, "a"), Cue(1.5, 3.0, "overlaps")],
        [Cue(2.0, 3.0, "b"), Cue(0.0, 1.0, "out of order")],
        [Cue(float("nan"), 1.0, "nan")],
    ],
)
def test_bad_cues_are_rejected(cues: list[Cue]) -> None:
    with pytest.raises(ValueError, match="cue"):
        to_vtt(cues)
    with pytest.raises(ValueError, match="cue"):
        to_srt(cues)


def test_control_characters_are_dropped_and_blank_lines_removed() -> None:
    text = to_vtt([Cue(0, 1, "bell\x07 and nul\x00\r\n\r\n\n  next line  \x1b[31m", "A\tB\n")])
    assert "\x07" not in text and "\x00" not in text and "\x1b" not in text
    (cue,) = parse_vtt(text)
    assert cue.text == "bell and nul\nnext line  [31m"
    assert cue.speaker == "A B"


# ---- property tests -----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),  # everything, incl. controls and RTL
    max_size=60,
)
_SPEAKERS = ["Ava", "Ben Ali", "مريم", "🎙 Host", "Zoë & Co <2>"]


@st.composite
def _cue_lists(draw: st.DrawFn) -> list[Cue]:
    count = draw(st.integers(0, 6))
    cues, clock = [], 0
    for _ in range(count):
        clock += draw(st.integers(0, 5000))
        length = draw(st.integers(1, 8000))
        speaker = draw(st.sampled_from(["", *_SPEAKERS]))
        cues.append(Cue(clock / 1000, (clock + length) / 1000, draw(_TEXT), speaker))
        clock += length
    return cues


def _expected(cues: list[Cue]) -> list[Cue]:
    return [Cue(c.start, c.end, clean_text(c.text), clean_speaker(c.speaker)) for c in cues]


@settings(max_examples=150, deadline=None)
@given(_cue_lists())
def test_vtt_round_trips_any_text(cues: list[Cue]) -> None:
    assert parse_vtt(to_vtt(cues)) == _expected(cues)


@settings(max_examples=150, deadline=None)
@given(_cue_lists())
def test_srt_round_trips_any_text_with_known_speakers(cues: list[Cue]) -> None:
    # SRT has no voice markup: only text that itself starts with "<known speaker>:" would be ambiguous
    unambiguous = [c for c in cues if not any(clean_text(c.text).startswith(f"{s}:") for s in _SPEAKERS)]
    document = to_srt(unambiguous)
    assert parse_srt(document, speakers=set(_SPEAKERS)) == _expected(unambiguous)


def test_srt_text_is_written_as_players_show_it() -> None:
    cue = Cue(0.0, 2.5, "Q&A: is 3 < 5 > 2? Say &amp; and <b>bold</b>.", "Ana & Bo")
    line = to_srt([cue]).splitlines()[2]
    assert line == "Ana & Bo: Q&A: is 3 < 5 > 2? Say &amp;amp; and &lt;b>bold&lt;/b>."
    assert parse_srt(to_srt([cue]), speakers={"Ana & Bo"}) == [cue]
    made_elsewhere = "1\n00:00:01,000 --> 00:00:02,000\n<i>Tom &amp; Jerry</i> & friends &lt\n"
    assert parse_srt(made_elsewhere) == [Cue(1.0, 2.0, "Tom & Jerry & friends &lt")]
