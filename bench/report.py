"""One table of a benchmark's figures, as each ``bench/<name>.py`` prints it when run on its own."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def print_figures(title: str, figures: dict[str, Any], console: Console | None = None) -> None:
    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    (console or Console()).print(table)
