"""An OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI v1, vLLM, llama.cpp server, Ollama) over httpx.

Streaming SSE chat completions. The API key comes from ``engines.secrets`` (env var or OS keyring) at
the first request, never from settings; it is kept out of reprs, logs and error text (server messages
are scrubbed of it). Nothing is sent over the network before :meth:`stream_chat` is called: building
the object, ``info`` and ``count_tokens`` are all offline.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from engines import secrets
from engines.cancel import NEVER, CancelToken
from engines.errors import (
    LLM_AUTH_FAILED,
    LLM_BAD_REQUEST,
    LLM_BAD_RESPONSE,
    LLM_ENDPOINT_DOWN,
    LLM_INVALID_URL,
    LLM_RATE_LIMITED,
    LLM_SERVER_ERROR,
    LLM_STREAM_BROKEN,
    LLM_STREAM_DEADLINE,
    LLM_TIMEOUT,
    LLM_TOO_LARGE,
    ContextOverflowError,
    EndpointError,
    LLMError,
)
from engines.routes import RouteKind
from engines.types import ChatRequest, ChatResult, ModelInfo, TextDelta

log = logging.getLogger(__name__)

_CONTEXT_MESSAGE = re.compile(
    r"context[ _-]?length|context window|maximum context|too many tokens|prompt is too long|exceeds? the", re.I
)
_RETRYABLE_STATUS = {408, 409, 429}
STREAM_DEADLINE_S = 600.0
"""The longest a whole streamed reply may take (the read timeout only bounds each silence)."""
MAX_LINE_BYTES = 1024 * 1024
"""No stream event line is longer; a longer one is a broken or hostile server."""
MAX_EVENT_BYTES = 1024 * 1024
"""No stream event (its ``data:`` lines joined) is longer."""
MAX_STREAM_BYTES = 32 * 1024 * 1024
"""No whole streamed reply is longer (a 32k-token answer is about 5 MB of events)."""
MAX_ERROR_BYTES = 64 * 1024
"""What is read of an error body or a tokenize reply; the message shown is cut to 300 characters anyway."""


@dataclass(frozen=True)
class EndpointConfig:
    """Where the endpoint is and how to talk to it. Holds no secret: the key is looked up by name."""

    base_url: str
    """E.g. ``https://api.openai.com/v1``, ``http://127.0.0.1:8080`` (``/v1`` is added when missing)."""
    model: str
    api_key_env: str = ""
    """The environment variable for the key; by default the route's own (``secrets.env_var_for(name)``)."""
    keyring_service: str = secrets.SERVICE
    context_window: int = 32768
    timeout_s: float = 30.0
    """Connect timeout, and the longest silence allowed between two streamed chunks."""
    name: str = "cloud"
    """Route name; also the keyring account the key is stored under."""
    kind: RouteKind = "cloud"
    """``self-hosted`` for the user's own server (allowed in privacy mode), else ``cloud``."""
    azure_api_version: str | None = None
    """Set for Azure OpenAI: sends ``api-key`` and ``?api-version=``; base_url ends in ``/openai/v1``
    or ``/openai/deployments/<name>``."""

    @property
    def key_env(self) -> str:
        return self.api_key_env or secrets.env_var_for(self.name)


def estimate_tokens(text: str) -> int:
    """About four characters a token for English; used where no tokenizer can be asked offline."""
    return max(1, (len(text) + 3) // 4) if text else 0


def endpoint_host(base_url: str) -> str:
    """``scheme://host:port`` without credentials or path: safe to show in errors and labels.

    Never raises: a route with a broken address must still be listed and fail as an EndpointError.
    """
    try:
        parts = urlsplit(base_url)
        host = parts.hostname or "?"
    except ValueError:  # an unclosed "[" of an IPv6 address
        return "http://?"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # out of range or not a number
        port = ":?"
    return f"{parts.scheme or 'http'}://{host}{port}"


def blocks_in_time(response: httpx.Response, deadline: float, cancel: CancelToken,
                   late: Callable[[], Exception]) -> Iterator[bytes]:
    """The body's blocks, checking Stop and the overall ``deadline`` (a ``time.perf_counter()`` moment) at each
    one; ``late()`` is raised past it. The read timeout only bounds the silence between two blocks: a server
    that sends a byte (or a ``: ping`` comment) every 29 s would otherwise hold the request, and Stop, for ever.
    """
    for block in response.iter_bytes():
        cancel.check()
        if time.perf_counter() > deadline:
            raise late()
        yield block


def check_base_url(url: str) -> str:
    """``url`` when an OpenAI-compatible client can request it; else ValueError saying what is wrong."""
    example = "e.g. http://gpu-box.lan:8080/v1"
    if url != url.strip() or any(c.isspace() or ord(c) < 32 for c in url):
        raise ValueError(f"{url!r} contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # "Port out of range 0-65535", "Invalid IPv6 URL"
        raise ValueError(f"{url!r} is not a valid address ({exc}); {example}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{url!r} must start with http:// or https://")
    if not parts.hostname:
        raise ValueError(f"{url!r} names no host; {example}")
    if port == 0:
        raise ValueError(f"{url!r} has port 0; a port is 1 to 65535")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r} has a query or fragment; give the server's plain address, {example}")
    try:
        httpx.URL(url)  # stricter than urlsplit: "0177.0.0.1" or "256.1.1.1" is no IPv4 address to httpx
    except httpx.InvalidURL as exc:
        raise ValueError(f"{url!r} is not a valid address ({exc}); {example}") from None
    return url


def chat_url(config: EndpointConfig) -> str:
    base = config.base_url.rstrip("/")
    if config.azure_api_version is not None or base.endswith("/v1"):
        return f"{base}/chat/completions"
    return f"{base}/v1/chat/completions"


class OpenAICompatibleModel:
    """A remote chat model behind ``/v1/chat/completions``; implements ``LanguageModel``."""

    def __init__(self, config: EndpointConfig, *, client: httpx.Client | None = None) -> None:
        self.config = config
        self.n_ctx = config.context_window
        self.host = endpoint_host(config.base_url)
        self.info = ModelInfo(
            id=config.model, backend="openai-compatible", device="remote", route=config.kind,
            detail=f"{config.name} at {self.host}",
        )
        self._client = client
        self._key: str | None = None
        self._key_loaded = False
        self._remote_count: str | None = None  # which tokenize endpoint works: path, "" = none, None = unprobed

    def __repr__(self) -> str:
        return f"OpenAICompatibleModel(model={self.config.model!r}, host={self.host!r}, name={self.config.name!r})"

    # -- offline helpers -------------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        """An estimate (chars/4): callers count often, and counting must never send text anywhere."""
        return estimate_tokens(text)

    def _api_key(self) -> str | None:
        if not self._key_loaded:
            self._key = secrets.get_api_key(self.config.keyring_service, self.config.name, self.config.key_env)
            self._key_loaded = True
        return self._key

    def _scrub(self, text: str) -> str:
        key = self._key
        return text.replace(key, "***") if key else text

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(trust_env=False)
        return self._client

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream"}
        key = self._api_key()
        if key and not _private_channel(self.config.base_url):
            raise EndpointError(
                f"Refusing to send the API key to {self.host} over plain http (anyone on the way could read it)",
                hint="use an https:// address; plain http is allowed only for this machine (127.0.0.1, localhost)",
                code="llm.insecure_endpoint",
            )
        if key:
            headers["api-key" if self.config.azure_api_version is not None else "Authorization"] = (
                key if self.config.azure_api_version is not None else f"Bearer {key}"
            )
        return headers

    def _params(self) -> dict[str, str]:
        version = self.config.azure_api_version
        return {"api-version": version} if version else {}

    def _timeout(self) -> httpx.Timeout:
        limit = self.config.timeout_s
        return httpx.Timeout(limit, connect=min(limit, 10.0))

    # -- network ---------------------------------------------------------------------------------------
    def remote_token_count(self, text: str, cancel: CancelToken = NEVER) -> int | None:
        """Exact count from the server's tokenizer (llama.cpp servers), None where it has none.

        Sends ``text`` to the endpoint: only called for a request that is about to go there anyway.
        """
        if self._remote_count == "" or self.config.azure_api_version is not None:
            return None
        root = self.config.base_url.rstrip("/").removesuffix("/v1")
        probes = [self._remote_count] if self._remote_count else ["/extras/tokenize/count", "/tokenize"]
        for path in probes:
            body = {"input": text} if path == "/extras/tokenize/count" else {"content": text}
            try:
                status, reply = self._post_capped(root + path, body, cancel)
            except (httpx.HTTPError, httpx.InvalidURL):  # the chat request itself will report the endpoint
                return None
            if status == 200:
                self._remote_count = path
                return self._token_count(path, reply)
        self._remote_count = ""
        return None

    def _post_capped(self, url: str, body: dict[str, Any], cancel: CancelToken) -> tuple[int, bytes]:
        """POST ``body``; the status and at most MAX_ERROR_BYTES of the reply, read within ``timeout_s``."""
        with self._http().stream("POST", url, json=body, headers=self._headers(), timeout=self._timeout()) as reply:
            if reply.status_code != 200:
                return reply.status_code, b""
            data = self._read_capped(reply, time.perf_counter(), self.config.timeout_s, cancel)
            if len(data) > MAX_ERROR_BYTES:
                raise EndpointError(f"{self.host} sent a tokenize reply longer than {MAX_ERROR_BYTES // 1024} KB",
                                    code=LLM_SERVER_ERROR)
            return reply.status_code, data

    def _read_capped(self, response: httpx.Response, start: float, limit_s: float, cancel: CancelToken) -> bytes:
        """At most MAX_ERROR_BYTES + 1 bytes of a body (one more than allowed tells the caller it was cut)."""
        parts: list[bytes] = []
        size = 0
        for block in self._blocks(response, start, limit_s, cancel):
            parts.append(block)
            size += len(block)
            if size > MAX_ERROR_BYTES:
                break  # leaving the ``with`` closes the connection; the rest is never read
        return b"".join(parts)[: MAX_ERROR_BYTES + 1]

    def _blocks(self, response: httpx.Response, start: float, limit_s: float, cancel: CancelToken) -> Iterator[bytes]:
        def late() -> EndpointError:
            return EndpointError(f"{self.host} took longer than {limit_s:g} s to answer",
                                 hint="the endpoint is very slow; Daycast falls back to the local model when allowed",
                                 code=LLM_STREAM_DEADLINE)

        return blocks_in_time(response, start + limit_s, cancel, late)

    def _token_count(self, path: str, body: bytes) -> int:
        """The count in a tokenize reply; a malformed one is the server's fault (retryable, so fallback works)."""
        try:
            data = json.loads(body)
            count = data["count"] if "count" in data else len(data["tokens"])
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise TypeError(f"count is {count!r}")
        except (ValueError, TypeError, KeyError) as exc:
            raise EndpointError(f"{self.host} sent a malformed {path} reply ({type(exc).__name__}): "
                                f"{self._scrub(body[:120].decode('utf-8', 'replace'))!r}",
                                code="llm.server_error") from None
        return count

    def prompt_tokens(self, request: ChatRequest) -> int:
        return sum(self.count_tokens(m.content) + 4 for m in request.messages) + 3

    def _check_fits(self, request: ChatRequest, cancel: CancelToken = NEVER) -> int:
        """Refuse before sending when the prompt cannot fit; asks the server only when it is close."""
        needed = self.prompt_tokens(request)
        if needed > self.n_ctx // 2:
            exact = self.remote_token_count("\n".join(m.content for m in request.messages), cancel)
            if exact is not None:
                needed = exact + 4 * len(request.messages) + 3
        if needed + min(request.max_tokens, 64) > self.n_ctx:
            raise ContextOverflowError(
                f"Prompt of about {needed} tokens does not fit the {self.n_ctx}-token context of "
                f"{self.config.model} at {self.host}"
            )
        return needed

    def _payload(self, request: ChatRequest) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.config.model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "seed": request.seed,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if request.stop:
            payload["stop"] = list(request.stop)
        if request.json_mode:
            payload["response_format"] = {"type": "json_object"}
        return payload

    def stream_chat(
        self, request: ChatRequest, cancel: CancelToken | None = None
    ) -> Iterator[TextDelta | ChatResult]:
        cancel = cancel or NEVER
        cancel.check()
        estimated = self._check_fits(request, cancel)
        try:
            yield from self._stream_once_more_if_dropped(request, cancel, estimated)
        except httpx.InvalidURL as exc:  # not an httpx.HTTPError: it would reach the router as a bug
            raise EndpointError(
                f"{self.host} is not an address that can be requested: {exc}",
                hint="correct the route's base_url in Settings", code=LLM_INVALID_URL,
            ) from exc
        except httpx.TimeoutException as exc:
            raise EndpointError(
                f"{self.host} did not answer within {self.config.timeout_s:g} s ({type(exc).__name__})",
                hint="the endpoint is slow or unreachable; Daycast falls back to the local model when allowed",
                code=LLM_TIMEOUT,
            ) from exc
        except httpx.ConnectError as exc:
            raise EndpointError(
                f"Cannot connect to {self.host}: {self._scrub(str(exc)) or 'connection refused'}",
                hint="check the endpoint URL and your network", code=LLM_ENDPOINT_DOWN,
            ) from exc
        except httpx.HTTPError as exc:  # connection dropped mid-stream, malformed HTTP
            raise EndpointError(
                f"The connection to {self.host} broke: {type(exc).__name__}: {self._scrub(str(exc))}",
                code=LLM_STREAM_BROKEN,
            ) from exc

    def _stream_once_more_if_dropped(
        self, request: ChatRequest, cancel: CancelToken, estimated: int
    ) -> Iterator[TextDelta | ChatResult]:
        """Servers close idle kept-alive connections; a request sent on one just as it closes gets no
        answer at all. Nothing was read, so it is sent once more, on a new connection."""
        answered = False
        try:
            for item in self._stream(request, cancel, estimated):
                answered = True
                yield item
        except httpx.RemoteProtocolError:
            if answered:
                raise
            log.info("%s dropped a kept-alive connection before answering; sending again", self.host)
            yield from self._stream(request, cancel, estimated)

    def _stream(self, request: ChatRequest, cancel: CancelToken, estimated: int) -> Iterator[TextDelta | ChatResult]:
        start = time.perf_counter()
        first = 0.0
        pieces: list[str] = []
        finish = "stop"
        usage: dict[str, Any] = {}
        done = False
        with self._http().stream(
            "POST", chat_url(self.config), json=self._payload(request), headers=self._headers(),
            params=self._params(), timeout=self._timeout(),
        ) as response:
            if response.status_code >= 400:
                body = self._read_capped(response, start, STREAM_DEADLINE_S, cancel)
                raise self._status_error(response.status_code, body[:MAX_ERROR_BYTES])
            for data in sse_data(self._lines(response, start, cancel), where=self.host):
                if data.strip() == "[DONE]":
                    done = True
                    break
                chunk = self._decode(data)
                usage = chunk.get("usage") or usage
                for text, reason in self._choices(chunk, data):
                    finish = reason or finish
                    if text:
                        first = first or time.perf_counter() - start
                        pieces.append(text)
                        yield TextDelta(text)
                if cancel.cancelled:
                    break  # leaving the ``with`` closes the connection: the server stops generating
        cancel.check()
        if not done:
            raise EndpointError(
                f"{self.host} ended the stream before the reply finished ({len(pieces)} pieces received)",
                hint="llama-cpp-python's server does this for a prompt longer than its context",
                code=LLM_STREAM_BROKEN,
            )
        yield ChatResult(
            text="".join(pieces), model=self.info,
            prompt_tokens=int(usage.get("prompt_tokens") or estimated),
            completion_tokens=int(usage.get("completion_tokens") or len(pieces)),
            seconds=time.perf_counter() - start, first_token_seconds=first, finish_reason=finish,
        )

    def _lines(self, response: httpx.Response, start: float, cancel: CancelToken) -> Iterator[str]:
        """The stream's lines, within STREAM_DEADLINE_S and MAX_STREAM_BYTES overall, MAX_LINE_BYTES a line."""
        pending = b""
        total = 0
        for block in self._blocks(response, start, STREAM_DEADLINE_S, cancel):
            total += len(block)
            if total > MAX_STREAM_BYTES:
                raise EndpointError(f"{self.host} sent more than {MAX_STREAM_BYTES // 2**20} MiB in one reply",
                                    code=LLM_TOO_LARGE)
            lines = (pending + block).split(b"\n")
            pending = lines.pop()
            if len(pending) > MAX_LINE_BYTES:
                raise EndpointError(f"{self.host} sent a stream line longer than {MAX_LINE_BYTES // 1024} KB",
                                    code="llm.server_error")
            for line in lines:
                yield line.removesuffix(b"\r").decode("utf-8", "replace")
        if pending:
            yield pending.removesuffix(b"\r").decode("utf-8", "replace")

    def _choices(self, chunk: dict[str, Any], data: str) -> Iterator[tuple[str, str | None]]:
        """``(text, finish_reason)`` of each choice; a malformed choice is a retryable server error."""
        choices = chunk.get("choices") or []
        try:
            if not isinstance(choices, list):
                raise TypeError("choices is not a list")
            for choice in choices:
                delta = choice.get("delta") or {}
                text, reason = delta.get("content") or "", choice.get("finish_reason")
                if not isinstance(text, str) or not (reason is None or isinstance(reason, str)):
                    raise TypeError("content or finish_reason is not text")
                yield text, reason
        except (AttributeError, TypeError) as exc:
            raise EndpointError(f"{self.host} sent a malformed choice ({exc}): {self._scrub(data[:120])!r}",
                                code="llm.server_error") from None

    def _decode(self, data: str) -> dict[str, Any]:
        try:
            chunk = json.loads(data)
        except ValueError:
            raise EndpointError(
                f"{self.host} sent a malformed stream event: {self._scrub(data[:120])!r}", code=LLM_BAD_RESPONSE
            ) from None
        if isinstance(chunk, dict) and chunk.get("error"):
            raise self._status_error(500, json.dumps(chunk).encode())
        return chunk if isinstance(chunk, dict) else {}

    def _status_error(self, status: int, body: bytes) -> LLMError:
        message, code = _error_text(body)
        message = self._scrub(message)[:300]
        where = f"{self.host} ({self.config.model})"
        if code == "context_length_exceeded" or (status in (400, 413) and _CONTEXT_MESSAGE.search(message)):
            return ContextOverflowError(f"{where}: {message}")
        if status in (401, 403):
            return EndpointError(
                f"{where} refused the API key (HTTP {status})",
                hint=f"store a key with `python -m engines.secrets set --account {self.config.name}` or set "
                     f"{self.config.key_env}",
                code=LLM_AUTH_FAILED,
            )
        if status >= 500 or status in _RETRYABLE_STATUS:
            code = LLM_RATE_LIMITED if status == 429 else LLM_SERVER_ERROR
            return EndpointError(f"{where} answered HTTP {status}: {message}", code=code)
        return LLMError(f"{where} rejected the request (HTTP {status}): {message}", code=LLM_BAD_REQUEST)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _error_text(body: bytes) -> tuple[str, str]:
    """The server's error message and code from an OpenAI-style error body (or its raw text)."""
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip() or "no message", ""
    error = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(error, dict):
        return str(error.get("message") or error.get("detail") or error), str(error.get("code") or "")
    return str(error), ""


def _private_channel(base_url: str) -> bool:
    """Whether a secret may travel to ``base_url``: https anywhere, plain http only to this machine."""
    parts = urlsplit(base_url)
    if parts.scheme.lower() == "https":
        return True
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sse_data(lines: Iterable[str], *, max_chars: int | None = None, where: str = "The server") -> Iterator[str]:
    """The ``data`` payloads of a server-sent-event stream (multi-line data joined; comments skipped).

    An event longer than ``max_chars`` (MAX_EVENT_BYTES by default) is an EndpointError: ``data:`` lines
    without a blank line between them would otherwise pile up without end.
    """
    limit = MAX_EVENT_BYTES if max_chars is None else max_chars
    buffer: list[str] = []
    size = 0
    for line in lines:
        if not line:
            if buffer:
                yield "\n".join(buffer)
                buffer, size = [], 0
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if field == "data":
            buffer.append(value[1:] if value.startswith(" ") else value)
            size += len(buffer[-1]) + 1
            if size > limit:
                raise EndpointError(f"{where} sent a stream event longer than {limit // 1024} KB",
                                    code=LLM_SERVER_ERROR)
    if buffer:
        yield "\n".join(buffer)
