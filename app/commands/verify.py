"""``daycast verify FILE``: is this Daycast audio, and is its provenance sidecar intact?

Exit status 0 (VERIFIED) only when the watermark is found and ``FILE.json`` lies beside the file,
is signed by a trusted key (this install's, or one listed in the keys folder's trusted_keys.txt)
and records the audio's hash; 1 otherwise. The watermark's key is public and its key id is 32 bits,
so a watermark alone is reported as "Daycast watermark found, not signed". Scripts can rely on it.
Only the first VERIFY_MAX_SECONDS of audio are decoded to look for the watermark (the sidecar's
hash covers the whole file).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from app.core.audio.io import read_audio
from app.core.trust import keys, provenance, watermark

VERIFY_MAX_SECONDS = 10 * 60.0
UNSIGNED = "Daycast watermark found, not signed"


@dataclass(frozen=True)
class Verdict:
    file: Path
    detection: watermark.Detection
    sidecar: provenance.SidecarCheck
    problems: tuple[str, ...]

    @property
    def verified(self) -> bool:
        return self.detection.found and self.sidecar.ok and self.sidecar.trusted and not self.problems

    def to_dict(self) -> dict[str, Any]:
        payload = self.detection.payload
        record = self.sidecar.record or {}
        return {
            "file": str(self.file),
            "verified": self.verified,
            "watermark": {
                "found": self.detection.found,
                "product": payload.product if payload else None,
                "key_id": keys.format_key_id(payload.key_id) if payload else None,
                "confidence": round(self.detection.confidence, 3),
                "score": round(self.detection.score, 2),
                "detail": self.detection.detail,
            },
            "sidecar": {
                "path": str(provenance.sidecar_path(self.file)),
                "present": self.sidecar.present,
                "signature_valid": self.sidecar.signature_valid,
                "audio_hash_matches": self.sidecar.audio_hash_matches,
                "key_id": self.sidecar.key_id,
                "fingerprint": self.sidecar.fingerprint,
                "trusted": self.sidecar.trusted,
                "kind": record.get("kind"),
                "created": record.get("created"),
            },
            "problems": list(self.problems),
        }


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify", help="check an audio file for the Daycast watermark and its signed provenance sidecar",
        description="Exit status 0 (VERIFIED) when the watermark is found and the sidecar beside the file is "
        "signed by a trusted key and matches the audio; 1 otherwise.",
    )
    parser.add_argument("file", type=Path, help="an audio file (MP3, M4A, Opus, WAV, FLAC...)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def check(path: Path) -> Verdict:
    samples, rate = read_audio(path, max_seconds=VERIFY_MAX_SECONDS)
    detection = watermark.detect_daycast(samples, rate)
    sidecar = provenance.verify_sidecar(path)
    problems: list[str] = []
    if not detection.found:
        problems.append("no Daycast watermark found" + (f" ({detection.detail})" if detection.detail else ""))
    if not sidecar.present:
        problems.append(f"{UNSIGNED}: no signed provenance sidecar" if detection.found else "no provenance sidecar")
    else:
        problems += sidecar.problems
        payload = detection.payload
        if payload is not None and sidecar.key_id and keys.format_key_id(payload.key_id) != sidecar.key_id:
            problems.append(f"the watermark names key {keys.format_key_id(payload.key_id)} but the sidecar was "
                            f"signed by key {sidecar.key_id}")
    return Verdict(path, detection, sidecar, tuple(problems))


def _local_key_id() -> str | None:
    path = keys.keys_dir() / keys.SIGNING_KEY_FILE
    return keys.load_or_create().key_id_hex if path.exists() else None


def _local_fingerprint() -> str | None:
    path = keys.keys_dir() / keys.SIGNING_KEY_FILE
    return keys.load_or_create().fingerprint if path.exists() else None


def render(verdict: Verdict, console: Console) -> None:
    detection = verdict.detection
    mine = _local_key_id()
    console.print(f"[bold]{verdict.file}[/]", highlight=False)
    if detection.found:
        payload = detection.payload
        if payload is None:
            who = "payload unreadable"
        else:
            key_id = keys.format_key_id(payload.key_id)
            who = f"{payload.product}, key id {key_id}" + (" (this install)" if key_id == mine else "")
        where = f"; {detection.detail}" if detection.detail else ""
        console.print(f"  watermark: [green]FOUND[/] — {who}; confidence {detection.confidence:.2f} "
                      f"(pilot z {detection.score:.1f}){where}", highlight=False)
    else:
        extra = f"; {detection.detail}" if detection.detail else ""
        console.print(f"  watermark: [red]NOT FOUND[/] (confidence {detection.confidence:.2f}, "
                      f"pilot z {detection.score:.1f}{extra})", highlight=False)
    _render_sidecar(verdict, console)
    for problem in verdict.problems:
        console.print(f"  [red]✗[/] {problem}", highlight=False)
    if verdict.verified:
        console.print("  result: [bold green]VERIFIED[/]")
    elif detection.found and not verdict.sidecar.present:
        console.print(f"  result: [bold yellow]{UNSIGNED}[/] — [bold red]NOT VERIFIED[/]")
    else:
        console.print("  result: [bold red]NOT VERIFIED[/]")


def _render_sidecar(verdict: Verdict, console: Console) -> None:
    sidecar = verdict.sidecar
    name = provenance.sidecar_path(verdict.file).name
    if not sidecar.present:
        console.print(f"  sidecar: none ({name} not found)", highlight=False)
        return
    signature = "[green]valid[/]" if sidecar.signature_valid else "[red]INVALID[/]"
    audio = "[green]matches[/]" if sidecar.audio_hash_matches else "[red]MISMATCH[/]"
    console.print(f"  sidecar: {name}: signature {signature} (key {sidecar.key_id or '?'}); audio hash {audio}",
                  highlight=False)
    if sidecar.fingerprint:
        trust = "[green]trusted[/]" if sidecar.trusted else "[red]NOT trusted[/]"
        mine = " (this install)" if sidecar.fingerprint == _local_fingerprint() else ""
        console.print(f"  signer: fingerprint {sidecar.fingerprint}{mine}, {trust}", highlight=False)
    record = sidecar.record or {}
    if sidecar.signature_valid and record:
        models = ", ".join(str(m.get("id")) for m in record.get("models", []) if isinstance(m, dict))
        console.print(f"  made: {record.get('kind')} on {record.get('created')} by daycast "
                      f"{record.get('app', {}).get('version')}; models: {models or '-'}", highlight=False)
        if record.get("disclosure"):
            console.print(f"  disclosure: “{record['disclosure']}”", highlight=False)
        grounding = (record.get("extra") or {}).get("grounding")
        if isinstance(grounding, dict) and "checked" in grounding:
            console.print(f"  grounding: {grounding.get('checked')} sentence(s) checked against their sources, "
                          f"{grounding.get('regenerated', 0)} regenerated, {grounding.get('replaced', 0)} replaced",
                          highlight=False)


def run(args: argparse.Namespace, console: Console | None = None) -> int:
    verdict = check(Path(args.file).expanduser())
    if args.json:
        sys.stdout.write(json.dumps(verdict.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        render(verdict, console or Console())
    return 0 if verdict.verified else 1
