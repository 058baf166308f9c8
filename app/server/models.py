"""What ``daycast serve`` serves: one LLM, one Whisper, every installed voice, each behind its own gate.

Models load on their first request (or at start with ``preload``), once, under a lock. Each request
that reached a model is written to the usage ledger (task ``serve``, route ``daycast-serve``), so the
serving machine's ``daycast usage`` shows what its clients used.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from app.core.llm_setup import LocalModelSpec, ModelPool
from app.server.gate import ModelGate
from engines import bundled
from engines.asr_whisper import WhisperASR
from engines.errors import DaycastError, UsageError
from engines.ledger import Engine, LedgerEntry
from engines.protocols import LanguageModel, TextToSpeech
from engines.router import UsageSink
from engines.tts import TTSCache, VoiceInfo, available_voices, load_tts, parse_spec

log = logging.getLogger(__name__)

ROUTE = "daycast-serve"
OPENAI_VOICES = frozenset({"alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
                           "verse"})
"""OpenAI's voice names: clients send them by default; they get the server's default voice."""
OPENAI_TTS_MODELS = frozenset({"tts-1", "tts-1-hd", "gpt-4o-mini-tts"})
OPENAI_ASR_MODELS = frozenset({"whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"})


class NotServed(DaycastError):
    """The request names a model or voice this server does not have (HTTP 404)."""

    code = "server.model_not_found"


@dataclass(frozen=True)
class ServeOptions:
    llm_model: str
    asr_model: str
    default_voice: str
    device: str = "auto"
    n_ctx: int = 4096
    max_waiting: int = 8
    """Requests that may wait per model; one more gets HTTP 503."""
    threads: int = 0


class ServedModels:
    """The served engines, loaded lazily; thread-safe."""

    def __init__(self, options: ServeOptions, ledger: UsageSink | None) -> None:
        self.options = options
        self.ledger = ledger
        self.pool = ModelPool()
        self.tts_cache = TTSCache()
        self._asr: WhisperASR | None = None
        self._lock = threading.Lock()
        self._gates: dict[str, ModelGate] = {}
        self.voices: list[VoiceInfo] = available_voices()
        parse_spec(options.default_voice)  # a malformed default voice fails at start, not per request

    # -- names ---------------------------------------------------------------------------------------
    @property
    def llm_id(self) -> str:
        return self.options.llm_model

    @property
    def asr_id(self) -> str:
        return self.options.asr_model

    def listing(self) -> list[dict[str, Any]]:
        """``/v1/models`` entries: the LLM, the recogniser and each TTS model, with what they are."""
        created = int(time.time())
        entries = [(self.llm_id, "llm"), (self.asr_id, "asr")]
        tts_models = {v.engine: v for v in self.voices}
        entries += [(f"{engine}-tts", "tts") for engine in sorted(tts_models)]
        return [{"id": model_id, "object": "model", "created": created, "owned_by": "daycast", "daycast_kind": kind}
                for model_id, kind in entries]

    def queues(self) -> dict[str, dict[str, int]]:
        with self._lock:
            gates = dict(self._gates)
        return {name: gate.status() for name, gate in sorted(gates.items())}

    def thread_demand(self) -> int:
        """Worker threads the server may need at once. A request waiting for its model holds a thread, so
        each model's queue (running + ``max_waiting``) needs its own, twice over (an upload's decoding, the
        chat worker's wait), plus room for the rest; fewer, and one model's queue would stall the others."""
        models = 2 + len({v.engine for v in self.voices})  # the LLM, Whisper, one queue per TTS engine
        return 2 * models * (1 + self.options.max_waiting) + 16

    def gate(self, key: str) -> ModelGate:
        with self._lock:
            if key not in self._gates:
                self._gates[key] = ModelGate(key, max_waiting=self.options.max_waiting)
            return self._gates[key]

    # -- engines -------------------------------------------------------------------------------------
    def check_llm(self, requested: str | None) -> None:
        if requested and requested not in (self.llm_id, "default", "daycast"):
            raise NotServed(f"This server has no chat model {requested!r}; it serves {self.llm_id}",
                            hint="GET /v1/models lists what is served")

    def llm(self) -> LanguageModel:
        spec = LocalModelSpec(self.llm_id, device=self.options.device, n_ctx=self.options.n_ctx,
                              n_threads=self.options.threads)
        return self.pool.get(spec)

    def check_asr(self, requested: str | None) -> None:
        if requested and requested not in (self.asr_id, "default") and requested not in OPENAI_ASR_MODELS:
            raise NotServed(f"This server has no speech recognition model {requested!r}; it serves {self.asr_id}")

    def asr(self) -> WhisperASR:
        with self._lock:
            if self._asr is None:
                model = bundled.require(self.asr_id)
                device = "cuda" if self.options.device == "gpu" else self.options.device
                self._asr = WhisperASR(model.directory, device=device, model_id=model.id, license=model.license)
            return self._asr

    def voice_spec(self, model: str | None, voice: str | None) -> str:
        """The Daycast voice for an OpenAI ``model`` + ``voice`` pair (``piper:...``, ``kokoro:...``)."""
        wanted = (voice or "").strip()
        if not wanted or wanted.lower() in OPENAI_VOICES or wanted == "default":
            return self.options.default_voice
        if ":" in wanted:
            engine, name = parse_spec(wanted)
            return f"{engine}:{name}"  # one spelling, so "PIPER:..." waits in the same queue as "piper:..."
        for info in self.voices:  # a bare name: "en_US-joe-medium", "jf_alpha"
            if info.spec.partition(":")[2] == wanted and (not model or model.startswith(info.engine)
                                                           or model in OPENAI_TTS_MODELS):
                return info.spec
        raise NotServed(f"This server has no voice {wanted!r}",
                        hint="voices: " + ", ".join(v.spec for v in self.voices[:12]))

    def tts(self, spec: str) -> tuple[TextToSpeech, str | None]:
        try:
            return load_tts(spec, device=self.options.device, cache=self.tts_cache)
        except UsageError as exc:
            raise NotServed(exc.message, hint=exc.hint) from exc

    def preload(self) -> None:
        self.llm()
        self.asr()
        self.tts(self.options.default_voice)

    # -- ledger --------------------------------------------------------------------------------------
    def record(self, engine: Engine, model: str, seconds: float, *, tokens_in: int = 0, tokens_out: int = 0,
               audio_s: float = 0.0, ok: bool = True, error: str = "", ttft_s: float = 0.0) -> None:
        if self.ledger is None:
            return
        entry = LedgerEntry(task="serve", route=ROUTE, kind="local", model=model, tokens_in=tokens_in,
                            tokens_out=tokens_out, latency_s=seconds, ttft_s=ttft_s,
                            outcome="ok" if ok else "error", error=error, engine=engine, audio_s=audio_s)
        try:
            self.ledger.record(entry)
        except Exception as exc:  # the ledger must never break an answer
            log.warning("Could not record usage in the ledger: %s", exc)

    def close(self) -> None:
        self.pool.close()
        self.tts_cache.clear()
