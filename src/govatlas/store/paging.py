"""Keyset paging for listings: the rows after a cursor's id, one more than asked to
know whether a next page exists; and the count of a small listing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session


def count_rows(session: Session, model: Any, filters: Mapping[Any, Any]) -> int:
    """How many rows of ``model`` match ``filters`` (a None value: no filter): the total
    of a listing small enough to count on every page (jurisdictions, not labels)."""
    query = select(func.count()).select_from(model)
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == value)
    return int(session.scalar(query) or 0)


def rows_after(
    session: Session,
    model: Any,
    filters: Mapping[Any, Any],
    after: object | None,
    limit: int,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> tuple[list[Any], object | None]:
    """Rows of ``model`` (by id) matching ``filters`` (a None value: no filter) and every
    one of ``conditions`` whose id is after ``after``; and the id to continue after, or
    None on the last page."""
    query = select(model).order_by(model.id)
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == value)
    for condition in conditions:
        query = query.where(condition)
    if after is not None:
        query = query.where(model.id > after)
    rows: list[Any] = list(session.scalars(query.limit(limit + 1)))
    return rows[:limit], rows[limit - 1].id if len(rows) > limit else None
