"""The queries on convenings and what hangs off them (``network_models``): convenings by
date, their outcomes, their follow-up actions, the people in their public roles. The
``network`` package calls these; what a participant is, and what a status means, is
decided there."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from govatlas.store.network_models import (
    Convening,
    ConveningOutcome,
    FollowUpAction,
    Person,
    PersonRole,
)


def convenings_by_date(session: Session, series: str | None = None) -> list[Convening]:
    """Every convening (or one series'), oldest first."""
    query = select(Convening).order_by(Convening.start_on, Convening.id)
    if series:
        query = query.where(Convening.series == series)
    return list(session.scalars(query))


def convenings_by_id(session: Session) -> dict[str, Convening]:
    return {c.id: c for c in session.scalars(select(Convening))}


def convening_series(session: Session) -> list[str]:
    return sorted({s for s in session.scalars(select(Convening.series)) if s})


def outcomes_of(session: Session, convening_id: str) -> list[ConveningOutcome]:
    """The catalog instruments a convening produced, as recorded."""
    return list(
        session.scalars(
            select(ConveningOutcome)
            .where(ConveningOutcome.convening_id == convening_id)
            .order_by(ConveningOutcome.id)
        )
    )


def follow_up_actions(session: Session, convening_id: str) -> list[FollowUpAction]:
    return list(
        session.scalars(select(FollowUpAction).where(FollowUpAction.convening_id == convening_id))
    )


def all_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.id)))


def people_named(session: Session, name: str) -> list[Person]:
    return list(session.scalars(select(Person).where(Person.name == name)))


def people_at(session: Session, convening_id: str) -> list[tuple[Person, PersonRole]]:
    """A convening's people with their part, by name."""
    rows = session.execute(
        select(Person, PersonRole)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(PersonRole.convening_id == convening_id)
        .order_by(Person.name)
    ).all()
    return [(person, role) for person, role in rows]


def count_people(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Person)) or 0


def remove_person(session: Session, person_id: int) -> int:
    """Delete a person and every part they had; how many parts went."""
    parts = session.scalar(
        select(func.count()).select_from(PersonRole).where(PersonRole.person_id == person_id)
    )
    session.execute(delete(PersonRole).where(PersonRole.person_id == person_id))
    session.execute(delete(Person).where(Person.id == person_id))
    return parts or 0
