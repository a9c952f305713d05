"""Ranking in memory (a server's ``ranking_table``) orders, counts and pages a search
exactly as the SQL ranking does, shows the same of each hit, and a provision newer than the
table is left out."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine, func, select

from govatlas.store.models import InstrumentVersion, Provision
from govatlas.store.ranking_table import RankingTable, ranking_table
from govatlas.store.search import SearchFilters, search_provisions
from govatlas.store.session import transaction

QUERIES = ["shall", "risk management", '"high-risk"', "transparen*", "AI -military", "the of"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_table_ranks_and_counts_as_sql_does(ingested: Engine, query: str) -> None:
    if ingested.dialect.name != "sqlite":
        pytest.skip("the table ranks SQLite full-text matches; PostgreSQL ranks in SQL")
    with transaction(ingested) as session:
        table = ranking_table(session)
        for limit, offset, sample in ((200, 0, 0), (3, 2, 0), (2, 1, 5), (2, 6, 4)):
            sql = search_provisions(session, query, None, limit, offset, sample=sample)
            memory = search_provisions(
                session, query, None, limit, offset, sample=sample, table=table
            )
            assert memory.total == sql.total
            assert memory.hits == sql.hits  # ids, scores, snippets and what a hit shows
            assert memory.sample == sql.sample


def test_older_versions_and_unknown_provisions_are_not_ranked(ingested: Engine) -> None:
    with transaction(ingested) as session:
        table = ranking_table(session)
        versions = session.scalar(select(func.count()).select_from(InstrumentVersion))
        newest_only = search_provisions(session, "shall", None, 200, table=table)
        every = search_provisions(session, "shall", SearchFilters(all_versions=True), 200)
        largest = session.scalar(select(func.max(Provision.id))) or 0
    assert versions and newest_only.total <= every.total
    assert len(table.standing) == largest + 1
    assert np.isinf(table.standing).any() or newest_only.total == every.total
    small = RankingTable(np.array([np.inf, 0.0, 3.0]))
    ranked, found = small.ranked([(0, -1.0), (1, -2.0), (2, -6.0), (9, -9.0)], 10)
    assert ranked == [(2, -3.0), (1, -2.0)] and found == 2  # 0: older version; 9: unknown
    assert small.ranked([], 5) == ([], 0)


def test_the_table_shows_only_what_it_holds(ingested: Engine) -> None:
    with transaction(ingested) as session:
        table = ranking_table(session)
        newest = [pid for pid, row in enumerate(table.shown) if row is not None]
        older = [pid for pid in range(len(table.standing)) if np.isinf(table.standing[pid])]
    assert newest and len(table.shown) == len(table.standing)
    shown = table.showing([newest[0], len(table.standing) + 5, *older[:3]])
    assert list(shown) == [newest[0]]  # not a provision newer than the table or an older one
    instrument, name, place, version, path, _heading = shown[newest[0]]
    assert instrument and name and place and version > 0 and path
    assert RankingTable(np.array([0.0])).showing([0]) == {}  # a table made without rows
