"""The user's sources: importers for feeds, calendars, notes, PDFs and pages."""
