"""A run's events on the terminal: notes as lines, work as a status line, counts as bars."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape

from govatlas.commands.ingest import progress_bars


class ConsoleEvents:
    """``classify.labelling_runs.RunEvents`` drawn on a rich console."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def note(self, text: str) -> None:
        self.console.print(escape(text), highlight=False)

    @contextmanager
    def working(self, text: str) -> Iterator[None]:
        with self.console.status(escape(text)):
            yield

    @contextmanager
    def counting(self, label: str, total: int) -> Iterator[Callable[[], None]]:
        with progress_bars(self.console) as progress:
            task = progress.add_task(escape(label), total=total)
            yield lambda: progress.advance(task)
