"""WER and fact checks: numbers, abbreviations and punctuation must not count as errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.metrics import contains_all, edit_distance, normalize_words, word_error_rate
from engines.numwords import number_to_words, ordinal_to_words, parse_number_words, year_to_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hello, World!", ["hello", "world"]),
        ("Don’t stop; it's fine.", ["dont", "stop", "its", "fine"]),
        ("twelve", ["12"]),
        ("Twenty-six apples", ["26", "apples"]),
        ("one hundred and five", ["105"]),
        ("nine hundred ninety-nine", ["999"]),
        ("two thousand twenty six", ["2026"]),
        ("twenty twenty-six", ["2026"]),
        ("nineteen eighty-four", ["1984"]),
        ("twenty oh five", ["2005"]),
        ("twelve thirty", ["12", "30"]),
        ("12:30", ["12", "30"]),
        ("9.30", ["9", "30"]),
        ("three point five", ["3", "5"]),
        ("1,200 people", ["1200", "people"]),
        ("$12.50", ["12", "dollars", "50"]),
        ("12 dollars 50", ["12", "dollars", "50"]),
        ("$12 million", ["12000000", "dollars"]),
        ("twelve million dollars", ["12000000", "dollars"]),
        ("a 38.5-million-euro rebuild", ["a", "38500000", "euros", "rebuild"]),
        ("$3-billion", ["3000000000", "dollars"]),
        ("45%", ["45", "percent"]),
        ("forty five per cent", ["45", "percent"]),
        ("the twenty-first", ["the", "21st"]),
        ("the 21st", ["the", "21st"]),
        ("Dr. Patel", ["doctor", "patel"]),
        ("the U.S. at 9 a.m.", ["the", "us", "at", "9", "am"]),
        ("at 10.45am", ["at", "10", "45", "am"]),  # how Whisper once wrote "ten forty-five a.m."
        ("a 5km run on the 3rd", ["a", "5", "km", "run", "on", "the", "3rd"]),
        ("", []),
    ],
)
def test_normalize_words(text: str, words: list[str]) -> None:
    assert normalize_words(text) == words


@pytest.mark.parametrize("n", [0, 7, 13, 20, 21, 45, 99, 100, 101, 115, 340, 999, 1000, 2026, 12345, 1_000_000])
def test_number_words_round_trip(n: int) -> None:
    assert parse_number_words(number_to_words(n).replace("-", " ").split()) == [str(n)]


@pytest.mark.parametrize("year", [1350, 1492, 1900, 1984, 2000, 2005, 2010, 2026, 2099])
def test_year_words_round_trip(year: int) -> None:
    assert normalize_words(year_to_words(year)) == [str(year)]


@pytest.mark.parametrize(("n", "word"), [(1, "first"), (2, "second"), (3, "third"), (12, "twelfth"),
                                         (20, "twentieth"), (21, "twenty-first"), (99, "ninety-ninth")])
def test_ordinal_words(n: int, word: str) -> None:
    assert ordinal_to_words(n) == word


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999))
def test_any_number_in_words_equals_digits(n: int) -> None:
    assert word_error_rate(str(n), number_to_words(n)) == 0.0


def test_wer_counts_substitutions_insertions_deletions() -> None:
    assert word_error_rate("a b c d", "a x c") == pytest.approx(0.5)  # one substitution, one deletion
    assert word_error_rate("a b", "a b c d") == pytest.approx(1.0)  # two insertions over two words
    assert word_error_rate("the cat sat", "the cat sat") == 0.0
    assert edit_distance(["a", "b", "c"], ["c", "b", "a"]) == 2


def test_wer_ignores_number_and_abbreviation_spelling() -> None:
    ref = "Your meeting with Dr. Patel starts at 9:30 in room 12. It costs $12.50, up 45%."
    hyp = "your meeting with doctor patel starts at nine thirty in room twelve it costs 12 dollars 50 up 45 percent"
    assert word_error_rate(ref, hyp) == 0.0


def test_wer_empty_reference() -> None:
    assert word_error_rate("", "") == 0.0
    assert word_error_rate("", "something") == 1.0
    assert word_error_rate("...", "") == 0.0


def test_contains_all_reports_missing_facts() -> None:
    text = "The budget for 2026 is twelve million dollars, says Dr. Patel, up 3.5 percent."
    facts = ["Doctor Patel", "$12 million", "2026", "3.5%", "Alice", "budget for 2027"]
    assert contains_all(text, facts) == ["Alice", "budget for 2027"]


def test_contains_all_needs_words_together_and_whole() -> None:
    assert contains_all("the red car and a blue house", ["red house", "car"]) == ["red house"]
    assert contains_all("cartoon", ["car"]) == ["car"]


def test_contains_all_accepts_any_listed_spelling_of_a_fact() -> None:
    text = "From your notes, the Plummer has been called."
    assert contains_all(text, [("plumber", "plummer"), ("boiler", "boyler")]) == ["boiler"]
