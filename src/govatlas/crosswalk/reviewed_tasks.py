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

from sqlalchemy.orm import Session

from govatlas.crosswalk.evaluate import GoldTable
from govatlas.crosswalk.neighbour_votes import Reviewed
from govatlas.crosswalk.published import CITATION_PREFIX
from govatlas.crosswalk.review_queue import REVIEW_PREFIX
from govatlas.store.crosswalk_rows import (
    decisions_among,
    judged_pairs,
    provisions_in_order,
)
from govatlas.store.crosswalk_rows import judgement_count as stored_judgement_count
from govatlas.store.units import unit_passage, unit_provisions
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus

REVIEWED_PREFIX = "reviewed:"


def judgement_count(session: Session) -> int:
    """Decisions people have recorded: reviewed suggestions and direct relationships."""
    return stored_judgement_count(session, CITATION_PREFIX, REVIEW_PREFIX)


def _judged_pairs(session: Session) -> dict[tuple[str, str], dict[tuple[int, int], bool]]:
    """(source instrument, target instrument) -> {(source, target provision): related?}."""
    groups: dict[tuple[str, str], dict[tuple[int, int], bool]] = defaultdict(dict)
    for source_instrument, target_instrument, source_id, target_id, kind in judged_pairs(
        session, CITATION_PREFIX
    ):
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
        targets = units + provisions_in_order(session, extra_ids)
        source_ids = sorted({s for s, _ in related})
        sources = provisions_in_order(session, source_ids)
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
    rows = decisions_among(session, sources, targets)
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
