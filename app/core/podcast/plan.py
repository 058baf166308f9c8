"""Plan an episode before any model runs: topics from the documents' own structure, minutes shared by
section size, the names and figures each chapter must carry, notes picked from the source, and how
many words fit the asked minutes with these voices.

A long document with headings (or an outline, or numbered sections) becomes one chapter per main
section; neighbouring sections are merged when the minutes cannot carry them all. Notes for a
section are its own sentences, chosen in one pass (names, figures and the listener's focus first)
and kept in document order: no model reads the whole document, and every fact in the notes is the
source's own wording.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.compose import clean_untrusted
from app.core.documents import Document, Section
from app.core.podcast.script import WORDS_PER_MINUTE, Host, count_words
from app.core.sources.structure import main_sections
from engines.metrics import normalize_words

FORMATS = ("deep-dive", "brief", "critique", "debate")
BRIEF_MAX_MINUTES = 1.8
"""A brief is one host and under two minutes: written for this many."""
BRIEF_CAP_S = 118.0
"""A brief's hard limit once spoken, whatever the voice's pace (the mix cuts its last lines to fit)."""
MIN_CHAPTER_MINUTES = 0.8
"""A chapter shorter than this is a headline, not a discussion: fewer, merged chapters instead."""
MIN_SECTIONED_WORDS = 400
"""A document shorter than this stays one chapter whatever its headings."""

# Measured here: words of the script per minute of trimmed speech in rendered episodes (captions). Four
# 9-minute episodes of 2026-12-06: Piper joe 208-214, Kokoro gongitsune 153-161 (with 200 and 143 they came
# out 4-8% shorter than asked).
_VOICE_WPM = {"piper": 211.0, "kokoro": 157.0}
TURN_PAUSE_S = 0.33
"""Mean pause the mix puts between turns (mix.TURN_GAP, shorter after reactions and questions)."""
JINGLES_S = 6.0
CHAPTER_PAUSE_S = 1.0

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,3}\b")
_FIGURE = re.compile(
    r"(?<![\w.])(?:[£$€]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?:\s?(?:%|per cent|percent)|\s(?:million|billion|thousand)\b)?(?![\w])"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9(])")
_STOP_NAMES = frozenset({"the", "a", "an", "in", "on", "at", "by", "for", "of", "and", "but", "it", "this", "that",
                         "when", "after", "before", "during", "with", "from", "as", "his", "her", "their", "its",
                         # titles: the person is the name ("Osric Vell"), however the text styles them
                         "captain", "professor", "mayor", "doctor", "dr", "mr", "mrs", "ms", "miss", "sir",
                         "lady", "lord", "saint", "st", "president", "minister", "councillor", "judge"})


@dataclass
class Topic:
    """One chapter to write: its documents, the section text it comes from (structured documents),
    the notes the model reads, how many words it should get, and the facts it must carry."""

    title: str
    documents: list[Document]
    notes: str = ""
    target_words: int = 0
    section_text: str = ""
    """The section's own text; empty for a whole-document topic (condensed instead)."""
    size: int = 0
    """Words of source behind this topic: minutes are shared by it for sectioned documents."""
    facts: tuple[str, ...] = ()
    """Names and figures planned for this chapter, in the source's own spelling."""
    covered: tuple[str, ...] = field(default_factory=tuple)
    parts: tuple[str, ...] = ()
    """Titles of the sections merged into this topic (one when nothing was merged)."""
    part_texts: tuple[str, ...] = ()
    """Their texts: each merged section gets its share of the planned facts."""

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.source for d in self.documents))

    @property
    def structured(self) -> bool:
        return bool(self.section_text)


def format_minutes(fmt: str, minutes: float) -> float:
    return min(minutes, BRIEF_MAX_MINUTES) if fmt == "brief" else minutes


def chapter_capacity(minutes: float, max_chapters: int) -> int:
    """How many chapters the minutes can carry (at least one)."""
    return max(1, min(max_chapters, int(minutes / MIN_CHAPTER_MINUTES)))


def plan_topics(documents: Sequence[Document], max_chapters: int, minutes: float | None = None) -> list[Topic]:
    """One topic per main section of each structured long document, one per other document.

    Past the chapters the minutes allow, the smallest neighbouring sections of a document are merged;
    past ``max_chapters``, the shortest whole documents share a last chapter.
    """
    capacity = max_chapters if minutes is None else chapter_capacity(minutes, max_chapters)
    usable = [d for d in documents if count_words(d.text) >= 5]
    per_doc = [_document_topics(d) for d in usable]
    while sum(len(t) for t in per_doc) > capacity and any(len(t) > 1 for t in per_doc):
        largest = max((t for t in per_doc if len(t) > 1), key=len)
        _merge_smallest_pair(largest)
    topics = [t for group in per_doc for t in group]
    if len(topics) <= max_chapters:  # every document keeps its own chapter, however short the episode
        return topics
    by_size = sorted(topics, key=lambda t: t.size, reverse=True)
    kept = by_size[: max(1, max_chapters - 1)]
    rest = [d for t in by_size[len(kept):] for d in t.documents]
    ordered = [t for t in topics if t in kept]
    return [*ordered, Topic("More in brief", rest, size=sum(count_words(d.text) for d in rest))]


def _document_topics(doc: Document) -> list[Topic]:
    words = count_words(doc.text)
    sections = [s for s in main_sections(doc.sections) if count_words(s.text) >= 5]
    if len(sections) < 2 or words < MIN_SECTIONED_WORDS:
        return [Topic(chapter_title(doc.title, doc.text), [doc], size=words)]
    return [_section_topic(doc, s) for s in sections]


def _section_topic(doc: Document, section: Section) -> Topic:
    text = clean_untrusted(section.text)
    return Topic(chapter_title(section.title, text), [doc], section_text=text, size=count_words(text))


def _merge_smallest_pair(topics: list[Topic]) -> None:
    """Merge the neighbouring pair with the fewest words together (in place)."""
    index = min(range(len(topics) - 1), key=lambda i: topics[i].size + topics[i + 1].size)
    a, b = topics[index], topics[index + 1]
    parts = (*(a.parts or (a.title,)), *(b.parts or (b.title,)))
    title = f"{parts[0]} and {parts[1]}" if len(parts) == 2 else f"{parts[0]} to {parts[-1]}"
    merged = Topic(title, a.documents, parts=parts, part_texts=(*_texts(a), *_texts(b)),
                   section_text=f"{a.title}\n{a.section_text}\n\n{b.title}\n{b.section_text}",
                   size=a.size + b.size)
    topics[index : index + 2] = [merged]


def _texts(topic: Topic) -> tuple[str, ...]:
    return topic.part_texts or (topic.section_text,)


def topic_facts(topic: Topic, limit: int) -> tuple[str, ...]:
    """The facts a chapter must carry: for merged sections, an even share from each (in order)."""
    texts = _texts(topic) if topic.structured else (topic.notes,)
    per = [list(key_facts(text, limit)) for text in texts]
    out: list[str] = []
    while len(out) < limit and any(per):
        for facts in per:
            while facts and facts[0] in out:
                facts.pop(0)
            if facts and len(out) < limit:
                out.append(facts.pop(0))
    return tuple(out)


def chapter_title(title: str, text: str) -> str:
    title = clean_untrusted(title).strip() or clean_untrusted(text).split("\n", 1)[0]
    title = re.sub(r"\s+", " ", title)
    return title if len(title) <= 80 else title[:77].rsplit(" ", 1)[0] + "…"


# -- facts and notes -----------------------------------------------------------------------------


def key_facts(text: str, limit: int) -> tuple[str, ...]:
    """Up to ``limit`` names (multi-word capitalised, not sentence-initial stop words) and figures,
    the most repeated first, alternating names and figures so a chapter gets both."""
    names = Counter(_clean_name(m.group(0)) for m in _NAME.finditer(text))
    names.pop("", None)
    figures = Counter(m.group(0).strip() for m in _FIGURE.finditer(text) if _worth_saying(m.group(0)))
    ranked_names = [n for n, _ in names.most_common()]
    ranked_figures = [f for f, _ in figures.most_common()]
    out: list[str] = []
    while len(out) < limit and (ranked_names or ranked_figures):
        for pool in (ranked_names, ranked_figures):
            if pool and len(out) < limit:
                out.append(pool.pop(0))
    return tuple(out)


def _clean_name(name: str) -> str:
    words = name.replace("-", " - ").split()
    while words and words[0].casefold() in _STOP_NAMES:
        words = words[1:]
    cleaned = " ".join(words).replace(" - ", "-")
    return cleaned if len(cleaned.split()) >= 2 or "-" in cleaned else ""


def _worth_saying(figure: str) -> bool:
    digits = re.sub(r"\D", "", figure)
    return bool(digits) and (len(digits) >= 2 or "%" in figure or "cent" in figure)


def pick_notes(text: str, words: int, facts: Sequence[str], focus: str = "") -> str:
    """The section's own sentences, about ``words`` long: those carrying planned facts first, then
    those about the focus, then names and numbers, then the opening; kept in document order."""
    sentences = [s.strip() for p in re.split(r"\n\s*\n|\n", text) for s in _SENTENCE.split(p) if s.strip()]
    if count_words(" ".join(sentences)) <= words:
        return "\n".join(sentences)
    focus_words = {w for w in re.findall(r"[a-z]{4,}", focus.casefold())}
    remaining = list(facts)
    scored = []
    for index, sentence in enumerate(sentences):
        score = 0.0
        for fact in remaining:
            if fact in sentence:
                score += 3.0
        score += 1.5 * len(focus_words & set(re.findall(r"[a-z]{4,}", sentence.casefold())))
        score += 0.5 * len(_FIGURE.findall(sentence)) + 0.5 * len(_NAME.findall(sentence))
        score += 1.0 / (1 + index)  # the opening sets the scene
        scored.append((score, index))
    chosen: set[int] = set()
    used = 0
    for _, index in sorted(scored, key=lambda item: (-item[0], item[1])):
        size = count_words(sentences[index])
        if used + size > words and chosen:
            continue
        chosen.add(index)
        used += size
        if used >= words:
            break
    return "\n".join(sentences[i] for i in sorted(chosen))


def facts_said(facts: Sequence[str], text: str) -> tuple[str, ...]:
    """The planned facts that occur in ``text``, compared as normalised words ("1,900" = "nineteen
    hundred", "4.6" = "four point six"), so a transcript heard back by ASR can be checked the same way."""
    said_words = normalize_words(text)
    joined = f" {' '.join(said_words)} "
    return tuple(fact for fact in facts if f" {' '.join(normalize_words(fact))} " in joined)


# -- length ---------------------------------------------------------------------------------------


def voice_wpm(host: Host) -> float:
    """Words a minute this host's voice speaks (trimmed speech, at its speed)."""
    engine = host.voice.split(":", 1)[0]
    return _VOICE_WPM.get(engine, float(WORDS_PER_MINUTE)) * host.speed


def words_for_minutes(minutes: float, hosts: Sequence[Host], *, share_first: float = 0.4,
                      chapters: int = 1, words_per_turn: float = 24.0) -> int:
    """Script words that fill ``minutes`` of episode with these voices: speech at each voice's rate
    (the first host asks, so speaks ``share_first`` of the words), the pauses between turns and
    chapters, and the jingles."""
    if len(hosts) == 1 or share_first >= 1.0:
        seconds_per_word = 60.0 / voice_wpm(hosts[0])
    else:
        seconds_per_word = 60.0 * (share_first / voice_wpm(hosts[0]) + (1 - share_first) / voice_wpm(hosts[1]))
    seconds_per_word += TURN_PAUSE_S / words_per_turn
    speech = minutes * 60.0 - JINGLES_S - CHAPTER_PAUSE_S * chapters
    return max(40, int(speech / seconds_per_word))


def share_by_size(topics: Sequence[Topic], body_words: int) -> None:
    """Sectioned topics: words in proportion to the section's size (a floor keeps small ones audible)."""
    total = sum(max(1, t.size) for t in topics)
    floor = min(60, body_words // max(1, 2 * len(topics)))
    for topic in topics:
        topic.target_words = max(floor, int(body_words * max(1, topic.size) / total))


def notes_words(target_words: int) -> int:
    """Source words a chapter reads for ``target_words`` of talk: enough facts, no more (prompt time)."""
    return max(120, min(650, int(target_words * 0.9)))


def facts_for(target_words: int) -> int:
    """How many names and figures a chapter of this length can carry without becoming a list."""
    return max(3, min(10, target_words // 35))
