"""``daycast models list|download ID|verify [ID]|remove ID|use ID``: the bundled models and the download catalog."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn
from rich.table import Table

from app.core import settings
from engines import bundled, catalog
from engines.cancel import CancelToken
from engines.errors import Cancelled, ModelMissingError, SettingsError, UsageError
from engines.memory import MachineMemory, fmt_bytes, machine_memory


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="list, download, verify, remove or choose models")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every model: size, licence, dense/MoE, fits this machine?, installed")
    listing.add_argument("--json", action="store_true", help="print machine-readable rows")
    get = actions.add_parser("download", help="download a catalog model (resumable, SHA-256 verified)")
    get.add_argument("id")
    get.add_argument("--allow-unverified", action="store_true",
                     help="install files the catalog has no SHA-256 for (their hash is recorded locally)")
    check = actions.add_parser("verify", help="re-hash installed models (all, or one)")
    check.add_argument("id", nargs="?")
    drop = actions.add_parser("remove", help="delete a downloaded catalog model (and any partial download)")
    drop.add_argument("id")
    use = actions.add_parser("use", help="make a language model the default (Settings.llm_model)")
    use.add_argument("id")
    parser.set_defaults(handler=run)


def _params(total: float, active: float, architecture: str) -> str:
    if not total:
        return "-"
    if architecture == "moe":
        return f"MoE {total:g}B / {active:g}B active"
    return f"dense {total:g}B"


def rows(machine: MachineMemory | None = None) -> list[dict[str, Any]]:
    """One row per model: bundled first, then the catalog."""
    machine = machine or machine_memory()
    out = []
    for model in bundled.load_manifest():
        size = sum(f.size for f in model.files)
        fits = "yes (CPU)" if size * 1.3 < (machine.ram_available or size * 2) else "no: not enough RAM"
        out.append({"id": model.id, "source": "bundled", "role": model.role, "size": size, "license": model.license,
                    "params": _params(model.params_total_b, model.params_active_b, model.architecture),
                    "fits": fits, "state": "installed" if model.is_installed() else "missing"})
    for entry in catalog.load_catalog():
        verdict = catalog.fits_machine(entry, machine)
        out.append({"id": entry.id, "source": "catalog", "role": entry.role, "size": entry.size,
                    "license": entry.license, "params": _params(entry.params_total_b, entry.params_active_b,
                                                                entry.architecture),
                    "fits": verdict.summary(), "state": catalog.state(entry),
                    "needs": f"{entry.ram_gb:g} GB RAM" + (f"; {entry.vram_gb_expert_offload:g} GB VRAM with experts "
                                                           "in RAM" if entry.is_moe else "")})
    return out


def _list(args: argparse.Namespace, console: Console) -> int:
    data = rows()
    if args.json:
        print(json.dumps(data, indent=2))  # plain: rich would wrap long lines
        return 0
    table = Table(title="Models", title_justify="left")
    table.add_column("id", no_wrap=True)
    for name in ("role", "size", "licence", "params", "fits?", "installed"):
        table.add_column(name, overflow="fold")
    for row in data:
        state = {"installed": "[green]yes[/]", "partial": "[yellow]partial[/]"}.get(row["state"], "no")
        table.add_row(row["id"], row["role"], fmt_bytes(row["size"]), row["license"], row["params"], row["fits"],
                      state)
    console.print(table)
    return 0


def _download(args: argparse.Namespace, console: Console) -> int:
    entry = catalog.get(args.id)
    cancel = CancelToken()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def progress(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=total)

        try:
            path = catalog.install(entry, catalog.InstallOptions(args.allow_unverified, progress, cancel))
        except KeyboardInterrupt:
            cancel.cancel("Ctrl-C")
            raise Cancelled(f"Download of {entry.id} stopped", hint="run the same command to resume") from None
    console.print(f"[green]✓[/] {entry.id} installed: {path}")
    if not entry.verified:
        console.print("[yellow]![/] some files had no recorded SHA-256; their hashes were recorded locally")
    return 0


def _verify(args: argparse.Namespace, console: Console) -> int:
    ids = [args.id] if args.id else None
    if args.id and args.id not in {m.id for m in bundled.load_manifest()}:
        catalog.get(args.id)  # an unknown id is an error naming the known ones, not a silent "all good"
    status = 0
    checked = 0
    for model in bundled.load_manifest():
        if (ids and model.id not in ids) or (not ids and not model.is_installed()):
            continue
        problems = bundled.verify(model)
        console.print(f"{model.id}: " + ("[green]ok[/]" if not problems else "[red]" + "; ".join(problems) + "[/]"))
        status |= bool(problems)
        checked += 1
    for entry in catalog.load_catalog():
        if (ids and entry.id not in ids) or (not ids and catalog.state(entry) != "installed"):
            continue
        problems = catalog.verify(entry)
        bad = [p for p in problems if "unverified" not in p]
        text = "[green]ok[/]" if not problems else ("[red]" if bad else "[yellow]") + "; ".join(problems) + "[/]"
        console.print(f"{entry.id}: {text}")
        status |= bool(bad)
        checked += 1
    if not checked:
        console.print("[yellow]![/] No model is installed, so nothing was checked; `make models` installs the "
                      "bundled ones.")
        return 1
    return status


def _remove(args: argparse.Namespace, console: Console) -> int:
    if args.id in {m.id for m in bundled.load_manifest()}:
        raise UsageError(f"{args.id} is a bundled model", hint="bundled models are managed by `make models`")
    entry = catalog.get(args.id)
    removed = catalog.remove(entry)
    console.print(f"removed {entry.directory}" if removed else f"{entry.id} was not downloaded")
    return 0


def _use(args: argparse.Namespace, console: Console) -> int:
    try:
        resolved = catalog.resolve_llm(args.id)
    except ModelMissingError as exc:
        raise ModelMissingError(f"Cannot use {args.id}: {exc.message}", hint=exc.hint) from exc
    loaded = settings.load_and_report(console.print)
    if loaded.backup is not None:  # saving now would write defaults over the user's routes
        raise SettingsError(f"Not saving {resolved.id} as the default: the settings file could not be read",
                            hint=f"fix {loaded.backup} and move it back to {settings.settings_path()}, or "
                                 "delete it to start from defaults; then run this again")
    updated = settings.update(loaded.settings, llm_model=resolved.id)
    path = settings.save(updated)
    console.print(f"default language model: {resolved.id} ({resolved.origin}, {resolved.path}); saved to {path}")
    return 0


_ACTIONS = {"list": _list, "download": _download, "verify": _verify, "remove": _remove, "use": _use}


def run(args: argparse.Namespace, console: Console | None = None) -> int:
    return _ACTIONS[args.action](args, console or Console())
