"""Which voices Daycast may speak with, and the consent a custom voice needs.

Allowed by default: the bundled voices (Piper ``en_US-joe-medium`` and every Kokoro voice in its
voices file) and catalog Piper voices installed in the model store. A custom voice (a Piper
``.onnx`` + ``.onnx.json`` trained on someone's recordings) is only usable after
:func:`import_voice` with a :class:`Consent`: who agreed, who recorded it, when, for what, and
the recorded statement itself, which is stored with the voice in ``data_dir()/voices/<id>/`` and
goes into the provenance of everything that voice speaks. Kiosk mode cannot import voices.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from app.core.audio.io import read_audio
from engines import bundled
from engines.errors import AudioFormatError, OutputError, SourceError, UsageError
from engines.fsutil import atomic_write_text, fsync_dir, sha256_file
from engines.paths import data_dir, models_dir
from engines.tts import KOKORO_MODEL_ID

Origin = Literal["bundled", "catalog", "custom"]
CONSENT_FILE = "consent.json"
MIN_STATEMENT_SECONDS = 2.0
_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Consent:
    """The speaker's recorded agreement to have a synthetic voice made from their recordings."""

    speaker_name: str
    recorded_by: str
    date: str  # ISO date the statement was recorded, e.g. "2025-03-14"
    purpose: str  # what the voice may be used for, in the speaker's terms
    statement_audio: Path  # the speaker saying they agree (kept with the voice)


@dataclass(frozen=True)
class Voice:
    id: str  # "piper:en_US-joe-medium", "kokoro:jf_alpha", "custom:alice"
    spec: str  # what engines.tts.load_tts takes
    label: str
    origin: Origin
    directory: Path | None = None
    consent: dict[str, Any] | None = None  # the stored consent record, custom voices only


def voices_dir() -> Path:
    return data_dir() / "voices"


def kiosk_active() -> bool:
    """Kiosk mode, as the kiosk launcher sets it (``DAYCAST_KIOSK=1``)."""
    return os.environ.get("DAYCAST_KIOSK", "").strip().lower() in ("1", "true", "yes", "on")


# ------------------------------------------------------------------ the registry


def bundled_voices() -> list[Voice]:
    voices = []
    for model in bundled.load_manifest():
        if model.role != "tts" or not model.is_installed():
            continue
        if model.id.startswith("piper-"):
            name = model.id.removeprefix("piper-")
            voices.append(Voice(f"piper:{name}", f"piper:{name}", f"{name} (Piper, bundled)", "bundled"))
        elif model.id.startswith("kokoro-"):
            with np.load(model.path("voices.npz")) as npz:
                names = sorted(npz.files)
            voices += [Voice(f"kokoro:{n}", f"kokoro:{n}", f"{n} (Kokoro, bundled)", "bundled") for n in names]
    return voices


def catalog_voices() -> list[Voice]:
    """Published Piper voices installed in the model store (``models_dir()/piper-<name>/<name>.onnx``)."""
    known = {m.id for m in bundled.load_manifest()}
    voices = []
    root = models_dir()
    for folder in sorted(root.glob("piper-*")) if root.is_dir() else []:
        name = folder.name.removeprefix("piper-")
        if folder.name not in known and (folder / f"{name}.onnx").is_file():
            voices.append(Voice(f"piper:{name}", f"piper:{name}", f"{name} (Piper, catalog)", "catalog", folder))
    return voices


def custom_voices() -> list[Voice]:
    """Imported voices whose model is still the one the speaker consented to (see :func:`consent_problem`)."""
    root = voices_dir()
    voices = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        consent = _consent_record(folder)
        if consent is None or consent_problem(folder, consent):
            continue  # no consent, an unfinished import, or a model swapped since: never a usable voice
        model = folder / f"{folder.name}.onnx"
        voices.append(Voice(f"custom:{folder.name}", f"piper:{model}",
                            f"{folder.name} (custom, voice of {consent.get('speaker_name', '?')})",
                            "custom", folder, consent))
    return voices


def _consent_record(folder: Path) -> dict[str, Any] | None:
    if folder.name.startswith(".") or not (folder / CONSENT_FILE).is_file():
        return None
    try:
        consent = json.loads((folder / CONSENT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return consent if isinstance(consent, dict) else None


def consent_problem(folder: Path, consent: dict[str, Any]) -> str:
    """Why the consent no longer covers the voice in ``folder`` ("" when it does).

    Consent was given for one model file (and one recorded statement); replacing either after the
    import, by hand or by another program, must not carry the consent over to a different voice.
    """
    model = folder / f"{folder.name}.onnx"
    if not model.is_file():
        return "its model file is missing"
    if _hash_of(model) != consent.get("model_sha256"):
        return "its model file changed after the speaker's consent was recorded"
    statement = folder / str(consent.get("statement_audio", ""))
    if not statement.is_file() or _hash_of(statement) != consent.get("statement_audio_sha256"):
        return "the recorded consent statement is missing or changed"
    return ""


_HASHES: dict[tuple[str, int, int], str] = {}


def _hash_of(path: Path) -> str:
    """SHA-256 of ``path``, remembered while its size and modification time stay the same."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _HASHES:
        _HASHES[key] = sha256_file(path)
    return _HASHES[key]


def list_voices() -> list[Voice]:
    return bundled_voices() + catalog_voices() + custom_voices()


def resolve(spec: str) -> Voice:
    """The allowed voice for a settings spec or a voice id; UsageError for anything without consent."""
    wanted = spec.strip()
    for voice in list_voices():
        if wanted in (voice.id, voice.spec):
            return voice
    _refuse_changed_custom_voice(wanted)
    _require_bundled_model(wanted)
    raise UsageError(
        f"Voice {spec!r} is not a bundled, catalog or imported voice",
        hint="use `daycast voices list`; a custom voice needs `daycast voices import` with the speaker's consent",
        code="voices.not_allowed",
    )


def _require_bundled_model(wanted: str) -> None:
    """A bundled voice whose model is not installed yet: ModelMissingError saying how to install it (not a
    consent refusal, which would send the user to `voices import`)."""
    engine, _, name = wanted.partition(":")
    model_id = {"piper": f"piper-{name}", "kokoro": KOKORO_MODEL_ID}.get(engine.lower(), "")
    if model_id in {m.id for m in bundled.load_manifest()}:
        bundled.require(model_id)


def _refuse_changed_custom_voice(wanted: str) -> None:
    name = wanted.removeprefix("custom:")
    folder = voices_dir() / name
    if wanted.startswith("piper:"):
        folder = Path(wanted.removeprefix("piper:")).parent
    consent = _consent_record(folder) if folder.parent == voices_dir() and folder.is_dir() else None
    problem = consent_problem(folder, consent) if consent is not None else ""
    if problem:
        raise UsageError(f"Custom voice {folder.name!r} cannot be used: {problem}",
                         hint="import the voice again with the speaker's consent (`daycast voices import`)",
                         code="voices.consent_mismatch")


def voice_provenance(spec: str) -> dict[str, Any]:
    """What the provenance sidecar records about a voice (with the consent details of a custom voice)."""
    voice = resolve(spec)
    entry: dict[str, Any] = {"id": voice.id, "spec": voice.spec, "origin": voice.origin}
    if voice.consent is not None:
        entry["consent"] = {k: voice.consent.get(k) for k in (
            "speaker_name", "recorded_by", "date", "purpose", "statement_audio", "statement_audio_sha256",
            "statement_seconds", "imported_at", "model_sha256")}
        entry["spec"] = f"custom:{Path(voice.directory or '').name}"  # no local paths in published records
    return entry


# ------------------------------------------------------------------ importing a custom voice


def import_voice(path: str | Path, consent: Consent | None, *, kiosk: bool | None = None,
                 name: str | None = None) -> Voice:
    """Copy a Piper voice and its consent statement into ``voices_dir()/<id>/``; refuse without consent."""
    if kiosk if kiosk is not None else kiosk_active():
        raise UsageError("Kiosk mode cannot import voices", hint="import voices from the desktop app or the CLI "
                         "outside kiosk mode", code="voices.kiosk_forbidden")
    if consent is None:
        raise UsageError(
            "Importing a custom voice needs the speaker's recorded consent: who the speaker is, who recorded "
            "the statement, when, for what purpose, and the audio of the statement",
            hint="daycast voices import MODEL.onnx --speaker NAME --recorded-by NAME --date YYYY-MM-DD "
            "--purpose TEXT --statement AUDIO", code="voices.consent_required",
        )
    model, config = _check_model(Path(path).expanduser())
    statement = _check_consent(consent)
    slug = _slug(name or model.stem)
    target = voices_dir() / slug
    if target.exists():
        raise UsageError(f"A voice named {slug!r} is already imported ({target})",
                         hint="choose another --name", code="voices.exists")
    _install(target, model, config, consent, statement)
    return resolve(f"custom:{slug}")


def _check_model(model: Path) -> tuple[Path, Path]:
    if model.suffix != ".onnx" or not model.is_file():
        raise SourceError(str(model), "not a Piper voice model (expected an existing .onnx file)",
                          code="voices.invalid_model")
    config = model.with_name(model.name + ".json")
    if not config.is_file():
        raise SourceError(str(model), f"its config {config.name} is missing beside it", code="voices.invalid_model")
    try:
        settings = json.loads(config.read_text(encoding="utf-8"))
        rate = int(settings["audio"]["sample_rate"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(str(config), f"not a Piper voice config ({type(exc).__name__}: {exc})",
                          code="voices.invalid_model") from exc
    if rate <= 0 or model.stat().st_size == 0:
        raise SourceError(str(model), "empty model or invalid sample rate", code="voices.invalid_model")
    return model, config


def _check_consent(consent: Consent) -> dict[str, Any]:
    """Validate every field; returns facts about the statement audio."""
    def fail(problem: str) -> UsageError:
        return UsageError(f"Consent is incomplete: {problem}", code="voices.consent_invalid")

    for label, value in (("speaker name", consent.speaker_name), ("recorded by", consent.recorded_by),
                         ("purpose", consent.purpose)):
        if not str(value or "").strip():
            raise fail(f"the {label} is empty")
    try:
        day = dt.date.fromisoformat(str(consent.date).strip())
    except ValueError as exc:
        raise fail(f"the date {consent.date!r} is not an ISO date such as 2025-03-14") from exc
    if day > dt.date.today():
        raise fail(f"the date {day} is in the future")
    return _check_statement(Path(consent.statement_audio).expanduser(), fail)


def _check_statement(path: Path, fail: Any) -> dict[str, Any]:
    try:
        samples, rate = read_audio(path)
    except AudioFormatError as exc:
        raise fail(f"the consent statement audio cannot be used: {exc.message}") from exc
    seconds = len(samples) / rate
    if seconds < MIN_STATEMENT_SECONDS:
        raise fail(f"the consent statement {path.name} is {seconds:.1f} s long; a spoken statement takes at "
                   f"least {MIN_STATEMENT_SECONDS:g} s")
    if float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < 1e-4:
        raise fail(f"the consent statement {path.name} is silent")
    return {"path": path, "seconds": round(seconds, 2), "sha256": sha256_file(path)}


def _slug(text: str) -> str:
    slug = _SLUG.sub("-", text).strip("-.")[:64]
    if not slug:
        raise UsageError(f"Cannot make a voice id from {text!r}", hint="pass --name", code="voices.bad_name")
    return slug


def _install(target: Path, model: Path, config: Path, consent: Consent, statement: dict[str, Any]) -> None:
    """Build the voice folder beside its final place, then rename it in: never half an import."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".import-{target.name}-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"Cannot create {target.parent}: {exc.strerror or exc}") from exc
    try:
        shutil.copyfile(model, staging / f"{target.name}.onnx")
        shutil.copyfile(config, staging / f"{target.name}.onnx.json")
        audio_name = f"consent_statement{statement['path'].suffix.lower() or '.wav'}"
        shutil.copyfile(statement["path"], staging / audio_name)
        record = {
            "speaker_name": consent.speaker_name.strip(),
            "recorded_by": consent.recorded_by.strip(),
            "date": str(consent.date).strip(),
            "purpose": consent.purpose.strip(),
            "statement_audio": audio_name,
            "statement_audio_sha256": statement["sha256"],
            "statement_seconds": statement["seconds"],
            "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "model_file": model.name,
            "model_sha256": sha256_file(model),
        }
        atomic_write_text(staging / CONSENT_FILE, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        os.rename(staging, target)
        fsync_dir(target.parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"Cannot import the voice into {target}: {exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

