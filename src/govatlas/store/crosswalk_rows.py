"""Relationships between provisions as the crosswalk package trains, evaluates, exports
and re-suggests with them: the pairs a published table cites, people's own judgements,
the decisions between two lists of provisions, the standing links to export, and
whether a machine already suggested links between two sets of units.

Citation prefixes (``crosswalk:`` for published tables, ``review:`` for a review's own
record) are ``crosswalk``'s; they are passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased

from govatlas.store.instruments import REFERENCE_FORMAT
from govatlas.store.models import InstrumentVersion, Provision, Relationship
from govatlas.store.relationships import standing
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus

LinkWithEnds = tuple[Relationship, str, Provision, str, Provision]
Decision = tuple[int | None, int | None, RelationshipType, RelationshipMethod, ReviewStatus]


def cited_pairs(session: Session, citation: str) -> list[tuple[int, int]]:
    """(source, target provision) of every relationship with this citation between two
    provisions (a published table's rows)."""
    query = select(Relationship.source_provision_id, Relationship.target_provision_id).where(
        Relationship.citation == citation,
        Relationship.source_provision_id.is_not(None),
        Relationship.target_provision_id.is_not(None),
    )
    return [(s, t) for s, t in session.execute(query) if s is not None and t is not None]


def citations_starting(session: Session, prefix: str) -> list[str]:
    """The distinct citations that start with ``prefix``, sorted."""
    query = select(Relationship.citation).where(Relationship.citation.startswith(prefix)).distinct()
    return sorted(c for c in session.scalars(query) if c is not None)


def provision_texts_by_id(session: Session, ids: Collection[int]) -> dict[int, str]:
    """Provision id -> its text."""
    query = select(Provision.id, Provision.text).where(Provision.id.in_(ids))
    return {provision: text for provision, text in session.execute(query)}


def provisions_in_order(session: Session, ids: Collection[int]) -> list[Provision]:
    """The provisions with these ids, by id."""
    query = select(Provision).where(Provision.id.in_(ids)).order_by(Provision.id)
    return list(session.scalars(query))


def instruments_of(session: Session, provision_ids: Collection[int]) -> list[str]:
    """The distinct instruments these provisions belong to."""
    query = (
        select(InstrumentVersion.instrument_id)
        .join(Provision, Provision.version_id == InstrumentVersion.id)
        .where(Provision.id.in_(provision_ids))
        .distinct()
    )
    return list(session.scalars(query))


def own_judgements(citation_prefix: str) -> ColumnElement[bool]:
    """Provision pairs people related that are not rows of a published table (whose
    citations start with ``citation_prefix``)."""
    return (
        (Relationship.method != RelationshipMethod.AUTOMATED)
        & Relationship.source_provision_id.is_not(None)
        & Relationship.target_provision_id.is_not(None)
        & or_(Relationship.citation.is_(None), ~Relationship.citation.startswith(citation_prefix))
    )


def judgement_count(session: Session, citation_prefix: str, review_prefix: str) -> int:
    """Decisions people have recorded: reviewed suggestions, and relationships they made
    directly (not a published table's, not a review's own record)."""
    reviewed = (Relationship.method == RelationshipMethod.AUTOMATED) & (
        Relationship.review_status != ReviewStatus.UNREVIEWED
    )
    direct = own_judgements(citation_prefix) & or_(
        Relationship.citation.is_(None), ~Relationship.citation.startswith(review_prefix)
    )
    query = select(func.count()).select_from(Relationship).where(reviewed | direct)
    return int(session.scalar(query) or 0)


def judged_pairs(
    session: Session, citation_prefix: str
) -> list[tuple[str, str, int, int, RelationshipType]]:
    """(source instrument, target instrument, source, target provision, type) of every
    judgement people made that stands (not rejected), oldest first."""
    source, target = aliased(Provision), aliased(Provision)
    source_version, target_version = aliased(InstrumentVersion), aliased(InstrumentVersion)
    query = (
        select(
            source_version.instrument_id,
            target_version.instrument_id,
            Relationship.source_provision_id,
            Relationship.target_provision_id,
            Relationship.type,
        )
        .join(source, Relationship.source_provision_id == source.id)
        .join(source_version, source.version_id == source_version.id)
        .join(target, Relationship.target_provision_id == target.id)
        .join(target_version, target.version_id == target_version.id)
        .where(own_judgements(citation_prefix), Relationship.review_status != ReviewStatus.REJECTED)
        .order_by(Relationship.id)
    )
    return [
        (first, second, s, t, kind)
        for first, second, s, t, kind in session.execute(query)
        if s is not None and t is not None
    ]


def decisions_among(
    session: Session, sources: Sequence[int], targets: Sequence[int]
) -> list[Decision]:
    """(source, target, type, method, review status) of every relationship between a
    provision of ``sources`` and one of ``targets``, either way round, oldest first."""
    forward = Relationship.source_provision_id.in_(sources) & Relationship.target_provision_id.in_(
        targets
    )
    backward = Relationship.source_provision_id.in_(targets) & Relationship.target_provision_id.in_(
        sources
    )
    query = (
        select(
            Relationship.source_provision_id,
            Relationship.target_provision_id,
            Relationship.type,
            Relationship.method,
            Relationship.review_status,
        )
        .where(or_(forward, backward))
        .order_by(Relationship.id)
    )
    return [(s, t, kind, method, status) for s, t, kind, method, status in session.execute(query)]


def standing_links(
    session: Session,
    citation: str | None = None,
    source_instrument: str | None = None,
    target_instrument: str | None = None,
    include_suggestions: bool = False,
) -> list[LinkWithEnds]:
    """The standing relationships between provisions with both ends (instrument and
    provision), filtered, by source instrument and position then target; machine
    suggestions only with ``include_suggestions``."""
    source, target = aliased(Provision), aliased(Provision)
    sv, tv = aliased(InstrumentVersion), aliased(InstrumentVersion)
    query = (
        select(Relationship, sv.instrument_id, source, tv.instrument_id, target)
        .join(source, Relationship.source_provision_id == source.id)
        .join(sv, source.version_id == sv.id)
        .join(target, Relationship.target_provision_id == target.id)
        .join(tv, target.version_id == tv.id)
        .where(standing())
        .order_by(sv.instrument_id, source.ordinal, tv.instrument_id, target.ordinal)
    )
    if citation is not None:
        query = query.where(Relationship.citation == citation)
    if source_instrument is not None:
        query = query.where(sv.instrument_id == source_instrument)
    if target_instrument is not None:
        query = query.where(tv.instrument_id == target_instrument)
    if not include_suggestions:
        query = query.where(Relationship.method != RelationshipMethod.AUTOMATED)
    return [(rel, si, sp, ti, tp) for rel, si, sp, ti, tp in session.execute(query)]


def machine_links_exist(
    session: Session,
    source_ids: Collection[int],
    target_ids: Collection[int],
    author: str | None = None,
) -> bool:
    """Whether a machine suggested (reviewed or not) any link from ``source_ids`` to
    ``target_ids`` (by ``author`` only, if given)."""
    query = select(Relationship.id).where(
        Relationship.source_provision_id.in_(source_ids),
        Relationship.target_provision_id.in_(target_ids),
        Relationship.method == RelationshipMethod.AUTOMATED,
    )
    if author is not None:
        query = query.where(Relationship.author == author)
    return session.scalar(query.limit(1)) is not None


def links_by_author(session: Session, author: str) -> set[tuple[int, int, str, float]]:
    """What ``author`` linked: (source provision, target provision, type, confidence
    rounded to six places), for comparing two runs of the same job."""
    rows = session.execute(
        select(
            Relationship.source_provision_id,
            Relationship.target_provision_id,
            Relationship.type,
            Relationship.confidence,
        ).where(Relationship.author == author)
    ).all()
    return {
        (int(source or 0), int(target or 0), str(kind), round(float(confidence or 0), 6))
        for source, target, kind, confidence in rows
    }


def text_provision_at(session: Session, instrument_id: str, path: str) -> int | None:
    """The provision at ``path`` in the instrument's newest full text that has one."""
    query = (
        select(Provision.id)
        .join(InstrumentVersion, Provision.version_id == InstrumentVersion.id)
        .where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.format != REFERENCE_FORMAT,
            Provision.path == path,
        )
        .order_by(InstrumentVersion.id.desc())
        .limit(1)
    )
    return session.scalar(query)
