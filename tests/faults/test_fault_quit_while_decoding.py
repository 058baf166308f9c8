"""Quitting while a worker decodes: closing the shared local model waits for the decode instead of freeing
the native model under it (a use-after-free crashes the whole app), and a closed model says so.

The scenario runs in a forked child with its own SmolLM2, so a crash fails the test instead of pytest."""

from __future__ import annotations

import threading

from budget import run_bounded

from engines import bundled
from engines.errors import ModelError
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.types import ChatMessage, ChatRequest, ChatResult, TextDelta

REQUEST = ChatRequest(messages=(ChatMessage("user", "Count from one to twenty in words."),), max_tokens=48,
                      temperature=0.0)


def _model() -> LlamaCppModel:
    model = bundled.require("smollm2-135m-instruct-q4_1")
    return LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=512, sha256=model.files[0].sha256,
                                     license=model.license, n_threads=1))


def _close_during_decode() -> tuple[bool, str, int, str]:
    llm = _model()
    stream = llm.stream_chat(REQUEST)
    first = next(stream)  # a worker is mid-reply, between two decode steps
    assert isinstance(first, TextDelta)
    closer = threading.Thread(target=llm.close)  # the window quits now
    closer.start()
    closer.join(timeout=0.5)
    waited = closer.is_alive()
    rest = list(stream)  # the worker finishes its reply; only then is the model freed
    closer.join()
    try:
        llm.count_tokens("after quit")
        after = "no error"
    except ModelError as exc:
        after = exc.code
    result = rest[-1]
    finish = result.finish_reason if isinstance(result, ChatResult) else "no result"
    return waited, finish, len(rest), after


def test_close_waits_for_the_decode_and_a_closed_model_refuses_work() -> None:
    outcome = run_bounded(_close_during_decode, seconds=90, megabytes=16000, start="spawn")
    assert not outcome.killed and not outcome.error, outcome.error
    waited, finish, pieces, after = outcome.value
    assert waited, "close() freed the model while a decode was running"
    assert finish in ("stop", "length") and pieces > 1 and after == "model.closed"
