"""The queries behind every list of instruments: filtered (jurisdiction with its
subdivisions, type, binding force, status, years of the first event, words of the title,
a set of ids worked out elsewhere), each with its first date and the date since which it
has been at its status; counted, sorted by any column or by standing (what binds today
first), paged, and tallied by standing class.

What decides *which* instruments cover a concept or use a technology is the domain's
(``analytics``): it hands the ids to ``ListFilters.within``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from govatlas.catalog.model import jurisdiction_with_descendants
from govatlas.store.models import Instrument, Jurisdiction, LifecycleEvent
from govatlas.vocabulary import STATUS_AFTER_EVENT, Binding, InstrumentType, LifecycleKind, Status


@dataclass(frozen=True)
class ListFilters:
    jurisdiction: str | None = None
    type: InstrumentType | None = None
    binding: Binding | None = None
    status: Status | None = None
    year_from: int | None = None
    year_to: int | None = None
    text: str | None = None
    within: frozenset[str] | None = None  # only these ids (None: no such limit)


def first_dates() -> Any:
    """Subquery: each instrument's first lifecycle date."""
    return (
        select(LifecycleEvent.instrument_id, func.min(LifecycleEvent.date).label("first"))
        .group_by(LifecycleEvent.instrument_id)
        .subquery()
    )


def events_giving(status: Status) -> tuple[LifecycleKind, ...]:
    """The kinds of event after which an instrument is at ``status``."""
    return tuple(kind for kind, after in STATUS_AFTER_EVENT.items() if after is status)


def standing_dates() -> Any:
    """Subquery: since when each instrument has been at its current status: the first
    event that gives that status (in force since its entry into force, adopted since
    its adoption, failed since it died), where one is recorded. A law in force is not
    "since" the day its bill was proposed."""
    at_status = or_(
        *(
            and_(Instrument.status == status, LifecycleEvent.kind.in_(events_giving(status)))
            for status in Status
            if events_giving(status)
        )
    )
    return (
        select(LifecycleEvent.instrument_id, func.min(LifecycleEvent.date).label("since"))
        .join(Instrument, Instrument.id == LifecycleEvent.instrument_id)
        .where(at_status)
        .group_by(LifecycleEvent.instrument_id)
        .subquery()
    )


def escape_like(word: str) -> str:
    """``word`` with LIKE's wildcards taken literally (escaped by a backslash)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def instrument_list(filters: ListFilters) -> Select[Any]:
    """Instruments matching the filters with their first date, ordered by id; ``text`` keeps
    those whose title, short name or id contains every one of its words."""
    first, standing = first_dates(), standing_dates()
    since = func.coalesce(standing.c.since, first.c.first).label("since")
    query = (
        select(Instrument, first.c.first, since)
        .outerjoin(first, first.c.instrument_id == Instrument.id)
        .outerjoin(standing, standing.c.instrument_id == Instrument.id)
    )
    if filters.jurisdiction:
        query = query.where(
            Instrument.jurisdiction_id.in_(jurisdiction_with_descendants(filters.jurisdiction))
        )
    if filters.type:
        query = query.where(Instrument.type == filters.type)
    if filters.binding:
        query = query.where(Instrument.binding == filters.binding)
    if filters.status:
        query = query.where(Instrument.status == filters.status)
    if filters.year_from:
        query = query.where(first.c.first >= date(filters.year_from, 1, 1))
    if filters.year_to:
        query = query.where(first.c.first <= date(filters.year_to, 12, 31))
    for word in (filters.text or "").lower().split():
        pattern = f"%{escape_like(word)}%"
        query = query.where(
            or_(
                func.lower(Instrument.title).like(pattern, escape="\\"),
                func.lower(Instrument.short_name).like(pattern, escape="\\"),
                func.lower(Instrument.id).like(pattern, escape="\\"),
            )
        )
    if filters.within is not None:
        query = query.where(Instrument.id.in_(filters.within))
    return query.order_by(Instrument.id)


def count_of(session: Session, query: Select[Any]) -> int:
    """How many rows ``query`` gives."""
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def standing_rank() -> Any:
    """0 for binding law in force, 1 binding and adopted (in force not recorded), 2
    non-binding, 3 pending proposals, 4 what no longer applies."""
    in_effect = (Status.IN_FORCE, Status.PARTLY_IN_FORCE)
    return case(
        (Instrument.status.in_((Status.REPEALED, Status.DEFUNCT, Status.SUSPENDED)), 4),
        (Instrument.status == Status.PROPOSED, 3),
        (Instrument.binding != Binding.BINDING, 2),
        (Instrument.status.in_(in_effect), 0),
        else_=1,
    )


STANDING = "standing"  # the default order: standing class, then the newest first


def ordered(query: Select[Any], column: str, descending: bool) -> Select[Any]:
    """``query`` (from ``instrument_list``) sorted by ``column`` (standing, since,
    jurisdiction, title, type, binding, status), ties broken by id; undated last."""
    first = query.selected_columns.since
    undated = case((first.is_(None), 1), else_=0)
    if column == STANDING:
        rank = standing_rank()
        by_date = first.asc() if descending else first.desc()
        return query.order_by(None).order_by(
            rank.desc() if descending else rank, undated, by_date, Instrument.id
        )
    if column == "since":
        by_date = first.desc() if descending else first.asc()
        return query.order_by(None).order_by(undated, by_date, Instrument.id)
    if column == "jurisdiction":
        name = (
            select(Jurisdiction.name)
            .where(Jurisdiction.id == Instrument.jurisdiction_id)
            .scalar_subquery()
        )
        key: Any = func.lower(name)
    elif column == "title":
        key = func.lower(func.coalesce(Instrument.short_name, Instrument.title))
    else:
        key = {
            "type": Instrument.type,
            "binding": Instrument.binding,
            "status": Instrument.status,
        }[column]
    return query.order_by(None).order_by(key.desc() if descending else key.asc(), Instrument.id)


def standing_date_precisions(session: Session, ids: Collection[str]) -> dict[str, tuple[date, str]]:
    """Each instrument's ``standing_dates`` date with the precision it is known at, for
    the instruments ``ids``; an instrument with no event of its status is left out."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            LifecycleEvent.instrument_id,
            LifecycleEvent.kind,
            LifecycleEvent.date,
            LifecycleEvent.precision,
            Instrument.status,
        )
        .join(Instrument, Instrument.id == LifecycleEvent.instrument_id)
        .where(LifecycleEvent.instrument_id.in_(ids))
        .order_by(LifecycleEvent.instrument_id, LifecycleEvent.date, LifecycleEvent.id)
    ).all()
    found: dict[str, tuple[date, str]] = {}
    for instrument_id, kind, day, precision, status in rows:
        if STATUS_AFTER_EVENT.get(kind) is status:
            found.setdefault(instrument_id, (day, precision or "day"))
    return found


def first_date_precisions(
    session: Session, ids: Collection[str] | None
) -> dict[str, tuple[date, str]]:
    """Each instrument's first event date with the precision it is known at ("day",
    "month", "year"), for the instruments ``ids`` (None: every instrument)."""
    if ids is not None and not ids:
        return {}
    query = select(LifecycleEvent.instrument_id, LifecycleEvent.date, LifecycleEvent.precision)
    if ids is not None:
        query = query.where(LifecycleEvent.instrument_id.in_(ids))
    rows = session.execute(
        query.order_by(LifecycleEvent.instrument_id, LifecycleEvent.date, LifecycleEvent.id)
    ).all()
    found: dict[str, tuple[date, str]] = {}
    for instrument_id, day, precision in rows:
        found.setdefault(instrument_id, (day, precision or "day"))
    return found


def standing_counts(session: Session, query: Select[Any]) -> dict[int, int]:
    """How many of ``query``'s instruments fall in each standing class (``standing_rank``)."""
    inner = query.add_columns(standing_rank().label("rank")).order_by(None).subquery()
    return dict(session.execute(select(inner.c.rank, func.count()).group_by(inner.c.rank)).all())


def counts_by_place_and_standing(
    session: Session, query: Select[Any]
) -> list[tuple[str, bool, int]]:
    """(jurisdiction, whether binding law in force or adopted, how many) over ``query``'s
    instruments: bills, pending or failed, are never counted as binding law."""
    law = case((standing_rank().in_((0, 1)), 1), else_=0)
    matching = query.add_columns(law.label("law")).order_by(None).subquery()
    rows = session.execute(
        select(matching.c.jurisdiction_id, matching.c.law, func.count()).group_by(
            matching.c.jurisdiction_id, matching.c.law
        )
    ).all()
    return [(place, bool(is_law), count) for place, is_law, count in rows]


def page_after(
    session: Session, query: Select[Any], after: str | None, limit: int
) -> tuple[list[Any], bool]:
    """Up to ``limit`` rows of ``query`` (ordered by id) after the id ``after``, and
    whether more follow."""
    if after:
        query = query.where(Instrument.id > after)
    rows = list(session.execute(query.limit(limit + 1)).all())
    return rows[:limit], len(rows) > limit


def page_at(session: Session, query: Select[Any], offset: int, size: int) -> list[Any]:
    return list(session.execute(query.offset(offset).limit(size)).all())
