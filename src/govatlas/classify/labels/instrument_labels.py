"""Machine labels with evidence: instruments labelled by a trained model, each
label backed by the provisions that drove it.

A document-level label is kept when the model's score for the whole text passes
the concept's threshold; its evidence is the instrument's provisions that the
same model scores highest for that concept. Labels record the model id and
version and start unreviewed; a person can accept or reject them, each decision
a row of its own (``store.decisions``). Re-labelling replaces only the labels
nobody has decided on, and never proposes again a concept a person decided on
for the instrument.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from govatlas.classify.agora.tfidf_model import TfidfLinearModel
from govatlas.errors import NotFoundError
from govatlas.store.decisions import Reviewer, decide, describe, history
from govatlas.store.instruments import (
    instruments_with_text,
    reading_version,
    unknown_instrument,
)
from govatlas.store.label_rows import (
    clear_undecided_labels,
    concept_labels_on,
    instruments_labelled_by,
)
from govatlas.store.models import (
    ID_LIMIT,
    Concept,
    Instrument,
    Label,
    LabelEvidence,
    Provision,
)
from govatlas.store.taxonomies import concept_id, unknown_concept
from govatlas.vocabulary import LabelMethod, ReviewDecisionKind, ReviewStatus

EVIDENCE_PER_LABEL = 3


def unlabelled_instruments(session: Session, model: TfidfLinearModel) -> list[str]:
    """Instruments with text that this model version has not labelled yet."""
    done = instruments_labelled_by(session, model.model_id, model.version)
    return [i for i in instruments_with_text(session) if i not in done]


def clear_undecided(session: Session, instrument_id: str, *which: ColumnElement[bool]) -> set[str]:
    """Delete the instrument's machine labels (within ``which``) that nobody decided on,
    and return the concepts of those a person did decide on: relabelling keeps them
    and does not propose those concepts again."""
    return clear_undecided_labels(session, instrument_id, *which)


def label_instrument(
    session: Session, model: TfidfLinearModel, instrument_id: str, taxonomy: str
) -> int:
    """Replace this model's labels on the instrument; returns how many were stored."""
    version = reading_version(session, instrument_id)
    if version is None:
        raise NotFoundError(
            f"{instrument_id} has no stored text to label", "ingest a version first"
        )
    provenance = f"model:{model.model_id}:{model.version}"
    decided = clear_undecided(session, instrument_id, Label.model_id == model.model_id)
    document_scores = model.scores([version.text])[0]
    chosen = [
        (j, concept)
        for j, concept in enumerate(model.concepts)
        if model.classifiers.get(concept) is not None
        and document_scores[j] >= model.thresholds[concept]
        and concept_id(taxonomy, concept) not in decided
    ]
    if not chosen:
        return 0
    provisions = list(version.provisions)
    bodies = [p.search_text or p.text for p in provisions]
    provision_scores = model.scores(bodies) if provisions else None
    stored = 0
    for j, concept in chosen:
        cid = concept_id(taxonomy, concept)
        if session.get(Concept, cid) is None:
            continue
        label = Label(
            concept_id=cid,
            instrument_id=instrument_id,
            score=float(document_scores[j]),
            method=LabelMethod.MODEL,
            model_id=model.model_id,
            model_version=model.version,
            review_status=ReviewStatus.UNREVIEWED,
            provenance=provenance,
        )
        if provision_scores is not None:
            ranked = sorted(range(len(provisions)), key=lambda i: -provision_scores[i, j])
            for index in ranked[:EVIDENCE_PER_LABEL]:
                provision = provisions[index]
                label.evidence.append(
                    LabelEvidence(
                        provision_id=provision.id,
                        start_offset=0,
                        end_offset=len(provision.text),
                        score=float(provision_scores[index, j]),
                    )
                )
        session.add(label)
        stored += 1
    session.flush()
    return stored


def label_instruments(
    session: Session,
    model: TfidfLinearModel,
    taxonomy: str,
    instrument_ids: Sequence[str] | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> int:
    total = 0
    for instrument_id in instrument_ids or instruments_with_text(session):
        if session.get(Instrument, instrument_id) is None:
            raise unknown_instrument(session, instrument_id)
        total += label_instrument(session, model, instrument_id, taxonomy)
        progress(instrument_id)
    return total


@dataclass(frozen=True)
class EvidenceView:
    path: str
    score: float | None
    text: str


@dataclass(frozen=True)
class LabelView:
    id: int
    concept: str
    method: str
    score: float | None
    review_status: str
    provenance: str | None
    model: str | None
    evidence: list[EvidenceView]
    decisions: list[str]  # oldest first: "rejected by ana at ... (note)"
    review_version: int = 0


def explain(session: Session, instrument_id: str, concept: str) -> list[LabelView]:
    """Every label of ``concept`` on the instrument, with its evidence provisions."""
    if session.get(Instrument, instrument_id) is None:
        raise unknown_instrument(session, instrument_id)
    if session.get(Concept, concept) is None:
        raise unknown_concept(session, concept)
    labels = concept_labels_on(session, instrument_id, concept)
    views = []
    for label in labels:
        evidence = []
        for item in sorted(label.evidence, key=lambda e: -(e.score or 0)):
            provision = session.get_one(Provision, item.provision_id)
            evidence.append(
                EvidenceView(
                    provision.path, item.score, provision.text[item.start_offset : item.end_offset]
                )
            )
        views.append(
            LabelView(
                label.id,
                label.concept_id,
                label.method.value,
                label.score,
                label.review_status.value,
                label.provenance,
                f"{label.model_id} {label.model_version or ''}".strip() if label.model_id else None,
                evidence,
                [describe(d) + (f" ({d.note})" if d.note else "") for d in history(session, label)],
                label.review_version,
            )
        )
    return views


def get_label(session: Session, label_id: int) -> Label:
    label = session.get(Label, label_id) if 0 < label_id < ID_LIMIT else None
    if label is None:
        raise NotFoundError(f"no label {label_id}", "`govatlas review` lists the labels waiting")
    return label


def review(
    session: Session,
    label_id: int,
    accept: bool,
    reviewer: Reviewer | str,
    note: str | None = None,
    seen_version: int | None = None,
) -> Label:
    """Accept or reject a label, recorded as a decision row (``store.decisions``).

    A label already decided on is decided again only by a reviewer who names the
    review version they saw (``seen_version``); a stale one is a ``ConflictError``.
    """
    label = get_label(session, label_id)
    status = ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED
    decide(
        session,
        label,
        ReviewDecisionKind.ACCEPT if accept else ReviewDecisionKind.REJECT,
        status,
        reviewer,
        seen_version=seen_version,
        note=note,
        what=f"label {label_id}",
    )
    return label
