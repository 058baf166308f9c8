"""Speech recognition on an OpenAI-compatible server (``POST /v1/audio/transcriptions``).

Implements ``SpeechToText``: sends 16 kHz mono audio as a WAV file and asks for ``verbose_json`` (segments
with times); a server that only knows ``json`` gives one segment covering the clip. Nothing is sent
before :meth:`transcribe` runs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import numpy as np

from engines.audio import to_mono
from engines.cancel import NEVER, CancelToken
from engines.errors import SpeechEndpointError
from engines.remote_audio import AudioEndpointConfig, RemoteEndpoint, wav_bytes
from engines.types import ModelInfo, TranscriptSegment

SAMPLE_RATE = 16000


class OpenAITranscriber(RemoteEndpoint):
    """A remote Whisper (or any ASR) behind ``/v1/audio/transcriptions``."""

    sample_rate = SAMPLE_RATE

    def __init__(self, config: AudioEndpointConfig, client: httpx.Client | None = None) -> None:
        super().__init__(config, client)
        self.info = ModelInfo(id=config.model, backend="openai-compatible", device="remote", route=config.kind,
                              detail=f"{config.name} at {self.host}")
        self.served_by = ""
        """The model id the server says made the last transcript (``X-Daycast-Model`` or the body's)."""

    def transcribe(
        self, audio: np.ndarray, *, word_timestamps: bool = False, cancel: CancelToken | None = None,
        language: str | None = "en", **_options: Any,
    ) -> Iterator[TranscriptSegment]:
        cancel = cancel or NEVER
        samples = to_mono(audio)
        cancel.check()
        if not len(samples):
            return
        data = {"model": self.config.model, "response_format": "verbose_json"}
        if language:
            data["language"] = language
        files = {"file": ("audio.wav", wav_bytes(samples, SAMPLE_RATE), "audio/wav")}
        body, headers = self.post("/audio/transcriptions", cancel=cancel, data=data, files=files)
        cancel.check()
        reply = self._decode(body)
        served = headers.get("x-daycast-model", "") or str(reply.get("model", ""))
        if served and served != self.served_by:  # provenance names the model that really listened
            self.served_by = served
            self.info = replace(self.info, detail=f"{self.config.name} at {self.host}, made by {served}")
        try:  # parsed whole before the first segment goes out, so a bad one still falls back
            segments = list(_segments(reply, len(samples) / SAMPLE_RATE))
        except (TypeError, ValueError, OverflowError) as exc:
            raise SpeechEndpointError(f"{self.host} sent a malformed transcript segment ({exc})",
                                      code="speech.bad_response") from None
        yield from segments

    def _decode(self, body: bytes) -> dict[str, Any]:
        try:
            reply = json.loads(body)
        except ValueError:
            raise SpeechEndpointError(f"{self.host} sent a transcript that is not JSON: {body[:80]!r}",
                                      code="speech.bad_response") from None
        if not isinstance(reply, dict) or not isinstance(reply.get("text", ""), str):
            raise SpeechEndpointError(f"{self.host} sent a transcript without text", code="speech.bad_response")
        return reply


def _segments(reply: dict[str, Any], duration: float) -> Iterator[TranscriptSegment]:
    segments = reply.get("segments")
    if not isinstance(segments, list) or not segments:
        text = str(reply.get("text", "")).strip()
        if text:
            yield TranscriptSegment(0.0, duration, text)
        return
    for segment in segments:
        if not isinstance(segment, dict):
            continue
        start = min(max(_seconds(segment, "start", 0.0), 0.0), duration)
        end = min(max(_seconds(segment, "end", start), start), duration)
        text = str(segment.get("text", "")).strip()
        if text:
            yield TranscriptSegment(start, end, text)


def _seconds(segment: dict[str, Any], key: str, default: float) -> float:
    """A segment time: a finite number of seconds, or ValueError naming the field."""
    value = segment.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{key} is {value!r}, not a number of seconds")
    seconds = float(value)  # ValueError for text that is no number, OverflowError for a huge integer
    if not math.isfinite(seconds):
        raise ValueError(f"{key} is {value!r}, not a number of seconds")
    return seconds
