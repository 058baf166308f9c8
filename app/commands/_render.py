"""Render pipeline events in the terminal with rich: a progress line per stage, text as it is written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from app.core.events import AudioReady, Finished, Notice, PipelineEvent, StageFinished, StageStarted, TextReady
from app.core.events import Progress as ProgressEvent
from engines.cancel import CancelToken


def run_with_progress(
    events: Iterator[PipelineEvent], cancel: CancelToken, console: Console, *, show_text: bool = True,
    on_audio: Any = None,
) -> Any:
    """Drive ``events`` to the end; Ctrl-C cancels the token and lets the pipeline clean up."""
    progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                        TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), console=console, transient=True)
    tasks: dict[str, Any] = {}
    result = None
    with progress:
        try:
            for event in events:
                result = _handle(event, progress, tasks, console, show_text, on_audio) or result
        except KeyboardInterrupt:
            cancel.cancel("interrupted by Ctrl-C")
            for _ in events:  # let the pipeline notice the cancel and remove its temp files
                pass
            raise
    return result


def _task(progress: Progress, tasks: dict[str, Any], stage: str) -> Any:
    if stage not in tasks:
        tasks[stage] = progress.add_task(stage, total=None, detail="")
    return tasks[stage]


def _handle(
    event: PipelineEvent, progress: Progress, tasks: dict[str, Any], console: Console, show_text: bool,
    on_audio: Any,
) -> Any:
    if isinstance(event, StageStarted):
        progress.update(_task(progress, tasks, event.stage), detail=event.message)
    elif isinstance(event, ProgressEvent):
        progress.update(_task(progress, tasks, event.stage), completed=event.done, total=event.total,
                        detail=event.message[:50])
    elif isinstance(event, StageFinished):
        task = _task(progress, tasks, event.stage)
        progress.update(task, completed=1, total=1, detail=f"{event.seconds:.1f}s")
        console.print(f"[green]✓[/] {event.stage} [dim]{event.seconds:.1f}s[/]")
    elif isinstance(event, TextReady) and show_text and event.final:
        prefix = f"[bold]{event.speaker}:[/] " if event.speaker else ""
        console.print(f"  {prefix}[dim]{event.text}[/]", highlight=False)
    elif isinstance(event, Notice):
        console.print(f"[yellow]![/] {event.message} [dim]({event.code})[/]", highlight=False)
    elif isinstance(event, AudioReady) and on_audio is not None:
        on_audio(event.chunk)
    elif isinstance(event, Finished):
        return event.result
    return None
