"""Log files: a rotating file the root logger writes to, in the platform's state folder.

The desktop app writes ``app.log`` there (``engines.paths.state_dir()/logs``), the kiosk its ``kiosk.log``;
a user reporting a problem has one file to attach.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from engines.paths import state_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def app_log_path() -> Path:
    return state_dir() / "logs" / "app.log"


def setup_logging(path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                  level: int = logging.INFO) -> RotatingFileHandler:
    """Send the root logger to ``path`` (rotated at ``max_bytes``, ``backups`` old files kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    same = [h for h in root.handlers if isinstance(h, RotatingFileHandler) and h.baseFilename == handler.baseFilename]
    for old in same:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return handler
