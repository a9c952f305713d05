"""The queries on assessments: human scores (FMTI's, accepted as published, or a
reviewer's) and assisted suggestions. ``industry`` (profiles, trends, readiness,
assisted assessment and its evaluation) calls them; which scores count is decided
there, and passed in where it varies.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.store.models import Assessment, Indicator
from govatlas.vocabulary import AssessmentMethod, ReviewStatus


def human_score_totals(session: Session) -> Iterator[tuple[str, str, float | None]]:
    """(organisation, framework, sum of its human scores) for every assessed pair."""
    yield from session.execute(
        select(Assessment.organisation_id, Indicator.framework_id, func.sum(Assessment.score))
        .join(Indicator, Indicator.id == Assessment.indicator_id)
        .where(Assessment.method == AssessmentMethod.HUMAN)
        .group_by(Assessment.organisation_id, Indicator.framework_id)
    )


def accepted_framework_assessments(
    session: Session, organisation_id: str, framework_id: str
) -> list[tuple[Assessment, Indicator]]:
    """An organisation's accepted human assessments in one framework, with their
    indicators, in the indicators' order."""
    rows = session.execute(
        select(Assessment, Indicator)
        .join(Indicator, Indicator.id == Assessment.indicator_id)
        .where(
            Assessment.organisation_id == organisation_id,
            Indicator.framework_id == framework_id,
            Assessment.method == AssessmentMethod.HUMAN,
            Assessment.review_status == ReviewStatus.ACCEPTED,
        )
        .order_by(Indicator.ordinal)
    )
    return [(assessment, indicator) for assessment, indicator in rows]


def human_scores(
    session: Session, organisation_id: str, status: ReviewStatus | None = None
) -> dict[str, float | None]:
    """Indicator -> an organisation's human score (only in one review status, if given)."""
    query = select(Assessment.indicator_id, Assessment.score).where(
        Assessment.organisation_id == organisation_id,
        Assessment.method == AssessmentMethod.HUMAN,
    )
    if status is not None:
        query = query.where(Assessment.review_status == status)
    return {indicator_id: score for indicator_id, score in session.execute(query)}


def accepted_human_assessments(session: Session, organisation_id: str) -> list[Assessment]:
    """An organisation's accepted human assessments, in every framework."""
    return list(
        session.scalars(
            select(Assessment).where(
                Assessment.organisation_id == organisation_id,
                Assessment.method == AssessmentMethod.HUMAN,
                Assessment.review_status == ReviewStatus.ACCEPTED,
            )
        )
    )


def assisted_indicator_ids(
    session: Session, organisation_id: str, indicator_ids: Collection[str]
) -> set[str]:
    """Those of the indicators on which the organisation has an assisted assessment."""
    if not indicator_ids:
        return set()
    return set(
        session.scalars(
            select(Assessment.indicator_id).where(
                Assessment.organisation_id == organisation_id,
                Assessment.indicator_id.in_(indicator_ids),
                Assessment.method == AssessmentMethod.ASSISTED,
            )
        )
    )


def assisted_assessments(session: Session, organisation_id: str) -> list[Assessment]:
    """An organisation's assisted assessments (suggestions, reviewed or not), by id."""
    return list(
        session.scalars(
            select(Assessment)
            .where(
                Assessment.organisation_id == organisation_id,
                Assessment.method == AssessmentMethod.ASSISTED,
            )
            .order_by(Assessment.id)
        )
    )
