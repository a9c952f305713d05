"""The interoperability index of two sides, overall and per concept.

A side is one instrument or the instruments of a jurisdiction.

For the units ``U_A`` of side A and ``U_B`` of side B (``crosswalk.units``):

    index = (matched(U_A) + matched(U_B) - conflicted(U_A) - conflicted(U_B)) / (|U_A| + |U_B|)

clipped to [0, 1], where a unit is *matched* when it has a counterpart on the
other side (equal, subset, superset, intersects or related; see
``analytics.compare``) and *conflicted* when it is in a ``contrary`` pair. 1
means every provision of both sides has a counterpart and none conflicts; 0
means none has one. Per concept, ``U_A`` and ``U_B`` are the units that speak to
the concept (``classify.concept_match``). The 95% interval is a percentile
bootstrap: both sides' units are resampled with replacement 1,000 times
(fixed seed, so the same store gives the same interval).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from govatlas.analytics.compare import AlignedPair, Comparison, ProvisionRef
from govatlas.classify.concept_match import ConceptMatcher

RESAMPLES = 1000
SEED = 8477


@dataclass(frozen=True)
class IndexValue:
    value: float
    low: float
    high: float
    a_units: int
    b_units: int
    a_matched: int
    b_matched: int
    conflicts: int


@dataclass
class InteropResult:
    a: str
    b: str
    overall: IndexValue | None
    by_concept: dict[str, IndexValue | None] = field(default_factory=dict)
    evidence: dict[str, list[AlignedPair]] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitFlags:
    """Per unit of one side: has a counterpart (1/0), is in a contrary pair (1/0)."""

    matched: np.ndarray
    conflicted: np.ndarray

    def __len__(self) -> int:
        return len(self.matched)

    def subset(self, rows: Sequence[int]) -> UnitFlags:
        return UnitFlags(self.matched[list(rows)], self.conflicted[list(rows)])

    def resampled(self, rng: np.random.Generator) -> UnitFlags:
        return self.subset(list(rng.integers(0, len(self), len(self)))) if len(self) else self

    @property
    def net(self) -> float:
        return float(self.matched.sum() - self.conflicted.sum())


def unit_flags(units: Sequence[ProvisionRef], matched: set[int], conflicted: set[int]) -> UnitFlags:
    return UnitFlags(
        np.array([u.id in matched for u in units], dtype=np.float64),
        np.array([u.id in conflicted for u in units], dtype=np.float64),
    )


def index_value(
    a: UnitFlags, b: UnitFlags, resamples: int = RESAMPLES, seed: int = SEED
) -> IndexValue | None:
    """The index of two sides and its percentile-bootstrap 95% interval."""
    total = len(a) + len(b)
    if total == 0:
        return None

    def value(x: UnitFlags, y: UnitFlags) -> float:
        return float(np.clip((x.net + y.net) / total, 0.0, 1.0))

    rng = np.random.default_rng(seed)
    draws = [value(a.resampled(rng), b.resampled(rng)) for _ in range(resamples)]
    low, high = np.percentile(draws, [2.5, 97.5])
    return IndexValue(
        round(value(a, b), 4),
        round(float(low), 4),
        round(float(high), 4),
        len(a),
        len(b),
        int(a.matched.sum()),
        int(b.matched.sum()),
        int(a.conflicted.sum() + b.conflicted.sum()),
    )


def interoperability(
    comparison: Comparison, matcher: ConceptMatcher | None = None
) -> InteropResult:
    """Overall index, and per concept when a matcher is given, with the pairs as evidence."""
    a_flags = unit_flags(comparison.a_units, comparison.matched_a, comparison.conflicted_a)
    b_flags = unit_flags(comparison.b_units, comparison.matched_b, comparison.conflicted_b)
    result = InteropResult(comparison.a, comparison.b, index_value(a_flags, b_flags))
    if matcher is None:
        return result
    a_matches = matcher.match([u.text for u in comparison.a_units])
    b_matches = matcher.match([u.text for u in comparison.b_units])
    for concept in matcher.ids:
        a_on = [i for i, found in enumerate(a_matches) if any(m.concept == concept for m in found)]
        b_on = [i for i, found in enumerate(b_matches) if any(m.concept == concept for m in found)]
        result.by_concept[concept] = index_value(a_flags.subset(a_on), b_flags.subset(b_on))
        ids = {comparison.a_units[i].id for i in a_on} | {comparison.b_units[i].id for i in b_on}
        result.evidence[concept] = [
            p for p in comparison.overlaps + comparison.conflicts if p.a.id in ids or p.b.id in ids
        ]
    return result
