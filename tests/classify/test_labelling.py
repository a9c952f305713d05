"""Machine labels with evidence, explanations and reviews."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.classify.agora.documents import agora_documents, split
from govatlas.classify.agora.tasks import agora_tags, train_model, unlearnt_decisions
from govatlas.classify.agora.tfidf_model import ModelSettings, TfidfLinearModel
from govatlas.classify.gold.passages import LabelledPassage
from govatlas.classify.labels.instrument_labels import (
    explain,
    label_instrument,
    label_instruments,
    review,
)
from govatlas.classify.labels.queue import apply_sheet, label_queue, sheet_rows
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.review_sheets import read_sheet, write_sheet
from govatlas.store.decisions import describe, history
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewChannel, ReviewStatus

INCIDENT = "Incentives: Fines"


FINES_TEXT = (
    "SEC. 1. DUTIES.\n(a) A provider shall register each system.\n\n"
    "SEC. 2. ENFORCEMENT.\n(a) Violators shall pay a civil fine for each violation.\n"
    "(b) The attorney general may impose penalties and fines.\n"
)


@pytest.fixture
def fined(ingested: Engine) -> Engine:
    """The miniature store plus an act whose enforcement section sets fines."""
    from govatlas.ingest.linking import Linker
    from govatlas.ingest.pipeline import store_document
    from govatlas.records import InstrumentDraft, SourceDocument
    from govatlas.vocabulary import Binding, InstrumentType

    draft = InstrumentDraft(
        "fines-act", "Fines Act", "Fines Act", InstrumentType.LAW, Binding.BINDING, "FRA"
    )
    with transaction(ingested) as session:
        store_document(
            session, Linker(session), SourceDocument("test", "f", "f", draft, FINES_TEXT)
        )
    return ingested


@pytest.fixture
def model() -> TfidfLinearModel:
    """A small model that recognises fines, trained on authored passages."""
    texts = [
        ("a civil fine for each violation", True),
        ("violators shall pay penalties and fines", True),
        ("the attorney general may impose a fine", True),
        ("fines of up to one thousand dollars", True),
        ("the commission shall publish a report", False),
        ("definitions used in this act", False),
        ("grants for research and development", False),
        ("the developer shall test the model", False),
    ]
    passages = [
        LabelledPassage(str(i), text, frozenset({INCIDENT} if fine else set()))
        for i, (text, fine) in enumerate(texts)
    ]
    tags, parents = agora_tags()
    return TfidfLinearModel(tags, parents, ModelSettings(jobs=1)).fit(passages)


def test_labels_carry_model_provenance_and_evidence(fined: Engine, model: TfidfLinearModel) -> None:
    with transaction(fined) as session:
        stored = label_instruments(session, model, "agora", ["fines-act", "agora-1"])
        assert stored >= 1
    with transaction(fined) as session:
        [view] = explain(session, "fines-act", "agora:incentives-fines")
    assert (view.method, view.model) == ("model", f"{model.model_id} {model.version}")
    assert view.review_status == "unreviewed"
    assert view.evidence[0].path.startswith("sec.2")  # the enforcement section drove it


def test_relabelling_replaces_unreviewed_and_keeps_reviewed(
    fined: Engine, model: TfidfLinearModel
) -> None:
    with transaction(fined) as session:
        label_instrument(session, model, "fines-act", "agora")
        first = session.scalars(
            select(Label).where(
                Label.instrument_id == "fines-act", Label.method == LabelMethod.MODEL
            )
        ).all()
        review(session, first[0].id, accept=True, reviewer="A. Analyst")
        if len(first) > 1:
            review(session, first[1].id, accept=False, reviewer="B. Analyst")
    with transaction(fined) as session:
        label_instrument(session, model, "fines-act", "agora")
        kept = session.get_one(Label, first[0].id)
        assert kept.review_status is ReviewStatus.ACCEPTED
        assert kept.provenance == f"model:{model.model_id}:{model.version}"  # no history in it
        assert [describe(d).split(" at ")[0] for d in history(session, kept)] == [
            "accepted by A. Analyst"
        ]
        # relabelling keeps every decision and proposes no decided concept again
        decided = {label.concept_id for label in first[:2]}
        now = session.scalars(
            select(Label).where(
                Label.instrument_id == "fines-act",
                Label.method == LabelMethod.MODEL,
                Label.concept_id.in_(decided),
            )
        ).all()
        assert sorted(label.id for label in now) == sorted(label.id for label in first[:2])


def test_review_and_explain_errors(ingested: Engine) -> None:
    with transaction(ingested) as session:
        with pytest.raises(NotFoundError, match="no label 999999"):
            review(session, 999_999, accept=True, reviewer="x")
        label = session.scalars(select(Label)).first()
        assert label is not None
        with pytest.raises(InvalidInputError, match="reviewer's name"):
            review(session, label.id, accept=False, reviewer="  ")
        with pytest.raises(NotFoundError, match="no instrument with id 'nope'"):
            explain(session, "nope", "agora:harms-discrimination")
        with pytest.raises(NotFoundError, match="no concept"):
            explain(session, "agora-2", "agora:nothing")


def test_human_labels_are_explained_by_provenance(ingested: Engine) -> None:
    with transaction(ingested) as session:
        [view] = explain(session, "agora-2", "agora:harms-discrimination")
    assert (view.method, view.review_status) == ("human", "unreviewed")
    assert view.provenance == "agora:2 annotated"


def _label_id(session: Session, instrument: str, concept: str, method: LabelMethod) -> int:
    found = session.scalars(
        select(Label.id).where(
            Label.instrument_id == instrument, Label.concept_id == concept, Label.method == method
        )
    ).first()
    assert found is not None
    return found


def test_reviews_become_training_data(fined: Engine, model: TfidfLinearModel) -> None:
    fines, discrimination = "agora:incentives-fines", "agora:harms-discrimination"
    with transaction(fined) as session:
        label_instruments(session, model, "agora", ["fines-act"])
        review(session, _label_id(session, "fines-act", fines, LabelMethod.MODEL), True, "ana")
        guess = Label(concept_id=fines, instrument_id="agora-2", method=LabelMethod.MODEL)
        session.add(guess)
        session.flush()
        review(session, guess.id, accept=True, reviewer="ana")
        tag = _label_id(session, "agora-2", discrimination, LabelMethod.HUMAN)
        review(session, tag, accept=False, reviewer="ana")
    with transaction(fined) as session:
        documents = {d.passage.id: d for d in agora_documents(session)}
    reviewed = documents["fines-act"]  # not an AGORA row: it teaches only the decided tag
    assert (reviewed.tier, reviewed.passage.labels) == ("reviewed", frozenset({INCIDENT}))
    assert reviewed.known == frozenset({INCIDENT}) and "civil fine" in reviewed.passage.text
    annotated = documents["2"]  # an annotated row: an accepted tag added, a rejected one gone
    assert annotated.tier == "annotated" and annotated.known is None
    assert annotated.passage.labels == frozenset({"Risk factors: Transparency", INCIDENT})
    train, dev = split(list(documents.values()))
    assert reviewed in train and reviewed not in dev
    model_trained = train_model(fined, settings=ModelSettings(jobs=1))
    assert "fines-act" in model_trained.trained_on
    assert model_trained.decisions_learnt == 3  # two accepted model labels, one rejected tag
    assert unlearnt_decisions(fined, model_trained) == 0
    with transaction(fined) as session:
        later = Label(concept_id=discrimination, instrument_id="agora-2", method=LabelMethod.MODEL)
        session.add(later)
        session.flush()
        review(session, later.id, accept=False, reviewer="bo")
    assert unlearnt_decisions(fined, model_trained) == 1


def test_a_label_review_sheet_round_trip(
    fined: Engine, model: TfidfLinearModel, tmp_path: Path
) -> None:
    with transaction(fined) as session:
        label_instruments(session, model, "agora", ["fines-act"])
        waiting = label_queue(session, "agora", "fines-act")
    path = tmp_path / "labels.csv"
    assert write_sheet(path, sheet_rows(waiting)) == len(waiting) >= 1
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[-3:] == ["decision", "reviewer", "note"]
    assert rows[0]["concept label"] == waiting[0].concept_label
    rows[0] |= {"decision": "reject", "note": "only\nregistration  duties"}
    bogus = rows[0] | {"id": "99999999999", "decision": "accept"}
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([rows[0], bogus])
    decided = read_sheet(path, ("accept", "reject"), reviewer="ana")
    with transaction(fined) as session, pytest.raises(InvalidInputError, match="line 3: no label"):
        apply_sheet(session, path, decided)
    with transaction(fined) as session:
        assert apply_sheet(session, path, decided[:1]) == {"rejected": 1}
        label = session.get(Label, waiting[0].label.id)
        assert label is not None and label.review_status is ReviewStatus.REJECTED
        [decision] = history(session, label)
        assert decision.reviewer == "ana" and decision.note == "only registration duties"
        assert decision.channel is ReviewChannel.SHEET
    with transaction(fined) as session:  # the same sheet again changes nothing
        assert apply_sheet(session, path, decided[:1]) == {"unchanged": 1}
