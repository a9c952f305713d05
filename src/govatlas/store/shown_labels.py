"""Labels as readers see them: an instrument's labels with their evidence, the evidence
on a set of provisions, the concepts they name, and the language of the text labelled.

Rows come back as plain dataclasses, not ORM objects: the EU AI Act alone carries about
150 labels with their evidence, and a page or an API answer reads them all. Rejected
labels are never shown. The web shapes these rows; what a label's measured quality is
lives in ``classify.measured``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from govatlas.store.instruments import REFERENCE_FORMAT
from govatlas.store.models import Concept, InstrumentVersion, Label, LabelEvidence, Provision
from govatlas.vocabulary import LabelMethod, ReviewStatus


@dataclass(frozen=True)
class ShownEvidence:
    provision_id: int
    start_offset: int
    end_offset: int
    score: float | None


@dataclass(frozen=True)
class ShownLabel:
    """An instrument's label with its evidence, as a page shows it."""

    id: int
    concept_id: str
    score: float | None
    method: LabelMethod
    model_id: str | None
    review_status: ReviewStatus
    provenance: str | None
    evidence: tuple[ShownEvidence, ...]


@dataclass(frozen=True)
class ProvisionEvidence:
    """One piece of a label's evidence on a provision, with the label it supports."""

    provision_id: int
    evidence_score: float | None
    start: int
    end: int
    label_id: int
    concept_id: str
    label_score: float | None
    method: LabelMethod
    model_id: str | None
    review_status: ReviewStatus
    review_version: int


def on_instrument(instrument_id: str) -> ColumnElement[bool]:
    """Condition: a label on the instrument itself or on a provision of any of its
    versions (a provision's label names no instrument)."""
    provisions = (
        select(Provision.id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(InstrumentVersion.instrument_id == instrument_id)
    )
    return or_(Label.instrument_id == instrument_id, Label.provision_id.in_(provisions))


def instrument_labels(session: Session, instrument_id: str) -> list[ShownLabel]:
    """The instrument's labels that are not rejected, by concept, each with its evidence."""
    rows = session.execute(
        select(
            Label.id,
            Label.concept_id,
            Label.score,
            Label.method,
            Label.model_id,
            Label.review_status,
            Label.provenance,
        )
        .where(Label.instrument_id == instrument_id, Label.review_status != ReviewStatus.REJECTED)
        .order_by(Label.concept_id, Label.id)
    ).all()
    evidence: dict[int, list[ShownEvidence]] = defaultdict(list)
    if rows:
        for label_id, provision_id, start, end, score in session.execute(
            select(
                LabelEvidence.label_id,
                LabelEvidence.provision_id,
                LabelEvidence.start_offset,
                LabelEvidence.end_offset,
                LabelEvidence.score,
            )
            .join(Label, Label.id == LabelEvidence.label_id)
            .where(Label.instrument_id == instrument_id)
            .order_by(LabelEvidence.id)
        ):
            evidence[label_id].append(ShownEvidence(provision_id, start, end, score))
    return [ShownLabel(*row, evidence=tuple(evidence.get(row[0], ()))) for row in rows]


def provision_evidence(session: Session, provision_ids: Collection[int]) -> list[ProvisionEvidence]:
    """The evidence on these provisions of every label not rejected."""
    if not provision_ids:
        return []
    rows = session.execute(
        select(
            LabelEvidence.provision_id,
            LabelEvidence.score,
            LabelEvidence.start_offset,
            LabelEvidence.end_offset,
            Label.id,
            Label.concept_id,
            Label.score,
            Label.method,
            Label.model_id,
            Label.review_status,
            Label.review_version,
        )
        .join(Label, LabelEvidence.label_id == Label.id)
        .where(
            LabelEvidence.provision_id.in_(provision_ids),
            Label.review_status != ReviewStatus.REJECTED,
        )
    ).all()
    return [ProvisionEvidence(*row) for row in rows]


def concepts_by_id(session: Session, ids: Collection[str]) -> dict[str, Concept]:
    """The concepts with these ids (unknown ids are left out)."""
    if not ids:
        return {}
    return {c.id: c for c in session.scalars(select(Concept).where(Concept.id.in_(ids)))}


def concept_taxonomies(session: Session, ids: Collection[str]) -> dict[str, str]:
    """Concept id -> its taxonomy's id."""
    if not ids:
        return {}
    query = select(Concept.id, Concept.taxonomy_id).where(Concept.id.in_(ids))
    return {concept: taxonomy for concept, taxonomy in session.execute(query)}


def provision_languages(session: Session, ids: Collection[int]) -> dict[int, str | None]:
    """Provision id -> the language its text is in, where one was recorded."""
    if not ids:
        return {}
    query = select(Provision.id, Provision.language).where(Provision.id.in_(ids))
    return {provision: language for provision, language in session.execute(query)}


def newest_text_languages(
    session: Session, instrument_ids: Collection[str]
) -> dict[str, str | None]:
    """Instrument id -> the language of its newest full text (reference stubs aside)."""
    found: dict[str, str | None] = {}
    if not instrument_ids:
        return found
    for instrument, language in session.execute(
        select(InstrumentVersion.instrument_id, InstrumentVersion.language)
        .where(
            InstrumentVersion.instrument_id.in_(instrument_ids),
            InstrumentVersion.format != REFERENCE_FORMAT,
        )
        .order_by(InstrumentVersion.id)
    ):
        found[instrument] = language  # the newest wins
    return found


def label_review_share(session: Session) -> tuple[int, int]:
    """(model labels not reviewed by a human, all labels)."""
    total = session.scalar(select(func.count()).select_from(Label)) or 0
    unreviewed = session.scalar(
        select(func.count())
        .select_from(Label)
        .where(Label.method == LabelMethod.MODEL, Label.review_status == ReviewStatus.UNREVIEWED)
    )
    return unreviewed or 0, total
