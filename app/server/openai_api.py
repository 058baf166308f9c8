"""The OpenAI-compatible HTTP API: ``/v1/models``, chat completions (SSE or not), speech, transcriptions.

Every answer names the model that made it: the ``X-Daycast-Model`` header (id) and
``X-Daycast-Model-Label`` (id, backend, device, route), plus a ``model`` field in JSON bodies. Errors
are OpenAI-shaped (``{"error": {"message", "type", "code"}}``) with Daycast's stable codes; a full
model queue answers 503 with ``Retry-After``.
"""

from __future__ import annotations

import hmac
import json
import logging
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import anyio.to_thread
import numpy as np
from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.audio.encode import write_audio
from app.core.audio.io import read_audio, resample, to_pcm16, write_wav_bytes
from app.core.audio.subtitles import Cue, to_srt, to_vtt
from app.server.gate import Busy, ModelGate
from app.server.models import NotServed, ServedModels
from engines.cancel import CancelToken
from engines.errors import AudioFormatError, ContextOverflowError, DaycastError, ModelMissingError, UsageError
from engines.types import ChatMessage, ChatRequest, ChatResult, ModelInfo, TextDelta, TranscriptSegment

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_JSON_BYTES = 1 << 20
MAX_UPLOAD_BYTES = 25 << 20  # OpenAI's own limit for transcriptions
MAX_TRANSCRIBE_SECONDS = 3600
"""25 MiB of low-bitrate Opus is ten hours: decoding it whole would take gigabytes."""
MAX_SPEECH_CHARS = 4096
MAX_TOKENS = 4096
SPEECH_FORMATS = {"wav": "audio/wav", "mp3": "audio/mpeg", "opus": "audio/ogg", "flac": "audio/flac",
                  "pcm": "audio/pcm"}
TRANSCRIPT_FORMATS = ("json", "text", "verbose_json", "vtt", "srt")
_END = object()
ROLES: dict[str, Literal["system", "user", "assistant"]] = {
    "system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


class BadRequest(UsageError):
    code = "server.bad_request"


class TooLarge(BadRequest):
    code = "server.too_large"


_STATUS = {Busy: 503, NotServed: 404, ModelMissingError: 404, TooLarge: 413, UsageError: 400, AudioFormatError: 400}


def label_headers(info: ModelInfo) -> dict[str, str]:
    return {"X-Daycast-Model": info.id, "X-Daycast-Model-Label": info.label().encode("ascii", "replace").decode()}


def error_response(exc: DaycastError) -> JSONResponse:
    if isinstance(exc, ContextOverflowError):  # OpenAI's code, which clients (Daycast's too) act on
        body = {"error": {"message": str(exc), "type": "invalid_request_error", "code": "context_length_exceeded"}}
        return JSONResponse(body, status_code=400)
    status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 500)
    headers = {"Retry-After": "2"} if status == 503 else {}
    kind = {400: "invalid_request_error", 404: "invalid_request_error", 413: "invalid_request_error",
            503: "server_busy"}.get(status, "server_error")
    body = {"error": {"message": str(exc), "type": kind, "code": exc.code}}
    return JSONResponse(body, status_code=status, headers=headers)


# -- request parsing ---------------------------------------------------------------------------------------
async def read_json(request: Request) -> dict[str, Any]:
    declared = int(request.headers.get("content-length") or 0)
    if declared > MAX_JSON_BYTES:
        raise BadRequest(f"The request body is {declared} bytes; the limit is {MAX_JSON_BYTES}")
    raw = b""
    async for part in request.stream():
        raw += part
        if len(raw) > MAX_JSON_BYTES:
            raise BadRequest(f"The request body is larger than {MAX_JSON_BYTES} bytes")
    try:
        body = json.loads(raw or b"{}")
    except ValueError as exc:
        raise BadRequest(f"The request body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    return body


@dataclass(frozen=True)
class ChatCall:
    request: ChatRequest
    model: str | None
    stream: bool
    include_usage: bool


def _content(value: Any, index: int) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # [{"type": "text", "text": ...}, ...]
        texts = [p.get("text", "") for p in value if isinstance(p, dict) and p.get("type") == "text"]
        if len(texts) == len(value):
            return "".join(str(t) for t in texts)
    raise BadRequest(f"messages[{index}].content must be text (images and audio are not served)")


def _given(body: dict[str, Any], key: str, default: Any) -> Any:
    """The field's value; absent or null (as OpenAI's clients send "use the default") is ``default``."""
    value = body.get(key)
    return default if value is None else value


def _is_number(value: Any, *, whole: bool = False) -> bool:
    """JSON numbers only: true and false are not 1 and 0."""
    kinds = (int,) if whole else (int, float)
    return isinstance(value, kinds) and not isinstance(value, bool)


def parse_chat(body: dict[str, Any]) -> ChatCall:
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise BadRequest("messages must be a non-empty list")
    messages: list[ChatMessage] = []
    for index, message in enumerate(raw):
        if not isinstance(message, dict):
            raise BadRequest(f"messages[{index}] must be an object")
        role = ROLES.get(str(message.get("role", "")))
        if role is None:
            raise BadRequest(f"messages[{index}].role {message.get('role')!r} is not system, user or assistant")
        messages.append(ChatMessage(role, _content(message.get("content", ""), index)))
    max_tokens = _given(body, "max_completion_tokens", _given(body, "max_tokens", 256))
    temperature = _given(body, "temperature", 0.7)
    stop = body.get("stop") or ()
    if isinstance(stop, str):
        stop = (stop,)
    if not _is_number(max_tokens, whole=True) or not 1 <= max_tokens <= MAX_TOKENS:
        raise BadRequest(f"max_tokens must be a whole number from 1 to {MAX_TOKENS}")
    if not _is_number(temperature) or not 0 <= temperature <= 2:
        raise BadRequest("temperature must be a number from 0 to 2")
    if not isinstance(stop, list | tuple) or not all(isinstance(s, str) for s in stop) or len(stop) > 4:
        raise BadRequest("stop must be a string or a list of up to 4 strings")
    seed = body.get("seed")
    response_format = body.get("response_format") or {}
    if not isinstance(response_format, dict) or response_format.get("type", "text") not in ("text", "json_object"):
        raise BadRequest('response_format must be {"type": "text"} or {"type": "json_object"}')
    json_mode = response_format.get("type") == "json_object"
    request = ChatRequest(tuple(messages), max_tokens=max_tokens, temperature=float(temperature), stop=tuple(stop),
                          task="serve", seed=seed if isinstance(seed, int) else 7, json_mode=json_mode)
    options = body.get("stream_options") or {}
    return ChatCall(request, body.get("model"), bool(body.get("stream")),
                    bool(isinstance(options, dict) and options.get("include_usage")))


# -- chat ------------------------------------------------------------------------------------------------
class ChatWorker:
    """Runs one chat on the model in its own thread (gate held there, always released) into a queue."""

    def __init__(self, served: ServedModels, gate: ModelGate, call: ChatCall) -> None:
        self.served, self.gate, self.call = served, gate, call
        self.cancel = CancelToken()
        self.items: queue.Queue[Any] = queue.Queue()
        self.id = "chatcmpl-" + uuid.uuid4().hex[:24]
        self.created = int(time.time())
        self._held: Any = None
        threading.Thread(target=self._run, name="daycast-serve-chat", daemon=True).start()

    def _run(self) -> None:
        start = time.perf_counter()
        result: ChatResult | None = None
        error = ""
        try:
            self.gate.enter()
        except BaseException as exc:  # pragma: no cover - a semaphore does not fail
            self.gate.cancel_reservation()
            self.items.put(exc)
            return
        try:
            for item in self.served.llm().stream_chat(self.call.request, self.cancel):
                if isinstance(item, ChatResult):
                    result = item
                self.items.put(item)
        except BaseException as exc:
            error = getattr(exc, "code", type(exc).__name__)
            self.items.put(exc)
        finally:
            # Recorded before the gate opens and the reply ends: the ledger lists requests in the order they
            # were served, and a client that reads it after its reply finds its own row.
            self.served.record(
                "llm", self.served.llm_id, time.perf_counter() - start, ok=result is not None, error=error,
                tokens_in=result.prompt_tokens if result else 0, tokens_out=result.completion_tokens if result else 0,
                ttft_s=result.first_token_seconds if result else 0.0,
            )
            self.gate.leave()
            self.items.put(_END)

    def first(self) -> None:
        """Wait for the model's first piece, so an error before any text (no such model, a prompt too long
        for the context) becomes a proper HTTP status instead of an error inside a 200 stream."""
        item = self.items.get()
        if isinstance(item, BaseException):
            raise item
        if item is _END:
            self.items.put(_END)
            return
        self._held = item

    def events(self) -> Iterator[TextDelta | ChatResult]:
        if self._held is not None:
            held, self._held = self._held, None
            yield held
        while (item := self.items.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item

    def result(self) -> ChatResult:
        last: ChatResult | None = None
        for item in self.events():
            if isinstance(item, ChatResult):
                last = item
        if last is None:
            raise DaycastError("The model ended without an answer", code="server.no_result")
        return last

    def chunk(self, delta: dict[str, Any], finish: str | None = None, usage: dict[str, int] | None = None) -> str:
        body: dict[str, Any] = {
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.served.llm_id,
            "choices": [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        if usage:
            body["usage"] = usage
        return f"data: {json.dumps(body)}\n\n"

    def sse(self) -> Iterator[str]:
        finished = False
        try:
            yield self.chunk({"role": "assistant", "content": ""})
            for item in self.events():
                if isinstance(item, TextDelta):
                    yield self.chunk({"content": item.text})
                else:
                    yield self.chunk({}, _finish(item))
                    if self.call.include_usage:
                        yield self.chunk({}, usage=_usage(item))
            yield "data: [DONE]\n\n"
            finished = True
        except Exception as exc:  # after text went out, an error can only be sent inside the stream
            code = getattr(exc, "code", "server.error")
            yield f"data: {json.dumps({'error': {'message': str(exc), 'code': code}})}\n\n"
            finished = True
        finally:
            if not finished:  # the client went away: stop generating
                self.cancel.cancel("client disconnected")


def _finish(result: ChatResult) -> str:
    return "length" if result.finish_reason == "length" else "stop"


def _usage(result: ChatResult) -> dict[str, int]:
    return {"prompt_tokens": result.prompt_tokens, "completion_tokens": result.completion_tokens,
            "total_tokens": result.prompt_tokens + result.completion_tokens}


def completion_json(worker: ChatWorker, result: ChatResult) -> dict[str, Any]:
    return {
        "id": worker.id, "object": "chat.completion", "created": worker.created, "model": result.model.id,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": result.text},
                     "finish_reason": _finish(result)}],
        "usage": _usage(result),
        "daycast": {"model": result.model.label(), "backend": result.model.backend, "device": result.model.device,
                    "route": result.model.route, "seconds": round(result.seconds, 3)},
    }


# -- speech ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpeechCall:
    text: str
    model: str | None
    voice: str | None
    response_format: str
    speed: float


def parse_speech(body: dict[str, Any]) -> SpeechCall:
    text = body.get("input")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("input must be non-empty text")
    if len(text) > MAX_SPEECH_CHARS:
        raise BadRequest(f"input is {len(text)} characters; the limit is {MAX_SPEECH_CHARS}")
    fmt = body.get("response_format") or "mp3"
    if not isinstance(fmt, str) or fmt not in SPEECH_FORMATS:
        raise BadRequest(f"response_format {fmt!r} is not served; use one of {', '.join(SPEECH_FORMATS)}")
    speed = _given(body, "speed", 1.0)
    if not _is_number(speed) or not 0.5 <= speed <= 2.0:
        raise BadRequest("speed must be a number from 0.5 to 2.0")
    voice, model = body.get("voice"), body.get("model")
    if (voice is not None and not isinstance(voice, str)) or (model is not None and not isinstance(model, str)):
        raise BadRequest("voice and model must be text")
    return SpeechCall(text, model, voice, fmt, float(speed))


def encode(samples: np.ndarray, rate: int, fmt: str) -> bytes:
    """Audio bytes in ``fmt``; ``pcm`` is raw 16-bit little-endian mono at 24 kHz, as OpenAI's."""
    if fmt == "wav":
        return write_wav_bytes(samples, rate)
    if fmt == "pcm":
        return to_pcm16(resample(samples, rate, 24000)).astype("<i2").tobytes()
    with tempfile.TemporaryDirectory(prefix="daycast-serve-") as folder:
        path = write_audio(Path(folder) / f"speech.{fmt}", samples, rate)
        return path.read_bytes()


def synthesize(served: ServedModels, gate: ModelGate, call: SpeechCall, spec: str) -> tuple[bytes, ModelInfo]:
    start = time.perf_counter()
    gate.enter()
    audio_s, error = 0.0, ""
    tts: Any = None
    try:
        tts, name = served.tts(spec)
        chunks = [c.samples for c in tts.synthesize(call.text, voice=name, speed=call.speed)]
        samples = np.concatenate(chunks) if chunks else np.zeros(int(tts.sample_rate * 0.1), np.float32)
        audio_s = len(samples) / tts.sample_rate
        rate = int(tts.sample_rate)
    except DaycastError as exc:
        error = exc.code
        raise
    finally:
        served.record("tts", tts.info.id if tts is not None else spec, time.perf_counter() - start,
                      tokens_in=len(call.text), audio_s=round(audio_s, 3), ok=not error, error=error)
        gate.leave()  # after the record: the ledger keeps the order requests were served in
    return encode(samples, rate, call.response_format), tts.info


# -- transcription ---------------------------------------------------------------------------------------
def transcribe(served: ServedModels, gate: ModelGate, audio: np.ndarray, language: str | None,
               prompt: str | None) -> tuple[list[TranscriptSegment], float, ModelInfo]:
    """Whisper on 16 kHz audio, with the gate reserved by the caller (entered and left here)."""
    start = time.perf_counter()
    gate.enter()
    error = ""
    try:
        asr = served.asr()
        segments = list(asr.transcribe(audio, language=language, initial_prompt=prompt or None))
    except DaycastError as exc:
        error = exc.code
        raise
    finally:
        served.record("asr", served.asr_id, time.perf_counter() - start, audio_s=round(len(audio) / 16000, 3),
                      ok=not error, error=error)
        gate.leave()
    return segments, len(audio) / 16000, asr.info


def transcript_response(segments: list[TranscriptSegment], duration: float, info: ModelInfo, fmt: str,
                        language: str) -> Response:
    headers = label_headers(info)
    text = " ".join(s.text.strip() for s in segments if s.text).strip()
    cues = [Cue(s.start, max(s.end, s.start + 0.01), s.text.strip()) for s in segments if s.text.strip()]
    if fmt == "text":
        return PlainTextResponse(text + "\n", headers=headers)
    if fmt in ("vtt", "srt"):
        body = to_vtt(cues) if fmt == "vtt" else to_srt(cues)
        return PlainTextResponse(body, media_type="text/vtt" if fmt == "vtt" else "application/x-subrip",
                                 headers=headers)
    payload: dict[str, Any] = {"text": text, "model": info.id}
    if fmt == "verbose_json":
        rows = [{"id": i, "start": round(s.start, 3), "end": round(s.end, 3), "text": s.text}
                for i, s in enumerate(segments)]
        payload.update(task="transcribe", language=language, duration=round(duration, 3), segments=rows)
    return JSONResponse(payload, headers=headers)


def decode_upload(path: Path, name: str) -> np.ndarray:
    """16 kHz mono float32 from any format FFmpeg reads (AudioFormatError, HTTP 400, otherwise)."""
    try:
        audio, _rate = read_audio(path, sample_rate=16000, max_seconds=MAX_TRANSCRIBE_SECONDS + 1)
    except AudioFormatError as exc:  # name the client's file, not the server's temp path
        raise AudioFormatError(exc.message.replace(str(path), name or "the upload"), hint=exc.hint) from None
    if len(audio) > MAX_TRANSCRIBE_SECONDS * 16000:
        raise TooLarge(f"{name or 'The upload'} is longer than {MAX_TRANSCRIBE_SECONDS // 60} minutes",
                       hint="split it into parts and send them one by one")
    return audio


async def _saved_upload(upload: UploadFile, folder: Path) -> Path:
    target = folder / ("upload" + Path(upload.filename or "audio.wav").suffix[:8])
    size = 0
    with target.open("wb") as handle:
        while part := await upload.read(1 << 16):
            size += len(part)
            if size > MAX_UPLOAD_BYTES:
                raise BadRequest(f"The audio file is larger than {MAX_UPLOAD_BYTES >> 20} MiB")
            handle.write(part)
    if not size:
        raise BadRequest("The audio file is empty")
    return target


async def _while_connected(request: Request, worker: ChatWorker, wait: Callable[[], T]) -> T:
    """``wait()`` in a thread; a client that hangs up meanwhile (a timeout, then a retry) cancels the
    generation, which would otherwise hold the model to ``max_tokens`` while the retries queue up."""
    async def watch() -> None:
        while not await request.is_disconnected():
            await anyio.sleep(0.25)
        worker.cancel.cancel("client disconnected")

    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            result = await anyio.to_thread.run_sync(wait)
        finally:
            group.cancel_scope.cancel()
    return result


class Doorkeeper:
    """The API key and the upload size, checked before a request reaches its route. Plain ASGI, not
    ``@app.middleware``: Starlette's BaseHTTPMiddleware hides a client's hang-up from the route, and
    a route must see it to stop generating for nobody."""

    def __init__(self, app: ASGIApp, api_key: str | None) -> None:
        self.app, self.api_key = app, api_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self._refusal(scope["path"], Headers(scope=scope)) if scope["type"] == "http" else None
        await (refusal or self.app)(scope, receive, send)

    def _refusal(self, path: str, headers: Headers) -> JSONResponse | None:
        if self.api_key and path.startswith("/v1"):
            scheme, _, given = headers.get("authorization", "").strip().partition(" ")
            given = given.strip() if scheme.lower() == "bearer" else ""
            if not hmac.compare_digest(given.encode(), self.api_key.encode()):
                body = {"error": {"message": "Missing or wrong API key", "type": "invalid_request_error",
                                  "code": "server.auth_failed"}}
                return JSONResponse(body, status_code=401)
        declared = headers.get("content-length", "")
        if path == "/v1/audio/transcriptions" and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + (64 << 10):
            # refused before the form is spooled to disk
            return error_response(TooLarge(f"The upload is {int(declared) >> 20} MiB; the limit is "
                                           f"{MAX_UPLOAD_BYTES >> 20} MiB"))
        return None


def _framework_errors(app: FastAPI) -> None:
    """The framework's own errors (a missing form field, an unknown path, a bug) in the same OpenAI shape,
    with stable codes: clients read ``error.message``, never a bare "Internal Server Error"."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg', '')}"
                             for e in exc.errors())
        return error_response(BadRequest(f"The request is not valid: {problems}"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "server.not_found", 405: "server.method_not_allowed", 413: "server.too_large"}.get(
            exc.status_code, "server.bad_request")
        body = {"error": {"message": str(exc.detail), "type": "invalid_request_error", "code": code}}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("Unexpected error while serving a request", exc_info=exc)
        body = {"error": {"message": f"Internal error ({type(exc).__name__}); the server's log has the details",
                          "type": "server_error", "code": "server.error"}}
        return JSONResponse(body, status_code=500)


# -- the app ---------------------------------------------------------------------------------------------
def build_app(served: ServedModels, api_key: str | None) -> FastAPI:
    app = FastAPI(title="Daycast", docs_url=None, redoc_url=None, openapi_url=None)

    app.add_middleware(Doorkeeper, api_key=api_key)

    @app.exception_handler(DaycastError)
    async def daycast_error(_request: Request, exc: DaycastError) -> JSONResponse:
        return error_response(exc)

    _framework_errors(app)

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": served.listing()}

    @app.get("/v1/daycast/status")
    async def status() -> dict[str, Any]:
        """Per-model queues (running, waiting, served, refused): for operators and load tests."""
        return {"queues": served.queues(), "models": [m["id"] for m in served.listing()]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Response:
        call = parse_chat(await read_json(request))
        served.check_llm(call.model)
        gate = served.gate("llm")
        gate.reserve()
        worker = ChatWorker(served, gate, call)
        headers = {"X-Daycast-Model": served.llm_id}
        if call.stream:
            await _while_connected(request, worker, worker.first)
            return StreamingResponse(worker.sse(), media_type="text/event-stream",
                                     headers={**headers, "Cache-Control": "no-cache"})
        result = await _while_connected(request, worker, worker.result)
        return JSONResponse(completion_json(worker, result), headers=label_headers(result.model))

    @app.post("/v1/audio/speech")
    async def speech(request: Request) -> Response:
        call = parse_speech(await read_json(request))
        spec = served.voice_spec(call.model, call.voice)
        gate = served.gate("tts:" + spec.partition(":")[0])
        gate.reserve()
        audio, info = await anyio.to_thread.run_sync(synthesize, served, gate, call, spec)
        headers = {**label_headers(info), "X-Daycast-Voice": spec}
        return Response(audio, media_type=SPEECH_FORMATS[call.response_format], headers=headers)

    @app.post("/v1/audio/transcriptions")
    async def transcriptions(
        file: Annotated[UploadFile, File()], model: Annotated[str | None, Form()] = None,
        language: Annotated[str | None, Form()] = None, response_format: Annotated[str, Form()] = "json",
        prompt: Annotated[str | None, Form()] = None,
    ) -> Response:
        if response_format not in TRANSCRIPT_FORMATS:
            raise BadRequest(f"response_format {response_format!r} is not served; use "
                             + ", ".join(TRANSCRIPT_FORMATS))
        served.check_asr(model)
        with tempfile.TemporaryDirectory(prefix="daycast-serve-") as folder:
            path = await _saved_upload(file, Path(folder))
            audio = await anyio.to_thread.run_sync(decode_upload, path, file.filename or "")
        gate = served.gate("asr")
        gate.reserve()
        language = (language or "").strip().lower() or None  # none given: Whisper detects it, as OpenAI's does
        segments, duration, info = await anyio.to_thread.run_sync(transcribe, served, gate, audio, language, prompt)
        detected = next((s.language for s in segments if s.language), "")
        return transcript_response(segments, duration, info, response_format, language or detected or "en")

    return app
