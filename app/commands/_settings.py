"""The settings a command runs with: the user's file (said when it was set aside) and the command's overrides."""

from __future__ import annotations

import argparse

from rich.console import Console

from app.core import settings as settings_mod


def configured(args: argparse.Namespace, console: Console | None = None) -> settings_mod.Settings:
    """Settings with this command's overrides (``--model``, ``--device``, ``--language``, ``--voice`` where the
    command has them); says when the file was set aside."""
    loaded = settings_mod.load_and_report((console or Console(stderr=True)).print)
    settings = loaded.settings
    overrides = {"llm_model": getattr(args, "model", None), "device": getattr(args, "device", None),
                 "language": getattr(args, "language", None)}
    changes: dict[str, object] = {k: v for k, v in overrides.items() if v}
    if getattr(args, "voice", None):
        changes["voices"] = {**settings_mod.to_dict(settings)["voices"], "briefing_voice": args.voice}
    return settings_mod.update(settings, **changes)
