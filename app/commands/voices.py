"""``daycast voices list|import``: the voices Daycast may use, and importing a custom voice with consent."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from app.core.trust import voices
from engines.errors import UsageError

_CONSENT_FLAGS = (("speaker", "--speaker"), ("recorded_by", "--recorded-by"), ("date", "--date"),
                  ("purpose", "--purpose"), ("statement", "--statement"))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("voices", help="list voices; import a custom voice with the speaker's consent")
    actions = parser.add_subparsers(dest="voices_action", metavar="ACTION")
    listing = actions.add_parser("list", help="bundled, catalog and imported voices")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(handler=run_list)
    importing = actions.add_parser(
        "import", help="import a Piper voice (.onnx + .onnx.json); needs the speaker's recorded consent",
        description="A custom voice imitates a real person: Daycast imports it only with their recorded consent. "
        "The statement audio is stored with the voice and named in the provenance of everything it speaks.",
    )
    importing.add_argument("model", type=Path, help="the Piper voice .onnx (its .onnx.json must lie beside it)")
    importing.add_argument("--speaker", help="the speaker's name, as they gave it")
    importing.add_argument("--recorded-by", help="who recorded the consent statement")
    importing.add_argument("--date", help="when the statement was recorded (YYYY-MM-DD)")
    importing.add_argument("--purpose", help="what the speaker agreed the voice may be used for")
    importing.add_argument("--statement", type=Path, help="audio of the speaker stating their consent")
    importing.add_argument("--name", help="voice id (default: the model file's name)")
    importing.set_defaults(handler=run_import)
    parser.set_defaults(handler=lambda args: run_list(argparse.Namespace(json=False)))


def run_list(args: argparse.Namespace, console: Console | None = None) -> int:
    found = voices.list_voices()
    if args.json:
        rows = [{"id": v.id, "spec": v.spec, "label": v.label, "origin": v.origin,
                 "consent": v.consent} for v in found]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    console = console or Console()
    table = Table(title="Voices", title_justify="left")
    for column in ("id", "origin", "label", "consent"):
        table.add_column(column, overflow="fold")
    for voice in found:
        consent = "-" if voice.consent is None else (
            f"{voice.consent.get('speaker_name')}, {voice.consent.get('date')}: {voice.consent.get('purpose')}")
        table.add_row(voice.id, voice.origin, voice.label, consent)
    console.print(table)
    if voices.kiosk_active():
        console.print("[dim]Kiosk mode: importing voices is disabled.[/]")
    return 0


def _consent(args: argparse.Namespace) -> voices.Consent | None:
    given = {attr: getattr(args, attr) for attr, _ in _CONSENT_FLAGS}
    if not any(given.values()):
        return None
    missing = [flag for attr, flag in _CONSENT_FLAGS if not given[attr]]
    if missing:
        raise UsageError(f"Consent is incomplete: missing {', '.join(missing)}", code="voices.consent_invalid")
    return voices.Consent(speaker_name=args.speaker, recorded_by=args.recorded_by, date=args.date,
                          purpose=args.purpose, statement_audio=args.statement)


def run_import(args: argparse.Namespace, console: Console | None = None) -> int:
    consent = None if voices.kiosk_active() else _consent(args)  # kiosk: refused before anything else
    voice = voices.import_voice(args.model, consent, name=args.name)
    console = console or Console()
    console.print(f"[green]Imported[/] {voice.id} (voice of {voice.consent['speaker_name'] if voice.consent else '?'})"
                  f" into {voice.directory}", highlight=False)
    console.print(f"  use it as: {voice.spec}", highlight=False)
    return 0
