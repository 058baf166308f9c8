"""What the briefing says that needs no model: the opening from the calendar, the close, the prompts.

Each function takes the briefing's language (``"en"`` or ``"ja"``); Japanese dates and times are written
by babel (``engines.speech_norm_ja``), not by hand tables.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from pathlib import PurePath

from app.core.compose import FENCE_RULE, clean_untrusted, fence
from app.core.documents import Document
from app.core.sources.notes import LIST_ITEMS
from engines.language import has_japanese
from engines.speech_norm_ja import spoken_date_ja, spoken_time_ja
from engines.text import split_sentences
from engines.types import ChatMessage, ChatRequest

WORDS_PER_MINUTE = 150
WORDS_PER_ITEM = 48

SYSTEM_PROMPT = (
    "You are Daycast, writing one item of a short spoken morning briefing. Write plain spoken English "
    "sentences: no lists, no markdown, no emojis, no greetings. " + FENCE_RULE
)
SYSTEM_PROMPT_JA = (
    "You are Daycast, writing one item of a short spoken morning briefing in Japanese. "
    "あなたはデイキャストです。短い朝の音声ブリーフィングの一項目を、自然な話し言葉の日本語（です・ます調）で"
    "書きます。箇条書き、マークダウン、絵文字、挨拶は使いません。情報源が英語でも、日本語で書きます。" + FENCE_RULE
)
JA_CHARS_PER_MINUTE = 300
"""Japanese news is read at about 300 characters a minute; one item is about 80 characters."""
JA_CHARS_PER_ITEM = 90


# A meeting's location that is not a room: said "on Zoom", "by phone", not "in Video call" or "in https://...".
_NOT_A_ROOM = (
    (re.compile(r"\bzoom\b", re.IGNORECASE), "on Zoom"),
    (re.compile(r"\bteams\b", re.IGNORECASE), "on Teams"),
    (re.compile(r"\bgoogle meet\b|\bmeet\.google\.", re.IGNORECASE), "on Google Meet"),
    (re.compile(r"\bwebex\b", re.IGNORECASE), "on Webex"),
    (re.compile(r"\bjitsi\b|\bmeet\.jit\.si\b", re.IGNORECASE), "on Jitsi"),
    (re.compile(r"\bskype\b", re.IGNORECASE), "on Skype"),
    (re.compile(r"\bfacetime\b", re.IGNORECASE), "on FaceTime"),
    (re.compile(r"\bslack\b", re.IGNORECASE), "on Slack"),
    (re.compile(r"\bvideo[ -]?(?:call|chat)\b|^\s*video[ -]?conference\s*$", re.IGNORECASE), "by video call"),
    (re.compile(r"^\s*(?:tel:|(?:tele)?phone(?: call)?\s*(?:$|[:(])|by phone\b)", re.IGNORECASE), "by phone"),
    (re.compile(r"\bonline\b|^\s*virtual\s*$|^\s*https?://", re.IGNORECASE), "online"),
)
_PHONE_NUMBER = re.compile(r"^\s*\+?[\d\s()-]{7,}$")  # dots are left out: "2.05.012" is a room
_HYBRID = re.compile(r"\s[+&]\s|\band\b", re.IGNORECASE)  # "Main office + Zoom": say the place


def place_phrase(location: str) -> str:
    """Where a meeting is, as a sentence says it: " in Room 2", " on Zoom", " by video call" ("" for nowhere)."""
    place = " ".join(location.split())
    if not place:
        return ""
    link = re.match(r"https?://", place, re.IGNORECASE)
    # "Teams Room 4", "Video Conference Room B" are rooms; "https://host/room/7" is a link
    if not link and (re.search(r"\broom\b", place, re.IGNORECASE) or _HYBRID.search(place)):
        return f" in {place}"
    if _PHONE_NUMBER.match(place) and sum(ch.isdigit() for ch in place) >= 7:
        return " by phone"
    said = next((said for pattern, said in _NOT_A_ROOM if pattern.search(place)), "")
    return f" {said}" if said else f" in {place}"


def spoken_time(moment: datetime, lang: str = "en") -> str:
    if lang == "ja":
        return spoken_time_ja(moment.hour, moment.minute)
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour} {suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d} {suffix}"


def spoken_date(day: date, lang: str = "en") -> str:
    if lang == "ja":
        return spoken_date_ja(day)
    return f"{day.strftime('%A')}, {day.strftime('%B')} {day.day}"


def greeting(now: datetime, lang: str = "en") -> str:
    if lang == "ja":
        return "おはようございます。" if now.hour < 11 else ("こんにちは。" if now.hour < 18 else "こんばんは。")
    if now.hour < 12:
        return "Good morning."
    return "Good afternoon." if now.hour < 18 else "Good evening."


def _event_phrase(event: Document, lang: str = "en") -> str:
    if lang == "ja":
        where = f"、場所は{event.location}" if event.location else ""
        return f"{spoken_time(event.time, lang)}から{event.title}{where}" if event.time else event.title
    where = place_phrase(event.location)
    return f"{event.title} at {spoken_time(event.time)}{where}" if event.time else event.title


def began_before(event: Document, day: date) -> bool:
    """A timed entry already under way when ``day`` begins (a release night, a three-day offsite)."""
    return not event.all_day and event.time is not None and event.time.date() < day


def ends_on(event: Document, day: date) -> datetime | None:
    """Its end, when that falls on ``day`` (else, under way, it goes on all day)."""
    return event.end_time if event.end_time is not None and event.end_time.date() == day else None


def _continuing_phrase(event: Document, day: date, lang: str = "en") -> str:
    """Its end, when it ends on ``day``; else it goes on all day (never its old start time, said as today's)."""
    end = ends_on(event, day)
    if end is None:
        return f"{event.title}（終日）" if lang == "ja" else f"{event.title}, all day"
    if lang == "ja":
        return f"{event.title}（{spoken_time(end, lang)}まで）"
    return f"{event.title}, until {spoken_time(end)}"


def _listed(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + f", and {phrases[-1]}"


def opening_lines(events: list[Document], day: date, now: datetime, lang: str = "en") -> list[str]:
    """The calendar part, built straight from the events so audio can start before any model runs."""
    if lang == "ja":
        return _opening_lines_ja(events, day, now)
    lines = [f"{greeting(now)} Here is your Daycast briefing for {spoken_date(day)}."]
    continuing = [e for e in events if began_before(e, day)]
    events = [e for e in events if not began_before(e, day)]
    all_day = [e for e in events if e.all_day]
    timed = [e for e in events if not e.all_day and e.time is not None]
    if continuing:
        lines.append(f"Still going from before today: {_listed([_continuing_phrase(e, day) for e in continuing])}.")
    if not events:
        if not continuing:
            lines.append("Your calendar is clear today.")
        return lines
    if timed:
        noun = "meeting" if len(timed) == 1 else "meetings"
        lines.append(f"You have {len(timed)} {noun} today.")
        lines.append(f"Your first meeting is {_event_phrase(timed[0])}.")
        rest = [_event_phrase(e) for e in timed[1:]]
        if rest:
            lines.append(f"After that: {_listed(rest)}.")
    for event in all_day:
        lines.append(f"All day: {event.title}.")
    return lines


def _opening_lines_ja(events: list[Document], day: date, now: datetime) -> list[str]:
    lines = [f"{greeting(now, 'ja')}{spoken_date(day, 'ja')}のデイキャスト・ブリーフィングです。"]
    continuing = [e for e in events if began_before(e, day)]
    events = [e for e in events if not began_before(e, day)]
    all_day = [e for e in events if e.all_day]
    timed = [e for e in events if not e.all_day and e.time is not None]
    if continuing:
        still = "、".join(_continuing_phrase(e, day, "ja") for e in continuing)
        lines.append(f"前日から続いている予定は、{still}です。")
    if not events:
        return lines if continuing else [*lines, "今日の予定はありません。"]
    if timed:
        lines.append(f"今日の予定は{len(timed)}件です。")
        lines.append(f"最初の予定は、{_event_phrase(timed[0], 'ja')}です。")
        rest = [_event_phrase(e, "ja") for e in timed[1:]]
        if rest:
            lines.append(f"そのあと、{'、'.join(rest)}があります。")
    lines += [f"終日の予定は、{event.title}です。" for event in all_day]
    return lines


def closing_lines(day: date, item_count: int, lang: str = "en") -> list[str]:
    if lang == "ja":
        return ["以上です。良い一日をお過ごしください。"]
    if item_count == 0:
        return [f"That's all for now. Have a good {day.strftime('%A')}."]
    return [f"That's your briefing. Have a good {day.strftime('%A')}."]


def spoken_source(doc: Document, lang: str = "en") -> str:
    """How a listener hears where an item came from: the feed's name, not its file name."""
    if doc.kind == "feed_item" and doc.extra.get("feed"):
        return doc.extra["feed"]
    if doc.kind == "note":
        return "メモ" if lang == "ja" else "your notes"
    if doc.kind == "web_page":
        author = doc.extra.get("author")
        return f"an article by {author}" if author else "a saved page"
    stem = PurePath(doc.source).stem.replace("_", " ").replace("-", " ")
    return f"the document {stem}" if doc.kind == "pdf" else stem


def published_before(doc: Document, day: date | None, tz: tzinfo | None = None) -> date | None:
    """The day an item was written, when that was before ``day``: its "today" and "tomorrow" are not ours.
    ``tz``: the briefing's zone, where ``day`` is the listener's day (None: this machine's)."""
    if day is None or doc.time is None or doc.kind == "event":
        return None
    written = doc.time.astimezone(tz).date() if doc.time.tzinfo else doc.time.date()
    return written if written < day else None


def date_anchors(doc: Document, day: date | None, tz: tzinfo | None = None) -> str:
    """What an older item's relative days meant, for checking a sentence that says them by name or date."""
    written = published_before(doc, day, tz)
    if written is None:
        return ""
    return (f"Published {spoken_date(written)}. Its today is {spoken_date(written)}, its tomorrow "
            f"{spoken_date(written + timedelta(days=1))}, its yesterday {spoken_date(written - timedelta(days=1))}.")


def _written_on(written: date, day: date, lang: str) -> str:
    """ "yesterday", a weekday within the week, else the date: short, as a newsreader would say it."""
    if written == day - timedelta(days=1):
        return "昨日" if lang == "ja" else "yesterday"
    if lang != "ja" and (day - written).days < 7:
        return written.strftime("%A")
    return spoken_date(written, lang)


def item_heading(doc: Document, lang: str = "en", day: date | None = None, tz: tzinfo | None = None) -> str:
    source = spoken_source(doc, lang)
    written = published_before(doc, day, tz)
    if written is not None and day is not None:  # "From Rail News, Monday": the listener knows whose "tomorrow"
        source = f"{source}（{_written_on(written, day, lang)}）" if lang == "ja" else \
            f"{source}, {_written_on(written, day, lang)}"
    title = doc.title.rstrip(".!? 。！？")
    if lang == "ja":
        return f"{source}から。{title}。" if title else f"{source}から。"
    return f"From {source}: {title}." if title else f"From {source}."


def item_budget(minutes: float, opening_words: int, lang: str = "en") -> int:
    if lang == "ja":  # ``opening_words`` counts characters for Japanese (no spaces between words)
        chars = minutes * JA_CHARS_PER_MINUTE - opening_words - 30
        return max(1, int(chars // JA_CHARS_PER_ITEM))
    words = minutes * WORDS_PER_MINUTE - opening_words - 15
    return max(1, int(words // WORDS_PER_ITEM))


def item_request(doc: Document, text: str, lang: str = "en", fence_id: str = "",
                 day: date | None = None, tz: tzinfo | None = None) -> ChatRequest:
    """``fence_id`` fixes the fence token (``daycast compare`` sends both models the same bytes); by default
    each request gets a random one. ``day``: the briefing's, so an older item's "tomorrow" is said by its date."""
    if lang == "ja":
        return _item_request_ja(doc, text, fence_id)
    written = published_before(doc, day, tz)
    when = (f"The item was written on {spoken_date(written)} and today is {spoken_date(day)}: say its days by "
            "name or date, not as today, tomorrow or yesterday. ") if written and day else ""
    user = (
        "Write the next two sentences a newsreader would say about this item (under 40 words in all). "
        "Start straight with the facts, not with phrases like 'The key point is'. Keep names, places, "
        "numbers and times exactly as written. Do not invent anything and do not repeat the title. "
        + when + "\n\n" + fence(text, title=doc.title, source=doc.source, fence_id=fence_id)
    )
    return ChatRequest(
        messages=(ChatMessage("system", SYSTEM_PROMPT), ChatMessage("user", user)),
        max_tokens=96,
        temperature=0.2,
        task="briefing",
    )


def _item_request_ja(doc: Document, text: str, fence_id: str = "") -> ChatRequest:
    user = (
        "この項目について、ニュースキャスターが次に話す二文を日本語で書いてください（全体で八十文字以内）。"
        "前置きなしで事実から始めてください。名前、場所、数字、時刻は書かれているとおりに残し、"
        "何も付け加えず、タイトルは繰り返さないでください。\n\n" + fence(text, title=doc.title, source=doc.source,
                                                                   fence_id=fence_id)
    )
    return ChatRequest(
        messages=(ChatMessage("system", SYSTEM_PROMPT_JA), ChatMessage("user", user)),
        max_tokens=128,
        temperature=0.2,
        task="briefing",
    )


_LIST_TITLE = re.compile(r"\b(?:to-?dos?|to do|tasks?|agenda|checklist|errands|shopping|list)\b", re.IGNORECASE)
_DONE = "(done) "
_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")
_ORDINALS_JA = ("一", "二", "三", "四", "五", "六", "七", "八")
MAX_LIST_ITEMS = 8


def list_items(doc: Document) -> list[str]:
    """A to-do list's or agenda's items, when the note is mostly a list (else empty: it is summarised)."""
    if doc.kind != "note":
        return []
    items = [i for i in doc.extra.get(LIST_ITEMS, "").split("\n") if i.strip()]
    # todo.md says what its note is as plainly as a "To do" heading does
    if not items and (_LIST_TITLE.search(doc.title) or _LIST_TITLE.search(PurePath(doc.source).stem)):
        lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
        items = [line for line in lines if line != doc.title.strip()]
    listed = sum(len(i.split()) for i in items)
    return items if items and listed >= 0.5 * max(1, len(doc.text.split()) - len(doc.title.split())) else []


def list_lines(doc: Document, items: list[str], lang: str = "en") -> list[str]:
    """The items read as items, in their own words ("First: Call the plumber, …"), and the note's
    other sentences as written: a list is never turned into statements about someone else."""
    open_items = [clean_untrusted(i) for i in items if not i.startswith(_DONE)]
    done = len(items) - len(open_items)
    shown = open_items[:MAX_LIST_ITEMS]
    if lang == "ja":
        return _list_lines_ja(open_items, shown, done) + _other_sentences(doc, items)
    lines = [f"{len(open_items)} open item{'s' if len(open_items) != 1 else ''} on it."] if len(open_items) > 1 else []
    for index, item in enumerate(shown):
        said = item.rstrip(" .;,") + "."
        if len(shown) > 1:
            lead = "And last" if index == len(shown) - 1 and index >= 2 else _ORDINALS[index]
            said = f"{lead}: {said}"
        lines.append(said)
    if len(open_items) > len(shown):
        lines.append(f"And {len(open_items) - len(shown)} more.")
    if done:
        lines.append(f"{done} item{'s are' if done != 1 else ' is'} already done.")
    lines.extend(_other_sentences(doc, items))
    return lines


def _list_lines_ja(open_items: list[str], shown: list[str], done: int) -> list[str]:
    lines = [f"未完了の項目が{len(open_items)}件あります。"] if len(open_items) > 1 else []
    for index, item in enumerate(shown):
        said = item.rstrip(" .;,。、") + "。"
        if len(shown) > 1:
            lead = "最後に" if index == len(shown) - 1 and index >= 2 else f"{_ORDINALS_JA[index]}つ目"
            said = f"{lead}、{said}"
        lines.append(said)
    if len(open_items) > len(shown):
        lines.append(f"ほかに{len(open_items) - len(shown)}件あります。")
    if done:
        lines.append(f"{done}件は完了しています。")
    return lines


SHORT_NOTE_WORDS = 40
"""A note this short (title left out) is read as written: a summary of it would be as long, and less exact."""
SHORT_NOTE_CHARS_JA = 100


def short_note_lines(doc: Document, lang: str = "en") -> list[str]:
    """A short note's own sentences, as written; empty when it is no note, too long, or in the other language
    than the briefing's (then it is summarised, in the briefing's language)."""
    if doc.kind != "note":
        return []
    body = "\n".join(line for line in doc.text.split("\n") if line.strip() and line.strip() != doc.title.strip())
    japanese = has_japanese(body)
    short = len(body) <= SHORT_NOTE_CHARS_JA if japanese else len(body.split()) <= SHORT_NOTE_WORDS
    if not body.strip() or not short or japanese != (lang == "ja"):
        return []
    return [clean_untrusted(s) for s in split_sentences(body.replace("\n", " ")) if s.strip()]


def _other_sentences(doc: Document, items: list[str]) -> list[str]:
    """Lines of the note that are not list items (nor its title), read as written."""
    skip = {i.strip() for i in items} | {i.strip().removeprefix(_DONE) for i in items} | {doc.title.strip()}
    lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
    return [clean_untrusted(line) for line in lines
            if line not in skip and line.removeprefix(_DONE) not in skip and not re.match(r"^\d+\.\s", line)][:4]
