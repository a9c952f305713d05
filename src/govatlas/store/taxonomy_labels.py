"""Labels on one taxonomy's concepts, as training and evaluation read them: the model
labels people reviewed, the tags imported from a source, and the evidence of people's
own or accepted labels (``classify.agora.documents``, ``classify.risks.gold``).
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from govatlas.store.models import Concept, Label, LabelEvidence, Provision
from govatlas.vocabulary import LabelMethod, ReviewStatus


def reviewed_model_labels(session: Session, taxonomy: str) -> list[tuple[str, str, ReviewStatus]]:
    """(instrument, concept's preferred label, review status) of every instrument-level
    model label on the taxonomy a person reviewed, oldest label first."""
    query = (
        select(Label.instrument_id, Concept.pref_label, Label.review_status)
        .join(Concept, Concept.id == Label.concept_id)
        .where(
            Concept.taxonomy_id == taxonomy,
            Label.method == LabelMethod.MODEL,
            Label.instrument_id.is_not(None),
            Label.review_status != ReviewStatus.UNREVIEWED,
        )
        .order_by(Label.id)
    )
    return [
        (instrument, concept, status)
        for instrument, concept, status in session.execute(query)
        if instrument is not None
    ]


def decided_label_count(session: Session, taxonomy: str) -> int:
    """Review decisions on the taxonomy's labels: reviewed model labels and rejected
    labels of any method (each counts once)."""
    decided = (
        (Label.method == LabelMethod.MODEL) & (Label.review_status != ReviewStatus.UNREVIEWED)
    ) | (Label.review_status == ReviewStatus.REJECTED)
    query = (
        select(func.count())
        .select_from(Label)
        .join(Concept, Concept.id == Label.concept_id)
        .where(Concept.taxonomy_id == taxonomy, decided)
    )
    return int(session.scalar(query) or 0)


def imported_tags(session: Session, taxonomy: str, prefix: str) -> list[tuple[str | None, str]]:
    """(provenance, concept's preferred label) of the taxonomy's labels not rejected whose
    provenance starts with ``prefix`` (``agora:`` for AGORA's own tags)."""
    query = (
        select(Label.provenance, Concept.pref_label)
        .join(Concept, Concept.id == Label.concept_id)
        .where(
            Concept.taxonomy_id == taxonomy,
            Label.provenance.startswith(prefix),
            Label.review_status != ReviewStatus.REJECTED,
        )
    )
    return [(provenance, label) for provenance, label in session.execute(query)]


def people_evidence(session: Session, taxonomy: str) -> list[tuple[int, str, str, LabelEvidence]]:
    """(label, concept's preferred label, provision text, evidence) of each piece of
    evidence of the taxonomy's labels people made or accepted, by label."""
    query = (
        select(Label.id, Concept.pref_label, Provision.text, LabelEvidence)
        .join(Concept, Concept.id == Label.concept_id)
        .join(LabelEvidence, LabelEvidence.label_id == Label.id)
        .join(Provision, Provision.id == LabelEvidence.provision_id)
        .where(
            Concept.taxonomy_id == taxonomy,
            Label.review_status != ReviewStatus.REJECTED,
            or_(Label.review_status == ReviewStatus.ACCEPTED, Label.method == LabelMethod.HUMAN),
        )
        .order_by(Label.id, LabelEvidence.id)
    )
    return [
        (label, concept, text, evidence)
        for label, concept, text, evidence in session.execute(query)
    ]
