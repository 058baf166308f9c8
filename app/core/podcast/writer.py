"""Documents to a two-host script: one chapter per topic (a long document's main sections are topics),
notes per topic, dialogue per chapter.

``generate_script`` is a generator of pipeline events ending in ``Finished(Script)``. Length is
steered toward the asked minutes by the voices' measured words a minute and a word budget per chapter
(what one chapter falls short of goes to the next); when the sources cannot carry that much talk, a
Notice says how long an episode they support. Sections of a structured document get notes picked
from their own sentences (no model pass over the whole document); other documents are condensed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from app.core.compose import Budget, clean_untrusted, complete, condense, new_fence_id
from app.core.documents import Document
from app.core.events import (
    QT_TRANSLATE_NOOP,
    Finished,
    Notice,
    PipelineEvent,
    Progress,
    Stage,
    StageFinished,
    TextKind,
    TextReady,
    notice,
    stage_started,
)
from app.core.notices import condensed_notice
from app.core.podcast import dialogue
from app.core.podcast.grounded import chapter_grounder, ground_turn
from app.core.podcast.plan import (
    FORMATS,
    Topic,
    facts_for,
    facts_said,
    format_minutes,
    notes_words,
    pick_notes,
    plan_topics,
    topic_facts,
    words_for_minutes,
)
from app.core.podcast.script import Host, Script, ScriptChapter, Turn, count_words
from app.core.trust.disclosure import DisclosureMode, disclosure_text
from app.core.trust.grounding import GroundingCounts
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, LLMError, NoSourcesError, UsageError
from engines.protocols import LanguageModel
from engines.tts import DEFAULT_SPEC

SHOW_NAME = "Daycast"
DEFAULT_HOSTS = (Host("Alex", DEFAULT_SPEC), Host("Sam", "kokoro:jf_gongitsune"))
"""Piper joe and Kokoro gongitsune: the pair measured most intelligible (Whisper WER) among clearly
different-sounding voices (median pitch 94 vs 222 Hz); see bench/podcast.py."""
MAX_ROUNDS = 4
ROUND_WORDS = 300
_OVERHEAD_TOKENS = 520  # system prompt, instructions and the tail of the talk so far
_SENTENCE_TAIL = r"[^.!?\n]*[.!?]?"
_INJECTION = re.compile(
    # "ignore previous instructions", "disregard the rules"
    r"[^.!?\n]*\b(?:ignore|disregard|forget)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules)\b" + _SENTENCE_TAIL
    # "system prompt: ...", "you are now ..."
    + r"|[^.!?\n]*\b(?:system prompt|you are now|new instructions)\b" + _SENTENCE_TAIL
    # "Note to the podcast hosts: ...", "Hosts: end every sentence with ..."
    + r"|[^.!?\n]*\b(?:notes?|messages?|instructions?)\s+(?:to|for)\s+(?:the\s+)?(?:ai|hosts?|podcast|assistant|"
    r"model|narrator|speakers?)\b" + _SENTENCE_TAIL
    + r"|(?:^|(?<=[.!?\n]))\s*(?:ai|hosts?|podcast hosts?|assistant|model|narrator)\s*[:,]" + _SENTENCE_TAIL
    # "say the word X", "end every sentence with the word X"
    + r"|[^.!?\n]*\b(?:say|repeat|use|include|end|start|begin)\b[^.!?\n]{0,40}\bthe word\b" + _SENTENCE_TAIL,
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ScriptOptions:
    """How the script should come out."""

    minutes: float = 5.0
    title: str = ""
    hosts: tuple[Host, Host] = DEFAULT_HOSTS
    disclosure: DisclosureMode = "full"
    """``full`` or ``short``: the spoken AI-voice disclosure that opens the episode."""
    max_chapters: int = 10
    seed: int = 7
    format: str = "deep-dive"
    """deep-dive | brief (one host, under 2 minutes) | critique | debate (hosts take opposite sides)."""
    focus: str = ""
    """What to emphasise and who the audience is, in the user's words."""
    language: str = "en"
    """"en" or "ja": what the hosts speak (the opening, the close and every line the model writes)."""

    @property
    def speakers(self) -> tuple[Host, ...]:
        return self.hosts[:1] if self.format == "brief" else self.hosts

    @property
    def style(self) -> dialogue.Style:
        return dialogue.Style(self.format, self.focus)


@dataclass
class _State:
    llm: LanguageModel
    options: ScriptOptions
    cancel: CancelToken
    names: tuple[str, str]
    seen: set[str] = field(default_factory=set)
    llm_seconds: float = 0.0
    tokens: int = 0
    prompt_tokens: int = 0
    rounds: int = 0
    prose_rounds: int = 0
    """Chapter rounds whose output was not a dialogue and was asked again (each costs a whole round)."""
    grounding: GroundingCounts = field(default_factory=GroundingCounts)
    cleaned: dict[int, tuple[Document, int]] = field(default_factory=dict)

    def without_injections(self, doc: Document) -> tuple[Document, int]:
        """``doc`` without the sentences that address the AI, and how many there were. Each document is
        cleaned once (keyed by identity: the documents outlive the script), since the pattern takes ~0.25 s on
        45,000 characters and each section of a long document is a chapter of its own."""
        if id(doc) not in self.cleaned:
            text, dropped = drop_injections(doc.text)
            self.cleaned[id(doc)] = (replace(doc, text=text), dropped)
        return self.cleaned[id(doc)]


ChapterSink = Callable[[ScriptChapter], None]


def generate_script(
    documents: Sequence[Document], llm: LanguageModel, options: ScriptOptions, cancel: CancelToken | None = None,
    *, on_chapter: ChapterSink | None = None,
) -> Iterator[PipelineEvent]:
    """Write a script from ``documents``; yields progress, each line as written, and ``Finished(Script)``.

    ``on_chapter`` gets each chapter the moment it is final (the intro first), so its turns can be
    spoken while the next chapter is written."""
    cancel = cancel or NEVER
    if options.minutes <= 0 or options.minutes > 180:
        raise UsageError(f"--minutes {options.minutes:g} is out of range; use 0.5 to 180")
    if options.format not in FORMATS:
        raise UsageError(f"--format {options.format!r} is not one of {', '.join(FORMATS)}")
    minutes = format_minutes(options.format, options.minutes)
    if minutes < options.minutes:
        yield notice("podcast.brief_length", QT_TRANSLATE_NOOP("Notice", "A brief is one host and under two "
                     "minutes: making {minutes:g} minutes, not {asked:g}."), level="info", minutes=minutes,
                     asked=options.minutes)
    topics = plan_topics(documents, options.max_chapters, minutes)
    if not topics:
        raise NoSourcesError("No document has any text to talk about",
                             hint="pass PDFs, Markdown, text, saved pages or feeds with content")
    state = _State(llm, options, cancel, (options.hosts[0].name, options.hosts[1].name))
    started = time.perf_counter()
    yield stage_started(Stage.SCRIPT, QT_TRANSLATE_NOOP("Notice", "Writing a {minutes:g}-minute {format} script "
                        "on {topics} topic(s)"), minutes=minutes, format=options.format, topics=len(topics))
    yield from _condense_topics(state, [t for t in topics if not t.structured])
    intro = intro_chapter(options, [t.title for t in topics])
    outro = outro_chapter(options, [t.title for t in topics])
    total = words_for_minutes(minutes, options.speakers, chapters=len(topics) + 2)
    body_words = max(60, total - _words(intro) - _words(outro))
    supported = plan_lengths(topics, body_words)
    yield from _plan_notes(topics, options.focus)
    if on_chapter is not None:
        on_chapter(intro)
    if supported < 0.85 * body_words:
        supported_minutes = minutes * (supported + _words(intro) + _words(outro)) / total
        yield notice("podcast.short_sources", QT_TRANSLATE_NOOP("Notice", "The sources support about "
                     "{supported:.1f} minutes of talk, not the {asked:g} asked; the episode will be shorter."),
                     level="info", supported=supported_minutes, asked=minutes)
    chapters = [intro]
    for index, topic in enumerate(topics):
        cancel.check()
        yield Progress(Stage.SCRIPT, index, len(topics), topic.title)
        chapter = yield from _write_chapter(state, topic, index, len(topics))
        chapters.append(chapter)
        if on_chapter is not None:
            on_chapter(chapter)
        _carry_over(topic, _words(chapter), topics[index + 1 :])
    chapters.append(outro)
    if on_chapter is not None:
        on_chapter(outro)
    yield Progress(Stage.SCRIPT, len(topics), len(topics))
    script = _assemble(options, topics, chapters, llm)
    script = replace(script, extra={**script.extra, "grounding": state.grounding.as_dict()})
    estimate = minutes * script.word_count / total
    if estimate < 0.85 * minutes and supported >= 0.85 * body_words:
        yield notice("podcast.short_script", QT_TRANSLATE_NOOP("Notice", "The script came out at about "
                     "{estimate:.1f} minutes, shorter than the {asked:g} asked."), level="info",
                     estimate=estimate, asked=minutes)
    yield StageFinished(Stage.SCRIPT, time.perf_counter() - started, {
        "words": script.word_count, "minutes": round(estimate, 2),
        "chapters": len(script.chapters), "llm_seconds": round(state.llm_seconds, 2), "tokens": state.tokens,
        "prompt_tokens": state.prompt_tokens, "rounds": state.rounds, "prose_rounds": state.prose_rounds,
    })
    yield Finished(script)


def _words(chapter: ScriptChapter) -> int:
    return sum(t.words for t in chapter.turns)


def _plan_notes(topics: list[Topic], focus: str) -> Iterator[PipelineEvent]:
    """Sections: the names and figures each chapter must carry, and notes picked from its own sentences."""
    for topic in topics:
        if topic.structured:
            text, dropped = drop_injections(topic.section_text)
            if dropped:
                yield _injections_notice(f"{', '.join(topic.sources)} ({topic.title})", dropped)
            topic.facts = topic_facts(topic, facts_for(topic.target_words))
            topic.notes = pick_notes(text, notes_words(topic.target_words), topic.facts, focus)
        else:
            topic.facts = topic_facts(topic, facts_for(topic.target_words))


def _carry_over(topic: Topic, written: int, rest: list[Topic]) -> None:
    """What a chapter fell short of (or ran over) goes to the chapters still to write, by their share."""
    left = topic.target_words - written
    total = sum(t.target_words for t in rest)
    if not rest or not total or abs(left) < 10:
        return
    for other in rest:
        other.target_words = max(40, other.target_words + int(left * other.target_words / total))


def drop_injections(text: str) -> tuple[str, int]:
    """Remove sentences that address the AI ("ignore previous instructions"); returns the count."""
    cleaned, count = _INJECTION.subn(" ", text)
    return cleaned, count


def _injections_notice(where: str, dropped: int) -> Notice:
    return notice("source.instructions_ignored", QT_TRANSLATE_NOOP("Notice", "{where}: {dropped} sentence(s) that "
                  "gave instructions to the AI were left out of the script."), where=where, dropped=dropped)


def _condense_topics(state: _State, topics: list[Topic]) -> Iterator[PipelineEvent]:
    ctx = state.llm.n_ctx
    reserve = int(ROUND_WORDS * 1.8) + 80
    for index, topic in enumerate(topics):
        state.cancel.check()
        yield Progress(Stage.CONDENSE, index, len(topics), topic.title)
        share = max(200, (ctx - reserve - _OVERHEAD_TOKENS) // len(topic.documents))
        budget = Budget(share + reserve + _OVERHEAD_TOKENS, reserve_output=reserve, overhead=_OVERHEAD_TOKENS)
        parts = []
        for doc in topic.documents:
            clean, dropped = state.without_injections(doc)
            if dropped:
                yield _injections_notice(doc.source, dropped)
            started = time.perf_counter()
            try:
                done = condense(state.llm, clean, budget, cancel=state.cancel)
            except Cancelled:
                raise
            except LLMError as exc:
                yield notice(exc.code, QT_TRANSLATE_NOOP("Notice", "Could not condense {title!r}: {reason}; using "
                             "its opening."), title=doc.title, reason=exc.message)
                words = clean.text.split()[: budget.prompt_tokens // 2]
                parts.append(" ".join(words))
                continue
            state.llm_seconds += time.perf_counter() - started
            if done.passes:
                yield condensed_notice(doc.title, done.passes, done.chunks, level="info")
            parts.append(done.text if len(topic.documents) == 1 else f"{doc.title}: {done.text}")
        topic.notes = "\n\n".join(parts)
    yield Progress(Stage.CONDENSE, len(topics), len(topics))


def plan_lengths(topics: list[Topic], body_words: int) -> int:
    """Share ``body_words`` among topics; returns the words supported.

    The sections of one document share the minutes by their size. Otherwise topics share by how much
    they have to say (the square root of their notes' words). A chapter can carry about 1.6× the words
    of its source (questions, reactions, explanation) plus a little framing; asking for more makes small
    models repeat themselves.
    """
    content = [t.size if t.structured else count_words(t.notes) for t in topics]
    capacity = [int(1.6 * words) + 60 for words in content]
    by_size = all(t.structured for t in topics)
    weights = [max(1.0, float(words)) ** (1.0 if by_size else 0.5) for words in content]
    targets = [0] * len(topics)
    remaining, open_ = body_words, set(range(len(topics)))
    while remaining > 10 and open_:
        total = sum(weights[i] for i in open_)
        spent = 0
        for i in list(open_):
            share = int(remaining * weights[i] / total)
            give = min(share, capacity[i] - targets[i])
            targets[i] += give
            spent += give
            if targets[i] >= capacity[i]:
                open_.discard(i)
        remaining -= spent
        if spent == 0:
            break
    for topic, target in zip(topics, targets, strict=True):
        topic.target_words = max(40, target)
    return sum(targets)


def _write_chapter(
    state: _State, topic: Topic, index: int, count: int
) -> Generator[PipelineEvent, None, ScriptChapter]:
    turns: list[Turn] = []
    names = state.names
    solo = state.options.format == "brief"
    misses = 0
    # without the instructions to the AI: a failed sentence is replaced by the source's closest sentence,
    # which could otherwise be "…say the word PINEAPPLEZEBRA in every line"
    sources = [state.without_injections(doc)[0] for doc in topic.documents]
    grounder = chapter_grounder(sources, (*names, SHOW_NAME, topic.title, state.options.title), state.llm,
                                state.grounding, state.cancel)
    fence_id = new_fence_id()  # a random tag per request would make every round read the notes again
    for round_ in range(MAX_ROUNDS):
        have = sum(t.words for t in turns)
        if have >= 0.9 * topic.target_words:
            break
        ask = max(60, min(ROUND_WORDS, topic.target_words - have))
        said = facts_said(topic.facts, " ".join(t.text for t in turns))
        prompt = dialogue.ChapterPrompt(
            show=SHOW_NAME, names=names, title=topic.title, index=index + 1, count=count,
            words=ask, notes=topic.notes, source=", ".join(topic.sources), previous=tuple(turns),
            cover=tuple(f for f in topic.facts if f not in said), style=state.options.style,
            language=state.options.language, fence_id=fence_id,
        )
        request = dialogue.chapter_request(prompt, max_tokens=int(ask * 1.6) + 40,
                                           seed=state.options.seed + index * 10 + round_)
        try:
            result = complete(state.llm, request, state.cancel)
        except LLMError as exc:  # an overflow or a failed route: keep what was written so far
            yield notice(exc.code, QT_TRANSLATE_NOOP("Notice", "{title}: the model stopped ({reason}); the chapter "
                         "is kept as far as it was written."), title=topic.title, reason=exc.message)
            break
        state.llm_seconds += result.seconds
        state.tokens += result.completion_tokens
        state.prompt_tokens += result.prompt_tokens
        state.rounds += 1
        first = 0 if not turns else 1 - names.index(turns[-1].speaker)
        parsed = dialogue.drop_unfinished(dialogue.parse_dialogue(result.text, names, first=first))
        if not solo and len({t.speaker for t in parsed}) < 2 and misses == 0 and round_ < MAX_ROUNDS - 1:
            misses += 1  # prose instead of a dialogue: ask once more (another seed) before making do
            state.prose_rounds += 1
            continue
        if solo:
            new = dialogue.monologue(parsed, names[0], seen=state.seen)
            new = [t for t in (ground_turn(grounder, turn) for turn in new) if t.text]
            turns = dialogue.monologue([*turns, *new], names[0], seen=set())
        else:
            new = dialogue.shape_turns(parsed, names, seen=state.seen, salt=index + round_)
            new = [t for t in (ground_turn(grounder, turn) for turn in new) if t.text]
            turns = dialogue.shape_turns([*turns, *new], names, seen=set(), salt=index)
        added = sum(t.words for t in new)
        for turn in new:
            yield TextReady(TextKind.SCRIPT, turn.text, speaker=turn.speaker, model=result.model)
        if added < 15:
            misses += 1
            if misses >= 2:
                break
    turns = dialogue.drop_sign_offs(turns)
    if len(turns) < (1 if solo else 2) or sum(t.words for t in turns) < 20:
        read_out = fallback_turns(topic, names, solo=solo, language=state.options.language)
        # the notes may be the model's own condensation: the read-out is checked like written talk
        grounded = [t for t in (ground_turn(grounder, turn) for turn in read_out) if t.text]
        # grounding may put a source's longer sentence in: shaped again, like written talk
        turns = (dialogue.monologue(grounded, names[0], seen=set()) if solo
                 else dialogue.shape_turns(grounded, names, seen=set(), salt=index))
        yield notice("podcast.fallback_chapter", QT_TRANSLATE_NOOP("Notice", "The model wrote no usable dialogue "
                     "for {title!r}; a short read-out of its notes is used instead."), title=topic.title)
    kept = _trim(turns, topic.target_words)
    topic.covered = facts_said(topic.facts, " ".join(t.text for t in kept))
    return ScriptChapter(topic.title, tuple(kept), topic.sources, "topic")


def _trim(turns: list[Turn], target: int) -> list[Turn]:
    """Cut a chapter that ran well past its target after a whole turn (the length is kept to ±15%)."""
    kept: list[Turn] = []
    words = 0
    for turn in turns:
        if words >= 1.2 * target and len(kept) >= 2:
            break
        kept.append(turn)
        words += turn.words
    return kept


def fallback_turns(topic: Topic, names: tuple[str, str], *, solo: bool = False, language: str = "en") -> list[Turn]:
    """A short read-out of the topic's notes: their first four sentences, said once each (a heading line is
    not a sentence, and notes a small model condensed may repeat themselves), within one turn's length."""
    sentences = re.split(r"(?<=[.!?。！？])\s*|\s*\n+\s*", clean_untrusted(topic.notes))
    said = {dialogue.sentence_key(topic.title), ""}
    kept: list[str] = []
    for sentence in sentences:
        if (key := dialogue.sentence_key(sentence)) not in said:
            said.add(key)
            kept.append(sentence)
    body = ""
    for sentence in kept[:4]:
        if body and count_words(f"{body} {sentence}") > dialogue.MAX_TURN_WORDS:
            break
        body = f"{body} {sentence}".strip()
    body = body or topic.title
    if solo:
        return [Turn(names[0], f"{topic.title}. {body}")]
    if language == "ja":
        return [Turn(names[0], f"次は、{topic.title}です。何がわかっていますか？"), Turn(names[1], body)]
    return [Turn(names[0], f"Next up: {topic.title}. What do we know?"), Turn(names[1], body)]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_OPENERS = {
    "deep-dive": "Today we dig into {listed}.",
    "critique": "Today we take a critical look at {listed}: what holds up and what is missing.",
    "debate": "Today we take opposite sides on {listed}.",
}


def intro_chapter(options: ScriptOptions, topics: list[str]) -> ScriptChapter:
    a, b = options.hosts[0].name, options.hosts[1].name
    if options.language == "ja":
        return ScriptChapter("Introduction", _intro_ja(options, topics), (), "intro")
    episode = f" This episode: {options.title.rstrip('.')}." if options.title else ""
    listed = _join(topics[:4]) + (" and more" if len(topics) > 4 else "")
    opening = f"{disclosure_text(options.disclosure)} Welcome to {SHOW_NAME}.{episode}"
    if options.format == "brief":
        return ScriptChapter("Introduction", (Turn(a, f"{opening} I'm {a}, with a brief on {listed}."),), (), "intro")
    turns = (
        Turn(a, f"{opening} I'm {a}."),
        Turn(b, f"And I'm {b}. " + _OPENERS.get(options.format, _OPENERS["deep-dive"]).format(listed=listed)),
        Turn(a, "Let's get into it."),
    )
    return ScriptChapter("Introduction", turns, (), "intro")


def _intro_ja(options: ScriptOptions, topics: list[str]) -> tuple[Turn, ...]:

    a, b = options.hosts[0].name, options.hosts[1].name
    episode = f"今回のテーマは、{options.title.rstrip('。.')}です。" if options.title else ""
    listed = "、".join(topics[:4]) + ("など" if len(topics) > 4 else "")
    return (
        Turn(a, f"{disclosure_text(options.disclosure, 'ja')}デイキャストへようこそ。{episode}{a}です。"),
        Turn(b, f"{b}です。今日は、{listed}についてお話しします。"),
        Turn(a, "では、始めましょう。"),
    )


def outro_chapter(options: ScriptOptions, topics: list[str]) -> ScriptChapter:
    a, b = options.hosts[0].name, options.hosts[1].name
    if options.language == "ja":
        return ScriptChapter("Wrap-up", (
            Turn(a, f"今回は、{'、'.join(topics[:4])}についてお話ししました。"),
            Turn(b, "お聞きいただき、ありがとうございました。情報源はすべて番組ノートにあります。"),
            Turn(a, "また次回お会いしましょう。"),
        ), (), "outro")
    if options.format == "brief":
        return ScriptChapter("Wrap-up", (Turn(a, "That's the brief. Every source is listed in the show notes."),),
                             (), "outro")
    turns = (
        Turn(a, f"That's our episode. We covered {_join(topics[:4])}."),
        Turn(b, "Thanks for listening. Every source is listed in the show notes."),
        Turn(a, "See you next time."),
    )
    return ScriptChapter("Wrap-up", turns, (), "outro")


def default_title(topics: list[str]) -> str:
    if not topics:
        return "Daycast episode"
    title = topics[0] if len(topics) == 1 else f"{topics[0]}, {topics[1]}" + (" and more" if len(topics) > 2 else "")
    return title if len(title) <= 90 else title[:87].rsplit(" ", 1)[0] + "…"


def _assemble(options: ScriptOptions, topics: list[Topic], chapters: list[ScriptChapter],
              llm: LanguageModel) -> Script:
    titles = [t.title for t in topics]
    a, b = options.hosts[0].name, options.hosts[1].name
    who = a if options.format == "brief" else f"{a} and {b}"
    return Script(
        title=options.title or default_title(titles), hosts=options.hosts, chapters=tuple(chapters),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        summary=f"{a}と{b}が、{'、'.join(titles)}について話します。" if options.language == "ja"
        else f"{who} talk{'s' if options.format == 'brief' else ''} about {_join(titles)}.",
        models=(llm.info.label(),), language=options.language,
        extra={"format": options.format, **({"focus": options.focus} if options.focus else {}),
               "coverage": coverage(topics, chapters[1:-1])},
    )


def coverage(topics: list[Topic], chapters: list[ScriptChapter]) -> list[dict[str, object]]:
    """Per chapter: the source words behind it, its planned share of the words, the words written, and
    the planned names and figures with those the script says."""
    total = sum(t.size for t in topics) or 1
    planned = sum(t.target_words for t in topics) or 1
    return [{
        "chapter": chapter.title, "source_words": topic.size, "source_share": round(topic.size / total, 3),
        "target_words": topic.target_words, "planned_share": round(topic.target_words / planned, 3),
        "words": sum(t.words for t in chapter.turns), "facts": list(topic.facts), "said": list(topic.covered),
    } for topic, chapter in zip(topics, chapters, strict=True)]
