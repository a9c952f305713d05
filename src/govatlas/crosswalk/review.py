"""The review queue for suggested relationships.

Accepting a suggestion records a *human* relationship of the suggested type;
correcting one records a human relationship of the type the reviewer gives and
marks the suggestion rejected; rejecting only marks it. The suggestion itself is
kept, so the record shows what the machine proposed and what a person decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.models import InstrumentVersion, Provision, Relationship
from govatlas.vocabulary import RationaleKind, RelationshipMethod, RelationshipType, ReviewStatus


@dataclass(frozen=True)
class QueueItem:
    id: int
    source_instrument: str
    source_path: str
    target_instrument: str
    target_path: str
    type: str
    confidence: float | None
    rationale: str | None


def review_queue(
    session: Session, instrument: str | None = None, limit: int = 50
) -> list[QueueItem]:
    """Unreviewed automated suggestions, most confident first."""
    source, target = aliased(Provision), aliased(Provision)
    source_version, target_version = aliased(InstrumentVersion), aliased(InstrumentVersion)
    query = (
        select(
            Relationship,
            source_version.instrument_id,
            source.path,
            target_version.instrument_id,
            target.path,
        )
        .join(source, Relationship.source_provision_id == source.id)
        .join(source_version, source.version_id == source_version.id)
        .join(target, Relationship.target_provision_id == target.id)
        .join(target_version, target.version_id == target_version.id)
        .where(
            Relationship.method == RelationshipMethod.AUTOMATED,
            Relationship.review_status == ReviewStatus.UNREVIEWED,
        )
        .order_by(Relationship.confidence.desc(), Relationship.id)
        .limit(limit)
    )
    if instrument is not None:
        query = query.where(
            (source_version.instrument_id == instrument)
            | (target_version.instrument_id == instrument)
        )
    return [
        QueueItem(r.id, si, sp, ti, tp, r.type.value, r.confidence, r.rationale)
        for r, si, sp, ti, tp in session.execute(query)
    ]


def _suggestion(session: Session, relationship_id: int) -> Relationship:
    in_range = 0 < relationship_id < 2**31  # ids are 32-bit INTEGER columns
    found = session.get(Relationship, relationship_id) if in_range else None
    if found is None:
        raise NotFoundError(
            f"no relationship with id {relationship_id}",
            "`govatlas crosswalk review` lists the open suggestions",
        )
    if found.method is not RelationshipMethod.AUTOMATED:
        raise InvalidInputError(
            f"relationship {relationship_id} was made by a {found.method.value}, not suggested",
            "only automated suggestions are reviewed",
        )
    if found.review_status is not ReviewStatus.UNREVIEWED:
        raise InvalidInputError(
            f"relationship {relationship_id} is already {found.review_status.value}",
            "each suggestion is reviewed once",
        )
    return found


def review_suggestion(
    session: Session,
    relationship_id: int,
    decision: str,
    reviewer: str,
    corrected_type: RelationshipType | None = None,
    rationale: str | None = None,
) -> Relationship | None:
    """Apply ``accept``, ``correct`` or ``reject``; returns the human relationship made."""
    if decision not in ("accept", "correct", "reject"):
        raise InvalidInputError(f"unknown decision {decision!r}", "use accept, correct or reject")
    if decision == "correct" and corrected_type is None:
        raise InvalidInputError("a correction needs the right type", "pass --type")
    suggestion = _suggestion(session, relationship_id)
    if decision == "reject":
        suggestion.review_status = ReviewStatus.REJECTED
        session.flush()
        return None
    suggestion.review_status = (
        ReviewStatus.ACCEPTED if decision == "accept" else ReviewStatus.REJECTED
    )
    human = Relationship(
        source_provision_id=suggestion.source_provision_id,
        target_provision_id=suggestion.target_provision_id,
        type=corrected_type if decision == "correct" and corrected_type else suggestion.type,
        rationale_kind=suggestion.rationale_kind or RationaleKind.SEMANTIC,
        rationale=rationale or f"reviewed suggestion {suggestion.id}: {decision}",
        confidence=None,
        method=RelationshipMethod.HUMAN,
        author=reviewer,
        review_status=ReviewStatus.ACCEPTED,
        citation=f"review:{suggestion.id}",
    )
    session.add(human)
    session.flush()
    return human
