"""How the store's instruments are spread: the GROUP BY counts behind the landscape
(``analytics.landscape``) and the facts behind each jurisdiction's population and
knowledge (``analytics.places``).

Counts come straight from the store, so the CLI, the web atlas and the reports print
the same figures; what a count means (a legal effect, a population) is decided above.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from govatlas.store.models import (
    Instrument,
    InstrumentVersion,
    Jurisdiction,
    Label,
    Provision,
)
from govatlas.vocabulary import Binding, JurisdictionKind, ResearchFinding, Status

STRATEGY_TYPES = ("strategy", "policy")


def table_sizes(session: Session) -> dict[str, int]:
    """How many instruments, versions, provisions and labels the store holds."""
    tables: dict[str, type[Any]] = {
        "instruments": Instrument,
        "versions": InstrumentVersion,
        "provisions": Provision,
        "labels": Label,
    }
    return {
        name: session.scalar(select(func.count()).select_from(table)) or 0
        for name, table in tables.items()
    }


def instrument_counts_by(
    session: Session, column: InstrumentedAttribute[Any]
) -> list[tuple[Any, int]]:
    """(value, how many instruments) for each value of an instrument column."""
    query = select(column, func.count()).select_from(Instrument).group_by(column)
    return [(value, count) for value, count in session.execute(query)]


def instrument_standings(session: Session) -> list[tuple[Binding, Status, bool]]:
    """(binding, status, made by a public authority) of every instrument."""
    query = select(Instrument.binding, Instrument.status, Instrument.public_authority)
    return [(binding, status, bool(public)) for binding, status, public in session.execute(query)]


def instrument_counts_by_place(
    session: Session,
) -> list[tuple[JurisdictionKind, bool, str, int]]:
    """(kind, UN member, jurisdiction, how many instruments) of each place with one."""
    query = (
        select(
            Jurisdiction.kind, Jurisdiction.un_member, Jurisdiction.id, func.count(Instrument.id)
        )
        .join(Instrument, Instrument.jurisdiction_id == Jurisdiction.id)
        .group_by(Jurisdiction.kind, Jurisdiction.un_member, Jurisdiction.id)
    )
    return [(kind, member, place, count) for kind, member, place, count in session.execute(query)]


def places_by_instrument_count(session: Session) -> list[tuple[str, str, int]]:
    """(jurisdiction, name, how many instruments) of each place with one, the most first."""
    query = (
        select(Jurisdiction.id, Jurisdiction.name, func.count(Instrument.id))
        .join(Instrument, Instrument.jurisdiction_id == Jurisdiction.id)
        .group_by(Jurisdiction.id, Jurisdiction.name)
        .order_by(func.count(Instrument.id).desc(), Jurisdiction.id)
    )
    return [(place, name, count) for place, name, count in session.execute(query)]


def instrument_counts_by_place_kind(session: Session) -> list[tuple[JurisdictionKind, int]]:
    """(kind of jurisdiction, how many instruments) over the places that have one."""
    query = (
        select(Jurisdiction.kind, func.count(Instrument.id))
        .join(Instrument, Instrument.jurisdiction_id == Jurisdiction.id)
        .group_by(Jurisdiction.kind)
    )
    return [(kind, count) for kind, count in session.execute(query)]


def public_authority_places(session: Session) -> list[tuple[str, str]]:
    """(instrument, jurisdiction) of every instrument a public authority made."""
    query = select(Instrument.id, Instrument.jurisdiction_id).where(
        Instrument.public_authority.is_(True)
    )
    return [(instrument, place) for instrument, place in session.execute(query)]


def every_jurisdiction(session: Session) -> list[Jurisdiction]:
    """Every jurisdiction in the store."""
    return list(session.scalars(select(Jurisdiction)))


def member_state_findings(session: Session) -> dict[str, ResearchFinding | None]:
    """UN Member State -> what research found where no instrument is listed."""
    query = select(Jurisdiction.id, Jurisdiction.research_finding).where(
        Jurisdiction.un_member.is_(True)
    )
    return {place: finding for place, finding in session.execute(query)}


def research_finding(session: Session, jurisdiction: str) -> ResearchFinding | None:
    """What research found for one place (None: not researched, or unknown place)."""
    query = select(Jurisdiction.research_finding).where(Jurisdiction.id == jurisdiction)
    return session.scalar(query)


def places_with_ai_strategy(session: Session, *, drafts: bool = False) -> set[str]:
    """Jurisdictions where a public authority adopted an AI strategy or policy still in
    effect; with ``drafts``, those where one is only proposed (a draft) instead."""
    stages = (
        (Status.PROPOSED,) if drafts else (Status.ADOPTED, Status.IN_FORCE, Status.PARTLY_IN_FORCE)
    )
    query = (
        select(Instrument.jurisdiction_id)
        .where(
            Instrument.type.in_(STRATEGY_TYPES),
            Instrument.public_authority.is_(True),
            Instrument.topic == "ai",
            Instrument.status.in_(stages),
        )
        .distinct()
    )
    found = set(session.scalars(query))
    return found - places_with_ai_strategy(session) if drafts else found
