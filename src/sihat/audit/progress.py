"""Progress bars on stderr (rich), silent when stderr is not a terminal or when switched off."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Bar:
    def __init__(self, progress: Progress | None, label: str, total: int) -> None:
        self._progress = progress
        self._label = label
        self._task = progress.add_task(label, total=total) if progress else None

    def advance(self, name: str = "", step: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            description = f"{self._label}: {name}" if name else self._label
            self._progress.update(self._task, advance=step, description=description)


class Bars:
    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress

    def task(self, label: str, total: int) -> Bar:
        return Bar(self._progress, label, total)


@contextmanager
def bars(enabled: bool = True) -> Iterator[Bars]:
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield Bars(None)
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    with progress:
        yield Bars(progress)
