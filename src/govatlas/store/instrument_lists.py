"""The queries behind every list of instruments: filtered (jurisdiction with its
subdivisions, type, binding force, status, years of the first event, words of the title,
a set of ids worked out elsewhere), each with its first date; counted, sorted by any
column or by standing (what binds today first), paged, and tallied by standing class.

What decides *which* instruments cover a concept or use a technology is the domain's
(``analytics``): it hands the ids to ``ListFilters.within``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from govatlas.catalog.model import jurisdiction_with_descendants
from govatlas.store.models import Instrument, Jurisdiction, LifecycleEvent
from govatlas.vocabulary import Binding, InstrumentType, Status


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


def escape_like(word: str) -> str:
    """``word`` with LIKE's wildcards taken literally (escaped by a backslash)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def instrument_list(filters: ListFilters) -> Select[Any]:
    """Instruments matching the filters with their first date, ordered by id; ``text`` keeps
    those whose title, short name or id contains every one of its words."""
    first = first_dates()
    query = select(Instrument, first.c.first).outerjoin(
        first, first.c.instrument_id == Instrument.id
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
    first = query.selected_columns.first
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


def counts_by_place_and_binding(session: Session, query: Select[Any]) -> list[tuple[str, str, int]]:
    """(jurisdiction, binding, how many) over ``query``'s instruments."""
    matching = query.subquery()
    rows = session.execute(
        select(matching.c.jurisdiction_id, matching.c.binding, func.count()).group_by(
            matching.c.jurisdiction_id, matching.c.binding
        )
    ).all()
    return [(place, binding, count) for place, binding, count in rows]


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
