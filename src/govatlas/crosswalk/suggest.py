"""Suggested crosswalks between two stored instruments, kept for human review.

Each instrument is read at its main unit (``units.unit_provisions``). Every
source unit gets its best ``top`` targets from ``align.align`` (with the ranker
given: the shipped one, or one ``crosswalk train`` fitted) as *automated,
unreviewed* relationships. Re-running replaces the earlier unreviewed
suggestions for the pair and keeps reviewed ones; it learns from the pair's
decisions so far (``assist``: targets people linked to similar source units gain)
and never proposes a decided pair again. ``suggest_again`` re-runs it for a pair
in each direction suggestions were made.

The alignment takes seconds (about 20 for the EU AI Act against the AI RMF), so
it is computed with no transaction open and the result written in one short
transaction: reviews made meanwhile go through, and a pair decided while it ran
is not proposed again.

Final and commencement clauses (``crosswalk.final_clauses``) are never suggested, as
source or as target: two entry-into-force articles read alike whatever the laws
regulate.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, delete, insert
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import Embedder
from govatlas.crosswalk.align import (
    SHIPPED_RANKER,
    Candidate,
    Ranker,
    VectorCache,
    align,
    for_full_texts,
)
from govatlas.crosswalk.final_clauses import is_final_clause
from govatlas.crosswalk.neighbour_votes import Reviewed
from govatlas.crosswalk.reviewed_tasks import decisions_between
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.crosswalk_rows import machine_links_exist
from govatlas.store.instruments import reading_version
from govatlas.store.models import Provision, Relationship
from govatlas.store.session import transaction
from govatlas.store.units import unit_passage, unit_provisions
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
    write_seconds: float = 0.0  # how long the write transaction (and its lock) lasted


def confidence(score: float) -> float:
    """A monotone 0-1 transform of the fused score (logistic); not a calibrated probability.
    Used only for rankers that carry no calibration (trained ones)."""
    return round(1.0 / (1.0 + math.exp(-score)), 3)


def _confidence(candidate: Candidate) -> float:
    return (
        candidate.probability if candidate.probability is not None else confidence(candidate.score)
    )


def _rationale(candidate: Candidate, targets: int, calibrated_on: str) -> str:
    calibrated = (
        f"; probability {candidate.probability:.2f} that people would link it (calibrated on "
        f"{calibrated_on})"
        if candidate.probability is not None
        else ""
    )
    cosine = f" (cosine {candidate.cosine:.2f})" if candidate.cosine is not None else ""
    return (
        f"rank {candidate.rank} of {targets} by fused lexical and embedding score "
        f"{candidate.score:.2f}{cosine}{calibrated}"
    )


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
    engine: Engine,
    source_instrument: str,
    target_instrument: str,
    top: int = DEFAULT_TOP,
    embedder: Embedder | None = None,
    ranker: Ranker = SHIPPED_RANKER,
    options: SuggestOptions | None = None,
) -> SuggestResult:
    """Store the ``top`` candidate targets of every source unit as suggestions.

    Reads what it needs, computes the alignment with no transaction open, then
    writes in one short transaction (see ``_write``)."""
    _require_two(source_instrument, target_instrument)
    with Session(engine) as session:
        sources = unit_provisions(session, source_instrument)
        targets = unit_provisions(session, target_instrument)
        chosen = ranker_for(session, (source_instrument, target_instrument), ranker)
    return _suggest_units(engine, sources, targets, top, embedder, chosen, options)


def ranker_for(session: Session, instruments: tuple[str, str], ranker: Ranker) -> Ranker:
    """Between two stored texts every unit meets every unit, so the probabilities are
    the full-text calibration's (``align.for_full_texts``); between reference items (the
    items a published crosswalk cites), the published tables' own."""
    if all(reading_version(session, i) is not None for i in instruments):
        return for_full_texts(ranker)
    return ranker


@dataclass(frozen=True)
class SuggestOptions:
    """How a batch of suggestions is made: the author recorded, the least calibrated
    probability kept (None keeps every candidate the ranker calls related, and each
    source's best), and embeddings shared between pairs."""

    author: str = AUTHOR
    min_probability: float | None = None
    cache: VectorCache | None = None


def _suggest_units(
    engine: Engine,
    sources: list[Provision],
    targets: list[Provision],
    top: int,
    embedder: Embedder | None,
    ranker: Ranker,
    options: SuggestOptions | None = None,
) -> SuggestResult:
    chosen = options or SuggestOptions()
    source_ids, target_ids = [p.id for p in sources], [p.id for p in targets]
    with Session(engine) as session:  # a read; ended before the long computation
        reviewed = decisions_between(session, source_ids, target_ids)
    candidates = align(
        [unit_passage(p) for p in sources if not _final(p)],
        [unit_passage(p) for p in targets if not _final(p)],
        top,
        embedder,
        ranker,
        reviewed,
        chosen.cache,
    )
    return store_alignment(engine, (source_ids, target_ids), candidates, reviewed, ranker, chosen)


def _final(provision: Provision) -> bool:
    return is_final_clause(provision.heading, provision.text)


def _final_ids(session: Session, ids: list[int]) -> set[str]:
    """The units among ``ids`` that are final clauses, as the candidates name them."""
    units = (session.get(Provision, i) for i in ids)
    return {str(u.id) for u in units if u is not None and _final(u)}


def store_alignment(
    engine: Engine,
    units: tuple[list[int], list[int]],
    candidates: list[Candidate],
    reviewed: Reviewed,
    ranker: Ranker,
    options: SuggestOptions,
) -> SuggestResult:
    """Store the alignment ``align`` made between the source and target ``units``
    (provision ids): the candidates at least ``options.min_probability`` likely (or, with
    none, those called related and each source's best), replacing the pair's waiting
    suggestions (``_write``)."""
    if options.min_probability is not None:
        least = options.min_probability
        candidates = [c for c in candidates if (c.probability or 0.0) >= least]
    return _write(
        engine,
        *units,
        candidates,
        reviewed,
        _Provenance(options.author, ranker.calibrated_on),
        keep_best=options.min_probability is None,
    )


@dataclass(frozen=True)
class _Provenance:
    """Who made the suggestions, and what their probabilities were calibrated on."""

    author: str = AUTHOR
    calibrated_on: str = SHIPPED_RANKER.calibrated_on


def _write(
    engine: Engine,
    source_ids: list[int],
    target_ids: list[int],
    candidates: list[Candidate],
    reviewed: Reviewed,
    provenance: _Provenance | None = None,
    keep_best: bool = True,
) -> SuggestResult:
    """Replace the pair's waiting suggestions with ``candidates`` in one short
    transaction. Pairs decided while the alignment was computed are left out too, so a
    review made meanwhile is neither lost nor asked again."""
    made = provenance or _Provenance()
    started = time.perf_counter()
    with transaction(engine) as session:
        deleted: Any = session.execute(
            delete(Relationship).where(*_pair_clause(source_ids, target_ids))
        )
        stale = deleted.rowcount
        now = decisions_between(session, source_ids, target_ids).decided
        final = _final_ids(session, source_ids + target_ids)  # whoever aligned them
        source_index = {str(p): i for i, p in enumerate(source_ids)}
        target_index = {str(p): j for j, p in enumerate(target_ids)}
        rows = [
            {
                "source_provision_id": int(c.source_id),
                "target_provision_id": int(c.target_id),
                "type": c.relationship,
                "rationale_kind": RationaleKind.SEMANTIC,
                "rationale": _rationale(c, len(target_ids), made.calibrated_on),
                "confidence": _confidence(c),
                "method": RelationshipMethod.AUTOMATED,
                "author": made.author,
                "review_status": ReviewStatus.UNREVIEWED,
            }
            for c in candidates
            if (c.relationship is not RelationshipType.NONE or (keep_best and c.rank == 1))
            and target_index[c.target_id] not in now.get(source_index[c.source_id], set())
            and not final & {c.source_id, c.target_id}
        ]
        if rows:
            session.execute(insert(Relationship), rows)
    return SuggestResult(
        len(source_ids),
        len(target_ids),
        len(rows),
        int(stale or 0),
        reviewed.sources,
        sum(len(pairs) for pairs in reviewed.decided.values()),
        round(time.perf_counter() - started, 3),
    )


def _ever_suggested(session: Session, source_ids: list[int], target_ids: list[int]) -> bool:
    """Whether any suggestion (reviewed or not) was made from ``source_ids`` to ``target_ids``."""
    return machine_links_exist(session, source_ids, target_ids)


def suggest_again(
    engine: Engine,
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
    with Session(engine) as session:
        units = {name: unit_provisions(session, name) for name in (first, second)}
        ids = {name: [p.id for p in provisions] for name, provisions in units.items()}
        directions = [
            (source, target)
            for source, target in ((first, second), (second, first))
            if _ever_suggested(session, ids[source], ids[target])
        ]
        chosen = ranker_for(session, (first, second), ranker)
    if not directions:
        raise NotFoundError(
            f"nothing was suggested between {first!r} and {second!r}",
            f"run `govatlas crosswalk suggest {first} {second}` first",
        )
    return [
        (
            source,
            target,
            _suggest_units(engine, units[source], units[target], top, embedder, chosen),
        )
        for source, target in directions
    ]
