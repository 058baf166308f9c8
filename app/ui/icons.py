"""The application icon (SVG when QtSvg loads, else the rendered PNGs)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from engines.paths import assets_dir


def app_icon() -> QIcon:
    folder = assets_dir() / "icons"
    icon = QIcon()
    for png in sorted(folder.glob("daycast-*.png")):
        icon.addFile(str(png))
    svg = folder / "daycast.svg"
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon
