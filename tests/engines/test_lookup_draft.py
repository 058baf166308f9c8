"""Prompt-lookup drafting: what it proposes, how it adapts, and that the real model keeps its own output."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from engines import bundled
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.lookup_draft import PromptLookup, find_draft
from engines.types import ChatMessage, ChatRequest, ChatResult


def test_the_draft_is_what_followed_the_latest_earlier_trigram() -> None:
    ids = np.array([5, 1, 2, 3, 40, 41, 9, 1, 2, 3, 50, 51, 52, 8, 1, 2, 3])
    assert find_draft(ids, 2).tolist() == [50, 51]  # the latest match, not the first
    assert find_draft(np.array([7, 8, 60, 61, 62, 9, 7, 8]), 3).tolist() == [60, 61, 62]  # bigram fallback
    assert find_draft(np.array([1, 2, 3, 4, 5, 1]), 3).tolist() == []  # one repeated token proposes nothing


def test_the_draft_grows_while_accepted_and_shrinks_after_a_miss() -> None:
    lookup = PromptLookup(start=2, most=8)
    context = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 10, 11]
    draft = lookup(np.array(context))
    assert draft.tolist() == [12, 13] and lookup.take_pending() == 2 and lookup.pending == 0
    lookup(np.array([*context, 12, 13, 14]))  # both drafted tokens came back, then the model's own
    assert lookup.size == 4 and lookup.accepted == 2
    lookup(np.array([*context, 12, 13, 14, 15, 99]))  # kept one of four
    assert lookup.size == 2 and lookup.accepted == 3


@pytest.fixture(scope="module")
def smol_plain() -> Iterator[LlamaCppModel]:
    model = bundled.require("smollm2-135m-instruct-q4_1")
    llm = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=2048, lookup_draft=False))
    yield llm
    llm.close()


COPY = ChatRequest((
    ChatMessage("system", "Repeat the user's text exactly."),
    ChatMessage("user", "The railway reached Carrowmore in 1859. Its engineer, Henrietta Quillfeather, laid 27 "
                        "miles of track across the marsh on timber rafts, a method her critics said could never "
                        "carry a locomotive."),
), max_tokens=60, temperature=0.0)


def test_a_drafting_model_writes_what_the_plain_one_writes_and_drafts_from_the_source(
        smollm2: LlamaCppModel, smol_plain: LlamaCppModel) -> None:
    lookup = smollm2.llama.draft_model
    assert isinstance(lookup, PromptLookup)
    before = lookup.accepted
    drafted, plain = _text(smollm2, COPY), _text(smol_plain, COPY)
    assert drafted == plain and "27 miles of track" in drafted
    assert lookup.accepted - before >= 10, "a copied sentence should be mostly drafted"
    assert smol_plain.llama.draft_model is None


def _text(llm: LlamaCppModel, request: ChatRequest) -> str:
    return next(item.text for item in llm.stream_chat(request) if isinstance(item, ChatResult))


def test_no_draft_when_something_else_reads_the_batch(smollm2: LlamaCppModel) -> None:
    # llama.cpp aborts the process when asked for logits it did not compute: a replaced eval gets no drafts
    llama = smollm2.llama
    lookup, ours = llama.draft_model, llama.eval
    llama.eval = lambda tokens: type(llama).eval(llama, tokens)  # llama-cpp-python's own: last logits only
    try:
        before = lookup.proposed
        assert "27 miles of track" in _text(smollm2, COPY)
        assert lookup.proposed == before
    finally:
        llama.eval = ours
