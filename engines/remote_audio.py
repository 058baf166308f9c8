"""What the OpenAI-compatible speech clients share: the endpoint, its key, one bounded POST, WAV bytes.

``/v1/audio/transcriptions`` and ``/v1/audio/speech`` are served by OpenAI, Speaches (faster-whisper),
Kokoro-FastAPI, LocalAI, vLLM (transcription) and ``daycast serve``. The API key is looked up by route
name in the keyring (or an environment variable) at the first request and kept out of errors.
Every request has a timeout and a cap on the size of the answer.
"""

from __future__ import annotations

import io
import time
import wave
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np

from engines import secrets
from engines.cancel import NEVER, CancelToken
from engines.errors import AudioFormatError, SpeechEndpointError
from engines.llm_openai import _error_text, _private_channel, blocks_in_time, endpoint_host
from engines.routes import RouteKind

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
RESPONSE_DEADLINE_S = 600.0
"""The longest a whole answer may take to arrive (``timeout_s`` only bounds each silence in it)."""


@dataclass(frozen=True)
class AudioEndpointConfig:
    """One remote speech route. Holds no secret: the key is found by ``name`` in the keyring."""

    base_url: str
    """E.g. ``http://gpu-box.lan:8765/v1`` (``/v1`` is added when missing)."""
    model: str
    name: str = "speech"
    kind: RouteKind = "cloud"
    voice: str = ""
    """TTS only: the voice the server knows (``alloy``, ``af_heart``, ``piper:en_US-joe-medium``)."""
    sample_rate: int = 24000
    """TTS only: the rate audio is handed on at (a server answering at another rate is resampled)."""
    timeout_s: float = 60.0
    api_key_env: str = ""
    """The environment variable for the key; by default the route's own (``secrets.env_var_for(name)``)."""
    keyring_service: str = secrets.SERVICE
    max_response_bytes: int = MAX_RESPONSE_BYTES
    deadline_s: float = RESPONSE_DEADLINE_S

    @property
    def key_env(self) -> str:
        return self.api_key_env or secrets.env_var_for(self.name)


class RemoteEndpoint:
    """An OpenAI-compatible server; ``post`` returns the body or raises :class:`SpeechEndpointError`."""

    def __init__(self, config: AudioEndpointConfig, client: httpx.Client | None = None) -> None:
        self.config = config
        self.host = endpoint_host(config.base_url)
        self._client = client
        self._key: str | None = None
        self._key_loaded = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.config.model!r}, host={self.host!r}, name={self.config.name!r})"

    def url(self, path: str) -> str:
        base = self.config.base_url.rstrip("/")
        return f"{base}{path}" if base.endswith("/v1") else f"{base}/v1{path}"

    def _headers(self) -> dict[str, str]:
        if not self._key_loaded:
            self._key = secrets.get_api_key(self.config.keyring_service, self.config.name, self.config.key_env)
            self._key_loaded = True
        if self._key and not _private_channel(self.config.base_url):  # the LLM client's rule, for speech too
            raise SpeechEndpointError(
                f"Refusing to send the API key to {self.host} over plain http (anyone on the way could read it)",
                hint="use an https:// address; plain http is allowed only for this machine",
                code="speech.insecure_endpoint",
            )
        return {"Authorization": f"Bearer {self._key}"} if self._key else {}

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "***") if self._key else text

    def post(self, path: str, *, cancel: CancelToken = NEVER, **request: Any) -> tuple[bytes, httpx.Headers]:
        """POST to ``/v1{path}``; the whole body (at most ``max_response_bytes``, within ``deadline_s``)
        and the headers. Stop (``cancel``) is honoured between any two blocks of the answer."""
        limit = self.config.timeout_s
        timeout = httpx.Timeout(limit, connect=min(limit, 10.0))
        if self._client is None:
            self._client = httpx.Client(trust_env=False)
        try:
            with self._client.stream("POST", self.url(path), headers=self._headers(), timeout=timeout,
                                     **request) as response:
                body = self._read(response, time.perf_counter(), cancel)
        except httpx.InvalidURL as exc:  # not an httpx.HTTPError: it would escape the speech router
            raise SpeechEndpointError(f"{self.host} is not an address that can be requested: {exc}",
                                      code="speech.invalid_url",
                                      hint="correct the route's base_url in Settings") from exc
        except httpx.TimeoutException as exc:
            raise SpeechEndpointError(f"{self.host} did not answer within {limit:g} s", code="speech.timeout",
                                      hint="the speech server is slow or unreachable") from exc
        except httpx.ConnectError as exc:
            raise SpeechEndpointError(f"Cannot connect to {self.host}: {self._scrub(str(exc))}",
                                      hint="check the route's URL and that its server runs") from exc
        except httpx.HTTPError as exc:
            raise SpeechEndpointError(f"The connection to {self.host} broke: {type(exc).__name__}",
                                      code="speech.broken") from exc
        if response.status_code >= 400:
            raise self._status_error(response.status_code, body)
        return body, response.headers

    def _read(self, response: httpx.Response, start: float, cancel: CancelToken) -> bytes:
        """The body, within the size cap and the overall deadline; a slow drip cannot hold Stop or the user."""
        def late() -> SpeechEndpointError:
            return SpeechEndpointError(f"{self.host} took longer than {self.config.deadline_s:g} s to answer",
                                       code="speech.deadline", hint="the speech server is very slow")

        parts: list[bytes] = []
        size = 0
        for part in blocks_in_time(response, start + self.config.deadline_s, cancel, late):
            size += len(part)
            if size > self.config.max_response_bytes:
                raise SpeechEndpointError(
                    f"{self.host} sent more than {self.config.max_response_bytes // 2**20} MiB", code="speech.too_large"
                )
            parts.append(part)
        return b"".join(parts)

    def _status_error(self, status: int, body: bytes) -> SpeechEndpointError:
        message = self._scrub(_error_text(body)[0])[:300]
        where = f"{self.host} ({self.config.model})"
        if status in (401, 403):
            return SpeechEndpointError(f"{where} refused the API key (HTTP {status})", code="speech.auth_failed",
                                       hint=f"store the key under the route name {self.config.name!r} "
                                            "with `python -m engines.secrets set --account NAME`")
        if status >= 500 or status in (408, 429):
            return SpeechEndpointError(f"{where} answered HTTP {status}: {message}", code="speech.server_error")
        return SpeechEndpointError(f"{where} rejected the request (HTTP {status}): {message}",
                                   code="speech.bad_request")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """Mono float32 samples as a 16-bit PCM WAV file in memory."""
    pcm = np.round(np.clip(np.asarray(samples, np.float32).reshape(-1), -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(int(sample_rate))
        handle.writeframes(pcm.tobytes())
    return buffer.getvalue()


def read_wav_bytes(data: bytes, where: str = "the server") -> tuple[np.ndarray, int]:
    """(mono float32 samples, rate) from 16-bit PCM WAV bytes; a clear error for anything else."""
    try:
        with wave.open(io.BytesIO(data), "rb") as handle:
            if handle.getsampwidth() != 2:
                raise AudioFormatError(f"{where} sent {8 * handle.getsampwidth()}-bit WAV; expected 16-bit PCM")
            channels, rate = handle.getnchannels(), handle.getframerate()
            frames = handle.readframes(handle.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioFormatError(f"{where} sent audio that is not a WAV file ({exc})") from exc
    samples = np.frombuffer(frames, "<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.float32)
    return samples, rate
