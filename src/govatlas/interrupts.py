"""Ctrl-C that stops after the current unit of work, never in the middle of one.

Long commands (``govatlas build``, ``govatlas ingest``) run inside
``deferred_interrupts``: the first Ctrl-C (SIGINT) only sets a flag, which the
work checks between its units (a document, a crosswalk table, an instrument to
label, a stage). ``Stop.check`` then raises ``StoppedByUserError``: the CLI
prints one line and exits 130, and nothing after the stopped unit runs - no
later stage, no dataset release of a half-built store. A second Ctrl-C stops at
once (the transaction in progress rolls back).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from govatlas.errors import StoppedByUserError


@dataclass
class Stop:
    """Whether the user asked to stop; checked between units of work."""

    requested: bool = False

    def __call__(self) -> bool:
        return self.requested

    def check(self, where: str = "") -> None:
        if self.requested:
            raise StoppedByUserError(
                f"interrupted{' ' + where if where else ''}: stopped after the last complete "
                "step; nothing after it ran and no dataset release was frozen",
                "run the same command again to resume (what is stored is kept)",
            )


@contextmanager
def deferred_interrupts() -> Iterator[Stop]:
    """Turn SIGINT into ``Stop.requested`` for the duration (main thread only)."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(_signum: int, _frame: FrameType | None) -> None:
        if stop.requested:
            raise KeyboardInterrupt  # asked twice: stop now
        stop.requested = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)
