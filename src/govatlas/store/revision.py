"""The store's revision: one cheap query over what writes touch (ids, counts,
review-status counts, the newest timestamps), so that a cache keyed by it is never
stale. Any write changes it: a build, an import, a review, a registry entry (its audit
log), a tracker fact reviewed from the command line, a translation corrected."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govatlas.store.models import (
    DatasetRelease,
    Embedding,
    Instrument,
    InstrumentVersion,
    Label,
    Relationship,
    TrackerFact,
)
from govatlas.store.registry_models import AuditEvent
from govatlas.store.translation_models import TranslationCorrection
from govatlas.vocabulary import ReviewStatus


def store_revision(engine: Engine, session: Session | None = None) -> tuple[object, ...]:
    """A value that changes whenever anything a page shows changes; read through
    ``session``'s connection when given (a request that holds a connection never waits
    for a second one)."""
    statement = select(
        select(func.count()).select_from(Relationship).scalar_subquery(),
        select(func.max(Relationship.id)).scalar_subquery(),
        select(func.count()).select_from(Label).scalar_subquery(),
        select(func.max(Label.id)).scalar_subquery(),
        select(func.max(InstrumentVersion.id)).scalar_subquery(),
        select(func.max(Instrument.updated_at)).scalar_subquery(),
        select(func.count()).select_from(Instrument).scalar_subquery(),
        select(func.max(DatasetRelease.created_at)).scalar_subquery(),
        select(func.count()).select_from(Embedding).scalar_subquery(),
        # every write to the registry appends to its audit log
        select(func.max(AuditEvent.id)).scalar_subquery(),
        # a translation corrected on the review pages or from the command line
        select(func.max(TranslationCorrection.id)).scalar_subquery(),
        # tracker facts reviewed from the command line
        select(func.count())
        .select_from(TrackerFact)
        .where(TrackerFact.status != "machine")
        .scalar_subquery(),
        # reviews change a status, not an id or a count
        *(
            select(func.count())
            .select_from(model)
            .where(model.review_status == status)
            .scalar_subquery()
            for model in (Label, Relationship)
            for status in (ReviewStatus.ACCEPTED, ReviewStatus.REJECTED)
        ),
    )
    if session is not None:
        return tuple(session.execute(statement).one())
    with engine.connect() as connection:
        row = connection.execute(statement).one()
    return tuple(row)
