"""Recomputing automated indicator mappings without undoing a reviewer's decisions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete
from sqlalchemy.orm import InstrumentedAttribute, Session

from govatlas.store.industry import mapped_pairs
from govatlas.store.models import IndicatorMapping
from govatlas.vocabulary import RelationshipMethod, ReviewStatus


def clear_suggested(
    session: Session, target: InstrumentedAttribute[Any], *where: ColumnElement[bool]
) -> set[tuple[str, Any]]:
    """Delete the automated, unreviewed mappings to ``target`` (within ``where``) and return
    the (indicator, target) pairs that remain: decided ones, which must not be re-suggested."""
    scope = (target.is_not(None), *where)
    session.execute(
        delete(IndicatorMapping).where(
            *scope,
            IndicatorMapping.method == RelationshipMethod.AUTOMATED,
            IndicatorMapping.review_status == ReviewStatus.UNREVIEWED,
        )
    )
    return mapped_pairs(session, target, *scope)
