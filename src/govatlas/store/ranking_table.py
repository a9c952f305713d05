"""What full-text ranking adds to each provision's BM25, held in memory for a server.

A search ranks every provision its words match by BM25 plus the provision's standing
(``search.standing_penalty``: bare headings, recitals and whole chapters rank lower) and
keeps only the newest version of each instrument. Done in SQL, that is a look-up of
every matching provision's row and a second pass to count them: two thirds of a
search's time on a full build. A server keeps this table instead (one row per
provision: its standing, or infinity when its version is not the newest; 57,709
provisions in 0.24 s, once per store revision), asks SQLite's full-text index only for
the matches and their BM25, and ranks and counts them here: 1.2 ms a query instead of
10, with the same order and the same count (a test compares them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import Provision
from govatlas.store.search import standing_penalty


@dataclass(frozen=True)
class RankingTable:
    # by provision id: what ranking adds to BM25; infinity outside the newest versions
    standing: npt.NDArray[np.float64]

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


def ranking_table(session: Session) -> RankingTable:
    """Each provision's standing, computed by the same SQL expression a search uses."""
    rows = session.execute(
        select(
            Provision.id,
            standing_penalty("sqlite"),
            Provision.version_id.in_(newest_version_ids()),
        )
    ).all()
    size = max((pid for pid, _, _ in rows), default=-1) + 1
    standing = np.full(size, np.inf, dtype=np.float64)
    for pid, penalty, newest in rows:
        if newest:
            standing[pid] = float(penalty)
    return RankingTable(standing)
