"""Spoken commands: deterministic routing of a transcript to a pipeline or a playback control.

Whisper writes "Brief me." or "Louder, please!"; routing lowercases, drops punctuation and
politeness ("hey Daycast", "please", "can you"), then matches short fixed patterns. Controls such as
"stop" or "louder" count only as a whole short utterance, so "when does the bus stop?" is a
question, not a command. Everything else is a question for the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

IntentKind = Literal["ask", "brief", "podcast", "stop", "louder", "quieter", "slower", "faster"]
CONTROL_KINDS: tuple[str, ...] = ("stop", "louder", "quieter", "slower", "faster")


@dataclass(frozen=True, slots=True)
class Intent:
    """What the user wants: ``kind``, plus the topic or file for a podcast (``argument``)."""

    kind: IntentKind
    text: str
    argument: str = ""

    @property
    def is_control(self) -> bool:
        return self.kind in CONTROL_KINDS


_PUNCTUATION = re.compile(r"[^\w\s'./-]+")
_SPACES = re.compile(r"\s+")
_POLITE_HEAD = re.compile(
    r"^(?:(?:hey|hi|ok|okay|oh|um|uh|so|and|now|alright|all right)\s+)*(?:daycast\s+)?"
    r"(?:(?:please|can you|could you|would you|will you|would you please|could you please|can you please|"
    r"i want you to|i'd like you to|go ahead and|just)\s+)*"
)
_TOO = re.compile(r"^(?:that's|it's|you're|that is|it is|you are|this is|way) (?=too )")
_POLITE_TAIL = re.compile(r"(?:\s+(?:please|now|thanks|thank you|a bit|a little|a little bit|daycast))+$")

# Whole-utterance controls: the cleaned text must match one of these entirely.
_CONTROLS: tuple[tuple[IntentKind, re.Pattern[str]], ...] = (
    ("stop", re.compile(
        r"(?:stop|stop it|stop that|stop talking|stop speaking|stop playing|stop playback|be quiet|quiet|"
        r"shut up|silence|cancel|cancel that|never ?mind|enough|that's enough|pause|hush)")),
    ("louder", re.compile(
        r"(?:louder|speak louder|talk louder|be louder|speak up|volume up|turn (?:it |the volume )?up|"
        r"turn up the volume|increase (?:the )?volume|raise (?:the )?volume|more volume|i can't hear you)")),
    ("quieter", re.compile(
        r"(?:quieter|softer|speak (?:more )?(?:quietly|softly|quieter|softer)|talk (?:quieter|softer)|be quieter|"
        r"volume down|turn (?:it |the volume )?down|turn down the volume|lower (?:the )?volume|"
        r"decrease (?:the )?volume|less volume|too loud)")),
    ("slower", re.compile(
        r"(?:slower|slow down|speak slower|talk slower|speak (?:more )?slowly|talk (?:more )?slowly|"
        r"not so fast|too fast)")),
    ("faster", re.compile(
        r"(?:faster|speed up|speak faster|talk faster|speak (?:more )?quickly|talk (?:more )?quickly|"
        r"hurry up|too slow)")),
)

_BRIEF = re.compile(
    r"^(?:brief me|(?:give|read|play|tell) me (?:my |the |today's |a )*(?:daily |morning )?briefing|"
    r"(?:start|run|do|make) (?:my |the |a |today's )*(?:daily |morning )?briefing|"
    r"(?:my |the |today's )*(?:daily |morning )?briefing|what's (?:in )?my briefing|"
    r"catch me up|what's my day(?: look like)?|what does my day look like)"
    r"(?: for today| for the day| today)?$"
)
_PODCAST = re.compile(
    r"^(?:(?:make|create|generate|produce|record|do|start|write) (?:me )?)?(?:a |an |the )?"
    r"(?:new |short |quick )?podcast(?: episode)?\s+(?:about|on|from|of|for|covering)\s+(?P<topic>.+)$"
)


def clean(text: str) -> str:
    """Lowercase words with punctuation (but not file-name dots) and politeness removed."""
    lowered = text.casefold().replace("’", "'")
    lowered = _SPACES.sub(" ", _PUNCTUATION.sub(" ", lowered)).strip(" .")
    lowered = _POLITE_HEAD.sub("", lowered).strip()
    lowered = _TOO.sub("", lowered)
    return _POLITE_TAIL.sub("", lowered).strip(" .")


def route(text: str) -> Intent:
    """The intent of one transcript; a plain question (``ask``) when no command matches."""
    words = clean(text)
    for kind, pattern in _CONTROLS:
        if pattern.fullmatch(words):
            return Intent(kind, text)
    if _BRIEF.match(words):
        return Intent("brief", text)
    match = _PODCAST.match(words)
    if match:
        topic = match.group("topic").strip(" .")
        topic = re.sub(r"^(?:the file|the document|my file|my notes? (?:on|about)|the topic(?: of)?)\s+", "", topic)
        if topic:
            return Intent("podcast", text, _original_case(text, topic))
    return Intent("ask", text)


def _original_case(text: str, topic: str) -> str:
    """The topic as the user's transcript wrote it (file names keep their case)."""
    index = text.casefold().replace("’", "'").rfind(topic)
    return text[index:index + len(topic)].strip(" .!?") if index >= 0 else topic
