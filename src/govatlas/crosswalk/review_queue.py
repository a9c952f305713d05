"""The review queue for suggested relationships.

Accepting a suggestion records a *human* relationship of the suggested type;
correcting one records a human relationship of the type the reviewer gives and
marks the suggestion rejected; rejecting only marks it. The suggestion itself is
kept, so the record shows what the machine proposed and what a person decided.
Decisions come one at a time or as a filled-in review sheet (``sheet_rows``,
``apply_sheet``; see ``review_sheets``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, InvalidInputError, NotFoundError
from govatlas.excerpts import excerpt
from govatlas.review_sheets import SheetRow, Who, by_name, check_rows
from govatlas.store.decisions import Reviewer, as_reviewer, decide, describe, history
from govatlas.store.models import ID_LIMIT, Relationship
from govatlas.store.relationships import relationship_cited_as
from govatlas.store.review_queues import (
    SuggestionRow,
    suggestion_with_ends,
    waiting_suggestion_count,
    waiting_suggestion_pairs,
    waiting_suggestions,
)
from govatlas.vocabulary import (
    RationaleKind,
    RelationshipMethod,
    RelationshipType,
    ReviewDecisionKind,
    ReviewStatus,
)

EXCERPT_CHARS = 300
AUTHOR_CHARS = 200  # the relationship's author column
REVIEW_PREFIX = "review:"  # the citation of the relationship a review records


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
    source_provision: int
    target_provision: int
    source_excerpt: str
    target_excerpt: str
    review_status: str
    review_version: int = 0


def _item(row: SuggestionRow, chars: int = EXCERPT_CHARS) -> QueueItem:
    relationship, source_instrument, source, target_instrument, target = row
    return QueueItem(
        relationship.id,
        source_instrument,
        source.path,
        target_instrument,
        target.path,
        relationship.type.value,
        relationship.confidence,
        relationship.rationale,
        source.id,
        target.id,
        excerpt(source.text, chars),
        excerpt(target.text, chars),
        relationship.review_status.value,
        relationship.review_version,
    )


def review_queue(
    session: Session,
    instrument: str | None = None,
    limit: int = 50,
    counterpart: str | None = None,
    offset: int = 0,
    excerpt_chars: int = EXCERPT_CHARS,
) -> list[QueueItem]:
    """Unreviewed automated suggestions, most confident first."""
    rows = waiting_suggestions(session, instrument, counterpart, offset, limit)
    return [_item(row, excerpt_chars) for row in rows]


def describe_suggestion(session: Session, relationship_id: int) -> QueueItem:
    """One suggestion, reviewed or not, with both provisions."""
    row = suggestion_with_ends(session, relationship_id) if 0 < relationship_id < ID_LIMIT else None
    if row is None:
        raise NotFoundError(
            f"no suggestion with id {relationship_id}",
            "`govatlas crosswalk review` lists the open suggestions",
        )
    return _item(row)


def queue_size(
    session: Session, instrument: str | None = None, counterpart: str | None = None
) -> int:
    """How many suggestions ``review_queue`` has to show with these filters."""
    return waiting_suggestion_count(session, instrument, counterpart)


def queue_instruments(session: Session) -> list[tuple[str, int]]:
    """Instruments with suggestions waiting, and how many touch each, most first."""
    counts: Counter[str] = Counter()
    for source_id, target_id, count in waiting_suggestion_pairs(session):
        for name in {source_id, target_id}:
            counts[name] += count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _automated(session: Session, relationship_id: int) -> Relationship:
    """A suggestion, reviewed or not; anything else is a clear error."""
    in_range = 0 < relationship_id < ID_LIMIT
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
    return found


def review_suggestion(
    session: Session,
    relationship_id: int,
    decision: str,
    reviewer: Reviewer | str,
    corrected_type: RelationshipType | None = None,
    rationale: str | None = None,
    seen_version: int | None = None,
) -> Relationship | None:
    """Apply ``accept``, ``correct`` or ``reject``; returns the human relationship made.

    ``accept`` with a ``corrected_type`` other than the suggested one is a correction.
    Every decision, a rejection included, is a row saying who and when
    (``store.decisions``). A suggestion is decided once: deciding one already decided,
    or one whose review version is not ``seen_version``, is a ``ConflictError``.
    """
    if decision not in ("accept", "correct", "reject"):
        raise InvalidInputError(f"unknown decision {decision!r}", "use accept, correct or reject")
    if decision == "correct" and corrected_type is None:
        raise InvalidInputError("a correction needs the right type", "pass --type")
    reviewer = as_reviewer(session, reviewer)
    suggestion = _automated(session, relationship_id)
    if suggestion.review_status is not ReviewStatus.UNREVIEWED:
        last = history(session, suggestion)
        done = describe(last[-1]) if last else suggestion.review_status.value
        raise ConflictError(
            f"suggestion {relationship_id} was already {done}", "each suggestion is decided once"
        )
    if decision == "accept" and corrected_type not in (None, suggestion.type):
        decision = "correct"  # accepted as another type: that is a correction
    what = f"suggestion {relationship_id}"
    if decision == "reject":
        decide(
            session,
            suggestion,
            ReviewDecisionKind.REJECT,
            ReviewStatus.REJECTED,
            reviewer,
            seen_version=seen_version,
            note=rationale,
            what=what,
        )
        return None
    kind = corrected_type if decision == "correct" and corrected_type else suggestion.type
    record = decide(
        session,
        suggestion,
        ReviewDecisionKind.ACCEPT if decision == "accept" else ReviewDecisionKind.CORRECT,
        ReviewStatus.ACCEPTED if decision == "accept" else ReviewStatus.REJECTED,
        reviewer,
        seen_version=seen_version,
        note=rationale,
        relationship_type=kind,
        what=what,
    )
    human = Relationship(
        source_provision_id=suggestion.source_provision_id,
        target_provision_id=suggestion.target_provision_id,
        type=kind,
        rationale_kind=suggestion.rationale_kind or RationaleKind.SEMANTIC,
        rationale=rationale or f"reviewed suggestion {suggestion.id}: {decision}",
        confidence=None,
        method=RelationshipMethod.HUMAN,
        author=reviewer.name[:AUTHOR_CHARS],
        review_status=ReviewStatus.ACCEPTED,
        citation=f"{REVIEW_PREFIX}{suggestion.id}",
    )
    session.add(human)
    session.flush()
    record.made_relationship_id = human.id
    session.flush()
    return human


def sheet_rows(
    items: Sequence[QueueItem], names: Mapping[str, str] | None = None
) -> list[dict[str, object]]:
    """Suggestions as rows of a review sheet (``review_sheets.write_sheet``); ``names``
    (instrument id -> name) make the source and target columns readable."""
    named = names or {}
    return [
        {
            "id": q.id,
            "source": f"{named.get(q.source_instrument, q.source_instrument)} {q.source_path}",
            "source text": q.source_excerpt,
            "suggested type": q.type,
            "confidence": q.confidence,
            "target": f"{named.get(q.target_instrument, q.target_instrument)} {q.target_path}",
            "target text": q.target_excerpt,
            "version": q.review_version,
        }
        for q in items
    ]


Outcome = tuple[str, str | None]  # ("accept" | "correct" | "reject", relationship type)


def _recorded(session: Session, suggestion: Relationship) -> Outcome:
    """What was decided on a reviewed suggestion."""
    if suggestion.review_status is ReviewStatus.ACCEPTED:
        return ("accept", suggestion.type.value)
    human = relationship_cited_as(session, f"{REVIEW_PREFIX}{suggestion.id}")
    return ("correct", human.type.value) if human else ("reject", None)


def _asked(row: SheetRow, suggestion: Relationship) -> Outcome:
    """What a sheet row decides, in the terms of ``_recorded``."""
    if row.decision == "reject":
        return ("reject", None)
    chosen = row.type or suggestion.type.value
    same = row.decision == "accept" and chosen == suggestion.type.value
    return ("accept" if same else "correct", chosen)


def apply_sheet(
    session: Session, path: Path, rows: Sequence[SheetRow], who: Who | None = None
) -> Counter[str]:
    """Apply a sheet's decisions, all or none (``review_sheets``); counts by outcome.

    A type filled in on an accepted row makes it a correction, as everywhere. A row
    that repeats the decision already recorded is left as it is ("unchanged"), so
    applying a sheet twice is harmless; one that contradicts it is a conflict.
    """
    unchanged: set[int] = set()

    def check(row: SheetRow) -> None:
        suggestion = _automated(session, row.id)
        if row.decision == "correct" and row.type is None:
            raise InvalidInputError("a correction needs the right type in the type column")
        if suggestion.review_status is ReviewStatus.UNREVIEWED:
            if suggestion.review_version != (row.version or 0):
                raise ConflictError(f"suggestion {row.id} changed since the sheet was written")
            return
        decided, asked = _recorded(session, suggestion), _asked(row, suggestion)
        if decided != asked:
            raise ConflictError(
                f"suggestion {row.id} was already decided otherwise ({_describe(decided)})"
            )
        unchanged.add(row.id)

    check_rows(path, rows, check)
    done: Counter[str] = Counter()
    for row in rows:
        if row.id in unchanged:
            done["unchanged"] += 1
            continue
        corrected = RelationshipType(row.type) if row.type else None
        made = review_suggestion(
            session,
            row.id,
            row.decision,
            (who or by_name(session))(row),
            corrected,
            row.note,
            row.version,
        )
        suggestion = session.get(Relationship, row.id)
        accepted = suggestion is not None and suggestion.review_status is ReviewStatus.ACCEPTED
        done["rejected" if made is None else "accepted" if accepted else "corrected"] += 1
    return done


def _describe(outcome: Outcome) -> str:
    decision, kind = outcome
    return {"accept": "accepted", "correct": "corrected", "reject": "rejected"}[decision] + (
        f" as {kind}" if kind else ""
    )
