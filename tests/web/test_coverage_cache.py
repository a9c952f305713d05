"""Jurisdiction pages read their coverage row from a per-revision computation of all rows,
and the search page which embedding models have vectors, both keyed on the revision the
response cache reads at most once a second (and at once after a write)."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import coverage
from govatlas.store.engine import SERVER_POOL, make_engine
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus
from govatlas.web.coverage_cache import TAXONOMY, jurisdiction_coverage
from govatlas.web.state import AppState


def cells(found: object, row: str) -> dict[str, str]:
    return {c: found.cell(row, c).state for c, _ in found.concepts}  # type: ignore[attr-defined]


def test_cached_rows_equal_a_row_computed_alone_and_follow_writes(web_store: Engine) -> None:
    state = AppState(web_store, "")
    with Session(web_store) as session:
        for row in ("USA", "FRA", "US-CA", "ATA"):
            alone = coverage(session, TAXONOMY, rows=[row])
            found = jurisdiction_coverage(session, row, state.revision())
            assert cells(found, row) == cells(alone, row)
        first = jurisdiction_coverage(session, "USA", state.revision())
        assert jurisdiction_coverage(session, "FRA", state.revision()) is first  # computed once
        embedded = state.embedded(session)
        assert state.embedded(session) is embedded  # counted once per revision
    with transaction(web_store) as session:
        session.add(
            Label(
                concept_id="fli-blocks:red-lines",
                instrument_id="delta-order",
                method=LabelMethod.HUMAN,
                review_status=ReviewStatus.ACCEPTED,
            )
        )
    state.responses.written()  # as a write through the app does
    with Session(web_store) as session:
        changed = jurisdiction_coverage(session, "USA", state.revision())
        assert changed is not first  # the store changed
        assert state.embedded(session) is not embedded


def test_a_request_holding_the_only_connection_reads_the_revision_through_it(
    web_store: Engine,
) -> None:
    """A route that holds a connection never waits for a second one: with a pool of one,
    waiting would be a deadlock until the pool's timeout (a 500 under load)."""
    single = create_engine(web_store.url, pool_size=1, max_overflow=0, pool_timeout=1)
    state = AppState(single, "")
    with Session(single) as session:
        session.execute(select(Label.id)).all()  # the session holds the pool's connection
        assert state.revision(session) == state.revision(session)
        assert state.knowledge(session).members >= 0
    single.dispose()


def test_the_server_engine_has_a_pool_for_concurrent_requests(web_store: Engine) -> None:
    engine = make_engine(web_store.url.render_as_string(hide_password=False), server=True)
    assert engine.pool.size() == SERVER_POOL["pool_size"]  # type: ignore[attr-defined]
    engine.dispose()
