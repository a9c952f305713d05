"""What full-text ranking adds to each provision's BM25, held in memory for a server.

A search ranks every provision its words match by BM25 plus the provision's standing
(``search.standing_penalty``: bare headings, recitals and whole chapters rank lower) and
keeps only the newest version of each instrument. Done in SQL, that is a look-up of
every matching provision's row and a second pass to count them: two thirds of a
search's time on a full build. A server keeps this table instead (one row per
provision: its standing, or infinity when its version is not the newest; computed once
per store revision), asks SQLite's full-text index only for
the matches and their BM25, and ranks and counts them here: 1.2 ms a query instead of
10, with the same order and the same count (a test compares them).

The table also holds what a hit shows of the newest versions' provisions (instrument,
place, version, path, heading), so the 200 hits a search page counts by place and
instrument need no look-up in the database either. For the full build (57,709
provisions) the table takes about 12 MB and half a second to read, the first search of
a revision in each worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import Instrument, InstrumentVersion, Provision
from govatlas.store.search import standing_penalty

# what a hit shows besides its id and score: instrument id, short name, jurisdiction,
# version id, path, heading (the order of ``search._SHOWN``)
Shown = tuple[str, str, str, int, str, str | None]


@dataclass(frozen=True)
class RankingTable:
    # by provision id: what ranking adds to BM25; infinity outside the newest versions
    standing: npt.NDArray[np.float64]
    # by provision id, for the newest versions: what a hit shows (None elsewhere)
    shown: Sequence[Shown | None] = field(default=())

    def ranked(
        self, matches: Sequence[tuple[int, float]], keep: int
    ) -> tuple[list[tuple[int, float]], int]:
        """The best ``keep`` of ``matches`` (provision id, BM25) as (id, score), ordered
        as the SQL ranking orders them (score, then id), and how many count."""
        if not matches:
            return [], 0
        found = np.asarray(matches, dtype=np.float64)
        ids = found[:, 0].astype(np.int64)
        known = ids < len(self.standing)  # a provision newer than the table: not ranked
        ids, bm25 = ids[known], found[known, 1]
        scores = bm25 + self.standing[ids]
        counted = np.isfinite(scores)
        ids, scores = ids[counted], scores[counted]
        order = np.lexsort((ids, scores))[:keep]
        return list(zip(ids[order].tolist(), scores[order].tolist(), strict=True)), len(ids)

    def showing(self, ids: Sequence[int]) -> dict[int, Shown]:
        """What a hit shows of each provision of ``ids`` the table holds."""
        held = len(self.shown)
        return {pid: row for pid in ids if pid < held and (row := self.shown[pid]) is not None}


def ranking_table(session: Session) -> RankingTable:
    """Each provision's standing, computed by the same SQL expression a search uses, and
    what a hit shows of each provision of the newest versions (one pass over them)."""
    newest = newest_version_ids()
    instruments = {
        version: (iid, name, place)
        for version, iid, name, place in session.execute(
            select(
                InstrumentVersion.id,
                Instrument.id,
                Instrument.short_name,
                Instrument.jurisdiction_id,
            )
            .join(Instrument, Instrument.id == InstrumentVersion.instrument_id)
            .where(InstrumentVersion.id.in_(newest))
        )
    }
    rows = session.execute(
        select(
            Provision.id,
            standing_penalty("sqlite"),
            Provision.version_id,
            Provision.path,
            Provision.heading,
        )
    ).all()
    size = max((row[0] for row in rows), default=-1) + 1
    standing = np.full(size, np.inf, dtype=np.float64)
    shown: list[Shown | None] = [None] * size
    for pid, penalty, version, path, heading in rows:
        if version in instruments:  # a newest version
            standing[pid] = float(penalty)
            shown[pid] = (*instruments[version], version, path, heading)
    return RankingTable(standing, shown)
