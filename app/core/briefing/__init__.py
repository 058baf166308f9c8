"""The spoken daily briefing: opening, items, output files."""
