"""How a long run (the build's stages, labelling, linking) tells what it is doing,
without knowing who watches: ``RunEvents``. The CLI draws the events on the terminal
(``commands.run_events.ConsoleEvents``: notes as lines, work as a status line, counts as
progress bars); ``QUIET`` ignores them (tests, the web, other callers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class RunEvents(Protocol):
    """Where a run tells what it is doing."""

    def note(self, text: str) -> None:
        """A line of news (plain text)."""

    def working(self, text: str) -> AbstractContextManager[None]:
        """A piece of work under way (training, measuring), until the block ends."""

    def status(self, text: str) -> None:
        """What the piece of work under way is doing now (replaces its line)."""

    def counting(self, label: str, total: int) -> AbstractContextManager[Callable[[], None]]:
        """A count of ``total`` items; the block calls the function once per item done."""


class QuietEvents:
    """Events nobody watches."""

    def note(self, text: str) -> None:
        return None

    @contextmanager
    def working(self, text: str) -> Iterator[None]:
        yield

    def status(self, text: str) -> None:
        return None

    @contextmanager
    def counting(self, label: str, total: int) -> Iterator[Callable[[], None]]:
        yield lambda: None


QUIET = QuietEvents()
