"""The window's one copy of the settings: every change is validated, saved atomically and announced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core import settings as core_settings
from app.core.settings import Settings
from engines.errors import DaycastError


class SettingsStore(QObject):
    """``changed(settings)`` after each saved change; ``error(message)`` when a change was refused."""

    changed = Signal(object)
    error = Signal(str)

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or core_settings.settings_path()
        loaded = core_settings.load(self.path)
        self.settings: Settings = loaded.settings
        self.load_message = loaded.message
        self.backup = loaded.backup

    def update(self, **changes: Any) -> bool:
        """Apply, validate and save ``changes``; False (and ``error``) when they were refused."""
        changes = {k: list(v) if isinstance(v, tuple) else v for k, v in changes.items()}
        try:
            updated = core_settings.update(self.settings, **changes)
            if updated == self.settings:
                return True
            core_settings.save(updated, self.path)
        except DaycastError as exc:
            self.error.emit(str(exc))
            return False
        self.settings = updated
        self.changed.emit(updated)
        return True

    def update_section(self, section: str, **changes: Any) -> bool:
        """Change fields of a nested section (``voices`` or ``cloud``)."""
        current = core_settings.to_dict(self.settings)[section]
        return self.update(**{section: {**current, **changes}})
