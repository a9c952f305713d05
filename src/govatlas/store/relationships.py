"""Relationships between provisions as readers count and show them.

``standing`` is the one rule for which relationships count (in comparisons, exports
and the reader): none rejected, and a machine suggestion only until a person reviews
it. ``provision_counterparts`` gives each provision its standing counterparts in other
texts, in both directions, as plain rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased

from govatlas.store.models import InstrumentVersion, Provision, Relationship
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus


def standing() -> ColumnElement[bool]:
    """Relationships that count: none rejected, and suggestions only until reviewed.

    Reviewing a suggestion records a human relationship of its own, which then
    stands for the pair; counting the reviewed suggestion too would show it twice.
    """
    return (Relationship.review_status != ReviewStatus.REJECTED) & (
        (Relationship.method != RelationshipMethod.AUTOMATED)
        | (Relationship.review_status == ReviewStatus.UNREVIEWED)
    )


@dataclass(frozen=True)
class Counterpart:
    """A provision's standing relationship to a provision of another text."""

    relationship_id: int
    type: RelationshipType
    forward: bool  # the provision is the relationship's source
    instrument_id: str  # the other provision's instrument
    provision_id: int  # the other provision
    path: str  # the other provision's path
    method: RelationshipMethod
    review_status: ReviewStatus
    confidence: float | None


def provision_counterparts(
    session: Session, provision_ids: Collection[int]
) -> dict[int, list[Counterpart]]:
    """Provision id -> its standing counterparts, those it points to first."""
    found: dict[int, list[Counterpart]] = defaultdict(list)
    if not provision_ids:
        return found
    other, other_version = aliased(Provision), aliased(InstrumentVersion)
    for mine, theirs, forward in (
        (Relationship.source_provision_id, Relationship.target_provision_id, True),
        (Relationship.target_provision_id, Relationship.source_provision_id, False),
    ):
        rows = session.execute(  # plain rows, not ORM objects: a long law has hundreds
            select(
                mine,
                Relationship.id,
                Relationship.type,
                other_version.instrument_id,
                other.id,
                other.path,
                Relationship.method,
                Relationship.review_status,
                Relationship.confidence,
            )
            .join(other, theirs == other.id)
            .join(other_version, other.version_id == other_version.id)
            .where(mine.in_(provision_ids), standing())
        ).all()
        for provision_id, rel, kind, instrument, other_id, path, method, status, score in rows:
            if provision_id is not None:
                found[provision_id].append(
                    Counterpart(
                        rel, kind, forward, instrument, other_id, path, method, status, score
                    )
                )
    return found


def links_between(
    session: Session, a_versions: Collection[int], b_versions: Collection[int], human_only: bool
) -> list[tuple[Relationship, Provision, Provision]]:
    """The standing relationships between a provision of the versions ``a_versions`` and
    one of ``b_versions`` (either way round), with both provisions, by id; only those
    people made with ``human_only``."""
    source, target = aliased(Provision), aliased(Provision)
    query = (
        select(Relationship, source, target)
        .join(source, Relationship.source_provision_id == source.id)
        .join(target, Relationship.target_provision_id == target.id)
        .where(
            or_(
                source.version_id.in_(a_versions) & target.version_id.in_(b_versions),
                source.version_id.in_(b_versions) & target.version_id.in_(a_versions),
            ),
            standing(),
        )
        .order_by(Relationship.id)
    )
    if human_only:
        query = query.where(Relationship.method != RelationshipMethod.AUTOMATED)
    return [(relationship, a, b) for relationship, a, b in session.execute(query)]


def relationship_cited_as(session: Session, citation: str) -> Relationship | None:
    """The first relationship with this citation (a review's own record, for one)."""
    return session.scalars(select(Relationship).where(Relationship.citation == citation)).first()


def aligned_instruments(
    session: Session, a_instruments: Collection[str], b_instruments: Collection[str]
) -> tuple[set[str], set[str]]:
    """Of two sets of instruments, those with at least one standing relationship between
    a provision of theirs and a provision of the other set (either way round): the ones
    a comparison has looked at. The others were never aligned, so a unit of theirs
    without a counterpart is not a measured 0."""
    source, target = aliased(Provision), aliased(Provision)
    source_version, target_version = aliased(InstrumentVersion), aliased(InstrumentVersion)
    query = (
        select(source_version.instrument_id, target_version.instrument_id)
        .select_from(Relationship)
        .join(source, Relationship.source_provision_id == source.id)
        .join(target, Relationship.target_provision_id == target.id)
        .join(source_version, source_version.id == source.version_id)
        .join(target_version, target_version.id == target.version_id)
        .where(
            or_(
                source_version.instrument_id.in_(list(a_instruments))
                & target_version.instrument_id.in_(list(b_instruments)),
                source_version.instrument_id.in_(list(b_instruments))
                & target_version.instrument_id.in_(list(a_instruments)),
            ),
            standing(),
        )
        .distinct()
    )
    a_found: set[str] = set()
    b_found: set[str] = set()
    for one, other in session.execute(query):
        for instrument in (one, other):
            if instrument in a_instruments:
                a_found.add(instrument)
            if instrument in b_instruments:
                b_found.add(instrument)
    return a_found, b_found
