"""The white paper's coverage counts: each count is the one its interval is about, a
Member State whose binding law is unread is counted once (as not assessed), and a
concept nobody assessed prints "–", never 0 (audit of 2026-12-06, defects D1, D2, D14)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import NOT_ASSESSED, coverage
from govatlas.reports.citations import Citations, ReleaseRef
from govatlas.reports.coverage import CoverageTable, coverage_annex
from govatlas.reports.white_paper import coverage_section
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType, Status
from tests.analytics.test_coverage import _instrument, _label

PLACES = ["KAZ", "UZB", "TUV"]


def _table(built: Engine, measured: frozenset[str]) -> CoverageTable:
    with transaction(built) as session:
        _instrument(session, "kaz-law", "KAZ", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _instrument(
            session, "kaz-plan", "KAZ", InstrumentType.STRATEGY, Binding.NON_BINDING, Status.ADOPTED
        )
        _label(session, "kaz-plan")
        _instrument(session, "uzb-law", "UZB", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _label(session, "uzb-law")
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=PLACES)
    return CoverageTable("fli-blocks", result, PLACES, measured)


def test_a_place_with_unread_law_is_counted_once_as_not_assessed(built: Engine) -> None:
    table = _table(built, frozenset({"emergency-response"}))
    states = table.states("emergency-response")
    # Kazakhstan's plan covers it, but its law in force is unread: in no state column
    assert states["non-binding"] == 0 and states["binding-in-force"] == 1
    assert table.unread("emergency-response") == 1
    assert sum(states.values()) + table.unread("emergency-response") == len(PLACES)
    assert table.counted_with_state("emergency-response", ["non-binding"]) == []
    assert table.with_state("emergency-response", ["non-binding"]) == ["KAZ"]

    [section] = coverage_section(
        {"fli-blocks": table}, {}, 10, Citations(ReleaseRef("r", "t", "0" * 64))
    )
    column = next(c for c in section["columns"] if c["id"] == "emergency-response")
    assert column["not_assessed"] == column["states"][NOT_ASSESSED] + 1
    printed = [column["shown"][s] or 0 for s in ("binding-in-force", "non-binding", "absent")]
    assert sum(printed) + column["not_assessed"] == len(PLACES)
    for state, interval in column["intervals"].items():
        if state in column["shown"]:
            assert column["shown"][state] in (None, interval.count)
        if interval.low is not None and interval.high is not None:
            assert interval.low <= interval.count <= interval.high


def test_a_concept_nobody_assessed_prints_a_dash_not_zero(built: Engine) -> None:
    table = _table(built, frozenset())  # no concept measured: nothing is a headline
    [section] = coverage_section(
        {"fli-blocks": table}, {}, 10, Citations(ReleaseRef("r", "t", "0" * 64))
    )
    column = next(c for c in section["columns"] if c["id"] == "red-lines")
    assert column["states"]["binding-in-force"] == 0
    assert column["shown"]["binding-in-force"] is None
    row = coverage_annex(section, "C").rows[section["columns"].index(column)]
    assert row[1] is None  # the annex's "In force" cell is empty, not 0
