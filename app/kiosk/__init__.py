"""The offline demo kiosk: a fullscreen Daycast for visitors, behind an admin PIN (Qt lives here)."""
