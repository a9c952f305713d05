"""Taxonomies and concepts in the store, with deterministic concept ids."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.near_names import unknown
from govatlas.records import TaxonomyDraft
from govatlas.store.models import Concept, Taxonomy


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
