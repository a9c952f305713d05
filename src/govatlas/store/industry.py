"""The queries on the industry tables (organisations, indicator mappings between FMTI
editions) that listings and summaries need; what a mapping means is ``industry``'s."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.store.models import Assessment, Indicator, IndicatorMapping, Organisation
from govatlas.vocabulary import ReviewStatus


def organisation_names(session: Session) -> dict[str, str]:
    return {i: n for i, n in session.execute(select(Organisation.id, Organisation.name)).all()}


def edition_mappings(
    session: Session, status: ReviewStatus | None = None
) -> list[IndicatorMapping]:
    """The mappings between editions' indicators (in one review status, if given), by id."""
    query = select(IndicatorMapping).where(IndicatorMapping.target_indicator_id.is_not(None))
    if status is not None:
        query = query.where(IndicatorMapping.review_status == status)
    return list(session.scalars(query.order_by(IndicatorMapping.id)))


def edition_mapping_counts(session: Session) -> dict[ReviewStatus, int]:
    """How many mappings between editions stand in each review status."""
    rows = session.execute(
        select(IndicatorMapping.review_status, func.count())
        .where(IndicatorMapping.target_indicator_id.is_not(None))
        .group_by(IndicatorMapping.review_status)
    ).all()
    return {status: count for status, count in rows}


def organisations(session: Session) -> list[Organisation]:
    """Every assessed organisation, by name."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def assessed_frameworks(session: Session, organisation_id: str) -> list[str]:
    """The indicator frameworks (FMTI editions...) that assessed an organisation, sorted."""
    return sorted(
        set(
            session.scalars(
                select(Indicator.framework_id)
                .join(Assessment, Assessment.indicator_id == Indicator.id)
                .where(Assessment.organisation_id == organisation_id)
            )
        )
    )
