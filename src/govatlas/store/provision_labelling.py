"""The rows the provision classifiers' labelling reads and replaces (``classify.provisions
.labelling``): a version's passages, the pairs people decided, the stale machine labels
and near misses a new run replaces, and the labelling runs that say what was read.

What counts as decided or stale is fixed here as queries; which model ids are the
classifiers' readings is the caller's, passed in.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from govatlas.store.models import (
    InstrumentVersion,
    Label,
    LabelEvidence,
    LabellingRun,
    NearMiss,
    Provision,
)
from govatlas.vocabulary import ReviewStatus


def version_passages(session: Session, version_id: int) -> list[tuple[int, str | None, str, str]]:
    """(provision, heading, its own words, path) of every provision of the version, in
    reading order; a provision's own words are its searchable text where it has one."""
    query = (
        select(
            Provision.id,
            Provision.heading,
            func.coalesce(Provision.search_text, Provision.text),
            Provision.path,
        )
        .where(Provision.version_id == version_id)
        .order_by(Provision.ordinal)
    )
    return [
        (provision, heading, text, path)
        for provision, heading, text, path in session.execute(query)
    ]


def decided_pairs(
    session: Session, version_id: int, concept_ids: Collection[str]
) -> set[tuple[int, str]]:
    """(provision, concept) pairs of the version a person decided: never relabelled."""
    query = (
        select(Label.provision_id, Label.concept_id)
        .join(Provision, Provision.id == Label.provision_id)
        .where(
            Provision.version_id == version_id,
            Label.concept_id.in_(concept_ids),
            Label.review_status != ReviewStatus.UNREVIEWED,
        )
    )
    return {
        (provision, concept)
        for provision, concept in session.execute(query)
        if provision is not None
    }


def clear_near_misses(session: Session, version_id: int, concept_ids: Collection[str]) -> None:
    """Delete the version's near misses on these concepts."""
    on_version = select(Provision.id).where(Provision.version_id == version_id)
    session.execute(
        delete(NearMiss).where(
            NearMiss.provision_id.in_(on_version), NearMiss.concept_id.in_(concept_ids)
        )
    )


def stale_machine_labels(
    session: Session, version_id: int, model_ids: Collection[str], concept_ids: Collection[str]
) -> list[int]:
    """The ids of the unreviewed labels these models gave the version's provisions on
    these concepts, locked until the transaction ends (PostgreSQL: a reviewer deciding
    on one of them meanwhile waits, then finds it replaced, never deleted after the
    decision; SQLite writes one transaction at a time)."""
    query = (
        select(Label.id)
        .where(
            Label.provision_id.in_(select(Provision.id).where(Provision.version_id == version_id)),
            Label.model_id.in_(model_ids),
            Label.concept_id.in_(concept_ids),
            Label.review_status == ReviewStatus.UNREVIEWED,
        )
        .with_for_update()
    )
    return list(session.scalars(query))


def delete_unreviewed_labels(session: Session, label_ids: Collection[int]) -> int:
    """Delete those of these labels (and their evidence) that are still unreviewed; how
    many. A reviewer may have decided on one since they were read: on PostgreSQL they
    are locked (``stale_machine_labels``), on SQLite the first delete takes the write
    lock, so none changes between the two deletes, and a decided label stays."""
    ids = list(label_ids)
    still = select(Label.id).where(
        Label.id.in_(ids), Label.review_status == ReviewStatus.UNREVIEWED
    )
    session.execute(delete(LabelEvidence).where(LabelEvidence.label_id.in_(still)))
    result: Any = session.execute(
        delete(Label).where(Label.id.in_(ids), Label.review_status == ReviewStatus.UNREVIEWED)
    )
    return int(result.rowcount or 0)


def labelling_run(
    session: Session, version_id: int, taxonomy: str, model_id: str
) -> LabellingRun | None:
    """The record that ``model_id`` read the version for a taxonomy, if it did."""
    query = select(LabellingRun).where(
        LabellingRun.version_id == version_id,
        LabellingRun.taxonomy_id == taxonomy,
        LabellingRun.model_id == model_id,
    )
    return session.scalar(query)


def runs_of(session: Session, model_ids: Collection[str]) -> list[tuple[int, str, str, str]]:
    """(version, taxonomy, model, model version) of every labelling run of these models."""
    query = select(
        LabellingRun.version_id,
        LabellingRun.taxonomy_id,
        LabellingRun.model_id,
        LabellingRun.model_version,
    ).where(LabellingRun.model_id.in_(model_ids))
    return [
        (version, taxonomy, model, tag) for version, taxonomy, model, tag in session.execute(query)
    ]


def version_languages(session: Session, version_ids: Collection[int]) -> dict[int, str | None]:
    """Version id -> the language of its text."""
    query = select(InstrumentVersion.id, InstrumentVersion.language).where(
        InstrumentVersion.id.in_(version_ids)
    )
    return {version: language for version, language in session.execute(query)}


ReviewedProvisionRow = tuple[int, str, ReviewStatus, str, str | None, str]


def reviewed_provision_labels(
    session: Session, concept_ids: Collection[str]
) -> list[ReviewedProvisionRow]:
    """(provision, concept, review status, instrument, heading, own words) of every
    reviewed provision label on these concepts, by provision and then label."""
    query = (
        select(
            Label.provision_id,
            Label.concept_id,
            Label.review_status,
            InstrumentVersion.instrument_id,
            Provision.heading,
            func.coalesce(Provision.search_text, Provision.text),
        )
        .join(Provision, Provision.id == Label.provision_id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(Label.concept_id.in_(concept_ids), Label.review_status != ReviewStatus.UNREVIEWED)
        .order_by(Label.provision_id, Label.id)
    )
    return [
        (provision, concept, status, instrument, heading, text)
        for provision, concept, status, instrument, heading, text in session.execute(query)
        if provision is not None
    ]
