"""The real window on the offscreen platform, with the small real models injected.

SmolLM2 (tiny, fast) writes; Piper joe-medium speaks. Settings, output and history live in tmp.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from app.core import settings as core_settings
from engines.paths import assets_dir

DEMO_SOURCES = assets_dir() / "demo" / "sources"


@pytest.fixture(scope="session")
def piper_voice() -> tuple[Any, str]:
    from engines.tts import load_tts

    return load_tts("piper:en_US-joe-medium", device="cpu")


@pytest.fixture(scope="session")
def small_services(smollm2: Any, piper_voice: tuple[Any, str]) -> Any:
    """Services whose engines are the small real models (loaded once per session)."""
    from app.core.briefing.pipeline import BriefingEngines
    from app.jobs.services import Services

    tts, voice = piper_voice

    def briefing(_settings: Any) -> BriefingEngines:
        return BriefingEngines(llm=smollm2, tts=tts, voice=voice)

    def tts_loader(spec: str, _device: str) -> tuple[Any, str]:
        from engines.tts import load_tts

        return (tts, voice) if spec == "piper:en_US-joe-medium" else load_tts(spec, device="cpu")

    def assistant(_settings: Any) -> Any:
        from app.core.assistant.session import AssistantEngines

        return AssistantEngines(asr=None, vad=None, llm=smollm2, tts=tts, voice=voice)  # typed turns need no ASR

    return Services(briefing_engines=briefing, podcast_engines=lambda _s: smollm2, assistant_engines=assistant,
                    tts_loader=tts_loader, force_silent_audio=True)


def demo_sources(tmp_path: Path) -> Path:
    """The bundled demo sources, or (before they exist) an equivalent folder written here."""
    if DEMO_SOURCES.is_dir() and any(DEMO_SOURCES.iterdir()):
        return DEMO_SOURCES
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "notes.md").write_text("# Plumber\n\nCall the plumber about the boiler on Friday.\n")
    return folder


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    path = Path(os.environ["DAYCAST_CONFIG"]) / "settings.json"
    settings = core_settings.Settings(
        sources=(str(demo_sources(tmp_path)),), output_dir=str(tmp_path / "out"), briefing_minutes=1.0,
        llm_model="smollm2-135m-instruct-q4_1",
    )
    core_settings.save(settings, path)
    return path


class OpenedLinks(list):
    """Records the URLs the window asked the desktop to open (instead of launching a browser)."""

    def __call__(self, url: Any) -> bool:
        self.append(url.toString())
        return True


@contextmanager
def shown_window(qtbot: Any, settings_path: Path, services: Any, **options: Any) -> Iterator[Any]:
    """The main window on ``settings_path`` at 1280×800, shown; its workers stopped and engines dropped after."""
    from app.ui.main_window import MainWindow
    from app.ui.settings_store import SettingsStore

    win = MainWindow(SettingsStore(settings_path), services, microphones=[], use_tray=False, **options)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    try:
        yield win
    finally:
        win.workers.shutdown()
        services.forget_engines()


@pytest.fixture
def window(qtbot: Any, settings_file: Path, small_services: Any) -> Iterator[Any]:
    opened = OpenedLinks()
    with shown_window(qtbot, settings_file, small_services, opener=opened) as win:
        win.opened = opened
        yield win
