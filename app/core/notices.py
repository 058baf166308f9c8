"""Notices and stage messages that more than one pipeline gives, worded once (translatable in the UI)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from app.core.events import QT_TRANSLATE_NOOP, Notice, Stage, StageStarted, Wording, notice, stage_started
from engines.language import LanguageChoice

LANGUAGE_NAMES = {"en": Wording(QT_TRANSLATE_NOOP("Notice", "English")),
                  "ja": Wording(QT_TRANSLATE_NOOP("Notice", "Japanese"))}


def language_notice(choice: LanguageChoice, job: Literal["briefing", "episode"]) -> Notice:
    """Which language the job speaks, and why when it is not the sources' own."""
    spoken = LANGUAGE_NAMES[choice.lang]
    if choice.detected is not None and choice.detected != choice.lang:
        return notice("language.chosen", QT_TRANSLATE_NOOP("Notice", "Speaking {spoken} as set; the sources are "
                      "in {sources}."), spoken=spoken, sources=LANGUAGE_NAMES[choice.detected])
    if choice.asked == "auto" and choice.detected is None:
        return notice("language.chosen", QT_TRANSLATE_NOOP("Notice", "The sources mix languages; speaking "
                      "{spoken}."), spoken=spoken)
    if job == "briefing":  # as the sources are: for information, not a warning
        return notice("language.chosen", QT_TRANSLATE_NOOP("Notice", "Briefing in {spoken}."), level="info",
                      spoken=spoken)
    return notice("language.chosen", QT_TRANSLATE_NOOP("Notice", "Episode in {spoken}."), level="info", spoken=spoken)


def condensed_notice(title: str, passes: int, chunks: int, *, level: str = "warning") -> Notice:
    return notice("source.condensed", QT_TRANSLATE_NOOP("Notice", "{title}: long document condensed in {passes} "
                  "pass(es) from {chunks} chunks to fit the model's context"), level=level, title=title,
                  passes=passes, chunks=chunks)


def writing_stage(out: Path) -> StageStarted:
    return stage_started(Stage.EXPORT, QT_TRANSLATE_NOOP("Notice", "Writing {name}"), name=out.name)


def reading_stage(count: int) -> StageStarted:
    return stage_started(Stage.IMPORT, QT_TRANSLATE_NOOP("Notice", "Reading {count} source(s)"), count=count)
