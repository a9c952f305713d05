"""The instrument table as pages show it: filtered, sorted by any column, paged.

The default order puts what binds today first: binding instruments in force, then binding
ones adopted whose entry into force is not recorded, then non-binding ones, then pending
proposals (bills and drafts), then what was repealed, superseded or failed; within each,
the newest first. Every other
order is one column, ascending or descending, with undated instruments last either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from govatlas.dates import dated
from govatlas.errors import InvalidInputError
from govatlas.store.models import Instrument, Jurisdiction, LifecycleEvent
from govatlas.vocabulary import Binding, Status
from govatlas.web.queries import InstrumentFilters, instrument_select, instrument_summary

# Column key -> what a person reads in the header.
SORT_COLUMNS = {
    "standing": "Standing (binding law in force first, newest first)",
    "title": "Instrument",
    "jurisdiction": "Jurisdiction",
    "type": "Type",
    "binding": "Binding",
    "status": "Status",
    "since": "Since",
}
DEFAULT_SORT = "standing"


@dataclass(frozen=True)
class TableOrder:
    """Which column the table is sorted by and in which direction."""

    column: str = DEFAULT_SORT
    descending: bool = False

    @classmethod
    def parse(cls, column: str | None, direction: str | None) -> TableOrder:
        """The order a request asks for; a clear error for a column or direction unknown."""
        key = column or DEFAULT_SORT
        if key not in SORT_COLUMNS:
            raise InvalidInputError(
                f"cannot sort instruments by {key[:40]!r}",
                f"choose one of: {', '.join(SORT_COLUMNS)}",
            )
        if direction not in (None, "", "asc", "desc"):
            raise InvalidInputError(
                f"{direction[:20]!r} is not a sort direction", "choose asc or desc"
            )
        return cls(key, direction == "desc")


@dataclass(frozen=True)
class TablePage:
    """One page of the table, with what a pager needs."""

    items: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    size: int

    @property
    def first_row(self) -> int:
        return 0 if not self.items else (self.page - 1) * self.size + 1

    @property
    def last_row(self) -> int:
        return (self.page - 1) * self.size + len(self.items)


def standing_rank() -> Any:
    """0 for binding law in force ... 4 for what no longer applies (see the module doc)."""
    in_effect = (Status.IN_FORCE, Status.PARTLY_IN_FORCE)
    return case(
        (Instrument.status.in_((Status.REPEALED, Status.DEFUNCT)), 4),
        (Instrument.status == Status.PROPOSED, 3),
        (Instrument.binding != Binding.BINDING, 2),
        (Instrument.status.in_(in_effect), 0),
        else_=1,
    )


def ordered(query: Select[Any], order: TableOrder) -> Select[Any]:
    """``query`` (from ``instrument_select``) sorted as ``order`` says, ties broken by id."""
    first = query.selected_columns.first
    undated = case((first.is_(None), 1), else_=0)
    if order.column == DEFAULT_SORT:
        rank = standing_rank()
        by_date = first.asc() if order.descending else first.desc()
        return query.order_by(None).order_by(
            rank.desc() if order.descending else rank, undated, by_date, Instrument.id
        )
    if order.column == "since":
        by_date = first.desc() if order.descending else first.asc()
        return query.order_by(None).order_by(undated, by_date, Instrument.id)
    if order.column == "jurisdiction":
        name = (
            select(Jurisdiction.name)
            .where(Jurisdiction.id == Instrument.jurisdiction_id)
            .scalar_subquery()
        )
        key: Any = func.lower(name)
    elif order.column == "title":
        key = func.lower(func.coalesce(Instrument.short_name, Instrument.title))
    else:
        key = {
            "type": Instrument.type,
            "binding": Instrument.binding,
            "status": Instrument.status,
        }[order.column]
    return query.order_by(None).order_by(
        key.desc() if order.descending else key.asc(), Instrument.id
    )


def table_page(
    session: Session, filters: InstrumentFilters, order: TableOrder, page: int, size: int
) -> TablePage:
    """Page ``page`` (from 1; past the end gives the last) of the filtered, sorted table.

    Each row's "since" is written to the precision its first event is known at.
    """
    query = instrument_select(session, filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    rows = session.execute(ordered(query, order).offset((page - 1) * size).limit(size)).all()
    items = [instrument_summary(instrument, first) for instrument, first in rows]
    precisions = first_date_precisions(session, [i["id"] for i in items])
    for item in items:
        if item["first_date"]:
            day, precision = precisions.get(item["id"], (None, "day"))
            if day is not None:
                item["first_date"] = dated(day, precision)
    return TablePage(items, total, page, pages, size)


def first_date_precisions(session: Session, ids: list[str]) -> dict[str, tuple[Any, str]]:
    """Each instrument's first event date with the precision it is known at."""
    if not ids:
        return {}
    rows = session.execute(
        select(LifecycleEvent.instrument_id, LifecycleEvent.date, LifecycleEvent.precision)
        .where(LifecycleEvent.instrument_id.in_(ids))
        .order_by(LifecycleEvent.instrument_id, LifecycleEvent.date)
    ).all()
    found: dict[str, tuple[Any, str]] = {}
    for instrument_id, day, precision in rows:
        found.setdefault(instrument_id, (day, precision or "day"))
    return found


def page_number(value: str | None) -> int:
    """A page number from a query string: 1 when absent; a clear error when not a number."""
    if not value:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise InvalidInputError(f"page {value[:20]!r} is not a page number", "use 1, 2, 3 ...")
    return int(value)


# The standing classes of ``standing_rank``, as a summary names them.
STANDING_LABELS = (
    "binding, in force (fully or partly)",
    "binding, adopted (in force not recorded)",
    "non-binding (strategies, guidance, declarations, frameworks...)",
    "pending proposals (bills and drafts): not law",
    "repealed, superseded or failed",
)


def standing_summary(session: Session, filters: InstrumentFilters) -> list[tuple[str, int]]:
    """How many of the filtered instruments fall in each standing class, in rank order
    (classes with none left out)."""
    ranked = instrument_select(session, filters).add_columns(standing_rank().label("rank"))
    inner = ranked.order_by(None).subquery()
    counts: dict[int, int] = dict(
        session.execute(select(inner.c.rank, func.count()).group_by(inner.c.rank)).all()
    )
    return [(label, counts[rank]) for rank, label in enumerate(STANDING_LABELS) if counts.get(rank)]
