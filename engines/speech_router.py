"""Route speech recognition and synthesis over local and remote engines, as the LLM router does for text.

The same rules as :mod:`engines.router`: privacy mode (and ``local_only``) drop cloud routes when the
router is built; the policy orders the rest by kind (:mod:`engines.routes`); a route that fails before
it produced anything is cooled down and the next one is tried; once audio or text went out, a failure
is raised (a sentence is never half one voice, half another). Every attempt that reached an engine is
written to the ledger with the seconds of audio it heard or made.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from engines.audio import resample
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, DaycastError, SpeechEndpointError
from engines.ledger import Engine, LedgerEntry, Outcome
from engines.protocols import SpeechToText, TextToSpeech
from engines.router import UsageSink
from engines.routes import Cooldowns, RouteKind, allowed, ordered
from engines.types import AudioChunk, ModelInfo, TranscriptSegment

log = logging.getLogger(__name__)

T = TypeVar("T")
ASR_RATE = 16000


@dataclass(frozen=True)
class SpeechRoute:
    """One engine a speech router may use; ``voice`` (TTS) is the name passed to its ``synthesize``."""

    name: str
    engine: Any
    kind: RouteKind
    voice: str | None = None


@dataclass(frozen=True)
class SpeechPolicy:
    policy: str = "local_only"
    privacy_mode: bool = True
    cooldown_s: float = 60.0


@dataclass
class _Usage:
    audio_s: float = 0.0
    chars: int = 0
    items: int = 0


class _SpeechRouter:
    engine_kind: Engine = "asr"

    def __init__(self, routes: list[SpeechRoute], policy: SpeechPolicy | None = None, *,
                 ledger: UsageSink | None = None, task: str = "speech",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy or SpeechPolicy()
        usable = [r for r in routes if allowed(r.kind, self.policy.policy, self.policy.privacy_mode)]
        self.routes: tuple[SpeechRoute, ...] = tuple(ordered(usable, lambda r: r.kind, self.policy.policy))
        if not self.routes:
            why = "privacy mode is on" if self.policy.privacy_mode else f"policy is {self.policy.policy}"
            raise SpeechEndpointError(f"No {self.engine_kind.upper()} route can be used: {why}",
                                      hint="add a local or self-hosted route", code="speech.no_route")
        self.ledger = ledger
        self.task = task
        self.cooldowns = Cooldowns(self.policy.cooldown_s, clock)
        self.last_route: SpeechRoute = self.routes[0]
        """The route that served the last request (what the UI and ``daycast devices`` show)."""

    @property
    def info(self) -> ModelInfo:
        info: ModelInfo = self.last_route.engine.info
        return info

    def route_names(self) -> list[str]:
        return [f"{r.name} ({r.kind})" for r in self.routes]

    def _candidates(self) -> list[SpeechRoute]:
        """Fresh routes first, then the cooling ones as a last resort (as the LLM router does): once the
        fresh remote failed, a local engine that merely failed a while ago is better than no answer."""
        fresh = [r for r in self.routes if not self.cooldowns.cooling(r.name)]
        return fresh + [r for r in self.routes if r not in fresh]

    def _run(self, produce: Callable[[SpeechRoute], Iterator[T]], count: Callable[[T, _Usage], None],
             usage_in: _Usage) -> Iterator[T]:
        request_id = uuid.uuid4().hex[:12]
        failures: list[str] = []
        last: BaseException | None = None
        for route in self._candidates():
            usage = _Usage(usage_in.audio_s, usage_in.chars)
            start = time.perf_counter()
            outcome: Outcome = "ok"
            error = ""
            try:
                for item in produce(route):
                    count(item, usage)
                    usage.items += 1
                    yield item
            except Cancelled:
                outcome, error = "cancelled", "job.cancelled"
                raise
            except GeneratorExit:
                outcome = "cancelled"
                raise
            except (DaycastError, OSError, MemoryError) as exc:
                outcome, error = "error", getattr(exc, "code", f"os.{type(exc).__name__}")
                if usage.items:
                    raise
                self.cooldowns.cool(route.name)
                failures.append(f"{route.name}:{error}")
                last = exc
                continue
            finally:
                self._record(route, usage, time.perf_counter() - start, outcome, error, request_id)
            self.last_route = route
            return
        if len(failures) == 1 and isinstance(last, DaycastError):
            raise last
        raise SpeechEndpointError(f"No {self.engine_kind.upper()} route could answer: {'; '.join(failures)}",
                                  hint="see `daycast usage` and the log for each route's failure",
                                  code="speech.no_route") from last

    def _record(self, route: SpeechRoute, usage: _Usage, seconds: float, outcome: Outcome, error: str,
                request_id: str) -> None:
        if self.ledger is None:
            return
        entry = LedgerEntry(
            task=self.task, route=route.name, kind=route.kind, model=route.engine.info.id, tokens_in=usage.chars,
            latency_s=seconds, outcome=outcome, error=error, request_id=request_id, engine=self.engine_kind,
            audio_s=round(usage.audio_s, 3),
        )
        try:
            self.ledger.record(entry)
        except Exception as exc:  # the ledger must never break speech
            log.warning("Could not record usage in the ledger: %s", exc)


class ASRRouter(_SpeechRouter):
    """A ``SpeechToText`` over routes; ``quick_text`` (live partials) goes to the first route, unrecorded."""

    engine_kind: Engine = "asr"
    sample_rate = ASR_RATE

    def transcribe(
        self, audio: np.ndarray, *, word_timestamps: bool = False, cancel: CancelToken | None = None,
        **options: Any,
    ) -> Iterator[TranscriptSegment]:
        cancel = cancel or NEVER
        heard = _Usage(audio_s=len(audio) / ASR_RATE)

        def produce(route: SpeechRoute) -> Iterator[TranscriptSegment]:
            engine: SpeechToText = route.engine
            return iter(engine.transcribe(audio, word_timestamps=word_timestamps, cancel=cancel, **options))

        return self._run(produce, _count_nothing, heard)

    def quick_text(self, audio: np.ndarray, **options: Any) -> str:
        """A preview transcript while the user still speaks: not worth a ledger row per partial."""
        engine = self.routes[0].engine
        quick = getattr(engine, "quick_text", None)
        if quick is not None:
            return str(quick(audio, **options))
        return " ".join(s.text.strip() for s in engine.transcribe(audio) if s.text).strip()


class TTSRouter(_SpeechRouter):
    """A ``TextToSpeech`` over routes; every route's audio comes out at the first route's rate."""

    engine_kind: Engine = "tts"

    def __init__(self, routes: list[SpeechRoute], policy: SpeechPolicy | None = None, **kwargs: Any) -> None:
        super().__init__(routes, policy, **kwargs)
        self.sample_rate: int = int(self.routes[0].engine.sample_rate)

    def voices(self) -> list[str]:
        """The primary route's voice: each route speaks with its own configured voice."""
        return [self.routes[0].voice or self.routes[0].engine.voices()[0]]

    def synthesize(
        self, text: str, *, voice: str | None = None, speed: float = 1.0, cancel: CancelToken | None = None,
        **options: Any,
    ) -> Iterator[AudioChunk]:
        cancel = cancel or NEVER
        rate = self.sample_rate

        def produce(route: SpeechRoute) -> Iterator[AudioChunk]:
            engine: TextToSpeech = route.engine
            for chunk in engine.synthesize(text, voice=route.voice or voice, speed=speed, cancel=cancel, **options):
                if chunk.sample_rate != rate:
                    chunk = AudioChunk(resample(chunk.samples, chunk.sample_rate, rate), rate, chunk.text)
                yield chunk

        return self._run(produce, _count_audio, _Usage(chars=len(text)))

    def warm_up(self) -> None:
        warm = getattr(self.routes[0].engine, "warm_up", None)
        if warm is not None and self.routes[0].kind == "local":
            warm()


def _count_nothing(_item: TranscriptSegment, _usage: _Usage) -> None:
    return None


def _count_audio(chunk: AudioChunk, usage: _Usage) -> None:
    usage.audio_s += chunk.duration
