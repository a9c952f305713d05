"""Taxonomies and concepts as the pages and the API show them: each taxonomy with its
concept count; a taxonomy's concepts with how many instruments cover each and how many
carry a label on it; a concept with its mappings, the instruments that cover it and the
provisions its labels cite. The queries are the store's (``store.taxonomies``); what
covers a concept is ``analytics.coverage``'s."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from govatlas.analytics.coverage import covering_counts
from govatlas.store.instruments import instruments_by_ids
from govatlas.store.models import Concept, Taxonomy
from govatlas.store.taxonomies import (
    concept_evidence,
    concept_mappings,
    concepts_of,
    labelled_instrument_counts,
    taxonomies_with_counts,
    unknown_concept,
    unknown_taxonomy,
)
from govatlas.web.queries import concept_instruments


def taxonomies(session: Session) -> list[dict[str, Any]]:
    return [
        {"id": t.id, "name": t.name, "version": t.version, "concepts": count}
        for t, count in taxonomies_with_counts(session)
    ]


def concept_rows(session: Session, taxonomy_id: str, counted: bool = True) -> list[dict[str, Any]]:
    """A taxonomy's concepts; ``counted`` adds, per concept, the instruments that cover
    it (as the concept's page lists them) and the instruments with any label on it
    (provision labels counted by their instrument; unreviewed and experimental
    machine labels included, rejected ones not)."""
    if session.get(Taxonomy, taxonomy_id) is None:
        raise unknown_taxonomy(session, taxonomy_id)
    concepts = concepts_of(session, taxonomy_id)
    labels = {c.id: c.pref_label for c in concepts}
    rows: list[dict[str, Any]] = [
        {
            "id": c.id,
            "notation": c.notation,
            "label": c.pref_label,
            "alt_labels": list(c.alt_labels or []),
            "definition": c.definition,
            "parent": c.parent_id,
            "parent_label": labels.get(c.parent_id or "", c.parent_id),
        }
        for c in concepts
    ]
    if counted:
        covering = covering_counts(session, taxonomy_id)
        labelled = labelled_instrument_counts(session, taxonomy_id)
        for row in rows:
            row["covering_instruments"] = covering.get(row["notation"], 0)
            row["labelled_instruments"] = labelled.get(row["id"], 0)
    return rows


def concept_detail(session: Session, concept_id: str, limit: int = 200) -> dict[str, Any]:
    concept = session.get(Concept, concept_id)
    if concept is None:
        raise unknown_concept(session, concept_id)
    mappings = [
        {
            "type": r.type.value,
            "direction": "to" if r.source_concept_id == concept_id else "from",
            "concept": r.target_concept_id
            if r.source_concept_id == concept_id
            else r.source_concept_id,
        }
        for r in concept_mappings(session, concept_id)
    ]
    covering = sorted(concept_instruments(session, concept_id))
    instruments = instruments_by_ids(session, covering[:limit])
    evidence, evidence_count = concept_evidence(session, concept_id, limit)
    return {
        "id": concept.id,
        "taxonomy": concept.taxonomy_id,
        "notation": concept.notation,
        "label": concept.pref_label,
        "alt_labels": list(concept.alt_labels or []),
        "negative_labels": list(concept.negative_labels or []),
        "definition": concept.definition,
        "parent": concept.parent_id,
        "mappings": mappings,
        "instrument_count": len(covering),
        "instruments": [
            {
                "id": i.id,
                "short_name": i.short_name,
                "jurisdiction": i.jurisdiction_id,
                "binding": i.binding.value,
            }
            for i in instruments
        ],
        "provisions": [
            {"id": pid, "path": path, "instrument": instrument}
            for pid, path, instrument in evidence
        ],
        "provision_count": evidence_count,
    }
