"""Route chat requests over local and cloud models: policy, privacy, retries, fallbacks, cooldowns, ledger.

Modelled on LiteLLM's router, trimmed to a desktop app:

* **Privacy first.** ``privacy_mode`` (and ``local_only``) drop every cloud route when the router is
  built, so nothing can be sent to one: not a request, not a token count. ``self-hosted`` routes (the
  user's own servers, :mod:`engines.routes`) stay.
* **Order.** ``local_first`` / ``self_hosted_first`` / ``cloud_first`` order the routes by kind;
  ``task_models`` moves the route named for a task (``{"podcast": "cloud-big"}``) to the front.
* **Context window.** Before a route is tried, the prompt is counted with that route's own counter
  (the local tokenizer; chars/4 for cloud routes, which never sends text). A route it does not fit is
  skipped, and so is one that raises :class:`ContextOverflowError`; after that the remaining routes
  are tried in the policy's kind order, smallest window first within a kind. When no route fits,
  :class:`ContextOverflowError` is raised so the caller can map-reduce locally.
* **Retries.** Transient endpoint failures (down, timeout, HTTP 5xx/429, broken stream) are retried on
  the same route ``max_retries`` times with exponential backoff waited on the cancel token. Other
  failures (auth, bad request, model load, out of memory, a stream past its overall deadline or size
  cap: a retry would cost as much again) go straight to the next route.
* **Cooldown.** A route that failed (after its retries) is skipped for ``cooldown_s`` by every later
  request, unless every remaining route is cooling down (then they are tried anyway: an app with a
  single local model must not go dead for a minute). Context overflow and a rejected request (HTTP
  400/422) never cool a route down: they are the request's fault, not the route's.
* **Streaming.** Once a route has yielded text, a failure is raised as ``llm.stream_interrupted``; the
  router never splices another model's answer onto a half-spoken one. The caller decides (retry the
  turn, or keep the partial text).
* **Ledger.** Every attempt that reached a model is recorded (outcome ``ok``; ``fallback`` for a
  failed attempt after which another route answered; ``error``; ``cancelled``). Skipped routes were
  never contacted and are listed only in ``ChatResult.attempts``.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Protocol

from engines.cancel import NEVER, CancelToken
from engines.errors import (
    LLM_BAD_REQUEST,
    LLM_BAD_ROUTES,
    LLM_ENDPOINT_DOWN,
    LLM_NO_RESULT,
    LLM_RATE_LIMITED,
    LLM_SERVER_ERROR,
    LLM_STREAM_BROKEN,
    LLM_STREAM_INTERRUPTED,
    LLM_TIMEOUT,
    Cancelled,
    ContextOverflowError,
    DaycastError,
    EndpointError,
    LLMError,
    ModelError,
    ModelTooLargeError,
    RouteUnavailableError,
)
from engines.ledger import LedgerEntry, Outcome
from engines.prompt_cache import PromptStateCache
from engines.protocols import LanguageModel, PromptPriming, ThreadTunable, close_stream
from engines.routes import PolicyName, RouteKind, allowed, kind_rank, ordered
from engines.types import ChatRequest, ChatResult, ModelInfo, TextDelta

log = logging.getLogger(__name__)

RETRYABLE_CODES = frozenset(
    {LLM_ENDPOINT_DOWN, LLM_TIMEOUT, LLM_SERVER_ERROR, LLM_RATE_LIMITED, LLM_STREAM_BROKEN}
)
NO_COOLDOWN_CODES = frozenset({LLM_BAD_REQUEST})
"""Failures that say something about the request, not the route's health (like context overflow)."""


@dataclass(frozen=True)
class Route:
    """One model the router may use. ``context_window`` 0 means the model's own ``n_ctx``."""

    name: str
    model: LanguageModel
    kind: RouteKind
    context_window: int = 0

    @property
    def window(self) -> int:
        return self.context_window or self.model.n_ctx


@dataclass(frozen=True)
class RouterPolicy:
    policy: PolicyName = "local_only"
    privacy_mode: bool = True
    max_retries: int = 1
    backoff_s: float = 0.5
    cooldown_s: float = 60.0
    task_models: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class UsageSink(Protocol):
    """Where the router records each attempt (``engines.ledger.Ledger``)."""

    def record(self, entry: LedgerEntry) -> None: ...


@dataclass
class _Attempt:
    """What happened on one route, for ``ChatResult.attempts`` and the ledger."""

    route: Route
    outcome: str  # ok | error | cancelled | skipped:<why>
    error: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    first_token_seconds: float = 0.0
    sent: bool = True

    def label(self) -> str:
        return f"{self.route.name}:{self.error or self.outcome}"


class _Run:
    """The state of one routed request."""

    def __init__(self, request: ChatRequest, cancel: CancelToken) -> None:
        self.request = request
        self.cancel = cancel
        self.id = uuid.uuid4().hex[:12]
        self.start = time.perf_counter()
        self.attempts: list[_Attempt] = []
        self.errors: list[BaseException] = []
        self.skipped: set[str] = set()
        self.overflowed = False
        self.largest_needed = 0
        self.first_token: float | None = None


def _is_failure(exc: BaseException) -> bool:
    return isinstance(exc, LLMError | ModelError | MemoryError | OSError) and not isinstance(exc, Cancelled)


def _code(exc: BaseException) -> str:
    if isinstance(exc, MemoryError):
        return ModelTooLargeError.code
    if isinstance(exc, DaycastError):
        return exc.code
    return f"os.{type(exc).__name__}"


class Router:
    """A ``LanguageModel`` that answers with the first route that can; pipelines never see the routes."""

    def __init__(
        self, routes: list[Route], policy: RouterPolicy | None = None, *,
        ledger: UsageSink | None = None, clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or RouterPolicy()
        names = [r.name for r in routes]
        if len(set(names)) != len(names):
            raise LLMError(f"Route names must be unique: {', '.join(names)}", code=LLM_BAD_ROUTES)
        self.routes: tuple[Route, ...] = tuple(
            r for r in routes if allowed(r.kind, self.policy.policy, self.policy.privacy_mode)
        )
        if not self.routes:
            why = "privacy mode is on" if self.policy.privacy_mode else f"policy is {self.policy.policy}"
            raise RouteUnavailableError(
                f"No model can be used: {why} and no local model is configured",
                hint="choose a local model in Settings, or allow the cloud fallback",
            )
        self.ledger = ledger
        self._clock = clock
        self._cool_until: dict[str, float] = {}
        self._lock = threading.Lock()
        primary = self._ordered("")[0]
        self.info: ModelInfo = primary.model.info
        self.n_ctx = self._own_primary().window
        """Callers budget prompts for the primary on the user's own machines (local, or self-hosted when the
        policy puts it first); :meth:`max_context` is the most any route takes."""

    # -- LanguageModel ---------------------------------------------------------------------------------
    def max_context(self) -> int:
        return max(r.window for r in self.routes)

    def count_tokens(self, text: str) -> int:
        """Counted by the own primary's tokenizer (never sent anywhere); chars/4 if it cannot load."""
        counter = self._own_primary()
        if not self.cooling_down(counter.name):  # a model that just failed to load is not retried per count
            try:
                return counter.model.count_tokens(text)
            except (ModelError, LLMError, MemoryError) as exc:
                log.warning("Counting tokens with %s failed (%s); using an estimate", counter.name, _code(exc))
        return max(1, len(text) // 4) if text else 0

    def set_threads(self, threads: int) -> None:
        """Passed on to the local routes that can take it (a cloud route has no threads here)."""
        for route in self.routes:
            if isinstance(route.model, ThreadTunable):
                route.model.set_threads(threads)

    def prime(self, request: ChatRequest, cache: PromptStateCache | None = None,
              cancel: CancelToken | None = None) -> str:
        """Passed on to the first local route that can hold a prompt ("none" when no route can)."""
        for route in self.routes:
            if route.kind == "local" and isinstance(route.model, PromptPriming) \
                    and not self.cooling_down(route.name):
                try:
                    return route.model.prime(request, cache, cancel)
                except Exception as exc:  # the request itself reports (and routes around) a broken model
                    if not _is_failure(exc):
                        raise
                    log.warning("Priming %s failed: %s", route.name, _code(exc))
                    return "failed"
        return "none"

    def stream_chat(
        self, request: ChatRequest, cancel: CancelToken | None = None
    ) -> Iterator[TextDelta | ChatResult]:
        run = _Run(request, cancel or NEVER)
        answered = False
        try:
            result = yield from self._route(run)
            answered = True
            yield result
        finally:  # also when the caller stops reading early (GeneratorExit): recorded as cancelled
            self._write_ledger(run, answered)

    # -- routing ---------------------------------------------------------------------------------------
    def _own_primary(self) -> Route:
        """The first route in policy order that is not cloud (the first of all when every one is)."""
        order = self._ordered("")
        return next((r for r in order if r.kind != "cloud"), order[0])

    def _ordered(self, task: str) -> list[Route]:
        preferred = self.policy.task_models.get(task, "")  # the task's route first, the rest in kind order
        return ordered(self.routes, lambda r: r.kind, self.policy.policy, preferred, lambda r: r.name)

    def cooling_down(self, route_name: str) -> bool:
        with self._lock:
            return self._clock() < self._cool_until.get(route_name, float("-inf"))

    def _cool(self, route: Route) -> None:
        with self._lock:
            self._cool_until[route.name] = self._clock() + self.policy.cooldown_s
        log.warning("Route %s failed; skipping it for %.0f s", route.name, self.policy.cooldown_s)

    def _route(self, run: _Run) -> Generator[TextDelta, None, ChatResult]:
        pending = self._ordered(run.request.task)
        while pending:
            run.cancel.check()
            route = self._pick(pending, run)
            pending.remove(route)
            needed = self._needed_tokens(route, run.request)
            if needed is not None and needed > route.window:
                run.attempts.append(_Attempt(route, "skipped:too_long", sent=False))
                run.largest_needed = max(run.largest_needed, needed)
                run.overflowed = True
            else:
                result = yield from self._try_route(route, run)
                if result is not None:
                    return result
            if run.overflowed:  # within the policy's kind order, the smallest window that fits goes first
                pending.sort(key=lambda r: (kind_rank(r.kind, self.policy.policy), r.window))
        raise self._final_error(run)

    def _pick(self, pending: list[Route], run: _Run) -> Route:
        """The first route not cooling down; the first of all when every one is (last resort)."""
        for route in pending:
            if not self.cooling_down(route.name):
                return route
            if route.name not in run.skipped:
                run.skipped.add(route.name)
                run.attempts.append(_Attempt(route, "skipped:cooldown", sent=False))
        log.info("Every remaining route is cooling down; trying %s anyway", pending[0].name)
        return pending[0]

    def _needed_tokens(self, route: Route, request: ChatRequest) -> int | None:
        """Prompt tokens plus a little room to answer, by the route's own counter; None if uncountable."""
        try:
            prompt = sum(route.model.count_tokens(m.content) + 6 for m in request.messages) + 4
        except (ModelError, LLMError, MemoryError):
            return None  # the attempt itself will fail and be recorded with its real error
        return prompt + min(request.max_tokens, 64)

    def _try_route(self, route: Route, run: _Run) -> Generator[TextDelta, None, ChatResult | None]:
        """Run ``route`` with retries; the ChatResult on success, None to move on (errors recorded)."""
        for retry in range(self.policy.max_retries + 1):
            attempt = _Attempt(route, "ok")
            run.attempts.append(attempt)
            try:
                return (yield from self._attempt(route, run, attempt))
            except Cancelled:
                attempt.outcome = "cancelled"
                raise
            except Exception as exc:
                attempt.outcome = "error"
                if not _is_failure(exc):  # a bug, not a route failure: let it surface
                    attempt.error = f"bug.{type(exc).__name__}"
                    raise
                attempt.error = _code(exc)
                run.errors.append(exc)
                if attempt.tokens_out:  # text already went out: never splice another model's answer on
                    raise LLMError(
                        f"{route.name} ({route.model.info.id}) stopped mid-answer: {exc}",
                        hint="the partial answer is all there is; ask again to retry", code=LLM_STREAM_INTERRUPTED,
                    ) from exc
                if isinstance(exc, ContextOverflowError):
                    run.overflowed = True  # the request's fault, not the route's: no cooldown
                    return None
                if not self._retryable(exc) or retry == self.policy.max_retries:
                    if attempt.error not in NO_COOLDOWN_CODES:
                        self._cool(route)
                    return None
                if run.cancel.wait(self.policy.backoff_s * 2**retry):
                    run.cancel.check()
                log.info("Retrying %s after %s", route.name, attempt.error)
        return None

    @staticmethod
    def _retryable(exc: BaseException) -> bool:
        return isinstance(exc, EndpointError) and exc.code in RETRYABLE_CODES

    def _attempt(self, route: Route, run: _Run, attempt: _Attempt) -> Generator[TextDelta, None, ChatResult]:
        start = time.perf_counter()
        stream = None
        try:
            stream = route.model.stream_chat(run.request, run.cancel)
            for item in stream:
                if isinstance(item, ChatResult):
                    attempt.tokens_in, attempt.tokens_out = item.prompt_tokens, item.completion_tokens
                    return self._finish(item, route, run)
                if not attempt.tokens_out:
                    attempt.first_token_seconds = time.perf_counter() - start
                    run.first_token = run.first_token or time.perf_counter() - run.start
                attempt.tokens_out += 1
                yield item
        finally:
            close_stream(stream)
            attempt.seconds = time.perf_counter() - start
        raise LLMError(f"{route.name} ended without a result", code=LLM_NO_RESULT)

    def _finish(self, result: ChatResult, route: Route, run: _Run) -> ChatResult:
        labels = tuple(a.label() for a in run.attempts)
        model = result.model if result.model.detail else replace(result.model, detail=f"route {route.name}")
        return replace(
            result, model=model, attempts=labels, seconds=time.perf_counter() - run.start,
            first_token_seconds=run.first_token or result.first_token_seconds,
        )

    def _final_error(self, run: _Run) -> DaycastError:
        tried = "; ".join(a.label() for a in run.attempts)
        if run.overflowed:  # map-reducing into smaller prompts is what helps, whatever else failed
            needed = f"about {run.largest_needed} tokens" if run.largest_needed else "more tokens"
            return ContextOverflowError(
                f"The prompt needs {needed}; the largest usable context is {self.max_context()} ({tried})",
                hint="shorten the input or summarise it in parts",
            )
        failures = [e for e in run.errors if isinstance(e, DaycastError)]
        if len(run.errors) == 1 and failures:
            return failures[0]
        return RouteUnavailableError(
            f"No model could answer: {tried}", hint="see `daycast usage` and the log for each route's failure"
        )

    # -- ledger ----------------------------------------------------------------------------------------
    def _write_ledger(self, run: _Run, answered: bool) -> None:
        if self.ledger is None:
            return
        for attempt in run.attempts:
            if not attempt.sent:
                continue
            outcome: Outcome
            if attempt.outcome == "error":
                outcome = "fallback" if answered else "error"
            elif attempt.outcome == "ok" and answered:
                outcome = "ok"
            else:
                outcome = "cancelled"  # also when the caller stopped reading before the result
            entry = LedgerEntry(
                task=run.request.task, route=attempt.route.name, kind=attempt.route.kind,
                model=attempt.route.model.info.id, tokens_in=attempt.tokens_in, tokens_out=attempt.tokens_out,
                latency_s=attempt.seconds, ttft_s=attempt.first_token_seconds, outcome=outcome,
                error=attempt.error, request_id=run.id,
            )
            try:
                self.ledger.record(entry)
            except Exception as exc:  # the ledger must never break an answer
                log.warning("Could not record usage in the ledger: %s", exc)

