"""Taxonomies and concepts in the store, with deterministic concept ids."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

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
