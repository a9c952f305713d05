"""Label rows as the labelling code reads and replaces them on instruments: which
instruments a model version has labelled, the undecided machine labels a new run
replaces, the labels a source's records gave an instrument, one concept's labels on an
instrument (``classify.labels.instrument_labels``, ``ingest.pipeline``), and every label
on an instrument or its provisions for a set of concepts (``analytics.cell_explanation``).

People's decisions are never deleted here: a label with a review is kept.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session

from govatlas.store.models import InstrumentVersion, Label, Provision
from govatlas.vocabulary import LabelMethod


def instruments_labelled_by(session: Session, model_id: str, model_version: str) -> set[str]:
    """The instruments this version of a model has labelled."""
    query = select(Label.instrument_id).where(
        Label.model_id == model_id, Label.model_version == model_version
    )
    return {instrument for instrument in session.scalars(query) if instrument is not None}


def clear_undecided_labels(
    session: Session, instrument_id: str, *which: ColumnElement[bool]
) -> set[str]:
    """Delete the instrument's machine labels (within ``which``) that nobody decided on;
    the concepts of those a person did decide on."""
    scope = (Label.instrument_id == instrument_id, Label.method == LabelMethod.MODEL, *which)
    session.execute(delete(Label).where(*scope, Label.review_version == 0))
    return set(session.scalars(select(Label.concept_id).where(*scope)))


def concept_labels_on(session: Session, instrument_id: str, concept_id: str) -> list[Label]:
    """Every label of a concept on the instrument, oldest first."""
    query = (
        select(Label)
        .where(Label.instrument_id == instrument_id, Label.concept_id == concept_id)
        .order_by(Label.id)
    )
    return list(session.scalars(query))


def labels_from_source(session: Session, instrument_id: str, prefix: str) -> list[Label]:
    """The instrument's labels whose provenance starts with ``prefix`` (a source's
    document: ``agora:123 ``), the most reviewed first, then oldest first."""
    query = (
        select(Label)
        .where(
            Label.instrument_id == instrument_id,
            Label.provenance.startswith(prefix, autoescape=True),
        )
        .order_by(Label.review_version.desc(), Label.id)
    )
    return list(session.scalars(query))


def labels_on_instrument(
    session: Session, instrument_id: str, concepts: Collection[str]
) -> list[Label]:
    """Every label of these concepts on the instrument itself or on a provision of any
    of its versions, instrument-level first, then by id."""
    provisions = (
        select(Provision.id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(InstrumentVersion.instrument_id == instrument_id)
    )
    query = (
        select(Label)
        .where(
            Label.concept_id.in_(list(concepts)),
            or_(Label.instrument_id == instrument_id, Label.provision_id.in_(provisions)),
        )
        .order_by(Label.provision_id.is_not(None), Label.id)
    )
    return list(session.scalars(query))
