"""The one error module: every failure a user can meet has a stable code and a plain message.

Codes are dotted, stage first (``source.malformed``, ``llm.endpoint_down``); the UI and CLI map
them to text and exit status in one place (``app/core/messages.py``), never by parsing messages.
"""

from __future__ import annotations


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
    code = "llm.failed"


class ContextOverflowError(LLMError):
    code = "llm.context_overflow"


class EndpointError(LLMError):
    code = "llm.endpoint_down"


class RouteUnavailableError(LLMError):
    code = "llm.no_route"


class DownloadError(DaycastError):
    code = "download.failed"


class SettingsError(DaycastError):
    code = "settings.invalid"


class SpeechEndpointError(DaycastError):
    """A remote speech route (OpenAI-compatible ``/v1/audio/...``) failed; codes ``speech.*``."""

    code = "speech.endpoint_down"
