"""Daycast: the product (core pipelines, CLI, desktop UI, kiosk)."""

__version__ = "0.1.0"
