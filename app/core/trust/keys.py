"""This install's keys: an Ed25519 signing key made on first use, and the key id derived from it.

The signing key signs provenance sidecars; its id (32 bits of a hash of the public key) is what the
audio watermark carries, so a file can be traced to the install that made it. The key lives in
``data_dir()/keys`` (folder 0700, file 0600) and is created atomically: two processes starting at
once end up with the same key.

The watermark's *detection* key is a product constant, not a secret: any Daycast install (and
``daycast verify``) must be able to find the mark in audio made elsewhere. That is why a watermark
proves nothing on its own: trust comes only from a sidecar signed by a *trusted* key, that is this
install's own key or one listed (base64 raw public key, or its 128-bit fingerprint) in
``data_dir()/keys/trusted_keys.txt``. Keys are named by 128-bit fingerprints; the 32-bit key id only
fits the watermark's payload and is never used to decide trust.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from engines.errors import DaycastError, OutputError
from engines.fsutil import fsync_dir
from engines.paths import data_dir

WATERMARK_KEY = b"daycast/watermark/v1/7c1f0e9a4b2d4f60a8e3c5d1b9f27e44"
SIGNING_KEY_FILE = "signing_key.pem"
TRUSTED_KEYS_FILE = "trusted_keys.txt"
FINGERPRINT_BYTES = 16  # 128 bits: no one can make a second key with the same fingerprint
KEY_ERROR_CODE = "keys.unreadable"


@dataclass(frozen=True)
class InstallKeys:
    signing_key: Ed25519PrivateKey
    public_key: bytes  # raw 32 bytes
    key_id: int
    path: Path

    @property
    def key_id_hex(self) -> str:
        return format_key_id(self.key_id)

    @property
    def fingerprint(self) -> str:
        return fingerprint_for(self.public_key)

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_key).decode("ascii")

    def sign(self, data: bytes) -> bytes:
        return self.signing_key.sign(data)


def keys_dir() -> Path:
    return data_dir() / "keys"


def watermark_key() -> bytes:
    return WATERMARK_KEY


def key_id_for(public_key: bytes) -> int:
    """The 32-bit id of a raw Ed25519 public key (what the watermark carries)."""
    return int.from_bytes(hashlib.sha256(b"daycast-key-id\0" + public_key).digest()[:4], "big")


def fingerprint_for(public_key: bytes) -> str:
    """The 128-bit fingerprint of a raw Ed25519 public key, as 32 hex digits in groups of four."""
    digest = hashlib.sha256(b"daycast-key-fingerprint\0" + public_key).hexdigest()[: 2 * FINGERPRINT_BYTES]
    return ":".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def trusted_fingerprints() -> set[str]:
    """Fingerprints of the keys whose signatures count: this install's (when it has one) and the listed ones."""
    found: set[str] = set()
    if (keys_dir() / SIGNING_KEY_FILE).exists():
        found.add(load_or_create().fingerprint)
    try:
        lines = (keys_dir() / TRUSTED_KEYS_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for line in lines:
        entry = line.split("#", 1)[0].strip().split()
        if entry:
            found.add(_as_fingerprint(entry[0]))
    return found


def _as_fingerprint(text: str) -> str:
    """A listed key: a base64 raw public key, or a fingerprint (with or without its colons)."""
    plain = text.replace(":", "").lower()
    if len(plain) == 2 * FINGERPRINT_BYTES and all(c in "0123456789abcdef" for c in plain):
        return ":".join(plain[i : i + 4] for i in range(0, len(plain), 4))
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return ""
    return fingerprint_for(raw) if len(raw) == 32 else ""


def format_key_id(key_id: int) -> str:
    return f"{key_id:08x}"


def verify_signature(public_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def load_or_create() -> InstallKeys:
    """This install's keys, created on first use."""
    path = keys_dir() / SIGNING_KEY_FILE
    if not path.exists():
        _create(path)
    return _load(path)


def _load(path: Path) -> InstallKeys:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise DaycastError(
            f"{path}: the signing key cannot be read ({exc})",
            hint="restore it from a backup, or move it away to create a new key (files signed with the old key "
            "will then show a different key id)",
            code=KEY_ERROR_CODE,
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise DaycastError(f"{path}: not an Ed25519 private key", code=KEY_ERROR_CODE)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return InstallKeys(key, public, key_id_for(public), path)


def _create(path: Path) -> None:
    """Write a new key to a private temp file, then link it into place only if no key exists yet."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)  # mode 0600
    except OSError as exc:
        raise OutputError(f"Cannot create the key folder {path.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        _link_if_absent(Path(tmp_name), path)
    except OSError as exc:
        raise OutputError(f"Cannot write the signing key {path}: {exc.strerror or exc}") from exc
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def _link_if_absent(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)  # atomic and fails if a key exists: another process won the race, use its key
    except FileExistsError:
        return
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if not path.exists():  # a file system without hard links: rename instead
            with contextlib.suppress(FileNotFoundError):
                os.replace(tmp, path)
    fsync_dir(path.parent)  # a power cut must not lose the key that signed files already
