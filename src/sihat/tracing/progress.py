"""A progress display on stderr (rich), only when stderr is a terminal and it is wanted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def steps(total: int, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """Yield ``advance(name)``: one step done. Silent when off or not on a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda name: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        task = progress.add_task("casual contacts", total=total)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=f"casual contacts: {name}")

        yield advance
