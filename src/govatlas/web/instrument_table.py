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

from sqlalchemy.orm import Session

from govatlas.dates import dated
from govatlas.errors import GovatlasError, InvalidInputError
from govatlas.i18n import N_, gettext
from govatlas.store.instrument_lists import (
    STANDING,
    count_of,
    first_date_precisions,
    ordered,
    page_at,
    standing_counts,
    standing_date_precisions,
)
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
DEFAULT_SORT = STANDING


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


def table_page(
    session: Session, filters: InstrumentFilters, order: TableOrder, page: int, size: int
) -> TablePage:
    """Page ``page`` (from 1; past the end gives the last) of the filtered, sorted table.

    Each row's "since" (the date it has been at its status since, else its first date) is
    written to the precision its event is known at.
    """
    query = instrument_select(session, filters)
    total = count_of(session, query)
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    rows = page_at(session, ordered(query, order.column, order.descending), (page - 1) * size, size)
    items = [instrument_summary(instrument, first, since) for instrument, first, since in rows]
    ids = [i["id"] for i in items]
    standing, firsts = standing_date_precisions(session, ids), first_date_precisions(session, ids)
    for item in items:
        day, precision = standing.get(item["id"]) or firsts.get(item["id"]) or (None, "day")
        if day is not None:
            item["since"] = dated(day, precision)
    return TablePage(items, total, page, pages, size)


def page_number(value: str | None) -> int:
    """A page number from a query string: 1 when absent; a clear error when not a number."""
    if not value:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise InvalidInputError(f"page {value[:20]!r} is not a page number", "use 1, 2, 3 ...")
    return int(value)


# The standing classes of ``store.instrument_lists.standing_rank``, as a summary names them.
STANDING_LABELS = (
    N_("binding, in force (fully or partly)"),
    N_("binding, adopted (in force not recorded)"),
    N_("non-binding (strategies, guidance, declarations, frameworks...)"),
    N_("pending proposals (bills and drafts): not law"),
    N_("repealed, superseded or failed"),
)


def standing_summary(session: Session, filters: InstrumentFilters) -> list[tuple[str, int]]:
    """How many of the filtered instruments fall in each standing class, in rank order
    (classes with none left out), each class named in the reader's language."""
    counts = standing_counts(session, instrument_select(session, filters))
    return [
        (gettext(label), counts[rank])
        for rank, label in enumerate(STANDING_LABELS)
        if counts.get(rank)
    ]


def table_or_first_page(
    session: Session,
    filters: InstrumentFilters,
    sort: str | None,
    direction: str | None,
    page: str | None,
    size: int,
) -> tuple[TablePage, TableOrder, str | None]:
    """A page of the table as a jurisdiction or concept page asks for it; a bad sort or
    page gives the first page in the default order and says why."""
    try:
        order = TableOrder.parse(sort, direction)
        return table_page(session, filters, order, page_number(page), size), order, None
    except GovatlasError as exc:
        order = TableOrder()
        return table_page(session, filters, order, 1, size), order, exc.message
