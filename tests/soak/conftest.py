"""Soak fixtures: the real small models the long runs use, loaded once, and a tester's sources.

SmolLM2 (fast), Whisper tiny.en (the soak is about leaks, not recognition quality; the voice-turn tests
use Whisper base), Piper joe-medium, all on the CPU.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engines import bundled

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tester//EN
BEGIN:VEVENT
UID:review@tester
DTSTAMP:20260301T000000Z
DTSTART:20260312T104500Z
DTEND:20260312T113000Z
SUMMARY:Quarterly review with Petra
LOCATION:the Harbour Room
END:VEVENT
END:VCALENDAR
"""
NOTES = "# Plumber\n\nThe plumber comes on Friday at nine. The quote was 340 euros.\n"


@pytest.fixture(scope="session")
def soak_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("soak-sources")
    (folder / "work.ics").write_text(CALENDAR, encoding="utf-8")
    (folder / "plumber.md").write_text(NOTES, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def calendar_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sources that need no LLM call: the reduced briefing soak's (seconds per run instead of half a minute)."""
    folder = tmp_path_factory.mktemp("soak-calendar")
    (folder / "work.ics").write_text(CALENDAR, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def soak_llm() -> Iterator[object]:
    """SmolLM2 as the assistant runs it (one core left to speech)."""
    from app.core.assistant.session import llm_threads
    from engines.llm_llamacpp import LlamaConfig, LlamaCppModel

    model = bundled.require("smollm2-135m-instruct-q4_1")
    llm = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=2048, n_threads=llm_threads(), device="cpu",
                                    sha256=model.files[0].sha256, license=model.license))
    yield llm
    llm.close()


@pytest.fixture(scope="session")
def soak_asr(whisper_tiny: object) -> object:
    return whisper_tiny


@pytest.fixture(scope="session")
def soak_tts() -> object:
    from engines.tts_piper import PiperTTS

    model = bundled.require("piper-en_US-joe-medium")
    return PiperTTS(model.path("en_US-joe-medium.onnx"), device="cpu", model_id=model.id, license=model.license)
