"""Qt-free jobs the desktop app and the kiosk share (the UI only turns their events into signals)."""
