"""Qt-free kiosk logic: config, PIN, demo samples, audio checks."""
