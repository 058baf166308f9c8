"""The system tray icon, where the platform has one: show the window, make today's briefing, quit."""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget


class TrayIcon(QSystemTrayIcon):
    def __init__(self, icon: QIcon, window: QWidget) -> None:
        super().__init__(icon, window)
        self.setToolTip(self.tr("Daycast"))
        menu = QMenu(window)
        self.show_action = QAction(self.tr("Show Daycast"), menu)
        self.brief_action = QAction(self.tr("Prepare today's briefing"), menu)
        self.quit_action = QAction(self.tr("Quit"), menu)
        for action in (self.show_action, self.brief_action, self.quit_action):
            menu.addAction(action)
        self.setContextMenu(menu)
        self._menu = menu

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def notify(self, title: str, message: str) -> None:
        if self.supportsMessages():
            self.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 8000)
