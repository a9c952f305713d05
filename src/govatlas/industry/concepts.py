"""Indicators linked to governance concepts: UN themes (transparency, accountability,
human oversight, safety, security...), FLI building blocks and OECD principles.

Zero-shot, as for provisions (``classify.concepts.matching``): an indicator's name and
definition match a concept by its names or by MiniLM similarity to its description.
The links are automated ``related`` mappings a reviewer can accept or reject;
recomputing keeps every reviewed link.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from govatlas.classify.concepts.matching import ConceptMatcher, concepts_of
from govatlas.industry.mappings import clear_suggested
from govatlas.store.industry import all_indicators, indicator_concept_labels, stored_concept_ids
from govatlas.store.models import IndicatorMapping
from govatlas.taxonomy import load_taxonomies
from govatlas.vocabulary import MappingType, RelationshipMethod, ReviewStatus

TAXONOMIES = ("un", "fli-blocks", "oecd")


def link_concepts(session: Session) -> int:
    indicators = all_indicators(session)
    if not indicators:
        return 0
    stored = stored_concept_ids(session)
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
    for indicator_id, label in indicator_concept_labels(session, indicator_ids):
        found[indicator_id].append(label)
    return found
