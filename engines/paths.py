"""Where Daycast keeps things. Never relative to the working directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    override = os.environ.get("DAYCAST_ASSETS")
    return Path(override) if override else PROJECT_ROOT / "assets"


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path.home() / fallback


def data_dir() -> Path:
    override = os.environ.get("DAYCAST_HOME")
    return Path(override) if override else _xdg("XDG_DATA_HOME", ".local/share") / "daycast"


def config_dir() -> Path:
    override = os.environ.get("DAYCAST_CONFIG")
    return Path(override) if override else _xdg("XDG_CONFIG_HOME", ".config") / "daycast"


def cache_dir() -> Path:
    override = os.environ.get("DAYCAST_CACHE")
    return Path(override) if override else _xdg("XDG_CACHE_HOME", ".cache") / "daycast"


def state_dir() -> Path:
    """Where logs go: $XDG_STATE_HOME/daycast on Linux, ~/Library/Logs/Daycast on macOS, %LOCALAPPDATA%\\Daycast
    on Windows; DAYCAST_STATE overrides, and DAYCAST_HOME (a private home, as the tests use) keeps it inside."""
    override = os.environ.get("DAYCAST_STATE")
    if override:
        return Path(override)
    if os.environ.get("DAYCAST_HOME"):
        return Path(os.environ["DAYCAST_HOME"]) / "state"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "Daycast"
    if sys.platform == "win32":
        return _xdg("LOCALAPPDATA", "AppData/Local") / "Daycast"
    return _xdg("XDG_STATE_HOME", ".local/state") / "daycast"


def models_dir() -> Path:
    """Model store, shared by every checkout so a fresh clone reuses assembled models."""
    override = os.environ.get("DAYCAST_MODELS")
    return Path(override) if override else data_dir() / "models"
