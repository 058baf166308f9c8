"""The signed provenance sidecar written next to every export: ``<audio file>.json``.

It records how the audio was made (sources, prompts, models and their hashes, device, settings,
timings, the disclosure, the watermark key id) and the audio's SHA-256 and size. It is signed with
this install's Ed25519 key over a canonical JSON serialisation (sorted keys, no whitespace, UTF-8);
the signature, public key and key id are embedded, so anyone can check it without Daycast's keys.
The file itself is a deterministic pretty rendering, so editing even its whitespace is detected.

Secrets never go in: ``build_record`` and ``write_sidecar`` refuse any value that looks like an API
key or token, any field named like one, and the value of ``DAYCAST_API_KEY`` or any ``DAYCAST_API_KEY_<NAME>``.

C2PA: not embedded. c2pa-python is not a dependency of Daycast (it needs an X.509 certificate chain
rather than a local key); the signed sidecar is the provenance record.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
import math
import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import __version__
from app.core.trust import keys
from app.core.trust.watermark import PRODUCT_CODES
from engines.errors import DaycastError, OutputError
from engines.fsutil import atomic_write_text, sha256_file
from engines.secrets import ENV_VAR
from engines.types import ModelInfo

SCHEMA = "daycast.provenance/1"
WATERMARK_SCHEME = "daycast-stft-spread-spectrum/1"
CANONICALISATION = "json: sorted keys, separators (',', ':'), UTF-8, record without 'signature'"
SECRET_ERROR_CODE = "provenance.secret_refused"

_SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("an OpenAI/Anthropic-style API key", r"\bsk-(?:proj-|ant-|live-|test-|or-)?[A-Za-z0-9_\-]{16,}"),
        ("a Google API key", r"\bAIza[0-9A-Za-z_\-]{30,}"),
        ("an AWS access key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        ("a GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})"),
        ("a Slack token", r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
        ("a Hugging Face token", r"\bhf_[A-Za-z0-9]{30,}"),
        ("a Groq/Replicate-style key", r"\b(?:gsk|r8)_[A-Za-z0-9]{20,}"),
        ("a bearer token", r"(?i)\bbearer\s+[A-Za-z0-9._~+/\-]{16,}"),
        ("a JSON web token", r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
        ("a private key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
        ("a password in a URL", r"://[^/\s:@]+:[^/\s@]+@"),
        ("a key in a URL", r"(?i)[?&](?:api[_-]?key|key|token|access_token|secret|sig)=[^&\s]{8,}"),
    )
)
_URL_SECRET_VALUE = re.compile(
    r"(?i)([?&;](?:api[_-]?key|apikey|key|token|access[_-]?token|auth|secret|sig|signature|password|passwd|"
    r"x-amz-signature|x-amz-credential|x-goog-signature|client[_-]?secret)=)[^&#\s]+"
)
_URL_PASSWORD = re.compile(r"(://)[^/\s:@]+:[^/\s@]+@")
REDACTED = "***"  # short: the secret scanner (8+ characters after key=) must not see a secret in it
_SECRET_NAMES = re.compile(
    r"(?i)^(?:api[_-]?key|apikey|x-api-key|secret|client[_-]?secret|password|passwd|token|access[_-]?token|"
    r"refresh[_-]?token|auth|authorization|private[_-]?key|bearer)$"
)


MAX_SIDECAR_BYTES = 4 * 1024 * 1024
"""A real sidecar is a few KB; anything far larger is not read (memory stays bounded)."""
MAX_SIDECAR_DEPTH = 32
"""Nesting deeper than this is refused before the record is rendered or hashed (no RecursionError)."""


@dataclass(frozen=True)
class SidecarCheck:
    present: bool
    signature_valid: bool
    audio_hash_matches: bool
    problems: list[str] = field(default_factory=list)
    key_id: str | None = None
    record: dict[str, Any] | None = None
    fingerprint: str | None = None
    trusted: bool = False
    """Signed by this install's key or a key listed as trusted (a valid signature alone proves nothing)."""

    @property
    def ok(self) -> bool:
        return self.present and self.signature_valid and self.audio_hash_matches and not self.problems


def sidecar_path(audio_path: str | Path) -> Path:
    path = Path(audio_path)
    return path.with_name(path.name + ".json")


# ------------------------------------------------------------------ secrets


def find_secrets(value: Any, where: str = "record") -> list[str]:
    """Places in ``value`` that hold something secret, as ``"path: what"`` (never the secret itself)."""
    found: list[str] = []
    _scan(value, where, _env_secrets(), found)
    return found


def _env_secrets() -> dict[str, str]:
    """The API keys in the environment (DAYCAST_API_KEY and each route's DAYCAST_API_KEY_<NAME>), by variable."""
    return {name: value.strip() for name, value in os.environ.items()
            if (name == ENV_VAR or name.startswith(f"{ENV_VAR}_")) and len(value.strip()) >= 8}


def _scan(value: Any, where: str, env_secret: dict[str, str], found: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            place = f"{where}.{name}"
            _check_text(name, f"{where} (a field name)", env_secret, found)
            if _SECRET_NAMES.match(name) and isinstance(item, str) and item.strip():
                found.append(f"{place}: a field named like a secret holds a value")
            else:
                _scan(item, place, env_secret, found)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _scan(item, f"{where}[{index}]", env_secret, found)
    elif isinstance(value, str):
        _check_text(value, where, env_secret, found)


def _check_text(text: str, where: str, env_secret: dict[str, str], found: list[str]) -> None:
    leaked = next((name for name, secret in env_secret.items() if secret in text), None)
    if leaked:
        found.append(f"{where}: contains the value of {leaked}")
        return
    for name, pattern in _SECRET_PATTERNS:
        if pattern.search(text):
            found.append(f"{where}: looks like {name}")
            return


def redact_url_secrets(text: str) -> str:
    """``text`` with the values of key-, token- and signature-like URL parameters and URL passwords replaced.

    Feed and calendar links often carry an access token; the sidecar records where a source came
    from, never the credential that opened it.
    """
    return _URL_PASSWORD.sub(rf"\1{REDACTED}@", _URL_SECRET_VALUE.sub(rf"\1{REDACTED}", text))


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact_url_secrets(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


def check_no_secrets(record: dict[str, Any]) -> None:
    problems = find_secrets(record)
    if problems:
        raise DaycastError(
            "Refusing to write provenance that contains secrets: " + "; ".join(problems),
            hint="API keys and tokens never go into sidecars; pass settings without them",
            code=SECRET_ERROR_CODE,
        )


# ------------------------------------------------------------------ building and signing


def _jsonable(value: Any, where: str = "record") -> Any:
    """Plain JSON types only: dataclasses, paths, tuples, numpy scalars and dates are converted."""
    if isinstance(value, ModelInfo):
        return _jsonable(value.to_dict(), where)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value), where)
    if isinstance(value, dict):
        return {str(k): _jsonable(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_jsonable(v, f"{where}[{i}]") for i, v in enumerate(items)]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return _jsonable(value.item(), where)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):  # a lone surrogate (a JSON "\ud835" escape) cannot be written as UTF-8
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    if value is None or isinstance(value, bool | int | float):
        return value
    raise TypeError(f"{where}: {type(value).__name__} cannot go into a provenance record")


def _device_summary(models: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "os": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "compute": sorted({str(m.get("device", "cpu")) for m in models}) or ["cpu"],
    }


def _audio_facts(audio_path: Path) -> dict[str, Any]:
    if not audio_path.is_file():
        raise OutputError(f"{audio_path}: the audio file to describe does not exist")
    return {"file": audio_path.name, "sha256": sha256_file(audio_path), "size": audio_path.stat().st_size}


def build_record(
    *,
    kind: str,
    audio_path: str | Path,
    sources: list[dict[str, Any]],
    models: list[ModelInfo | dict[str, Any]],
    settings: dict[str, Any],
    timings: dict[str, Any],
    prompts: dict[str, Any] | None = None,
    disclosure: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The provenance record for a finished audio file (call it once the file, tags included, is final).

    Raises DaycastError (code ``provenance.secret_refused``) when anything in it looks like a secret.
    """
    if not str(disclosure).strip():
        raise ValueError("a provenance record needs the AI-voice disclosure that the audio carries")
    install = keys.load_or_create()
    model_dicts = _jsonable(list(models), "models")
    record = {
        "schema": SCHEMA,
        "kind": kind,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "app": {"name": "daycast", "version": __version__},
        "device": _device_summary(model_dicts),
        "audio": _audio_facts(Path(audio_path)),
        "watermark": {"scheme": WATERMARK_SCHEME, "product": next(iter(PRODUCT_CODES)),
                      "key_id": install.key_id_hex},
        "disclosure": disclosure,
        "sources": _redacted(_jsonable(list(sources), "sources")),
        "models": model_dicts,
        "settings": _jsonable(dict(settings), "settings"),
        "timings": _jsonable(dict(timings), "timings"),
        "prompts": _jsonable(prompts, "prompts"),
        "extra": _jsonable(extra or {}, "extra"),
    }
    check_no_secrets(record)
    return record


def canonical_bytes(record: dict[str, Any]) -> bytes:
    body = {k: v for k, v in record.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def render(document: dict[str, Any]) -> str:
    """The sidecar file's exact text (deterministic, so any edit to the file is detectable)."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_sidecar(audio_path: str | Path, record: dict[str, Any]) -> Path:
    """Sign ``record`` (audio hash refreshed from the file now) and write ``<audio>.json`` atomically."""
    audio = Path(audio_path)
    record = _jsonable({k: v for k, v in record.items() if k != "signature"})
    record["audio"] = _audio_facts(audio)
    check_no_secrets(record)
    install = keys.load_or_create()
    record.setdefault("watermark", {})["key_id"] = install.key_id_hex
    signature = install.sign(canonical_bytes(record))
    document = {
        **record,
        "signature": {
            "algorithm": "ed25519",
            "canonicalisation": CANONICALISATION,
            "key_id": install.key_id_hex,
            "fingerprint": install.fingerprint,
            "public_key": install.public_key_b64,
            "value": base64.b64encode(signature).decode("ascii"),
        },
    }
    target = sidecar_path(audio)
    atomic_write_text(target, render(document))
    return target


# ------------------------------------------------------------------ verification


def verify_sidecar(audio_path: str | Path) -> SidecarCheck:
    """Check the sidecar next to ``audio_path``: is it there, is its signature valid, does the audio match."""
    audio = Path(audio_path)
    path = sidecar_path(audio)
    if not path.is_file():
        return SidecarCheck(False, False, False, [f"no provenance sidecar ({path.name})"])
    try:
        document, raw = _read_sidecar(path)
    except ValueError as exc:
        return SidecarCheck(True, False, False, [f"sidecar signature INVALID: {path.name} {exc}"])
    signature_ok, key_id, problems = _check_signature(document, raw)
    hash_ok, hash_problems = _check_audio(document, audio)
    fingerprint = _signer_fingerprint(document)
    trusted = signature_ok and fingerprint is not None and fingerprint in keys.trusted_fingerprints()
    if signature_ok and not trusted:
        problems = [*problems, f"the sidecar is signed by an untrusted key (fingerprint {fingerprint}): not this "
                               f"install's key and not listed in {keys.TRUSTED_KEYS_FILE}"]
    return SidecarCheck(True, signature_ok, hash_ok, problems + hash_problems, key_id, document, fingerprint, trusted)


def _read_sidecar(path: Path) -> tuple[dict[str, Any], bytes]:
    """The sidecar's JSON object and bytes; ValueError (a sentence) when it is too big, too deep or not JSON."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_SIDECAR_BYTES + 1)
    if len(raw) > MAX_SIDECAR_BYTES:
        raise ValueError(f"is larger than {MAX_SIDECAR_BYTES // (1024 * 1024)} MB: not a Daycast sidecar")
    if _nesting_depth(raw) > MAX_SIDECAR_DEPTH:
        raise ValueError(f"is nested more than {MAX_SIDECAR_DEPTH} levels deep: not a Daycast sidecar")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"is not valid JSON any more (damaged or edited after signing: {exc})") from exc
    if not isinstance(document, dict):
        raise ValueError("is not valid JSON any more (damaged or edited after signing: the top level is not an object)")
    return document, raw


def _nesting_depth(raw: bytes) -> int:
    """The deepest bracket nesting in JSON text, brackets inside strings ignored (a linear scan, no recursion)."""
    text = raw.decode("utf-8", errors="replace")
    depth = deepest = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif mark in "]}":
            depth -= 1
    return deepest


def _signer_fingerprint(document: dict[str, Any]) -> str | None:
    block = document.get("signature")
    try:
        public = base64.b64decode(str(block.get("public_key", "")), validate=True) if isinstance(block, dict) else b""
    except (binascii.Error, ValueError):
        return None
    return keys.fingerprint_for(public) if len(public) == 32 else None


def _check_signature(document: dict[str, Any], raw: bytes) -> tuple[bool, str | None, list[str]]:
    block = document.get("signature")
    if not isinstance(block, dict):
        return False, None, ["sidecar is not signed (no signature block)"]
    try:
        public = base64.b64decode(str(block.get("public_key", "")), validate=True)
        signature = base64.b64decode(str(block.get("value", "")), validate=True)
    except (binascii.Error, ValueError):
        return False, None, ["sidecar signature INVALID: the signature or public key is not valid base64"]
    key_id = keys.format_key_id(keys.key_id_for(public))
    if block.get("algorithm") != "ed25519" or len(public) != 32:
        return False, key_id, ["sidecar signature INVALID: not an Ed25519 signature"]
    problems = []
    if block.get("key_id") != key_id:
        problems.append(f"sidecar signature INVALID: key id {block.get('key_id')} does not belong to its public key")
    try:
        body = canonical_bytes(document)
    except ValueError:
        body = b""
    if not keys.verify_signature(public, signature, body):
        return False, key_id, [*problems, "sidecar signature INVALID: content changed after signing"]
    if raw != render(document).encode("utf-8"):
        problems.append("sidecar signature INVALID: the file was edited after signing (its bytes differ from "
                        "the signed rendering)")
    mark = document.get("watermark", {})
    if isinstance(mark, dict) and mark.get("key_id") not in (None, key_id):
        problems.append(f"sidecar names watermark key {mark.get('key_id')} but was signed by key {key_id}")
    return not problems, key_id, problems


def _check_audio(document: dict[str, Any], audio: Path) -> tuple[bool, list[str]]:
    facts = document.get("audio")
    if not isinstance(facts, dict) or "sha256" not in facts:
        return False, ["sidecar records no audio hash"]
    if not audio.is_file():
        return False, [f"{audio}: the audio file is missing"]
    digest = sha256_file(audio)
    if digest != facts["sha256"]:
        return False, [f"audio hash MISMATCH: {audio.name} changed after the sidecar was written "
                       f"(recorded sha256 {str(facts['sha256'])[:12]}…, now {digest[:12]}…)"]
    return True, []
