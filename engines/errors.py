"""The one error module: every failure a user can meet has a stable code and a plain message.

Codes are dotted, stage first (``source.malformed``, ``llm.endpoint_down``); the UI and CLI map
them to text and exit status in one place (``app/core/messages.py``), never by parsing messages.
"""

from __future__ import annotations

from typing import Final

# The language-model codes: the OpenAI-compatible client raises them, the router decides on them (try the next
# route, cool a route down, or give up).
LLM_FAILED: Final = "llm.failed"
LLM_CONTEXT_OVERFLOW: Final = "llm.context_overflow"
LLM_ENDPOINT_DOWN: Final = "llm.endpoint_down"  # no connection, or it dropped before an answer
LLM_NO_ROUTE: Final = "llm.no_route"
LLM_TIMEOUT: Final = "llm.timeout"
LLM_SERVER_ERROR: Final = "llm.server_error"  # HTTP 5xx
LLM_RATE_LIMITED: Final = "llm.rate_limited"  # HTTP 429
LLM_STREAM_BROKEN: Final = "llm.stream_broken"  # the stream ended mid-answer
LLM_STREAM_INTERRUPTED: Final = "llm.stream_interrupted"  # ... after text was shown: not resent
LLM_BAD_REQUEST: Final = "llm.bad_request"  # HTTP 4xx: says something about the request, not the route
LLM_BAD_RESPONSE: Final = "llm.bad_response"
LLM_AUTH_FAILED: Final = "llm.auth_failed"
LLM_BAD_ROUTES: Final = "llm.bad_routes"
LLM_NO_RESULT: Final = "llm.no_result"
LLM_STREAM_DEADLINE: Final = "llm.stream_deadline"  # past the whole-reply deadline: not retried
LLM_TOO_LARGE: Final = "llm.too_large"  # past the whole-reply size cap: not retried
LLM_INVALID_URL: Final = "llm.invalid_url"  # an address no request can be made to


class DaycastError(Exception):
    """Base error: ``code`` is stable, ``message`` says what happened, ``hint`` what to do."""

    code = "daycast.error"
    exit_status = 1

    def __init__(self, message: str, *, hint: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class Cancelled(DaycastError):
    code = "job.cancelled"
    exit_status = 130


class UsageError(DaycastError):
    code = "usage.invalid"
    exit_status = 2


class SourceError(DaycastError):
    """An input file or feed could not be read; ``path`` names it."""

    code = "source.malformed"

    def __init__(self, path: str, problem: str, *, code: str | None = None, hint: str = "") -> None:
        super().__init__(f"{path}: {problem}", hint=hint, code=code)
        self.path = path
        self.problem = problem


class NoSourcesError(DaycastError):
    code = "source.none_usable"
    exit_status = 2


class OutputError(DaycastError):
    code = "output.unwritable"
    exit_status = 2


class DiskFullError(OutputError):
    code = "output.disk_full"


class ModelError(DaycastError):
    code = "model.unavailable"


class ModelMissingError(ModelError):
    code = "model.missing"


class ChecksumError(ModelError):
    code = "model.checksum"


class ModelTooLargeError(ModelError):
    code = "model.too_large"


class DeviceError(DaycastError):
    """A compute device (CUDA) was asked for and cannot be used."""

    code = "device.unavailable"


class AudioDeviceError(DaycastError):
    code = "audio.device"


class AudioFormatError(DaycastError):
    code = "audio.unsupported"


class LLMError(DaycastError):
    code = LLM_FAILED


class ContextOverflowError(LLMError):
    code = LLM_CONTEXT_OVERFLOW


class EndpointError(LLMError):
    code = LLM_ENDPOINT_DOWN


class RouteUnavailableError(LLMError):
    code = LLM_NO_ROUTE


class DownloadError(DaycastError):
    code = "download.failed"


class SettingsError(DaycastError):
    code = "settings.invalid"


class SpeechEndpointError(DaycastError):
    """A remote speech route (OpenAI-compatible ``/v1/audio/...``) failed; codes ``speech.*``."""

    code = "speech.endpoint_down"
