"""The window's language: Qt's translation system with Daycast's own catalogue (``assets/i18n``).

Every user-visible string in ``app/ui`` and ``app/kiosk`` goes through ``self.tr`` or
``QCoreApplication.translate``; ``daycast_ja.ts`` is the Japanese source (edit it with Qt Linguist or by
hand) and ``daycast_ja.qm`` its compiled form, rebuilt with ``pyside6-lrelease`` (a test checks the two
agree). Qt's own strings (standard buttons, file dialogs) come from the ``qtbase_ja.qm`` PySide6 ships.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core.events import QT_TRANSLATE_NOOP, Wording
from engines.paths import assets_dir

log = logging.getLogger(__name__)

UI_LANGUAGES = {"en": "English", "ja": "日本語"}
_installed: list[QTranslator] = []
__all__ = ["QT_TRANSLATE_NOOP", "core_text", "install_translation", "local_text", "resolve_ui_language"]


def local_text(message: str, wording: Wording | None) -> str:
    """A pipeline's message in the window's language: its wording translated (``Notice`` context, placeholders
    filled, nested wordings such as language names translated too), or the English ``message`` when it has
    no wording or the translation's placeholders do not fit."""
    if wording is None:
        return message
    try:
        return _translated(wording)
    except (KeyError, IndexError, ValueError):
        log.warning("the translation of %r does not fit its values; showing the English", wording.template)
        return message


def core_text(text: str) -> str:
    """A fixed text from the Qt-free code (marked ``QT_TRANSLATE_NOOP("Notice", ...)``) in the window's
    language; any other text (a name, a path) comes back as it is."""
    return QCoreApplication.translate("Notice", text)


def _translated(wording: Wording) -> str:
    args = {name: _translated(value) if isinstance(value, Wording) else value
            for name, value in wording.args.items()}
    return core_text(wording.template).format(**args)


def catalogue_dir() -> str:
    return str(assets_dir() / "i18n")


def resolve_ui_language(setting: str, locale: QLocale | None = None) -> str:
    """"system" becomes the system locale's language when a translation ships for it, else English."""
    if setting in UI_LANGUAGES:
        return setting
    name = (locale or QLocale.system()).name().split("_")[0]
    return name if name in UI_LANGUAGES else "en"


def install_translation(app: QCoreApplication, setting: str) -> str:
    """Replace the application's translators with those of ``setting``; returns the language in use."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = resolve_ui_language(setting)
    # Day and month names (QLocale().toString) follow the window's language, not only the system's.
    QLocale.setDefault(QLocale.system() if language == "en" else QLocale(language))
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(f"daycast_{language}", catalogue_dir()):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no %s translation in %s; the window stays in English", language, catalogue_dir())
        return "en"
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return language
