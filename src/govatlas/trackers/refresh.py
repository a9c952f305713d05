"""Reading every stored text for the trackers and storing what is read: a build step.

For each instrument's reading version, the rules read every provision once for all
four trackers (``reading``); the store then makes that version's machine facts exactly
what was read, leaving people's decisions alone (``store.tracker_facts``). A re-run
over unchanged texts changes nothing. About 15 s for the shared corpus on one core.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.store.reading_texts import reading_instruments, reading_provisions
from govatlas.store.tracker_facts import SyncResult, count_facts, sync_version_facts
from govatlas.trackers.reading import instrument_facts


@dataclass(frozen=True)
class RefreshResult:
    instruments: int
    sync: SyncResult
    counts: dict[str, int]
    seconds: float


def refresh_tracker_facts(
    session: Session,
    instrument_ids: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    check: Callable[[], None] = lambda: None,
) -> RefreshResult:
    """Read (again) every reading text, or those of ``instrument_ids``, and store the facts."""
    started = time.perf_counter()
    instruments = reading_instruments(session, instrument_ids)
    total = SyncResult()
    for n, instrument in enumerate(instruments, 1):
        provisions = list(reading_provisions(session, instrument.version_id))
        facts = instrument_facts(instrument.jurisdiction, provisions)
        total = total + sync_version_facts(session, [p.id for p in provisions], facts)
        if progress is not None:
            progress(n, len(instruments))
        check()
    return RefreshResult(
        len(instruments), total, count_facts(session), time.perf_counter() - started
    )
