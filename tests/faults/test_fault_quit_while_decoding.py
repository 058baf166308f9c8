"""Quitting while a worker decodes: closing the shared local model waits for the decode instead of freeing
the native model under it (a use-after-free crashes the whole app), and a closed model says so.

Each scenario runs in a forked child with its own SmolLM2, so a crash fails the test instead of pytest.
The decode is a worker holding the model's lock between two native calls, as ``stream_chat`` does
(real generation crashes with SIGILL on this machine's llama.cpp build)."""

from __future__ import annotations

import threading

from budget import run_bounded

from engines import bundled
from engines.errors import ModelError
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel


def _model() -> LlamaCppModel:
    model = bundled.require("smollm2-135m-instruct-q4_1")
    return LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=512, sha256=model.files[0].sha256,
                                     license=model.license, n_threads=1))


def _close_during_decode() -> tuple[bool, bool, str]:
    """A worker holds the model as a decode does (between two tokens) while the window closes it."""
    llm = _model()
    decoding, finish = threading.Event(), threading.Event()

    def worker() -> None:
        with llm._lock:  # what stream_chat holds from the first token to the last
            decoding.set()
            finish.wait(30)
            llm.count_tokens("the last token of the reply")  # still touching the native model

    thread = threading.Thread(target=worker)
    thread.start()
    decoding.wait(30)
    closer = threading.Thread(target=llm.close)
    closer.start()
    closer.join(timeout=0.5)
    waited = closer.is_alive()
    finish.set()
    thread.join()
    closer.join()
    try:
        llm.count_tokens("after quit")
        after = "no error"
    except ModelError as exc:
        after = exc.code
    return waited, not thread.is_alive(), after


def test_close_waits_for_the_decode_and_a_closed_model_refuses_work() -> None:
    outcome = run_bounded(_close_during_decode, seconds=60, megabytes=16000)
    assert not outcome.killed and not outcome.error, outcome.error
    waited, worker_done, after = outcome.value
    assert waited, "close() freed the model while a decode was running"
    assert worker_done and after == "model.closed"
