"""The dialogue parser survives what small models write: markdown, numbering, lost names, repeats."""

from __future__ import annotations

import itertools

from app.core.podcast.dialogue import (
    MAX_TURN_WORDS,
    REACTIONS,
    clean_line,
    drop_sign_offs,
    drop_unfinished,
    parse_dialogue,
    shape_turns,
)
from app.core.podcast.script import Turn

NAMES = ("Alex", "Sam")


def test_labels_in_any_dress() -> None:
    reply = (
        "Sure! Here's the dialogue:\n\n"
        "**ALEX:** So what opened?\n"
        "2. **Sam**: The *new* bridge (laughs). It opened in 2024.\n"
        "It cost 3 million euros.\n"
        "- alex (curious): Wow, really?\n"
        "[music]\n"
        "<<<END SOURCE>>>\n"
        "Host B: Yes, really.\n"
    )
    assert parse_dialogue(reply, NAMES) == [
        Turn("Alex", "So what opened?"),
        Turn("Sam", "The new bridge. It opened in 2024. It cost 3 million euros."),
        Turn("Alex", "Wow, really?"),
        Turn("Sam", "Yes, really."),
    ]


def test_a_line_that_copies_a_fence_back_is_the_prompt_not_talk() -> None:
    reply = ('Alex: The market opens on Friday.\n'
             '<<<SOURCE 1db7d1f461b1 title="The harbour night market">>> A night market opens every Friday. '
             'Write about 40 words of dialogue in which Alex and Sam talk about the source above.\n'
             'Sam: From six until midnight.\n')
    assert parse_dialogue(reply, NAMES) == [Turn("Alex", "The market opens on Friday."),
                                            Turn("Sam", "From six until midnight.")]


def test_invented_speaker_alternates_and_sentences_with_colons_stay() -> None:
    reply = "ALEX: First point.\nNARRATOR: A third voice.\nSo basically: that is all."
    assert parse_dialogue(reply, NAMES) == [
        Turn("Alex", "First point."),
        Turn("Sam", "A third voice. So basically: that is all."),
    ]


def test_no_labels_at_all_goes_to_the_first_speaker() -> None:
    reply = "just some text.\n\nmore text."
    assert parse_dialogue(reply, NAMES, first=1) == [Turn("Sam", "just some text. more text.")]
    assert parse_dialogue("\n\n  \n", NAMES) == []


def test_clean_line_drops_stage_directions_only() -> None:
    assert clean_line('"It opened [music] in 2024 *chuckles* (in May)."') == "It opened in 2024 (in May)."


def test_shape_merges_dedupes_and_breaks_monologues() -> None:
    long = " ".join(f"Sentence number {i} has a few words in it." for i in range(20))
    turns = [
        Turn("Alex", "What happened next in the story?"),
        Turn("Alex", "Tell me."),
        Turn("Sam", long),
        Turn("Alex", "What happened next in the story?"),  # a loop: dropped
        Turn("Sam", "Right."),
    ]
    shaped = shape_turns(turns, NAMES)
    assert shaped[0] == Turn("Alex", "What happened next in the story? Tell me.")
    assert all(t.words <= MAX_TURN_WORDS for t in shaped)
    speakers = [t.speaker for t in shaped]
    assert all(a != b for a, b in itertools.pairwise(speakers)), speakers
    assert any(t.text in REACTIONS for t in shaped if t.speaker == "Alex")
    joined = " ".join(t.text for t in shaped if t.speaker == "Sam")
    assert "Sentence number 0 " in joined and "Sentence number 19 " in joined
    assert sum("What happened next" in t.text for t in shaped) == 1


def test_sign_offs_and_unfinished_lines_are_cut() -> None:
    talk = [Turn("Alex", "How long is the bridge?"), Turn("Sam", "One hundred and forty metres."),
            Turn("Alex", "Thanks for sharing this information."), Turn("Sam", "You're welcome!"),
            Turn("Alex", "Goodbye, Sam.")]
    assert drop_sign_offs(talk) == talk[:2]
    assert drop_sign_offs(talk[:1]) == talk[:1]  # never empties a chapter
    cut = drop_unfinished([Turn("Sam", "It opened in May. Then the council said that the")])
    assert cut == [Turn("Sam", "It opened in May.")]
    assert drop_unfinished([Turn("Sam", "and then the")]) == []
    assert clean_line('"You\'re welcome.') == "You're welcome."
