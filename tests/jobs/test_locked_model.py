"""The voice session's model takes the shared model lock for every use of the model, reading ahead included."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from app.jobs.locked_model import LockedModel
from engines.cancel import CancelToken
from engines.llm_openai import EndpointConfig, OpenAICompatibleModel
from engines.protocols import PromptPriming
from engines.types import ChatMessage, ChatRequest


def test_prime_runs_the_model_only_while_holding_the_models(smollm2: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[str] = []
    tokens: list[CancelToken] = []

    @contextmanager
    def hold(cancel: CancelToken) -> Iterator[None]:  # Services.holding_models, recorded
        tokens.append(cancel)
        held.append("held")
        try:
            yield
        finally:
            held.append("released")

    seen: list[list[str]] = []
    stream = smollm2.stream_chat
    monkeypatch.setattr(smollm2, "stream_chat", lambda request, cancel=None: (seen.append(list(held)),
                                                                             stream(request, cancel))[1])
    locked = LockedModel(smollm2, hold)
    cancel = CancelToken()
    request = ChatRequest((ChatMessage("system", "You are brief."), ChatMessage("user", "Hello.")), max_tokens=1)
    assert isinstance(locked, PromptPriming)
    assert locked.prime(request, None, cancel) == "computed"
    assert seen == [["held"]], "the model read the prompt without holding the models"
    assert held == ["held", "released"] and tokens == [cancel]  # a queued read-ahead can be cancelled
    remote = OpenAICompatibleModel(EndpointConfig(base_url="http://127.0.0.1:9", model="remote"))
    assert not isinstance(LockedModel(remote, hold), PromptPriming)  # read_ahead skips it instead of failing
