"""Kiosk type and spacing on top of the app theme: big, high-contrast, touch-sized."""

KIOSK_STYLE = """
QWidget#kiosk QLabel[role="kioskHeading"] { font-size: 34pt; font-weight: 700; }
QWidget#kiosk QLabel[role="kioskHint"] { font-size: 16pt; }
QWidget#kiosk QLabel[role="kioskStatus"] { font-size: 16pt; }
QWidget#kiosk QLabel[role="kioskCard"] { font-size: 40pt; font-weight: 600; }
QWidget#kiosk QLabel[role="kioskCaption"] { font-size: 30pt; }
QWidget#kiosk QLabel[role="kioskConversation"] { font-size: 19pt; }
QWidget#kiosk QPushButton#talkButton {
    font-size: 24pt; font-weight: 700; border-radius: 150px; border: 4px solid palette(highlight);
    background: palette(highlight); color: palette(highlighted-text);
}
QWidget#kiosk QPushButton#talkButton:disabled { background: palette(mid); border-color: palette(mid); }
QWidget#kiosk QPushButton[role="kioskChip"] { font-size: 14pt; padding: 14px 18px; border-radius: 22px; }
QWidget#kiosk QPushButton[role="kioskAction"] { font-size: 20pt; font-weight: 600; padding: 22px 32px; }
QWidget#kiosk QPushButton#adminButton { font-size: 20pt; border: none; }
QWidget#kiosk QProgressBar { min-height: 18px; }
"""
