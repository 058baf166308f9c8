"""Light and dark palettes and one small style sheet: calm colours, generous spacing, clear type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colours:
    window: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    highlight_line: str
    warning: str
    error: str


LIGHT = Colours(
    window="#f6f7f9", surface="#ffffff", text="#1d2330", muted="#5b6475", accent="#2f6fdb",
    accent_text="#ffffff", border="#d9dde5", highlight_line="#fff1c2", warning="#8a5a00", error="#b42318",
)
DARK = Colours(
    window="#16191f", surface="#1f232b", text="#e6e9ef", muted="#9aa3b2", accent="#6ea1ff",
    accent_text="#0d1117", border="#323844", highlight_line="#4a3f12", warning="#f0b94a", error="#ff8a7a",
)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return bool(scheme and scheme() == Qt.ColorScheme.Dark)


def colours_for(mode: str) -> Colours:
    if mode == "dark" or (mode == "system" and system_is_dark()):
        return DARK
    return LIGHT


def palette_for(c: Colours) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window, QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface, QPalette.ColorRole.AlternateBase: c.window,
        QPalette.ColorRole.Text: c.text, QPalette.ColorRole.Button: c.surface,
        QPalette.ColorRole.ButtonText: c.text, QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.accent_text, QPalette.ColorRole.ToolTipBase: c.surface,
        QPalette.ColorRole.ToolTipText: c.text, QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Link: c.accent, QPalette.ColorRole.Mid: c.border,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return palette


def style_sheet(c: Colours) -> str:
    return f"""
    QWidget {{ font-size: 10.5pt; }}
    QLabel[role="title"] {{ font-size: 18pt; font-weight: 600; }}
    QLabel[role="subtitle"] {{ color: {c.muted}; }}
    QLabel[role="section"] {{ font-size: 12pt; font-weight: 600; margin-top: 6px; }}
    QLabel[role="muted"] {{ color: {c.muted}; }}
    QLabel[role="warning"] {{ color: {c.warning}; }}
    QLabel[role="error"] {{ color: {c.error}; }}
    QListWidget#navigation {{
        background: {c.surface}; border: none; border-right: 1px solid {c.border};
        padding: 12px 8px; font-size: 11pt; outline: none;
    }}
    QListWidget#navigation::item {{ padding: 10px 12px; border-radius: 6px; margin: 2px 0; }}
    QListWidget#navigation::item:selected {{ background: {c.accent}; color: {c.accent_text}; border: none; }}
    QListWidget#navigation::item:hover:!selected {{ background: {c.window}; }}
    QFrame[role="card"] {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px; }}
    QFrame[role="banner"] {{ background: {c.highlight_line}; border-radius: 6px; }}
    QPushButton {{
        padding: 6px 14px; border: 1px solid {c.border}; border-radius: 6px; background: {c.surface};
    }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; }}
    QPushButton[role="primary"] {{
        background: {c.accent}; color: {c.accent_text}; border: none; font-weight: 600; padding: 8px 18px;
    }}
    QPushButton[role="primary"]:disabled {{ background: {c.border}; color: {c.muted}; }}
    QProgressBar {{ border: 1px solid {c.border}; border-radius: 4px; height: 10px; text-align: center; }}
    QProgressBar::chunk {{ background: {c.accent}; border-radius: 4px; }}
    QTableWidget, QListWidget, QTextEdit, QPlainTextEdit {{
        border: 1px solid {c.border}; border-radius: 6px;
    }}
    """


def apply_theme(app: QApplication, mode: str) -> Colours:
    """Apply ``light``, ``dark`` or ``system``; returns the colours in use (widgets read them)."""
    colours = colours_for(mode)
    app.setStyle("Fusion")
    app.setPalette(palette_for(colours))
    app.setStyleSheet(style_sheet(colours))
    font = QFont(app.font())
    font.setPointSizeF(10.5)
    app.setFont(font)
    app.setProperty("daycast_theme", "dark" if colours is DARK else "light")
    return colours


def current_colours() -> Colours:
    app = QApplication.instance()
    return DARK if app is not None and app.property("daycast_theme") == "dark" else LIGHT
