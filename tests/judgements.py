"""Recording a person's crosswalk judgement directly, as the API does, for tests."""

from __future__ import annotations

from sqlalchemy import Engine
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


def record_judgement(engine: Engine, source: int, target: int, kind: RelationshipType) -> None:
    """``add_judgement`` in a transaction of its own."""
    with transaction(engine) as session:
        add_judgement(session, source, target, kind)
