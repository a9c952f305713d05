"""The queries on the industry tables: organisations, indicator frameworks (FMTI
editions) and their indicators, and indicator mappings between editions, to concepts and
to provisions. ``industry`` (profiles, readiness, edition and concept links, the FMTI
import), the CLI's ``industry`` commands and the Companies pages call them; what a score
or a mapping means is ``industry``'s. Assessments are in ``store.industry_assessments``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from govatlas.store.models import (
    Assessment,
    Concept,
    Indicator,
    IndicatorFramework,
    IndicatorMapping,
    Organisation,
)
from govatlas.vocabulary import ReviewStatus


def organisation_names(session: Session) -> dict[str, str]:
    return {i: n for i, n in session.execute(select(Organisation.id, Organisation.name)).all()}


def organisations(session: Session) -> list[Organisation]:
    """Every assessed organisation, by name."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def organisations_by_id(session: Session) -> list[Organisation]:
    """Every assessed organisation, by id."""
    return list(session.scalars(select(Organisation).order_by(Organisation.id)))


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


def newest_assessed_framework(session: Session, organisation_id: str) -> str | None:
    """The most recently published framework that assessed an organisation, if any."""
    return session.scalars(
        select(IndicatorFramework.id)
        .join(Indicator, Indicator.framework_id == IndicatorFramework.id)
        .join(Assessment, Assessment.indicator_id == Indicator.id)
        .where(Assessment.organisation_id == organisation_id)
        .order_by(IndicatorFramework.published.desc())
    ).first()


def frameworks_by_publication(session: Session) -> list[IndicatorFramework]:
    """Every indicator framework (FMTI edition), oldest published first."""
    return list(session.scalars(select(IndicatorFramework).order_by(IndicatorFramework.published)))


def frameworks_with_indicators(session: Session) -> list[str]:
    """The frameworks that have at least one indicator (in no particular order)."""
    return list(session.scalars(select(Indicator.framework_id).distinct()))


def framework_indicators(session: Session, framework_id: str) -> list[Indicator]:
    """A framework's indicators in their published order."""
    return list(
        session.scalars(
            select(Indicator)
            .where(Indicator.framework_id == framework_id)
            .order_by(Indicator.ordinal)
        )
    )


def all_indicators(session: Session) -> list[Indicator]:
    """Every indicator of every framework, by id."""
    return list(session.scalars(select(Indicator).order_by(Indicator.id)))


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


def mapped_pairs(
    session: Session, target: InstrumentedAttribute[Any], *where: ColumnElement[bool]
) -> set[tuple[str, Any]]:
    """The (indicator, ``target``) pairs of the mappings that satisfy ``where``."""
    return {
        (indicator, kept)
        for indicator, kept in session.execute(
            select(IndicatorMapping.indicator_id, target).where(*where)
        )
    }


def provision_mappings(
    session: Session, provision_ids: Collection[int], framework_id: str
) -> list[IndicatorMapping]:
    """The mappings of a framework's indicators to any of these provisions."""
    return list(
        session.scalars(
            select(IndicatorMapping)
            .join(Indicator, Indicator.id == IndicatorMapping.indicator_id)
            .where(
                IndicatorMapping.provision_id.in_(provision_ids),
                Indicator.framework_id == framework_id,
            )
        )
    )


def stored_concept_ids(session: Session) -> set[str]:
    """The id of every stored concept (indicators link only to these)."""
    return set(session.scalars(select(Concept.id)))


def indicator_concept_labels(
    session: Session, indicator_ids: Collection[str]
) -> Iterator[tuple[str, str]]:
    """(indicator, concept label) for the indicators' concept links, rejected ones left
    out, the most confident first."""
    yield from session.execute(
        select(IndicatorMapping.indicator_id, Concept.pref_label)
        .join(Concept, Concept.id == IndicatorMapping.concept_id)
        .where(
            IndicatorMapping.indicator_id.in_(indicator_ids),
            IndicatorMapping.review_status != ReviewStatus.REJECTED,
        )
        .order_by(IndicatorMapping.confidence.desc())
    )
