"""Kiosk logging: a rotating file under ``data_dir()/logs`` (the kiosk runs all day, every day)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.core import logs
from engines.paths import data_dir

MAX_BYTES = logs.MAX_BYTES
BACKUPS = logs.BACKUPS
FORMAT = logs.FORMAT


def log_dir() -> Path:
    return data_dir() / "logs"


def setup_logging(path: Path | None = None, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                  level: int = logging.INFO) -> RotatingFileHandler:
    """Send the root logger to ``kiosk.log`` (rotated at ``max_bytes``, ``backups`` old files kept)."""
    return logs.setup_logging(path or log_dir() / "kiosk.log", max_bytes=max_bytes, backups=backups, level=level)
