"""Speech synthesis on an OpenAI-compatible server (``POST /v1/audio/speech``).

Implements ``TextToSpeech``: one request per sentence (so the first sentence plays while the rest are
made, as with the local voices), WAV answers decoded and resampled to ``config.sample_rate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx

from engines.audio import resample
from engines.cancel import NEVER, CancelToken
from engines.remote_audio import AudioEndpointConfig, RemoteEndpoint, read_wav_bytes
from engines.speech_util import check_speed, with_pause
from engines.text import speech_sentences
from engines.types import AudioChunk, ModelInfo

SENTENCE_PAUSE_S = 0.2


class OpenAISpeech(RemoteEndpoint):
    """A remote voice behind ``/v1/audio/speech``; ``voices()`` is the one voice the route names."""

    def __init__(self, config: AudioEndpointConfig, client: httpx.Client | None = None) -> None:
        super().__init__(config, client)
        self.sample_rate = config.sample_rate
        self.info = ModelInfo(id=config.model, backend="openai-compatible", device="remote", route=config.kind,
                              detail=f"{config.name} at {self.host}, voice {config.voice or 'default'}")
        self.served_by = ""
        """The model the server says made the last audio (``X-Daycast-Model``), when it says."""

    def _served(self, model: str) -> None:
        if model and model != self.served_by:  # provenance names the model that really spoke
            self.served_by = model
            self.info = replace(self.info, detail=f"{self.config.name} at {self.host}, made by {model}")

    def voices(self) -> list[str]:
        return [self.config.voice or "default"]

    def synthesize(
        self, text: str, *, voice: str | None = None, speed: float = 1.0, cancel: CancelToken | None = None,
        **_options: Any,
    ) -> Iterator[AudioChunk]:
        cancel = cancel or NEVER
        speed = check_speed(speed)
        name = voice if voice and voice != "default" else self.config.voice
        for sentence in speech_sentences(text):
            cancel.check()
            payload: dict[str, Any] = {"model": self.config.model, "input": sentence, "response_format": "wav",
                                       "speed": speed}
            if name:
                payload["voice"] = name
            body, headers = self.post("/audio/speech", cancel=cancel, json=payload)  # Stop works mid-sentence
            self._served(headers.get("x-daycast-model", ""))
            samples, rate = read_wav_bytes(body, self.host)
            samples = resample(samples, rate, self.sample_rate)
            if samples.size:
                yield AudioChunk(with_pause(samples, self.sample_rate, SENTENCE_PAUSE_S / speed), self.sample_rate,
                                 sentence)
        cancel.check()
