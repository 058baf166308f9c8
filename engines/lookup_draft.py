"""Prompt-lookup drafting for llama.cpp: guess the next tokens from the text already in the context.

Grounded output copies its sources ("send the invoice to Marco", "laid 27 miles of track across the
marsh"). When the last three (or two) tokens also occur earlier in the context, the tokens that
followed them there are proposed as a draft; the model reads the sampled token and the draft in one
batch and keeps the draft up to the first token it would not have chosen itself. Each position is still
sampled from the model's own distribution with the request's sampler, so the text has the same
distribution as without drafting (not always the same bytes: a batch rounds differently).

On this 2-core CPU a batch of a few tokens costs much less than as many single steps (prompt reading runs
at ~10x the generation rate per token): a greedy podcast chapter went from 14.8 to 25.4 tokens/s, two
chapters at the podcast's temperature 0.6 from 14.0 to 19.1. A whole long episode's script gained 0-8%
(at 0.6 the model often leaves the copied phrase), a short voice answer nothing measurable.

llama-cpp-python's own ``draft_model`` switches on ``logits_all``, which keeps the logits of every context
position (4096 x 151,936 floats for Qwen: 2.5 GB) and computes them for every prompt token. Here the draft
is attached after construction and only the drafted batch asks for its logits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

MAX_NGRAM = 3
MIN_NGRAM = 2
"""A single repeated token ("the", ",") predicts nothing; two or three in a row usually start a copied phrase."""
START_TOKENS = 3
MIN_TOKENS = 2
MAX_TOKENS = 8
WINDOW = 2048
"""Look back this many tokens at most (the sources and the talk so far)."""


class PromptLookup:
    """Drafts the continuation of the latest n-gram match; the draft grows while drafts are accepted."""

    def __init__(self, start: int = START_TOKENS, most: int = MAX_TOKENS) -> None:
        self.size = start
        self.most = most
        self.pending = 0
        """Tokens drafted for the batch about to be read (the eval asks logits for them)."""
        self.proposed = 0
        self.accepted = 0
        self._last: tuple[int, np.ndarray] | None = None
        self.checks_drafts: Callable[[], bool] = lambda: True
        """Whether the eval that reads the next batch is the one that asks logits for a draft."""

    def __call__(self, input_ids: np.ndarray, /, **_: Any) -> np.ndarray:
        ids = np.asarray(input_ids)
        if not self.checks_drafts():  # a plain eval would leave the drafted positions without logits: abort
            return ids[:0].astype(np.intc)
        self._learn(ids)
        draft = find_draft(ids[-WINDOW:], self.size)
        self.pending = len(draft)
        self.proposed += len(draft)
        self._last = (len(ids), draft) if len(draft) else None
        return draft.astype(np.intc)

    def _learn(self, ids: np.ndarray) -> None:
        """How much of the previous draft came back as context: grow the next draft, or shrink it."""
        if self._last is None:
            return
        start, draft = self._last
        got = ids[start : start + len(draft)]
        kept = int(np.argmin(np.append(got == draft[: len(got)], False)))
        self.accepted += kept
        self.size = min(self.most, self.size * 2) if kept == len(draft) else max(MIN_TOKENS, kept + 1)
        self._last = None

    def take_pending(self) -> int:
        pending, self.pending = self.pending, 0
        return pending


def find_draft(ids: np.ndarray, size: int) -> np.ndarray:
    """The ``size`` tokens that followed the latest earlier occurrence of the last 3 (else 2) tokens."""
    for ngram in range(MAX_NGRAM, MIN_NGRAM - 1, -1):
        if len(ids) <= ngram:
            continue
        windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], ngram)
        hits = np.flatnonzero(np.all(windows == ids[-ngram:], axis=1))
        if len(hits):
            start = int(hits[-1]) + ngram
            return ids[start : start + size]
    return ids[:0]


def attach_lookup(llama: Any) -> PromptLookup:
    """Give a loaded ``llama_cpp.Llama`` a :class:`PromptLookup` draft without ``logits_all``: its ``eval``
    asks for logits at every position of a drafted batch only (instance attributes, so the object stays
    what ``llama_cpp.Llama`` made)."""
    lookup = PromptLookup()
    plain_eval = llama.eval

    def eval_with_drafts(tokens: Sequence[int]) -> None:
        drafted = lookup.take_pending()
        if not drafted or len(tokens) > llama.n_batch:
            plain_eval(tokens)
            return
        # the sampled token and its draft in one batch, with logits at every position so that generate()
        # can sample each of them (its negative indices count back from the last output)
        n_past = llama.n_tokens
        llama._ctx.kv_cache_seq_rm(-1, n_past, -1)
        llama._batch.set_batch(batch=tokens, n_past=n_past, logits_all=True)
        llama._ctx.decode(llama._batch)
        llama.input_ids[n_past : n_past + len(tokens)] = tokens
        llama.n_tokens += len(tokens)
        llama._requires_eval = False

    llama.draft_model = lookup
    llama.eval = eval_with_drafts
    lookup.checks_drafts = lambda: llama.__dict__.get("eval") is eval_with_drafts
    return lookup
