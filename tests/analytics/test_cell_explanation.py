"""`explain` traces a coverage cell to the labels behind it, by coverage's own rules."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics import cell_explanation
from govatlas.analytics import coverage as coverage_module
from govatlas.analytics.cell_explanation import COVERS, NOT_ASSESSED, NOT_COUNTED, explain_cell
from govatlas.analytics.coverage import coverage
from govatlas.classify.measured.shipped import PROVISION_MODEL, MeasuredConcept
from govatlas.errors import NotFoundError
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType, LabelMethod, Status
from tests.analytics.test_coverage import BLOCK, _instrument, _label, _with_text


def _measured(monkeypatch: pytest.MonkeyPatch) -> None:
    measured = MeasuredConcept(
        "fli-blocks", "emergency-response", 0.5, 0.9, 0.6, 0.72, 40, test_predicted=27
    )
    figures = {"emergency-response": measured}
    for module in (coverage_module, cell_explanation):
        monkeypatch.setattr(
            module, "shipped_quality", lambda t: figures if t == "fli-blocks" else {}
        )


def _provision_label(session: Session, provision: int, model: str) -> None:
    session.add(
        Label(
            concept_id=BLOCK,
            provision_id=provision,
            method=LabelMethod.MODEL,
            model_id=model,
            score=0.9,
        )
    )


def test_a_measured_provision_label_is_traced(
    built: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _measured(monkeypatch)
    with transaction(built) as session:
        _instrument(session, "aut-law", "AUT", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _provision_label(session, _with_text(session, "aut-law"), PROVISION_MODEL)
    with Session(built) as session:
        cell = explain_cell(session, "aut-law", BLOCK)
        state = coverage(session, "fli-blocks", rows=["AUT"]).cell("AUT", "emergency-response")
    assert state.state == "binding-in-force" and cell.verdict == COVERS
    [label] = cell.labels
    assert label.counts and label.provision == "art.1" and not label.via
    assert label.evidence[0].path == "art.1"


def test_an_unmeasured_label_is_shown_and_does_not_count(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(session, "aut-law", "AUT", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _provision_label(session, _with_text(session, "aut-law"), "concept-match-minilm")
    with Session(built) as session:
        cell = explain_cell(session, "aut-law", BLOCK)
    assert cell.verdict == NOT_ASSESSED
    [label] = cell.labels
    assert not label.counts and "concept-match-minilm" in label.reason


def test_a_label_on_a_narrower_mapped_concept_is_traced(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(session, "prt-law", "PRT", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _label(session, "prt-law", "agora:incentives-fines")
    with Session(built) as session:
        cell = explain_cell(session, "prt-law", "fli-blocks:compliance-mechanisms")
    assert cell.verdict == COVERS
    [label] = cell.labels
    assert label.via and label.concept == "agora:incentives-fines" and label.counts


def test_a_private_framework_is_not_counted(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(
            session,
            "co-policy",
            "USA",
            InstrumentType.COMPANY_FRAMEWORK,
            Binding.NON_BINDING,
            Status.ADOPTED,
            public=False,
        )
        _label(session, "co-policy")
    with Session(built) as session:
        assert explain_cell(session, "co-policy", BLOCK).verdict == NOT_COUNTED
        with pytest.raises(NotFoundError):
            explain_cell(session, "nope", BLOCK)
