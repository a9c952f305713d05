"""Transactions: every unit of work commits whole or leaves the store as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, Select
from sqlalchemy.orm import Session

K = TypeVar("K")
V = TypeVar("V")


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def key_values(session: Session, statement: Select[K, V]) -> dict[K, V]:
    """A two-column SELECT as a dict from its first column to its second."""
    return {key: value for key, value in session.execute(statement)}
