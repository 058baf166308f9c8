"""The long-document planner, before any model runs: chapters follow the document's main sections,
minutes are shared by section size, each chapter is given its section's names and figures, notes are
the section's own sentences, and the word budget fits the asked minutes with these voices."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.documents import Document, Section
from app.core.podcast.plan import (
    Topic,
    chapter_capacity,
    facts_said,
    pick_notes,
    plan_topics,
    voice_wpm,
    words_for_minutes,
)
from app.core.podcast.writer import DEFAULT_HOSTS, _carry_over, _plan_notes, plan_lengths
from app.core.sources.notes import load_note
from app.core.sources.structure import main_sections
from bench.longdoc import SECTIONS, write_long_document


@pytest.fixture(scope="module")
def long_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return load_note(write_long_document(tmp_path_factory.mktemp("long"), "md"))


def _plan(doc: Document, minutes: float, focus: str = "") -> list[Topic]:
    topics = plan_topics([doc], 10, minutes)
    plan_lengths(topics, words_for_minutes(minutes, DEFAULT_HOSTS, chapters=len(topics) + 2) - 80)
    list(_plan_notes(topics, focus))
    return topics


def test_ten_minutes_of_a_long_document_is_one_chapter_per_main_section(long_doc: Document) -> None:
    assert 40_000 <= len(long_doc.text) <= 50_000
    topics = _plan(long_doc, 10)
    assert [t.title for t in topics] == [s.title for s in SECTIONS]
    shares = [t.target_words / sum(x.target_words for x in topics) for t in topics]
    sizes = [t.size / sum(x.size for x in topics) for t in topics]
    assert shares == pytest.approx(sizes, abs=0.02)  # minutes shared by section size
    for topic, section in zip(topics, SECTIONS, strict=True):
        planned = set(topic.facts)
        assert set(section.names) <= planned, (topic.title, topic.facts)
        assert len(planned & set(section.figures)) >= 2, (topic.title, topic.facts)
        for fact in topic.facts:  # every planned fact is in the notes the model reads
            assert fact in topic.notes
        for line in topic.notes.splitlines():  # notes are the section's own sentences
            assert line in topic.section_text
        assert 120 <= len(topic.notes.split()) <= 650


def test_short_episodes_merge_neighbouring_sections(tmp_path: Path) -> None:
    doc = load_note(write_long_document(tmp_path, "md", scale=0.2))
    topics = _plan(doc, 3)
    assert len(topics) == chapter_capacity(3, 10) == 3
    assert [t.parts for t in topics] == [tuple(s.title for s in SECTIONS[i:i + 2]) for i in (0, 2, 4)]
    for topic, pair in zip(topics, (SECTIONS[0:2], SECTIONS[2:4], SECTIONS[4:6]), strict=True):
        for section in pair:  # each merged section keeps a share of the planned names
            assert set(section.names) & set(topic.facts), (section.title, topic.facts)


def test_short_or_flat_documents_stay_one_chapter() -> None:
    sections = (Section("One", "Alpha beta gamma delta."), Section("Two", "Epsilon zeta eta theta."))
    short = Document("Short note", "One\nAlpha beta gamma delta.\nTwo\nEpsilon zeta eta theta.", "n.md",
                     sections=sections)
    flat = Document("Flat", "word " * 900, "f.txt")
    assert [t.title for t in plan_topics([short, flat], 10, 10)] == ["Short note", "Flat"]


def test_word_budget_follows_the_voices_and_minutes() -> None:
    ten = words_for_minutes(10, DEFAULT_HOSTS, chapters=8)
    assert words_for_minutes(5, DEFAULT_HOSTS, chapters=8) < ten / 2 + 20
    assert 1300 <= ten <= 1700
    piper, kokoro = DEFAULT_HOSTS
    assert voice_wpm(piper) > voice_wpm(kokoro)  # measured: Piper joe speaks faster than Kokoro
    solo = words_for_minutes(1.5, (piper,), chapters=2)
    assert solo > words_for_minutes(1.5, DEFAULT_HOSTS, chapters=2)


def test_a_short_chapter_hands_its_words_to_the_next_ones() -> None:
    done, a, b = Topic("done", [], target_words=300), Topic("a", [], target_words=200), \
        Topic("b", [], target_words=100)
    _carry_over(done, 150, [a, b])
    assert (a.target_words, b.target_words) == (300, 150)


def test_focus_picks_the_sentences_about_it(long_doc: Document) -> None:
    lighthouse = main_sections(long_doc.sections)[3]
    plain = pick_notes(lighthouse.text, 60, ())
    focused = pick_notes(lighthouse.text, 60, (), focus="the museum and the cottages")
    assert "museum" in focused and "museum" not in plain


def test_facts_are_matched_as_spoken() -> None:
    said = facts_said(("1,900", "4.6", "86 million", "Osric Vell", "1781"),
                      "About nineteen hundred workers; the water rose four point six metres. "
                      "It cost eighty-six million pounds. Captain Osric Vell rowed.")
    assert said == ("1,900", "4.6", "86 million", "Osric Vell")


def test_each_format_gives_the_hosts_their_roles() -> None:
    from app.core.podcast.dialogue import Style, system_prompt

    names = ("Alex", "Sam")
    debate = system_prompt("Daycast", names, Style("debate", "costs, for city councillors"))
    assert "opposite sides" in debate and "Alex argues for" in debate and "Sam argues" in debate
    assert "costs, for city councillors" in debate
    assert "critic" in system_prompt("Daycast", names, Style("critique"))
    brief = system_prompt("Daycast", names, Style("brief"))
    assert "one-host" in brief and "SAM" not in brief
    assert "focus" not in system_prompt("Daycast", names)
