"""Indicators linked to governance concepts: UN themes (transparency, accountability,
human oversight, safety, security...), FLI building blocks and OECD principles.

Zero-shot, as for provisions (``classify.concepts.matching``): an indicator's name and
definition match a concept by its names or by MiniLM similarity to its description.
The links are automated ``related`` mappings a reviewer can accept or reject;
recomputing keeps every reviewed link.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.classify.concepts.matching import ConceptMatcher, concepts_of
from govatlas.industry.mappings import clear_suggested
from govatlas.store.models import Concept, Indicator, IndicatorMapping
from govatlas.taxonomy import load_taxonomies
from govatlas.vocabulary import MappingType, RelationshipMethod, ReviewStatus

TAXONOMIES = ("un", "fli-blocks", "oecd")


def link_concepts(session: Session) -> int:
    indicators = list(session.scalars(select(Indicator).order_by(Indicator.id)))
    if not indicators:
        return 0
    stored = set(session.scalars(select(Concept.id)))
    concepts = [
        (cid, spec) for cid, spec in concepts_of(load_taxonomies(), TAXONOMIES) if cid in stored
    ]
    reviewed = clear_suggested(session, IndicatorMapping.concept_id)
    matches = ConceptMatcher(concepts).match(
        [" ".join(x for x in (i.name, i.definition) if x) for i in indicators]
    )
    added = 0
    for indicator, found in zip(indicators, matches, strict=True):
        for match in found:
            if (indicator.id, match.concept) in reviewed:
                continue
            session.add(
                IndicatorMapping(
                    indicator_id=indicator.id,
                    concept_id=match.concept,
                    type=MappingType.RELATED,
                    method=RelationshipMethod.AUTOMATED,
                    review_status=ReviewStatus.UNREVIEWED,
                    confidence=round(match.score, 3),
                    rationale=f"zero-shot match by {match.reason}",
                )
            )
            added += 1
    session.flush()
    return added


def indicator_concepts(session: Session, indicator_ids: list[str]) -> dict[str, list[str]]:
    """Indicator -> labels of the concepts it is linked to (rejected links left out)."""
    found: dict[str, list[str]] = defaultdict(list)
    for indicator_id, label in session.execute(
        select(IndicatorMapping.indicator_id, Concept.pref_label)
        .join(Concept, Concept.id == IndicatorMapping.concept_id)
        .where(
            IndicatorMapping.indicator_id.in_(indicator_ids),
            IndicatorMapping.review_status != ReviewStatus.REJECTED,
        )
        .order_by(IndicatorMapping.confidence.desc())
    ):
        found[indicator_id].append(label)
    return found
