"""People's own crosswalk judgements, beyond the published tables, as ranking tasks.

Reviewing a suggestion records a human relationship (``crosswalk.review_queue``);
people also record relationships directly through the API. Grouped by pair of
instruments, these judgements become tasks of the same shape as a published
table (``evaluate.GoldTable``), so the fused ranker can learn from them:

- the sources are the source provisions with at least one related target (any
  type but ``no relationship``; a pair judged twice counts as last judged);
- the candidates are every unit of the target instrument, as
  ``crosswalk suggest`` ranks them, so a rejected suggestion - and every unit
  nobody called related - is a negative.

``decisions_between`` gives the decisions between two given lists of provisions
(either direction), which ``crosswalk suggest`` learns from and never proposes
again (``assist``). ``judgement_count`` counts every decision once (an accepted,
corrected or rejected suggestion; a relationship recorded directly), which lets a
trained ranker tell whether there is anything new to learn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased

from govatlas.crosswalk.evaluate import GoldTable
from govatlas.crosswalk.neighbour_votes import Reviewed
from govatlas.crosswalk.published import CITATION_PREFIX
from govatlas.crosswalk.review_queue import REVIEW_PREFIX
from govatlas.store.models import InstrumentVersion, Provision, Relationship
from govatlas.store.units import unit_passage, unit_provisions
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus

REVIEWED_PREFIX = "reviewed:"


def _own_judgements() -> ColumnElement[bool]:
    """Provision pairs people related that are not rows of a published table."""
    return (
        (Relationship.method != RelationshipMethod.AUTOMATED)
        & Relationship.source_provision_id.is_not(None)
        & Relationship.target_provision_id.is_not(None)
        & or_(Relationship.citation.is_(None), ~Relationship.citation.startswith(CITATION_PREFIX))
    )


def judgement_count(session: Session) -> int:
    """Decisions people have recorded: reviewed suggestions and direct relationships."""
    reviewed = (Relationship.method == RelationshipMethod.AUTOMATED) & (
        Relationship.review_status != ReviewStatus.UNREVIEWED
    )
    direct = _own_judgements() & or_(
        Relationship.citation.is_(None), ~Relationship.citation.startswith(REVIEW_PREFIX)
    )
    query = select(func.count()).select_from(Relationship).where(reviewed | direct)
    return int(session.scalar(query) or 0)


def _judged_pairs(session: Session) -> dict[tuple[str, str], dict[tuple[int, int], bool]]:
    """(source instrument, target instrument) -> {(source, target provision): related?}."""
    source, target = aliased(Provision), aliased(Provision)
    source_version, target_version = aliased(InstrumentVersion), aliased(InstrumentVersion)
    query: Any = (
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
        .where(_own_judgements(), Relationship.review_status != ReviewStatus.REJECTED)
        .order_by(Relationship.id)
    )
    groups: dict[tuple[str, str], dict[tuple[int, int], bool]] = defaultdict(dict)
    for source_instrument, target_instrument, source_id, target_id, kind in session.execute(query):
        if source_instrument != target_instrument:
            related = kind is not RelationshipType.NONE
            groups[(source_instrument, target_instrument)][(source_id, target_id)] = related
    return groups


def reviewed_tables(session: Session) -> list[GoldTable]:
    """One training task per instrument pair that people have judged (see module docstring)."""
    tables = []
    for (source_instrument, target_instrument), judged in sorted(_judged_pairs(session).items()):
        related = [pair for pair, is_related in judged.items() if is_related]
        if not related:
            continue
        units = unit_provisions(session, target_instrument)
        unit_ids = {p.id for p in units}
        extra_ids = sorted({t for _, t in related} - unit_ids)
        targets = units + list(
            session.scalars(
                select(Provision).where(Provision.id.in_(extra_ids)).order_by(Provision.id)
            )
        )
        source_ids = sorted({s for s, _ in related})
        sources = session.scalars(
            select(Provision).where(Provision.id.in_(source_ids)).order_by(Provision.id)
        ).all()
        source_index = {p.id: i for i, p in enumerate(sources)}
        target_index = {p.id: j for j, p in enumerate(targets)}
        gold: dict[int, set[int]] = defaultdict(set)
        for s, t in related:
            gold[source_index[s]].add(target_index[t])
        tables.append(
            GoldTable(
                f"{REVIEWED_PREFIX}{source_instrument}->{target_instrument}",
                [unit_passage(p) for p in sources],
                [unit_passage(p) for p in targets],
                dict(gold),
                frozenset((source_instrument, target_instrument)),
                evaluated=False,
            )
        )
    return tables


def decisions_between(session: Session, sources: Sequence[int], targets: Sequence[int]) -> Reviewed:
    """People's decisions between two lists of provision ids, in either direction, by
    list index: the pairs they related (any type but ``no relationship``; a pair judged
    twice counts as last judged) and every pair decided at all (related, judged
    unrelated, or a reviewed suggestion, accepted or rejected)."""
    source_index = {p: i for i, p in enumerate(sources)}
    target_index = {p: j for j, p in enumerate(targets)}
    forward = Relationship.source_provision_id.in_(sources) & Relationship.target_provision_id.in_(
        targets
    )
    backward = Relationship.source_provision_id.in_(targets) & Relationship.target_provision_id.in_(
        sources
    )
    rows = session.execute(
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
    linked: dict[int, set[int]] = defaultdict(set)
    decided: dict[int, set[int]] = defaultdict(set)
    for first, second, kind, method, status in rows:
        if first is None or second is None:  # never: both ends are in the lists
            continue
        forward_pair = first in source_index and second in target_index
        i = source_index[first if forward_pair else second]
        j = target_index[second if forward_pair else first]
        if method is RelationshipMethod.AUTOMATED:
            if status is not ReviewStatus.UNREVIEWED:
                decided[i].add(j)
            continue
        if status is ReviewStatus.REJECTED:
            continue
        decided[i].add(j)
        if kind is RelationshipType.NONE:
            linked[i].discard(j)
        else:
            linked[i].add(j)
    return Reviewed(dict(linked), dict(decided))
