"""About Daycast: version, what it is, and the licence of every model it can use."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.ui.i18n import QT_TRANSLATE_NOOP
from engines.paths import assets_dir

# English in the rows (model_licences is also read without a window); the dialog translates them.
UNKNOWN_LICENCE = QT_TRANSLATE_NOOP("AboutDialog", "unknown")
ORIGINS = (("bundled_models.json", QT_TRANSLATE_NOOP("AboutDialog", "bundled")),
           ("models.json", QT_TRANSLATE_NOOP("AboutDialog", "catalog")))


# Not in a manifest: faster-whisper ships it inside its own package.
VAD_ROW = ("Silero VAD v6, ONNX (shipped in faster-whisper)", "MIT", ORIGINS[0][1])


def model_licences(folder: Path | None = None) -> list[tuple[str, str, str]]:
    """(model, licence, where it comes from) for bundled and catalog models, the VAD included."""
    base = folder or assets_dir()
    rows: list[tuple[str, str, str]] = [VAD_ROW]
    for name, origin in ORIGINS:
        path = base / name
        if not path.is_file():
            continue
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        entries = raw.get("models", []) if isinstance(raw, dict) else raw
        for entry in entries:
            if isinstance(entry, dict):
                licence = str(entry.get("license", UNKNOWN_LICENCE))
                rows.append((str(entry.get("title") or entry.get("id")), licence, origin))
    return rows


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Daycast"))
        self.setAccessibleName(self.tr("About Daycast"))
        self.resize(940, 560)
        intro = QLabel(self.tr(
            "<h2>Daycast {version}</h2><p>Spoken daily briefings, two-host podcasts and voice chat, made on "
            "this computer by small local models. Every voice you hear is synthetic and says so.</p>"
            "<p>Daycast is free software under the GNU GPL v3 or later. The models below keep their own licences.</p>"
        ).format(version=__version__))
        intro.setWordWrap(True)
        rows = model_licences()
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName(self.tr("Model licences"))
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Licence"), self.tr("Source")])
        self.table.verticalHeader().setVisible(False)
        for r, (model, licence, origin) in enumerate(rows):
            shown = (model, self.tr(licence) if licence == UNKNOWN_LICENCE else licence, self.tr(origin))
            for c, value in enumerate(shown):
                self.table.setItem(r, c, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
