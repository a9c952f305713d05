"""Writing taxonomies into the store: concepts, and cross-taxonomy mappings as
typed relationships (SKOS mapping types read in NIST IR 8477's vocabulary)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.records import ConceptDraft, TaxonomyDraft
from govatlas.store.models import Concept, Relationship
from govatlas.store.taxonomies import concept_id, sync_taxonomy
from govatlas.taxonomy.schema import RELATIONSHIP_OF_MAPPING, TaxonomyFile
from govatlas.vocabulary import RationaleKind, RelationshipMethod, ReviewStatus

CITATION_PREFIX = "taxonomy mapping:"


def _parents_first(taxonomy: TaxonomyFile) -> list[ConceptDraft]:
    depth: dict[str, int] = {}
    parents = {c.id: c.parent for c in taxonomy.concepts}

    def level(cid: str, seen: frozenset[str] = frozenset()) -> int:
        if cid not in depth:
            parent = parents.get(cid)
            depth[cid] = 0 if parent is None or parent in seen else 1 + level(parent, seen | {cid})
        return depth[cid]

    ordered = sorted(taxonomy.concepts, key=lambda c: level(c.id))
    return [
        ConceptDraft(c.id, c.label, c.definition, c.parent, tuple(c.alt), tuple(c.not_))
        for c in ordered
    ]


def store_taxonomy(session: Session, taxonomy: TaxonomyFile) -> int:
    """Upsert the taxonomy's concepts; returns how many."""
    draft = TaxonomyDraft(
        taxonomy.id,
        taxonomy.name,
        taxonomy.description,
        tuple(_parents_first(taxonomy)),
        taxonomy.version,
    )
    return sync_taxonomy(session, draft)


def store_mappings(session: Session, taxonomies: Iterable[TaxonomyFile]) -> int:
    """Replace the stored mappings of these taxonomies; targets must be stored."""
    count = 0
    for taxonomy in taxonomies:
        citation = f"{CITATION_PREFIX}{taxonomy.id}"
        session.execute(delete(Relationship).where(Relationship.citation == citation))
        for concept in taxonomy.concepts:
            source = concept_id(taxonomy.id, concept.id)
            for mapping in concept.mappings:
                target_taxonomy, target_notation = mapping.to.split(":", 1)
                target = concept_id(target_taxonomy, target_notation)
                if session.get(Concept, target) is None:
                    raise InvalidInputError(
                        f"{taxonomy.id}:{concept.id} maps to {mapping.to!r}, which is not stored",
                        "load the target taxonomy first, or fix the mapping",
                    )
                session.add(
                    Relationship(
                        source_concept_id=source,
                        target_concept_id=target,
                        type=RELATIONSHIP_OF_MAPPING[mapping.type],
                        rationale_kind=RationaleKind.SEMANTIC,
                        rationale=f"SKOS {mapping.type.value}Match",
                        method=RelationshipMethod.HUMAN,
                        author="govatlas taxonomy data",
                        review_status=ReviewStatus.ACCEPTED,
                        citation=citation,
                    )
                )
                count += 1
    session.flush()
    return count


def store_taxonomies(session: Session, taxonomies: Iterable[TaxonomyFile]) -> tuple[int, int]:
    """Concepts of every taxonomy, then their mappings; returns (concepts, mappings)."""
    chosen = list(taxonomies)
    concepts = sum(store_taxonomy(session, t) for t in chosen)
    return concepts, store_mappings(session, chosen)
