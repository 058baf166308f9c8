"""A language model that takes the shared model lock for each request, not for a whole session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from engines.cancel import CancelToken
from engines.prompt_cache import PromptStateCache
from engines.types import ChatRequest, ChatResult, ModelInfo, TextDelta

__all__ = ["LockedModel"]


class LockedModel:
    """A language model that holds the models (``hold``: :meth:`Services.holding_models`) while it generates:
    voice turns (the app's and the kiosk's) and the jobs beside them (a briefing) share one llama.cpp model, which
    must never run two requests at once; a live conversation holds it only while the model writes."""

    def __init__(self, model: Any, hold: Callable[[CancelToken], AbstractContextManager[None]]) -> None:
        self._model = model
        self._hold = hold

    @property
    def info(self) -> ModelInfo:
        return self._model.info

    @property
    def n_ctx(self) -> int:
        return self._model.n_ctx

    def count_tokens(self, text: str) -> int:
        return self._model.count_tokens(text)

    def stream_chat(self, request: ChatRequest, cancel: CancelToken | None = None) -> Iterator[TextDelta | ChatResult]:
        token = cancel or CancelToken()
        with self._hold(token):
            yield from self._model.stream_chat(request, token)

    def _prime(self, request: ChatRequest, cache: PromptStateCache | None = None,
               cancel: CancelToken | None = None) -> str:
        """``prime`` under the hold: reading a prompt ahead (warm-up, read-ahead) runs the model too, and
        between a briefing's requests it would evict their cached prompt."""
        token = cancel or CancelToken()
        with self._hold(token):
            return self._model.prime(request, cache, token)

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._model, name)  # AttributeError when the model lacks it: PromptPriming stays false
        return self._prime if name == "prime" else attribute
