"""Review decisions as rows: the one way a person's decision reaches a reviewable row.

History kept in a free-text field (a label's provenance, a mapping's rationale)
could be forged by a reviewer's name and was lost whenever the row was rebuilt;
and a re-review that did not say which state it saw could silently overwrite a
colleague's decision. ``decide`` therefore checks the version the reviewer saw,
moves the row to its new state with a conditional UPDATE (``WHERE review_version
= seen``, so of two concurrent reviews on any backend only one wins and the
other gets a ``ConflictError``), and records a ``ReviewDecision`` row: who, when,
through which channel, what was decided and the state it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, InvalidInputError
from govatlas.store.models import (
    Assessment,
    IndicatorMapping,
    Label,
    Relationship,
    ReviewDecision,
    UserAccount,
    utcnow,
)
from govatlas.vocabulary import (
    RelationshipType,
    ReviewChannel,
    ReviewDecisionKind,
    ReviewStatus,
    ReviewSubject,
)

Reviewable = Label | Relationship | Assessment | IndicatorMapping
SUBJECTS: dict[type[Any], ReviewSubject] = {
    Label: ReviewSubject.LABEL,
    Relationship: ReviewSubject.RELATIONSHIP,
    Assessment: ReviewSubject.ASSESSMENT,
    IndicatorMapping: ReviewSubject.INDICATOR_MAPPING,
}
MAX_NAME = 200


@dataclass(frozen=True)
class Reviewer:
    """Who decides and through which channel. On the web the name is the signed-in
    account's; the command line, which already has the database, records the name given."""

    name: str
    channel: ReviewChannel
    account_id: int | None = None

    @classmethod
    def named(cls, session: Session, name: str | None, channel: ReviewChannel) -> Reviewer:
        """A reviewer by name (linked to the account of that name, when one exists)."""
        clean = " ".join((name or "").split())
        if not clean:
            raise InvalidInputError("a review needs the reviewer's name", "pass --by/--as NAME")
        if len(clean) > MAX_NAME:
            raise InvalidInputError(f"the reviewer's name is over {MAX_NAME} characters")
        account = session.scalar(select(UserAccount.id).where(UserAccount.name == clean))
        return cls(clean, channel, account)


def as_reviewer(session: Session, reviewer: Reviewer | str) -> Reviewer:
    """A ``Reviewer``; a bare name is a command-line reviewer of that name."""
    if isinstance(reviewer, Reviewer):
        return reviewer
    return Reviewer.named(session, reviewer, ReviewChannel.CLI)


def history(session: Session, row: Reviewable) -> list[ReviewDecision]:
    """Every decision on ``row``, oldest first."""
    return list(
        session.scalars(
            select(ReviewDecision)
            .where(
                ReviewDecision.subject == SUBJECTS[type(row)], ReviewDecision.subject_id == row.id
            )
            .order_by(ReviewDecision.version, ReviewDecision.id)
        )
    )


def describe(decision: ReviewDecision) -> str:
    """ "rejected by ana at 2026-01-02 10:00 UTC" """
    verb = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}[
        decision.decision.value
    ]
    kind = f" as {decision.relationship_type.value}" if decision.relationship_type else ""
    return f"{verb}{kind} by {decision.reviewer} at {_when(decision.decided_at)}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def stale(session: Session, row: Reviewable, seen: int, what: str) -> ConflictError:
    """The error for a review made on an old view of ``row``."""
    last = history(session, row)
    since = f"; last {describe(last[-1])}" if last else ""
    return ConflictError(
        f"{what} changed since you saw it: it is at review version {row.review_version}, "
        f"you saw version {seen}{since}",
        f"look at it again and decide with the version you see now ({row.review_version})",
    )


def decide(
    session: Session,
    row: Reviewable,
    decision: ReviewDecisionKind,
    status: ReviewStatus,
    reviewer: Reviewer | str,
    *,
    seen_version: int | None = None,
    note: str | None = None,
    relationship_type: RelationshipType | None = None,
    score: float | None = None,
    made_relationship_id: int | None = None,
    changes: dict[str, Any] | None = None,
    what: str | None = None,
) -> ReviewDecision:
    """Move ``row`` to ``status`` and record the decision.

    ``seen_version`` is the review version the reviewer saw (None: they saw it
    waiting, version 0). A mismatch, or a concurrent decision that got there first,
    raises ``ConflictError`` and changes nothing. ``changes`` are further columns set
    in the same conditional UPDATE (an accepted suggestion's score, say).
    """
    reviewer = as_reviewer(session, reviewer)
    model = type(row)
    subject = SUBJECTS[model]
    label = what or f"{subject.value.replace('_', ' ')} {row.id}"
    seen = 0 if seen_version is None else seen_version
    session.flush()
    if row.review_version != seen:
        raise stale(session, row, seen, label)
    previous_status, previous_score = row.review_status, getattr(row, "score", None)
    values = {"review_status": status, "review_version": seen + 1, **(changes or {})}
    result: Any = session.execute(
        update(model)
        .where(model.id == row.id, model.review_version == seen)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        if session.scalar(select(model.id).where(model.id == row.id)) is None:
            raise ConflictError(
                f"{label} no longer exists: it was replaced while you decided (the model "
                "read its text again)",
                "look at the text's labels again and decide on the one you see now",
            )
        session.refresh(row)
        raise stale(session, row, seen, label)
    record = ReviewDecision(
        subject=subject,
        subject_id=row.id,
        decision=decision,
        relationship_type=relationship_type,
        score=score,
        note=" ".join(note.split()) if note and note.strip() else None,
        reviewer=reviewer.name,
        account_id=reviewer.account_id,
        channel=reviewer.channel,
        previous_status=previous_status,
        previous_score=previous_score,
        version=seen + 1,
        made_relationship_id=made_relationship_id,
        decided_at=utcnow(),
    )
    session.add(record)
    session.flush()
    return record
