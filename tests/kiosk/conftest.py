"""The kiosk window on the offscreen platform with the small real models (SmolLM2 writes, Piper speaks).

There is no sound card here: the kiosk plays through a :class:`GuardedPlayer` over a silent real-time
player, exactly as on a kiosk without a speaker. Idle and card times are a fraction of a second.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import time
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.kiosk.config import KioskConfig, kiosk_settings
from app.core.kiosk.pin import hash_pin
from app.core.settings import Settings

PIN = "246810"


@pytest.fixture(scope="session")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture(scope="session")
def piper_voice() -> tuple[Any, str]:
    from engines.tts import load_tts

    return load_tts("piper:en_US-joe-medium", device="cpu")


@pytest.fixture(scope="session")
def kiosk_services(smollm2: Any, piper_voice: tuple[Any, str]) -> Any:
    from app.core.briefing.pipeline import BriefingEngines
    from app.jobs.services import Services

    tts, voice = piper_voice

    def tts_loader(spec: str, _device: str) -> tuple[Any, str]:
        from engines.tts import load_tts

        return (tts, voice) if spec == "piper:en_US-joe-medium" else load_tts(spec, device="cpu")

    return Services(briefing_engines=lambda _s: BriefingEngines(llm=smollm2, tts=tts, voice=voice),
                    tts_loader=tts_loader, force_silent_audio=True)


@pytest.fixture(scope="session")
def engines_factory(smollm2: Any, piper_voice: tuple[Any, str], whisper_tiny: Any) -> Any:
    from app.core.assistant.session import AssistantEngines
    from engines.vad_silero import SileroVAD as OnnxSileroVAD

    tts, voice = piper_voice
    return lambda _settings: AssistantEngines(asr=whisper_tiny, vad=OnnxSileroVAD(), llm=smollm2, tts=tts, voice=voice)


@pytest.fixture
def silent_player() -> Iterator[Any]:
    from app.core.audio.player import NullPlayer
    from app.core.kiosk.audio import GuardedPlayer

    player = GuardedPlayer(lambda: NullPlayer(clock=time.monotonic), stall_seconds=2.0)
    yield player
    player.close()


def make_parts(services: Any, player: Any, pin: str, **overrides: Any) -> Any:
    from app.kiosk.window import KioskParts

    config = KioskConfig(prepare_on_start=False, briefing_minutes=0.5)
    settings = kiosk_settings(Settings(llm_model="smollm2-135m-instruct-q4_1"), config)
    values = dict(settings=settings, config=config, pin_hash=pin, services=services, player=player, microphones=[],
                  idle_ms=60_000, card_ms=100, config_saver=lambda _c: None, pin_saver=hash_pin)
    values.update(overrides)
    return KioskParts(**values)


@pytest.fixture
def make_kiosk(qtbot: Any, kiosk_services: Any, silent_player: Any, pin_hash: str) -> Iterator[Any]:
    """Opens kiosk windows (``make_kiosk(idle_ms=200)``); each is shut down at the end of the test."""
    from app.kiosk.window import KioskWindow

    windows: list[Any] = []

    def make(**overrides: Any) -> Any:
        window = KioskWindow(make_parts(kiosk_services, silent_player, pin_hash, **overrides))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if not window.quitting:
            window.quit_kiosk()
    kiosk_services.forget_engines()


@pytest.fixture
def kiosk(make_kiosk: Any) -> Any:
    return make_kiosk()



@pytest.fixture(autouse=True)
def _kiosk_flag_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """``daycast kiosk`` marks its process as a kiosk (DAYCAST_KIOSK=1); tests run in one process, so the
    flag is set to off here and restored afterwards (later tests, e.g. voice import, must not see it)."""
    monkeypatch.setenv("DAYCAST_KIOSK", "")
