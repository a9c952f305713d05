"""Taxonomies and concepts in the store, with deterministic concept ids."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.near_names import unknown
from govatlas.records import TaxonomyDraft
from govatlas.store.models import (
    Concept,
    InstrumentVersion,
    Label,
    LabelEvidence,
    Provision,
    Relationship,
    Taxonomy,
)
from govatlas.vocabulary import ReviewStatus


def concept_id(taxonomy: str, notation: str) -> str:
    """``agora:harms-discrimination`` from (``agora``, ``Harms: Discrimination``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", notation.lower()).strip("-")
    return f"{taxonomy}:{slug}"[:160]


def sync_taxonomy(session: Session, draft: TaxonomyDraft) -> int:
    """Upsert a taxonomy and its concepts (parents first); returns the concept count.

    Empty fields in the draft leave stored values alone, so a source that only
    knows a concept's name (AGORA's columns) does not erase the definitions and
    labels that the packaged taxonomy gave it.
    """
    taxonomy = session.get(Taxonomy, draft.id) or Taxonomy(id=draft.id, name=draft.name)
    taxonomy.name = draft.name or taxonomy.name
    taxonomy.description = draft.description or taxonomy.description
    taxonomy.version = draft.version or taxonomy.version
    session.add(taxonomy)
    stored = {
        c.id: c for c in session.scalars(select(Concept).where(Concept.taxonomy_id == draft.id))
    }
    for concept in draft.concepts:
        cid = concept_id(draft.id, concept.notation)
        row = stored.get(cid) or Concept(
            id=cid, taxonomy_id=draft.id, alt_labels=[], negative_labels=[]
        )
        row.notation = concept.notation[:100]
        row.pref_label = concept.label[:300]
        row.definition = concept.definition or row.definition
        row.alt_labels = list(concept.alt_labels) or row.alt_labels
        row.negative_labels = list(concept.negative_labels) or row.negative_labels
        if concept.parent:
            row.parent_id = concept_id(draft.id, concept.parent)
        session.add(row)
        session.flush()
    return len(draft.concepts)


def unknown_concept(
    session: Session, concept: str, taxonomy_id: str | None = None
) -> NotFoundError:
    """The error for a concept id the store does not hold, with the closest ids (its
    label or its id without the taxonomy prefix find it too)."""
    query = select(Concept.id, Concept.notation, Concept.pref_label)
    if taxonomy_id is not None:
        query = query.where(Concept.taxonomy_id == taxonomy_id)
    rows = session.execute(query.order_by(Concept.id)).all()
    aliases = {label: cid for cid, _, label in rows} | {n: cid for cid, n, _ in rows}
    where = f" in {taxonomy_id}" if taxonomy_id else ""
    return unknown(
        "concept",
        concept,
        [cid for cid, _, _ in rows],
        message=f"no concept {concept!r}{where}",
        listing="concept ids look like fli-blocks:red-lines; `govatlas taxonomy show "
        f"{taxonomy_id or 'fli-blocks'}` lists them",
        empty="the store holds no taxonomies yet: run `govatlas build` first",
        aliases=aliases,
    )


def unknown_taxonomy(session: Session, taxonomy_id: str) -> NotFoundError:
    """The error for a taxonomy id the store does not hold, with the closest ids."""
    rows = session.execute(select(Taxonomy.id, Taxonomy.name).order_by(Taxonomy.id)).all()
    return unknown(
        "taxonomy",
        taxonomy_id,
        [tid for tid, _ in rows],
        listing="`govatlas taxonomy list` shows the ids",
        empty="the store holds no taxonomies yet: run `govatlas build` first",
        aliases={name: tid for tid, name in rows},
    )


def taxonomy_names(session: Session) -> dict[str, str]:
    """Every stored taxonomy's name, by id."""
    return {tid: name for tid, name in session.execute(select(Taxonomy.id, Taxonomy.name))}


def taxonomies_with_counts(session: Session) -> list[tuple[Taxonomy, int]]:
    """Every stored taxonomy with how many concepts it has, by id."""
    counts = dict(
        session.execute(
            select(Concept.taxonomy_id, func.count()).group_by(Concept.taxonomy_id)
        ).all()
    )
    return [
        (t, counts.get(t.id, 0)) for t in session.scalars(select(Taxonomy).order_by(Taxonomy.id))
    ]


def concepts_of(session: Session, taxonomy_id: str) -> list[Concept]:
    """A taxonomy's concepts, by id."""
    return list(
        session.scalars(
            select(Concept).where(Concept.taxonomy_id == taxonomy_id).order_by(Concept.id)
        )
    )


def concept_mappings(session: Session, concept_id: str) -> list[Relationship]:
    """The mappings between this concept and others, either way."""
    return list(
        session.scalars(
            select(Relationship).where(
                or_(
                    Relationship.source_concept_id == concept_id,
                    Relationship.target_concept_id == concept_id,
                )
            )
        )
    )


def labelled_instrument_counts(session: Session, taxonomy_id: str) -> dict[str, int]:
    """Per concept id, the instruments with a label on it that was not rejected, whether
    the label names the instrument or one of its provisions."""
    instrument = func.coalesce(Label.instrument_id, InstrumentVersion.instrument_id)
    query = (
        select(Label.concept_id, func.count(func.distinct(instrument)))
        .join(Concept, Concept.id == Label.concept_id)
        .outerjoin(Provision, Provision.id == Label.provision_id)
        .outerjoin(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(Concept.taxonomy_id == taxonomy_id, Label.review_status != ReviewStatus.REJECTED)
        .group_by(Label.concept_id)
    )
    return {concept: count for concept, count in session.execute(query).all()}


def concept_evidence(
    session: Session, concept_id: str, limit: int
) -> tuple[list[tuple[int, str, str]], int]:
    """The provisions cited as evidence by the concept's labels that were not rejected
    (id, path, instrument), by instrument and order in it, at most ``limit``; and how
    many there are in all."""
    cited = (
        select(Provision.id, Provision.path, InstrumentVersion.instrument_id)
        .join(LabelEvidence, LabelEvidence.provision_id == Provision.id)
        .join(Label, LabelEvidence.label_id == Label.id)
        .join(InstrumentVersion, Provision.version_id == InstrumentVersion.id)
        .where(Label.concept_id == concept_id, Label.review_status != ReviewStatus.REJECTED)
    )
    rows = session.execute(
        cited.order_by(InstrumentVersion.instrument_id, Provision.ordinal).limit(limit)
    ).all()
    total = session.scalar(select(func.count()).select_from(cited.subquery())) or 0
    return [(pid, path, instrument) for pid, path, instrument in rows], total
