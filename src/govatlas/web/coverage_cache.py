"""The building-block coverage of every jurisdiction, computed once per store revision.

A jurisdiction page shows its row of the FLI building-block coverage. Computing one row
costs nearly as much as computing all of them (the instruments, their legal effect and
the label evidence are read either way: 0.1 to 0.2 s a row, 0.6 to 1.7 s for all 272
rows on 2 cores), so each server process computes every row once and keeps it until the
store or a model's saved figures change.
"""

from __future__ import annotations

from collections.abc import Hashable
from threading import Lock

from sqlalchemy.orm import Session

from govatlas.analytics.coverage import Coverage, coverage

TAXONOMY = "fli-blocks"
_CACHE: dict[str, tuple[Hashable, Coverage]] = {}
_LOCK = Lock()
_COMPUTING = Lock()


def jurisdiction_coverage(session: Session, jurisdiction_id: str, revision: Hashable) -> Coverage:
    """Coverage holding ``jurisdiction_id``'s row: from the all-rows computation of this
    ``revision`` of the store and the models (``ResponseCache.current_revision``), or
    computed for the row alone when the row is not among them (a place with no
    instrument and not a UN Member State)."""
    engine = session.get_bind().engine
    key = str(engine.url)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is None or cached[0] != revision:
        # one computation at a time: twenty requests arriving together on a cold cache
        # wait for the first one's result instead of each computing every row
        with _COMPUTING:
            with _LOCK:
                cached = _CACHE.get(key)
            if cached is None or cached[0] != revision:
                cached = (revision, coverage(session, TAXONOMY))
                with _LOCK:
                    _CACHE[key] = cached
    if jurisdiction_id in cached[1].rows:
        return cached[1]
    return coverage(session, TAXONOMY, rows=[jurisdiction_id])
