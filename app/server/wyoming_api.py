"""Wyoming servers (Home Assistant's voice protocol) for speech recognition and synthesis.

Home Assistant's Wyoming integration connects to a TCP port, sends ``describe`` and reads ``info``
(the programs, models and voices offered), then ``transcribe`` + audio, or ``synthesize``. One port
per service, as wyoming-faster-whisper and wyoming-piper do. The same gates and ledger as the HTTP
API: a Home Assistant request waits in the same per-model queue as an OpenAI one.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import anyio.to_thread
import numpy as np
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event
from wyoming.info import AsrModel, AsrProgram, Attribution, Describe, Info, TtsProgram, TtsVoice
from wyoming.server import AsyncEventHandler
from wyoming.tts import Synthesize

from app import __version__
from app.core.audio.io import to_pcm16
from app.server.models import ServedModels
from engines.errors import DaycastError

log = logging.getLogger(__name__)

DAYCAST = Attribution(name="Daycast", url="https://github.com/daycast/daycast")
WHISPER = Attribution(name="OpenAI Whisper (faster-whisper)", url="https://github.com/openai/whisper")
SAMPLES_PER_CHUNK = 1024
MAX_AUDIO_SECONDS = 120.0


def asr_info(served: ServedModels) -> Info:
    languages = ["en"] if served.asr_id.endswith(".en-ct2") or ".en" in served.asr_id else ["en", "ja"]
    model = AsrModel(name=served.asr_id, attribution=WHISPER, installed=True, languages=languages,
                     description=f"Whisper {served.asr_id} through Daycast", version=None)
    program = AsrProgram(name="daycast-asr", attribution=DAYCAST, installed=True, version=__version__,
                         description="Daycast speech recognition (faster-whisper)", models=[model])
    return Info(asr=[program])


def tts_info(served: ServedModels) -> Info:
    voices = [
        TtsVoice(name=v.spec, attribution=DAYCAST, installed=True, version=None, languages=["en"],
                 description=f"{v.label}; licence {v.license}")
        for v in served.voices
    ]
    program = TtsProgram(name="daycast-tts", attribution=DAYCAST, installed=True, version=__version__,
                         description="Daycast speech synthesis (Piper, Kokoro)", voices=voices)
    return Info(tts=[program])


class _Handler(AsyncEventHandler):
    def __init__(self, served: ServedModels, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.served = served

    async def fail(self, exc: DaycastError) -> bool:
        await self.write_event(Error(text=str(exc), code=exc.code).event())
        return True


class AsrHandler(_Handler):
    """``transcribe``, ``audio-start``, ``audio-chunk``..., ``audio-stop`` -> ``transcript``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.converter = AudioChunkConverter(rate=16000, width=2, channels=1)
        self.pcm = bytearray()
        self.language: str | None = None

    async def handle_event(self, event: Event) -> bool:
        if Describe.is_type(event.type):
            await self.write_event(asr_info(self.served).event())
        elif Transcribe.is_type(event.type):
            self.language = Transcribe.from_event(event).language
        elif AudioStart.is_type(event.type):
            self.pcm.clear()
        elif AudioChunk.is_type(event.type):
            if len(self.pcm) < MAX_AUDIO_SECONDS * 16000 * 2:  # bounded memory: a longer stream is cut
                self.pcm += self.converter.convert(AudioChunk.from_event(event)).audio
        elif AudioStop.is_type(event.type):
            audio = np.frombuffer(bytes(self.pcm), "<i2").astype(np.float32) / 32768.0
            self.pcm.clear()
            try:
                text = await anyio.to_thread.run_sync(self._transcribe, audio)
            except DaycastError as exc:
                return await self.fail(exc)
            await self.write_event(Transcript(text=text, language=self.language or "en").event())
        return True

    def _transcribe(self, audio: np.ndarray) -> str:
        gate = self.served.gate("asr")
        start = time.perf_counter()
        error = ""
        with gate.admit():
            try:
                segments = list(self.served.asr().transcribe(audio, language=self.language or "en"))
            except DaycastError as exc:
                error = exc.code
                raise
            finally:
                self.served.record("asr", self.served.asr_id, time.perf_counter() - start,
                                   audio_s=round(len(audio) / 16000, 3), ok=not error, error=error)
        return " ".join(s.text.strip() for s in segments if s.text).strip()


class TtsHandler(_Handler):
    """``synthesize`` -> ``audio-start``, ``audio-chunk``..., ``audio-stop`` (16-bit mono)."""

    async def handle_event(self, event: Event) -> bool:
        if Describe.is_type(event.type):
            await self.write_event(tts_info(self.served).event())
        elif Synthesize.is_type(event.type):
            request = Synthesize.from_event(event)
            voice = request.voice.name if request.voice else None
            try:
                samples, rate = await anyio.to_thread.run_sync(self._synthesize, request.text, voice)
            except DaycastError as exc:
                return await self.fail(exc)
            await self._send(samples, rate)
        return True

    def _synthesize(self, text: str, voice: str | None) -> tuple[np.ndarray, int]:
        spec = self.served.voice_spec(None, voice)
        gate = self.served.gate("tts:" + spec.partition(":")[0])
        start = time.perf_counter()
        error, audio_s, model = "", 0.0, spec
        with gate.admit():
            try:
                tts, name = self.served.tts(spec)
                model = tts.info.id
                chunks = [c.samples for c in tts.synthesize(text, voice=name)]
                samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
                audio_s = len(samples) / tts.sample_rate
            except DaycastError as exc:
                error = exc.code
                raise
            finally:
                self.served.record("tts", model, time.perf_counter() - start, tokens_in=len(text),
                                   audio_s=round(audio_s, 3), ok=not error, error=error)
        return samples, int(tts.sample_rate)

    async def _send(self, samples: np.ndarray, rate: int) -> None:
        pcm = to_pcm16(samples).astype("<i2").tobytes()
        await self.write_event(AudioStart(rate=rate, width=2, channels=1).event())
        step = SAMPLES_PER_CHUNK * 2
        for offset in range(0, len(pcm), step):
            await self.write_event(AudioChunk(rate=rate, width=2, channels=1, audio=pcm[offset:offset + step]).event())
        await self.write_event(AudioStop().event())
