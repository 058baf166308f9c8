"""Kiosk logging: a rotating file under ``data_dir()/logs`` (the kiosk runs all day, every day)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from engines.paths import data_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    return data_dir() / "logs"


def setup_logging(path: Path | None = None, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                  level: int = logging.INFO) -> RotatingFileHandler:
    """Send the root logger to ``kiosk.log`` (rotated at ``max_bytes``, ``backups`` old files kept)."""
    target = path or log_dir() / "kiosk.log"
    target.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(target, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    same = [h for h in root.handlers if isinstance(h, RotatingFileHandler) and h.baseFilename == handler.baseFilename]
    for old in same:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return handler
