"""A run's events on the terminal: notes as lines, work as a status line, counts as bars."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.status import Status

from govatlas.commands.ingest import progress_bars


class ConsoleEvents:
    """``govatlas.run_events.RunEvents`` drawn on a rich console."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._status: Status | None = None

    def note(self, text: str) -> None:
        self.console.print(escape(text), highlight=False)

    @contextmanager
    def working(self, text: str) -> Iterator[None]:
        with self.console.status(escape(text)) as status:
            self._status = status
            try:
                yield
            finally:
                self._status = None

    def status(self, text: str) -> None:
        if self._status is not None:
            self._status.update(escape(text))

    @contextmanager
    def counting(self, label: str, total: int) -> Iterator[Callable[[], None]]:
        with progress_bars(self.console) as progress:
            task = progress.add_task(escape(label), total=total)
            yield lambda: progress.advance(task)
