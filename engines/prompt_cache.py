"""llama.cpp prompt states on disk: the KV cache of a read prompt, so a new process need not read it again.

``daycast ask`` is a new process each time, and reading the assistant's system prompt and the day's
context (~750 tokens) took 12-19 s on this 2-core CPU before the first token. The state after reading it
(the KV cache of those tokens, ~28 KB a token for Qwen2.5-1.5B) loads in a fraction of a second.

A state is stored under a key made by the model (:class:`StateKey`: the model file's identity, the
context size, the llama.cpp version and kernels) and the text it holds; a state made for the same model
but another text is still worth loading when nothing better exists, because llama.cpp keeps the longest
common token prefix (the system prompt and an unchanged calendar) and reads only the rest.

Files: ``<cache>/llm-state/<model key>/<text key>.kvstate``: a small JSON header (both keys, the tokens),
then llama.cpp's state bytes. Written atomically; the folder is capped (least recently used removed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from engines.fsutil import atomic_writer
from engines.paths import cache_dir

log = logging.getLogger(__name__)

MAGIC = b"DAYCAST-KVSTATE-1\n"
SUFFIX = ".kvstate"
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_HEADER = struct.Struct("<I")


@dataclass(frozen=True)
class StateKey:
    """What a saved state depends on besides its text: the same model, context size and kernels."""

    model: str
    """The model file's SHA-256 (or path, size and mtime when no hash is recorded)."""
    n_ctx: int
    backend: str
    """llama.cpp version, device, kernels: a state made with other kernels holds other numbers."""

    def digest(self) -> str:
        text = json.dumps([self.model, self.n_ctx, self.backend])
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class SavedState:
    tokens: list[int]
    state: bytes
    exact: bool
    """True when the state holds exactly the text asked for; False for a state of the same model made
    for another text (its common prefix is still reused)."""


class PromptStateCache:
    """Saved prompt states in ``folder`` (default: the platform cache folder), at most ``max_bytes``."""

    def __init__(self, folder: Path | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = folder if folder is not None else cache_dir() / "llm-state"
        self.max_bytes = max_bytes

    def path(self, key: StateKey, text: str) -> Path:
        return self.folder / key.digest() / f"{text_key(text)}{SUFFIX}"

    def load(self, key: StateKey, text: str) -> SavedState | None:
        """The state saved for ``text``; else the newest one of the same model; None when there is none."""
        exact = self.path(key, text)
        if not exact.parent.is_dir():
            return None
        others = sorted((p for p in exact.parent.glob(f"*{SUFFIX}") if p != exact), key=_mtime, reverse=True)
        for path in (exact, *others):
            saved = self._read(path, key)
            if saved is not None:
                os.utime(path)  # recently used: evicted last
                return SavedState(saved[0], saved[1], exact=path == exact)
        return None

    def save(self, key: StateKey, text: str, tokens: list[int], state: bytes) -> Path:
        """Write the state atomically, then remove the least recently used states over the cap."""
        path = self.path(key, text)
        header = json.dumps({"model": key.digest(), "text": text_key(text), "tokens": tokens,
                             "state_bytes": len(state)}).encode()
        with atomic_writer(path) as handle:
            handle.write(MAGIC + _HEADER.pack(len(header)) + header)
            handle.write(state)
        self.evict(keep=path)
        return path

    def evict(self, keep: Path | None = None) -> int:
        """Remove the least recently used states until the folder is within the cap; returns how many."""
        files = sorted(self.folder.glob(f"*/*{SUFFIX}"), key=_mtime, reverse=True)
        total, removed = 0, 0
        for path in files:
            size = _size(path)
            if total + size > self.max_bytes and path != keep:
                path.unlink(missing_ok=True)
                removed += 1
                continue
            total += size
        return removed

    def _read(self, path: Path, key: StateKey) -> tuple[list[int], bytes] | None:
        """(tokens, state bytes), or None for a missing, foreign or damaged file (which is removed)."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if not data.startswith(MAGIC):
                raise ValueError("not a Daycast state file")
            start = len(MAGIC) + _HEADER.size
            (length,) = _HEADER.unpack_from(data, len(MAGIC))
            header = json.loads(data[start:start + length])
            state = data[start + length:]
            if header["model"] != key.digest() or header["state_bytes"] != len(state):
                raise ValueError("made for another model, or cut short")
            tokens = [int(t) for t in header["tokens"]]
        except (ValueError, KeyError, TypeError, struct.error) as exc:
            log.warning("Removing the unusable prompt state %s: %s", path, exc)
            path.unlink(missing_ok=True)
            return None
        return tokens, state


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
