"""Crosswalk judgements in tests: recording one directly (as the API does), and
reading which suggestions still wait."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.store.models import Relationship
from govatlas.store.session import transaction
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus


def add_judgement(session: Session, source: int, target: int, kind: RelationshipType) -> None:
    """Add a human relationship of type ``kind`` from provision ``source`` to ``target``."""
    session.add(
        Relationship(
            source_provision_id=source,
            target_provision_id=target,
            type=kind,
            method=RelationshipMethod.HUMAN,
            author="bo",
            review_status=ReviewStatus.ACCEPTED,
        )
    )


def add_suggestion(session: Session, source: int, target: int, confidence: float | None) -> None:
    """Add an unreviewed machine suggestion (intersects) from ``source`` to ``target``."""
    session.add(
        Relationship(
            source_provision_id=source,
            target_provision_id=target,
            type=RelationshipType.INTERSECTS,
            method=RelationshipMethod.AUTOMATED,
            author="govatlas build: machine crosswalk",
            review_status=ReviewStatus.UNREVIEWED,
            confidence=confidence,
        )
    )


def record_judgement(engine: Engine, source: int, target: int, kind: RelationshipType) -> None:
    """``add_judgement`` in a transaction of its own."""
    with transaction(engine) as session:
        add_judgement(session, source, target, kind)


def waiting_pairs(engine: Engine) -> set[tuple[int | None, int | None]]:
    """(source, target) provision of every suggestion waiting for review."""
    with Session(engine) as session:
        rows = session.execute(
            select(Relationship.source_provision_id, Relationship.target_provision_id).where(
                Relationship.method == RelationshipMethod.AUTOMATED,
                Relationship.review_status == ReviewStatus.UNREVIEWED,
            )
        )
        return {(source, target) for source, target in rows}
