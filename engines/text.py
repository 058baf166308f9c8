"""Text for the ear: sentence splitting (whole texts and token streams) and read-aloud normalisation.

TTS speaks one sentence at a time, so the splitter decides latency and prosody: it must not cut
"Dr. Smith" or "3.5", must cut at line breaks and bullets, and must never hand TTS a monster
chunk. ``split_sentences`` keeps every non-space character of its input, in order.
"""

from __future__ import annotations

import re

from engines.language import has_japanese
from engines.speech_norm import drop_unvoiced_scripts, normalize_for_speech
from engines.speech_norm_ja import normalize_for_speech_ja

__all__ = ["MAX_CHARS", "SentenceBuffer", "normalize_for_speech", "speech_sentences", "split_sentences"]

MAX_CHARS = 220
"""Longest chunk handed to TTS; longer sentences are cut at a clause mark, comma or space."""
_MIN_PIECE = 60
"""A long sentence is not cut before this many characters (no stubby first pieces)."""

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations after which a period never ends a sentence (compared lowercased, dots removed).
_NEVER_END = _wordset(
    "mr mrs ms mx dr prof rev hon gen col lt sgt capt cmdr gov sen rep pres supt mt ft vs cf eg ie "
    "approx ca no nos vol vols fig figs ch sec pp p para art al dept est"
)
# Abbreviations that may end a sentence: cut only before a word that usually starts one.
_MAYBE_END = _wordset(
    "jr sr inc ltd co corp llc plc st ave rd blvd etc jan feb apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thur thurs fri sat sun"
)
_STARTERS = _wordset(
    "The A An It He She They We I You This That These Those There Then But And So Or If In On At For "
    "As After Before When While Its Our My Your Their His Her What Why How Who Where Today Tomorrow "
    "Yesterday Meanwhile However Also Next Finally First Second Now Here Please Thanks Thank Yes No"
)
_CLOSERS = "\"'”’)]}»›」』）】〉》"
_TERMINATORS = ".!?…"
_CJK_TERMINATORS = "。！？"
_QUOTE_PARTICLES = ("と", "っ")
_BULLET = re.compile(r"^\s*(?:[-*+•‣◦▪●–]|\d{1,3}[.)]|[a-zA-Z][.)])\s+")
_HEADING_OR_QUOTE = re.compile(r"^\s*(?:#{1,6}\s|>|\|)")
_INLINE_BULLET = re.compile(r"\s[•‣◦▪●]\s")
# An en dash before a number is a range ("9 AM – 5 PM", "10 – 20"), said "to" only when normalised whole.
_CLAUSE_BREAK = re.compile(r"[;:—](?=\s)|\s—\s|–(?=\s+\D)|\s–\s(?!\d)|[；：](?=\S)")
# Not the en dash at all: a reply's first words are too few to tell a range from a pause.
_FIRST_CLAUSE_BREAK = re.compile(r"[;:—](?=\s)|\s—\s|[；：](?=\S)")
_COMMA_BREAK = re.compile(r",(?=\s)|[、，](?=\S)")
_SPACE = re.compile(r"\s+")

Span = tuple[int, int]


def split_sentences(text: str, *, max_chars: int = MAX_CHARS) -> list[str]:
    """Sentences of ``text`` with inner whitespace collapsed; none longer than ``max_chars`` where it has spaces."""
    return [_SPACE.sub(" ", text[s:e]) for s, e in _sentence_spans(text, max_chars)]


def speech_sentences(text: str, *, max_chars: int = MAX_CHARS, language: str = "", japanese: bool = False) -> list[str]:
    """What TTS should say, one sentence at a time: split first, so "Dr." and "etc." still guide the
    splitter, then normalise each sentence and split again (expansion can lengthen it). With the voice's
    ``language`` (espeak's, e.g. "en-us"), words in scripts that voice can only spell out are left out.
    A voice that also reads Japanese (``japanese``) gets sentences with kana or kanji normalised the Japanese
    way and kept whole."""
    out: list[str] = []
    for sentence in split_sentences(text, max_chars=max_chars):
        if japanese and has_japanese(sentence):
            spoken = normalize_for_speech_ja(sentence)
        else:
            spoken = normalize_for_speech(sentence)
            if language:
                spoken = drop_unvoiced_scripts(spoken, language)
        if any(ch.isalnum() for ch in spoken):
            out.extend(split_sentences(spoken, max_chars=max_chars))
    return out


def _sentence_spans(text: str, max_chars: int = MAX_CHARS) -> list[Span]:
    spans: list[Span] = []
    for block in _block_spans(text):
        for start, end in _split_block(text, block):
            spans.extend(_split_long(text, start, end, max_chars))
    return _merge_wordless(text, spans)


def _block_spans(text: str) -> list[Span]:
    """Lines, joined where a line break looks like hard wrapping inside a sentence."""
    blocks: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        if not line.strip():
            blocks.append((start, start))  # a blank line: always a boundary
            continue
        if blocks and blocks[-1][1] > blocks[-1][0] and _is_wrapped(text[blocks[-1][0]:blocks[-1][1]], line):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return [(s, e) for s, e in blocks if e > s]


def _is_wrapped(previous: str, line: str) -> bool:
    """A line continuing the previous one: it starts lowercase, and the previous did not end a clause."""
    stripped = line.lstrip()
    tail = previous.rstrip()
    if not stripped or not tail or _BULLET.match(line) or _HEADING_OR_QUOTE.match(line):
        return False
    return stripped[0].islower() and tail[-1] not in _TERMINATORS + _CJK_TERMINATORS + ":"


def _split_block(text: str, block: Span) -> list[Span]:
    """Cut one block at sentence ends and inline bullets."""
    start, end = block
    cuts = [start]
    i = start
    while i < end:
        ch = text[i]
        if ch in _CJK_TERMINATORS:
            j = _skip_closers(text, i + 1, end)
            if not (j > i + 1 and text[j:j + 1] in _QUOTE_PARTICLES):  # 「はい。」と言った is one sentence
                cuts.append(j)
            i = j
            continue
        if ch in _TERMINATORS:
            j = i + 1
            while j < end and text[j] in _TERMINATORS:
                j += 1
            j = _skip_closers(text, j, end)
            if j < end and text[j].isspace() and _ends_sentence(text, start, i, j, end):
                cuts.append(j)
            i = j
            continue
        if ch.isspace() and _INLINE_BULLET.match(text, i, end):
            cuts.append(i + 1)
        i += 1
    cuts.append(end)
    return [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1) if text[cuts[k]:cuts[k + 1]].strip()]


def _skip_closers(text: str, j: int, end: int) -> int:
    while j < end and text[j] in _CLOSERS:
        j += 1
    return j


def _ends_sentence(text: str, block_start: int, mark: int, after: int, end: int) -> bool:
    """Whether the terminator at ``mark`` (closers up to ``after``) ends a sentence."""
    k = after
    while k < end and text[k].isspace():
        k += 1
    if k >= end:
        return True
    nxt = text[k]
    if nxt.islower():  # "e.g. the", "Really?" she asked", "wait... what"
        return False
    if text[mark] != ".":
        return True
    if mark + 1 < end and text[mark + 1] == ".":
        return True  # an ellipsis before a capital or digit
    word = _word_before(text, block_start, mark)
    if _is_list_number(text, block_start, mark, word):
        return False
    if not word:
        return True
    key = word.replace(".", "").lower()
    if key in _NEVER_END and ("." not in word or key in ("eg", "ie", "cf")):
        return False
    if _ambiguous_stop(word):
        return _next_word(text, k, end) in _STARTERS
    return True


def _ambiguous_stop(word: str) -> bool:
    """A period after ``word`` ("St", "U.S", "J") ends a sentence only before a word that starts one."""
    return word.replace(".", "").lower() in _MAYBE_END or _is_acronym(word) or (len(word) == 1 and word.isupper())


def _is_acronym(word: str) -> bool:
    """ "U.S", "a.m", "Ph.D": short parts joined by dots (not "example.com")."""
    parts = word.split(".")
    return len(parts) > 1 and all(0 < len(p) <= 2 for p in parts)


def _word_before(text: str, block_start: int, mark: int) -> str:
    """The word the period at ``mark`` closes: letters and inner dots ("U.S", "e.g", "Dr")."""
    j = mark
    while j > block_start and (text[j - 1].isalpha() or (text[j - 1] == "." and j - 1 > block_start
                                                          and text[j - 2].isalpha())):
        j -= 1
    return text[j:mark]


def _is_list_number(text: str, block_start: int, mark: int, word: str) -> bool:
    """"1." or "a." opening a line is a list marker, not a sentence."""
    head = text[block_start:mark + 1]
    return bool(_BULLET.match(head + " ")) and len(head.strip()) <= 4 and not word[:1].isupper()


def _next_word(text: str, k: int, end: int) -> str:
    j = k
    while j < end and (text[j].isalnum() or text[j] in "'’"):
        j += 1
    return text[k:j]


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    """Cut a sentence longer than ``max_chars`` greedily: clause mark, else comma, else space."""
    start, end = _strip_span(text, start, end)
    pieces: list[Span] = []
    while end - start > max_chars:
        cut = _best_cut(text, start, start + max_chars)
        pieces.append(_strip_span(text, start, cut))
        start, end = _strip_span(text, cut, end)
    if end > start:
        pieces.append((start, end))
    return pieces


def _best_cut(text: str, start: int, limit: int) -> int:
    """Where to cut ``text[start:]`` so the piece ends at or before ``limit``; depends only on text[start:limit+1]."""
    window = text[start:limit + 1]
    for pattern in (_CLAUSE_BREAK, _COMMA_BREAK):
        found = [m.end() for m in pattern.finditer(window) if _MIN_PIECE <= m.end() <= len(window) - 1]
        if found:
            return start + found[-1]
    spaces = [m.start() for m in re.finditer(r"\s", window) if m.start() > 0]
    return start + spaces[-1] if spaces else limit


def _strip_span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _merge_wordless(text: str, spans: list[Span]) -> list[Span]:
    """Attach pieces without a letter or digit ("—", "...") to a neighbour: TTS cannot speak them alone."""
    merged: list[Span] = []
    pending: Span | None = None
    for span in spans:
        if pending is not None:
            span = (pending[0], span[1])
            pending = None
        if any(ch.isalnum() for ch in text[span[0]:span[1]]):
            merged.append(span)
        elif merged:
            merged[-1] = (merged[-1][0], span[1])
        else:
            pending = span
    if pending is not None:
        merged.append(pending)
    return merged


def spoken_words(text: str) -> list[str]:
    """Lowercased words, apostrophes kept, punctuation dropped: what comparing two utterances needs."""
    return re.findall(r"[\w']+", text.lower())


def looping(text: str, *, times: int = 5, longest: int = 3) -> bool:
    """True when ``text`` ends in the same one to ``longest`` words said ``times`` times in a row, as a
    small model stuck in a loop writes them ("llama's llama's llama's llama's llama's")."""
    words = spoken_words(text)
    for n in range(1, longest + 1):
        tail = words[-n * times:]
        if len(tail) == n * times and all(word == tail[i % n] for i, word in enumerate(tail)):
            return True
    return False


class SentenceBuffer:
    """Collects streamed text (LLM tokens) and hands out sentences as soon as they are certain.

    A sentence is handed out only when the first word after it has been seen, so the result is
    the same as ``split_sentences`` on the whole text. With ``first_clause`` the first clause of
    a reply (up to a comma, semicolon, colon or em dash after at least ``min_clause_words`` words) is
    handed out early, to start speaking sooner.
    """

    def __init__(self, *, first_clause: bool = False, min_clause_words: int = 5, max_chars: int = MAX_CHARS) -> None:
        self.first_clause = first_clause
        self.min_clause_words = min_clause_words
        self.max_chars = max_chars
        self._text = ""
        self._emitted = False

    @property
    def pending(self) -> str:
        """Text received but not yet handed out."""
        return self._text

    def feed(self, piece: str) -> list[str]:
        """Add streamed text; return the sentences completed by it (often none)."""
        self._text += piece
        spans = _sentence_spans(self._text[:self._settled()], self.max_chars)
        out: list[str] = []
        if len(spans) > 1:
            cut = spans[-1][0]
            out = [_SPACE.sub(" ", self._text[s:e]) for s, e in spans[:-1]]
            self._text = self._text[cut:]
        elif self.first_clause and not self._emitted and spans:
            clause_end = self._first_clause_end(spans[0])
            if clause_end:
                out = [_SPACE.sub(" ", self._text[spans[0][0]:clause_end]).rstrip()]
                self._text = self._text[clause_end:].lstrip()
        self._emitted = self._emitted or bool(out)
        return out

    def _settled(self) -> int:
        """How much of the text the cuts can be decided on. The last word may still be growing, but its first
        letter settles a cut before it ("here. Sh"): only after "St." or "U.S." does the whole word decide, so
        there the text is settled up to the last space. Japanese has no spaces, but its 。！？ end a sentence
        outright: past one (and its closing quotes) the text is settled."""
        text = self._text
        if text[-1:].isspace():
            return len(text.rstrip())
        space = _last_space(text)
        before = text[:space].rstrip().rstrip(_CLOSERS)  # "I.  The": two spaces, the same stop
        mark = len(before.rstrip(_TERMINATORS))  # the run's first mark decides, as in "U.S.!"
        if space and not (before[mark:mark + 1] == "." and _ambiguous_stop(_word_before(before, 0, mark))):
            return len(text)
        return max(space, _past_cjk_end(text))

    def _first_clause_end(self, span: Span) -> int:
        sentence = self._text[span[0]:span[1]]
        breaks = sorted(m.end() for pattern in (_FIRST_CLAUSE_BREAK, _COMMA_BREAK) for m in pattern.finditer(sentence))
        for end in breaks:  # a comma, semicolon, colon or em dash: where a speaker pauses anyway
            if len(sentence[:end].split()) >= self.min_clause_words and end < len(sentence):
                return span[0] + end
        return 0

    def flush(self) -> list[str]:
        """End of the stream: return what is left, and start afresh."""
        rest = split_sentences(self._text, max_chars=self.max_chars)
        self._text = ""
        self._emitted = False
        return rest


def _past_cjk_end(text: str) -> int:
    """Just past the first character after the last 。！？ (and its closers), or 0 when there is none yet."""
    mark = max(text.rfind(ch) for ch in _CJK_TERMINATORS)
    if mark < 0:
        return 0
    after = _skip_closers(text, mark + 1, len(text))
    return after + 1 if after < len(text) else 0


def _last_space(text: str) -> int:
    for i in range(len(text) - 1, -1, -1):
        if text[i].isspace():
            return i
    return 0
