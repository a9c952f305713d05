"""Champion lists: on a large PostgreSQL store full-text search ranks candidates, not
every match. What it finds beside ranking every match, when lists are built, what it
does with provisions stored after them, and counts that stop at a cap."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from govatlas.store import search, search_champions
from govatlas.store.models import Provision, SearchChampion, SearchChampionList
from govatlas.store.search import (
    SearchFilters,
    refresh_champion_lists,
    search_provisions,
    standing_penalty,
)
from govatlas.store.search_champions import (
    ChampionBuild,
    champion_lists_in_use,
    refresh_search_champions,
)
from govatlas.store.search_schema import CJK_INDEX, CJK_LENGTH_INDEX
from govatlas.store.session import transaction

SIZE = 3  # champions per word in these tests (the fixture store is small)


def _postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("champion lists are PostgreSQL's (set GOVATLAS_TEST_DB)")


def _build(session: Session, force: bool = True) -> ChampionBuild | None:
    return refresh_search_champions(
        session, standing_penalty("postgresql"), size=SIZE, start_from=1, force=force
    )


def _ids(session: Session, query: str, **options: object) -> list[int]:
    return [hit.provision_id for hit in search_provisions(session, query, **options).hits]  # type: ignore[arg-type]


def _frequent_words(session: Session) -> list[str]:
    """Listed words that are their own stem (so that the query finds the same lexeme)."""
    listed = session.scalars(
        select(SearchChampionList.lexeme).order_by(SearchChampionList.matches.desc())
    ).all()
    return [w for w in listed if w.isalpha() and search_provisions(session, w).total][:6]


def test_sqlite_never_builds_lists(ingested: Engine) -> None:
    if ingested.dialect.name != "sqlite":
        pytest.skip("SQLite's behaviour")
    with transaction(ingested) as session:
        assert refresh_champion_lists(session, force=True) is None
        assert not champion_lists_in_use(session)


def test_a_small_store_gets_no_lists(ingested: Engine) -> None:
    _postgres(ingested)
    with transaction(ingested) as session:
        assert refresh_champion_lists(session, force=True) is None  # below CHAMPIONS_FROM
        assert session.scalar(select(SearchChampion.lexeme).limit(1)) is None
        assert not champion_lists_in_use(session)


def test_lists_hold_the_best_provisions_of_each_frequent_word(ingested: Engine) -> None:
    _postgres(ingested)
    with transaction(ingested) as session:
        built = _build(session)
        assert built is not None and built.words > 0
        assert built.champions == built.words * SIZE  # each word is held by more than SIZE
        assert champion_lists_in_use(session)
        words = _frequent_words(session)
        assert len(words) >= 3
        for word in words:
            exhaustive = search_provisions(session, word, limit=SIZE, exhaustive=True)
            found = search_provisions(session, word, limit=SIZE)
            assert [h.provision_id for h in found.hits] == [
                h.provision_id for h in exhaustive.hits
            ], word
            assert found.total == exhaustive.total


def test_several_words_rank_candidates_that_all_match(ingested: Engine) -> None:
    _postgres(ingested)
    with transaction(ingested) as session:
        _build(session)
        first, second = _frequent_words(session)[:2]
        query = f"{first} {second}"
        matches = set(_ids(session, query, limit=200, exhaustive=True))
        found = search_provisions(session, query, limit=10)
        assert found.hits and {h.provision_id for h in found.hits} <= matches
        scores = [h.score for h in found.hits]
        assert scores == sorted(scores, reverse=True)
        # a word to leave out is left out of the candidates too
        excluded = search_provisions(session, f"{first} -{second}", limit=10)
        held = set(_ids(session, f'"{second}"', limit=200, exhaustive=True))
        assert not {h.provision_id for h in excluded.hits} & held


def test_pages_beyond_the_candidates_and_narrow_filters_rank_every_match(
    ingested: Engine,
) -> None:
    _postgres(ingested)
    with transaction(ingested) as session:
        _build(session)
        word = _frequent_words(session)[0]
        deep = {"limit": 5, "offset": SIZE + 2}
        assert _ids(session, word, **deep) == _ids(session, word, exhaustive=True, **deep)
        place = search_provisions(session, word, limit=200, exhaustive=True).hits[-1].jurisdiction
        narrow = {"limit": 5, "filters": SearchFilters(jurisdiction=place)}
        assert _ids(session, word, **narrow) == _ids(session, word, exhaustive=True, **narrow)


def test_a_provision_stored_after_the_lists_is_found_first(
    ingested: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _postgres(ingested)
    with transaction(ingested) as session:
        _build(session)
        word = _frequent_words(session)[0]
        best = search_provisions(session, word, limit=1, exhaustive=True).hits[0]
        body = " ".join([word] * 40)
        newcomer = Provision(
            version_id=best.version_id,
            path="test.newcomer",
            kind="article",
            heading=word,
            start_offset=0,
            end_offset=len(body),
            ordinal=10_000,
            text=body,
        )
        session.add(newcomer)
        session.flush()
        assert _ids(session, word, limit=1) == [newcomer.id]
        assert _build(session, force=False) is None  # one new provision in ~300: not stale
        monkeypatch.setattr(search_champions, "STALE_SHARE", 0.0)
        assert _build(session, force=False) is not None  # any new provision: stale
        assert _build(session, force=False) is None  # and now up to date
        assert _ids(session, word, limit=1) == [newcomer.id]


def test_counting_stops_at_the_cap_on_postgresql(
    ingested: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with transaction(ingested) as session:
        word = "risk"
        exact = search_provisions(session, word)
        assert exact.total > 1 and exact.total_exact
        monkeypatch.setattr(search, "COUNT_CAP", 1)
        capped = search_provisions(session, word)
        if ingested.dialect.name == "postgresql":
            assert (capped.total, capped.total_exact) == (1, False)
        else:  # SQLite counts every match
            assert (capped.total, capped.total_exact) == (exact.total, True)
        assert [h.provision_id for h in capped.hits] == [h.provision_id for h in exact.hits]


def test_chinese_and_japanese_searches_use_the_trigram_index(ingested: Engine) -> None:
    _postgres(ingested)
    with transaction(ingested) as session:
        indexes = session.scalars(text("SELECT indexname FROM pg_indexes")).all()
        assert {CJK_INDEX, CJK_LENGTH_INDEX} <= set(indexes)
        # In a table this small PostgreSQL takes whatever path it likes. Without the length
        # index (dropped in a savepoint), full scans or walks of other indexes, only the
        # trigram index can serve the words.
        savepoint = session.begin_nested()
        session.execute(text(f"DROP INDEX {CJK_LENGTH_INDEX}"))
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL enable_indexscan = off"))
        plans: list[str] = []
        connection = session.connection()
        original = search.Session.execute

        def explained(self: Session, statement: object, *args: object, **kw: object) -> object:
            compiled = str(statement)
            if "LIKE" in compiled.upper():  # the substring search's statements
                sql = statement.compile(  # type: ignore[attr-defined]
                    connection, compile_kwargs={"literal_binds": True}
                )
                plans.extend(str(row[0]) for row in original(self, text(f"EXPLAIN {sql}")))
            return original(self, statement, *args, **kw)  # type: ignore[arg-type]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(search.Session, "execute", explained)
            search_provisions(session, "人工智能")
        savepoint.rollback()
        assert any(CJK_INDEX in line for line in plans), "\n".join(plans)
