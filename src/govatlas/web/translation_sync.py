"""Keeping the server's translation corrections current.

A correction made on the review pages (in this worker or another) or from the command
line must show on the next page in that language. Before a request in a language other
than English, the worker asks the store for the corrections' stamp, at most once a
second (once at once after a write through this worker), and reads the corrections again
only when it changed (``store.translation_corrections.install_corrections``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from threading import Lock

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.i18n import corrections
from govatlas.store.translation_corrections import install_corrections

CHECK_EVERY = 1.0


@dataclass
class CorrectionSync:
    checked_at: float = float("-inf")
    _lock: Lock = field(default_factory=Lock)

    def refresh(self, engine: Engine) -> None:
        """Read the corrections again if the store's changed (at most every second, and
        at once if those in force are another store's)."""
        if self._fresh(engine):
            return
        with self._lock:  # one check at a time; the others use what it installed
            if self._fresh(engine):
                return
            with Session(engine) as session:
                install_corrections(session)
            self.checked_at = time.monotonic()

    def _fresh(self, engine: Engine) -> bool:
        installed = corrections.stamp()
        ours = isinstance(installed, tuple) and installed[:1] == (id(engine),)
        return ours and time.monotonic() - self.checked_at < CHECK_EVERY

    def expire(self) -> None:
        """Check on the next request (a write went through this worker)."""
        self.checked_at = float("-inf")
