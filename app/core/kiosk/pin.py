"""The kiosk's admin PIN: stored only as a salted scrypt hash (PBKDF2 where OpenSSL lacks scrypt).

A stored value looks like ``scrypt$16384$8$1$<salt b64>$<hash b64>`` or
``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>``. :class:`PinGate` adds a lockout after
repeated wrong tries (growing, and kept on disk across restarts) so a visitor cannot walk through the PINs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from engines.errors import UsageError
from engines.fsutil import atomic_write_text
from engines.paths import data_dir

MIN_DIGITS, MAX_DIGITS = 6, 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PBKDF2_ITERATIONS = 600_000
KEY_BYTES = 32

Outcome = Literal["ok", "wrong", "locked"]


def check_pin(pin: str) -> str:
    """The PIN if it is 6 to 12 digits; a UsageError saying what is wrong otherwise."""
    value = pin.strip()
    if not value.isdigit() or not value.isascii():
        raise UsageError("The kiosk PIN must contain digits only", hint="e.g. a 6-digit number")
    if not MIN_DIGITS <= len(value) <= MAX_DIGITS:
        raise UsageError(f"The kiosk PIN must have {MIN_DIGITS} to {MAX_DIGITS} digits, not {len(value)}")
    return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _scrypt_available() -> bool:
    try:
        hashlib.scrypt(b"x", salt=b"y", n=2, r=1, p=1, dklen=8)
    except (AttributeError, ValueError):
        return False
    return True


def hash_pin(pin: str) -> str:
    """A new salted hash of ``pin`` (checked with :func:`check_pin` first)."""
    secret = check_pin(pin).encode("ascii")
    salt = os.urandom(16)
    if _scrypt_available():
        digest = hashlib.scrypt(secret, salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES)
        return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"
    digest = hashlib.pbkdf2_hmac("sha256", secret, salt, PBKDF2_ITERATIONS, KEY_BYTES)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${_b64(salt)}${_b64(digest)}"


def is_hashed(stored: str) -> bool:
    """True when ``stored`` is a hash this module can verify (never a PIN in plain text)."""
    parts = stored.split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            _ = [int(p) for p in parts[1:4]], _unb64(parts[4]), _unb64(parts[5])
            return True
        if parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            _ = int(parts[1]), _unb64(parts[2]), _unb64(parts[3])
            return True
    except ValueError:
        return False
    return False


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches the stored hash (constant-time compare; False for anything malformed)."""
    if not is_hashed(stored):
        return False
    secret = pin.strip().encode("utf-8")
    parts = stored.split("$")
    if parts[0] == "scrypt":
        n, r, p = (int(x) for x in parts[1:4])
        salt, expected = _unb64(parts[4]), _unb64(parts[5])
        try:
            digest = hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=len(expected))
        except ValueError:  # parameters this OpenSSL refuses (memory limit): treat as no match
            return False
    else:
        iterations = int(parts[1])
        salt, expected = _unb64(parts[2]), _unb64(parts[3])
        digest = hashlib.pbkdf2_hmac("sha256", secret, salt, iterations, len(expected))
    return hmac.compare_digest(digest, expected)


def default_state_path() -> Path:
    """Where the gate keeps its count of wrong tries and its lockout, so a restart does not reset them."""
    return data_dir() / "kiosk" / "pin-attempts.json"


@dataclass
class PinGate:
    """Checks PIN attempts; every ``max_attempts`` wrong ones in a row lock all tries out, twice as long each time.

    The count and the lockout are kept in ``state_path`` (0600) on the wall clock: pulling the plug
    or killing the kiosk does not give a visitor a fresh set of tries. ``None`` keeps them in memory.
    """

    stored_hash: str
    max_attempts: int = 5
    lockout_s: float = 30.0
    max_lockout_s: float = 3600.0
    clock: Callable[[], float] = time.time
    state_path: Path | None = field(default_factory=default_state_path)
    failures: int = 0
    lockouts: int = 0
    locked_until: float = 0.0

    def __post_init__(self) -> None:
        self._load()

    def locked_for(self) -> float:
        """Seconds left of a lockout (0 when attempts are allowed); never more than the longest lockout."""
        return min(self.max_lockout_s, max(0.0, self.locked_until - self.clock()))

    def attempt(self, pin: str) -> Outcome:
        self._load()  # another kiosk process may have counted tries since
        latest = self.clock() + self.max_lockout_s
        if self.locked_until > latest:  # set while the clock ran ahead, then corrected: never longer than the cap
            self.locked_until = latest
            self._save()
        if self.locked_for() > 0:
            return "locked"
        if verify_pin(pin, self.stored_hash):
            self.failures = self.lockouts = 0
            self._save()
            return "ok"
        self.failures += 1
        outcome: Outcome = "wrong"
        if self.failures >= self.max_attempts:
            self.failures = 0
            self.lockouts += 1
            doubling = 2.0 ** min(self.lockouts - 1, 32)  # 2 ** 1024 would overflow and end the lockouts
            self.locked_until = self.clock() + min(self.max_lockout_s, self.lockout_s * doubling)
            outcome = "locked"
        self._save()
        return outcome

    def _load(self) -> None:
        if self.state_path is None:
            return
        try:
            raw = json.loads(self.state_path.read_text(encoding="utf-8"))
            self.failures = max(self.failures, int(raw["failures"]))
            self.lockouts = max(self.lockouts, int(raw["lockouts"]))
            self.locked_until = max(self.locked_until, float(raw["locked_until"]))
        except (OSError, ValueError, KeyError, TypeError):
            return  # no file yet (or a damaged one): what this process counted stands

    def _save(self) -> None:
        if self.state_path is None:
            return
        state = {"failures": self.failures, "lockouts": self.lockouts, "locked_until": self.locked_until}
        atomic_write_text(self.state_path, json.dumps(state) + "\n", file_mode=0o600)
