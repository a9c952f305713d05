"""Which indicators of two FMTI editions ask the same question, so trends compare like with like.

- 2023 and 2024 share one indicator file: each indicator maps to itself
  (``equal``, accepted: the definitions are the same text).
- 2024 to 2025: the index was redefined and only 12 names match. Each 2025
  indicator is compared with every 2024 one by TF-IDF cosine over name,
  definition and notes. An identical name with similar wording is ``equal`` and
  accepted by rule; otherwise the best match at or above ``CLOSE_SIMILARITY`` is
  ``close`` and waits for a human (``govatlas industry review-mapping``).

Trends use accepted mappings only. Recomputing keeps every human decision.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.industry.mappings import clear_suggested
from govatlas.store.decisions import Reviewer, decide
from govatlas.store.industry import framework_indicators
from govatlas.store.models import ID_LIMIT, Indicator, IndicatorMapping
from govatlas.vocabulary import MappingType, RelationshipMethod, ReviewDecisionKind, ReviewStatus

CLOSE_SIMILARITY = 0.35
SAME_NAME_SIMILARITY = 0.3  # an identical name whose wording shares less is left for review
CHAIN = (("fmti-2023", "fmti-2024"), ("fmti-2024", "fmti-2025"))


@dataclass
class MappingCounts:
    equal: int = 0
    close: int = 0


def _text(indicator: Indicator) -> str:
    return " ".join(x for x in (indicator.name, indicator.definition, indicator.notes) if x)


def map_editions(session: Session) -> MappingCounts:
    from sklearn.feature_extraction.text import TfidfVectorizer

    counts = MappingCounts()
    decided = clear_suggested(session, IndicatorMapping.target_indicator_id)
    for older, newer in CHAIN:
        old, new = framework_indicators(session, older), framework_indicators(session, newer)
        if not old or not new:
            continue
        if [i.name for i in old] == [i.name for i in new] and [i.definition for i in old] == [
            i.definition for i in new
        ]:
            for a, b in zip(old, new, strict=True):
                if (a.id, b.id) not in decided:
                    session.add(
                        IndicatorMapping(
                            indicator_id=a.id,
                            target_indicator_id=b.id,
                            type=MappingType.EQUAL,
                            method=RelationshipMethod.AUTOMATED,
                            review_status=ReviewStatus.ACCEPTED,
                            confidence=1.0,
                            rationale="same indicator set: identical name and definition",
                        )
                    )
                    counts.equal += 1
            continue
        matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(
            [_text(i) for i in (*old, *new)]
        )
        similarity = (matrix[len(old) :] @ matrix[: len(old)].T).toarray()
        by_name = {i.name.lower(): n for n, i in enumerate(old)}
        for j, indicator in enumerate(new):
            same = by_name.get(indicator.name.lower())
            best = int(np.argmax(similarity[j]))
            if same is not None and similarity[j, same] >= SAME_NAME_SIMILARITY:
                best, kind = same, MappingType.EQUAL
                status, why = ReviewStatus.ACCEPTED, "identical name, similar wording"
            elif same is not None:
                best, kind = same, MappingType.CLOSE
                status, why = ReviewStatus.UNREVIEWED, "identical name, reworded definition"
            elif similarity[j, best] >= CLOSE_SIMILARITY:
                kind, status = MappingType.CLOSE, ReviewStatus.UNREVIEWED
                why = "similar wording; comparable once a reviewer accepts"
            else:
                continue
            if (old[best].id, indicator.id) in decided:
                continue
            session.add(
                IndicatorMapping(
                    indicator_id=old[best].id,
                    target_indicator_id=indicator.id,
                    type=kind,
                    method=RelationshipMethod.AUTOMATED,
                    review_status=status,
                    confidence=round(float(similarity[j, best]), 3),
                    rationale=f"{why} (TF-IDF cosine {similarity[j, best]:.2f})",
                )
            )
            if kind is MappingType.EQUAL:
                counts.equal += 1
            else:
                counts.close += 1
    session.flush()
    return counts


def check_decision(decision: str) -> None:
    """A review is accept or reject."""
    if decision not in ("accept", "reject"):
        raise InvalidInputError(f"decision {decision!r} is not accept or reject")


def review_mapping(
    session: Session,
    mapping_id: int,
    decision: str,
    reviewer: Reviewer | str,
    seen_version: int | None = None,
) -> IndicatorMapping:
    """Accept or reject a mapping, recorded as a decision row (``store.decisions``)."""
    mapping = session.get(IndicatorMapping, mapping_id) if 0 < mapping_id < ID_LIMIT else None
    if mapping is None:
        raise NotFoundError(
            f"no mapping {mapping_id}", "list them with `govatlas industry mappings`"
        )
    check_decision(decision)
    accepted = decision == "accept"
    decide(
        session,
        mapping,
        ReviewDecisionKind.ACCEPT if accepted else ReviewDecisionKind.REJECT,
        ReviewStatus.ACCEPTED if accepted else ReviewStatus.REJECTED,
        reviewer,
        seen_version=seen_version,
        changes={"method": RelationshipMethod.HYBRID},
        what=f"mapping {mapping_id}",
    )
    return mapping
