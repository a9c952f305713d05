"""Jurisdiction pages read their coverage row from a per-revision computation of all rows."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import coverage
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus
from govatlas.web.coverage_cache import TAXONOMY, jurisdiction_coverage


def cells(found: object, row: str) -> dict[str, str]:
    return {c: found.cell(row, c).state for c, _ in found.concepts}  # type: ignore[attr-defined]


def test_cached_rows_equal_a_row_computed_alone_and_follow_writes(web_store: Engine) -> None:
    with Session(web_store) as session:
        for row in ("USA", "FRA", "US-CA", "ATA"):
            alone = coverage(session, TAXONOMY, rows=[row])
            assert cells(jurisdiction_coverage(session, row), row) == cells(alone, row)
        first = jurisdiction_coverage(session, "USA")
        assert jurisdiction_coverage(session, "FRA") is first  # one computation for both
    with transaction(web_store) as session:
        session.add(
            Label(
                concept_id="fli-blocks:red-lines",
                instrument_id="delta-order",
                method=LabelMethod.HUMAN,
                review_status=ReviewStatus.ACCEPTED,
            )
        )
    with Session(web_store) as session:
        assert jurisdiction_coverage(session, "USA") is not first  # the store changed
