"""The routes settings give each engine kind: the local engine plus ``Settings.routes`` (self-hosted, cloud).

``build_asr`` and ``build_tts`` return speech routers (:mod:`engines.speech_router`) the pipelines use
like a single engine; ``llm_routes`` is what :func:`app.core.llm_setup.build_llm` adds to its local
route. Nothing is loaded or sent here: remote engines connect on their first request. Every router
writes to the usage ledger unless the caller passes another sink.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.settings import RemoteRoute, Settings
from engines.asr_openai import OpenAITranscriber
from engines.ledger import Ledger
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel
from engines.protocols import SpeechToText, TextToSpeech
from engines.remote_audio import AudioEndpointConfig
from engines.router import Route, UsageSink
from engines.routes import effective_kind
from engines.speech_router import ASRRouter, SpeechPolicy, SpeechRoute, TTSRouter
from engines.tts_openai import OpenAISpeech

DEFAULT_TTS_RATE = 22050


def default_ledger() -> Ledger:
    """The user's ledger (``<data dir>/ledger.sqlite3``): on in every production path."""
    return Ledger()


def remote_routes(settings: Settings, engine: str) -> list[RemoteRoute]:
    return [r for r in settings.routes if r.enabled and r.engine == engine]


def llm_routes(settings: Settings) -> list[Route]:
    """The remote LLM routes of ``settings`` (self-hosted kinds checked against the trusted hosts)."""
    routes: list[Route] = []
    for remote in remote_routes(settings, "llm"):
        kind = effective_kind(remote.kind, remote.base_url, settings.trusted_hosts)
        config = EndpointConfig(base_url=remote.base_url, model=remote.model, context_window=remote.context_window,
                                timeout_s=remote.timeout_s, name=remote.name, kind=kind)
        routes.append(Route(remote.name, OpenAICompatibleModel(config), kind, remote.context_window))
    return routes


def _audio_config(settings: Settings, remote: RemoteRoute, sample_rate: int) -> AudioEndpointConfig:
    return AudioEndpointConfig(
        base_url=remote.base_url, model=remote.model, name=remote.name, voice=remote.voice,
        kind=effective_kind(remote.kind, remote.base_url, settings.trusted_hosts), sample_rate=sample_rate,
        timeout_s=remote.timeout_s,
    )


def _policy(settings: Settings) -> SpeechPolicy:
    return SpeechPolicy(policy=settings.policy, privacy_mode=settings.privacy_mode)


def build_asr(
    settings: Settings, local: Callable[[], SpeechToText] | None, *, task: str = "assistant",
    ledger: UsageSink | None = None,
) -> ASRRouter:
    """Speech recognition over the local Whisper (``local()``, called now) and the remote ASR routes.

    ``local`` None leaves the local engine out (a machine that only uses a speech server). The local
    engine is loaded only when the policy would try it before every remote route or none is allowed.
    """
    routes = [SpeechRoute(r.name, OpenAITranscriber(_audio_config(settings, r, 16000)),
                          effective_kind(r.kind, r.base_url, settings.trusted_hosts))
              for r in remote_routes(settings, "asr")]
    if local is not None:
        routes.insert(0, SpeechRoute("local", local(), "local"))
    return ASRRouter(routes, _policy(settings), ledger=ledger if ledger is not None else default_ledger(), task=task)


def build_tts(
    settings: Settings, local: Callable[[], tuple[TextToSpeech, str | None]] | None, *, task: str = "briefing",
    ledger: UsageSink | None = None,
) -> tuple[TTSRouter, str | None]:
    """Speech over the local voice (``local()`` -> engine and voice name) and the remote TTS routes.

    Returns the router and the voice to pass to it (each route speaks with its own voice).
    """
    routes: list[SpeechRoute] = []
    rate = DEFAULT_TTS_RATE
    if local is not None:
        engine, voice = local()
        rate = int(engine.sample_rate)
        routes.append(SpeechRoute("local", engine, "local", voice))
    for remote in remote_routes(settings, "tts"):
        speech = OpenAISpeech(_audio_config(settings, remote, rate))
        routes.append(SpeechRoute(remote.name, speech, speech.config.kind, remote.voice or None))
    router = TTSRouter(routes, _policy(settings), ledger=ledger if ledger is not None else default_ledger(),
                       task=task)
    return router, router.voices()[0]


def metered_tts(engine: TextToSpeech, voice: str | None, *, task: str, ledger: UsageSink | None = None) -> TTSRouter:
    """One local voice whose use is written to the ledger (podcast hosts each keep their own voice, so they
    take no remote route)."""
    return TTSRouter([SpeechRoute("local", engine, "local", voice)], SpeechPolicy(),
                     ledger=ledger if ledger is not None else default_ledger(), task=task)
