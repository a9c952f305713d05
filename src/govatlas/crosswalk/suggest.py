"""Suggested crosswalks between two stored instruments, kept for human review.

Each instrument is read at its main unit (``units.unit_provisions``). Every
source unit gets its best ``top`` targets from ``align.align`` (with the ranker
given: the shipped one, or one ``crosswalk train`` fitted) as *automated,
unreviewed* relationships. Re-running replaces the earlier unreviewed
suggestions for the pair and keeps reviewed ones; it learns from the pair's
decisions so far (``assist``: targets people linked to similar source units gain)
and never proposes a decided pair again. ``suggest_again`` re-runs it for a pair
in each direction suggestions were made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from govatlas.classify.embeddings import Embedder
from govatlas.crosswalk.align import SHIPPED_RANKER, Ranker, align
from govatlas.crosswalk.reviewed import decisions_between
from govatlas.crosswalk.units import unit_passage, unit_provisions
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.models import Provision, Relationship
from govatlas.vocabulary import RationaleKind, RelationshipMethod, RelationshipType, ReviewStatus

AUTHOR = "govatlas crosswalk suggest"
DEFAULT_TOP = 3


@dataclass(frozen=True)
class SuggestResult:
    source_units: int
    target_units: int
    suggestions: int
    replaced: int
    guided_by: int = 0  # source units whose reviewed links guided the ranking
    decided: int = 0  # pairs people already decided, left out


def confidence(score: float) -> float:
    """A monotone 0-1 transform of the fused score (logistic); not a calibrated probability."""
    return round(1.0 / (1.0 + math.exp(-score)), 3)


def _machine_pairs(source_ids: list[int], target_ids: list[int]) -> list[ColumnElement[bool]]:
    """Suggestions (reviewed or not) from ``source_ids`` to ``target_ids``."""
    return [
        Relationship.source_provision_id.in_(source_ids),
        Relationship.target_provision_id.in_(target_ids),
        Relationship.method == RelationshipMethod.AUTOMATED,
    ]


def _pair_clause(source_ids: list[int], target_ids: list[int]) -> list[ColumnElement[bool]]:
    """Suggestions from ``source_ids`` to ``target_ids`` still waiting for review."""
    return [
        *_machine_pairs(source_ids, target_ids),
        Relationship.review_status == ReviewStatus.UNREVIEWED,
    ]


def _require_two(first: str, second: str) -> None:
    if first == second:
        raise InvalidInputError("source and target are the same instrument", "give two instruments")


def suggest_crosswalk(
    session: Session,
    source_instrument: str,
    target_instrument: str,
    top: int = DEFAULT_TOP,
    embedder: Embedder | None = None,
    ranker: Ranker = SHIPPED_RANKER,
) -> SuggestResult:
    """Store the ``top`` candidate targets of every source unit as suggestions."""
    _require_two(source_instrument, target_instrument)
    return _suggest_units(
        session,
        unit_provisions(session, source_instrument),
        unit_provisions(session, target_instrument),
        top,
        embedder,
        ranker,
    )


def _suggest_units(
    session: Session,
    sources: list[Provision],
    targets: list[Provision],
    top: int,
    embedder: Embedder | None,
    ranker: Ranker,
) -> SuggestResult:
    source_ids, target_ids = [p.id for p in sources], [p.id for p in targets]
    stale = list(session.scalars(select(Relationship).where(*_pair_clause(source_ids, target_ids))))
    for relationship in stale:
        session.delete(relationship)
    replaced = len(stale)
    reviewed = decisions_between(session, source_ids, target_ids)
    candidates = align(
        [unit_passage(p) for p in sources],
        [unit_passage(p) for p in targets],
        top,
        embedder,
        ranker,
        reviewed,
    )
    rows = [
        Relationship(
            source_provision_id=int(c.source_id),
            target_provision_id=int(c.target_id),
            type=c.relationship,
            rationale_kind=RationaleKind.SEMANTIC,
            rationale=(
                f"rank {c.rank} of {len(targets)} by fused lexical and embedding score "
                f"{c.score:.2f} (cosine {c.cosine:.2f})"
            ),
            confidence=confidence(c.score),
            method=RelationshipMethod.AUTOMATED,
            author=AUTHOR,
            review_status=ReviewStatus.UNREVIEWED,
        )
        for c in candidates
        if c.relationship is not RelationshipType.NONE or c.rank == 1
    ]
    session.add_all(rows)
    session.flush()
    return SuggestResult(
        len(sources),
        len(targets),
        len(rows),
        replaced,
        reviewed.sources,
        sum(len(pairs) for pairs in reviewed.decided.values()),
    )


def _ever_suggested(session: Session, source_ids: list[int], target_ids: list[int]) -> bool:
    """Whether any suggestion (reviewed or not) was made from ``source_ids`` to ``target_ids``."""
    query = select(Relationship.id).where(*_machine_pairs(source_ids, target_ids)).limit(1)
    return session.scalar(query) is not None


def suggest_again(
    session: Session,
    first: str,
    second: str,
    top: int = DEFAULT_TOP,
    embedder: Embedder | None = None,
    ranker: Ranker = SHIPPED_RANKER,
) -> list[tuple[str, str, SuggestResult]]:
    """Re-rank the suggestions between two instruments with the decisions made since:
    ``suggest_crosswalk`` again in each direction suggestions were made. Names the pair
    when nothing was ever suggested between them."""
    _require_two(first, second)
    units = {name: unit_provisions(session, name) for name in (first, second)}
    ids = {name: [p.id for p in provisions] for name, provisions in units.items()}
    done = []
    for source, target in ((first, second), (second, first)):
        if _ever_suggested(session, ids[source], ids[target]):
            result = _suggest_units(session, units[source], units[target], top, embedder, ranker)
            done.append((source, target, result))
    if not done:
        raise NotFoundError(
            f"nothing was suggested between {first!r} and {second!r}",
            f"run `govatlas crosswalk suggest {first} {second}` first",
        )
    return done
