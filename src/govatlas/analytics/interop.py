"""The interoperability index of two sides, overall and per concept.

A side is one instrument or the instruments of a jurisdiction, read unit by unit
(``store.units``: articles, AI RMF subcategories, ...). Definition (also in
docs/interoperability-index.md):

* A unit's *match strength* m is the largest weight of the unit-level links that
  give it a counterpart on the other side (``analytics.compare``): 1 for a human
  link (published crosswalk or reviewed decision), the stored probability for an
  unreviewed machine suggestion, 1/k of that when the link names a provision
  holding k units. Its *conflict strength* c is the same over ``contrary`` links.
* A unit's *score* is m * (1 - c): how likely it has a counterpart and is not in
  conflict, reading the two as independent. It lies in [0, 1].
* The index is the mean score over the measured units of both sides,
  ``(sum of scores over U_A and U_B) / (|U_A| + |U_B|)``: the plain, weighted
  share of aligned units, so that it reads against the counts shown beside it.
  It rises with every aligned unit and never falls when a link is added.

What is measured is said by ``IndexValue.basis``:

* ``units``: both sides are stored texts and at least one unit-level link (of
  any weight) joins them.
* ``reference-only``: a side's text is not public, so its units are only the
  reference items its crosswalks cite and would be matched by construction.
  Those units are left out; the value is the share of the *other* side's units
  with a counterpart among the cited items (one-sided, not comparable with
  ``units`` values). With no stored text on either side there is no value.
* ``concept-level``: no link joins a unit of A to a unit of B, but some join
  concept or reference items filed on an instrument (``concept_links`` of them).
  No value: 0 would say the crosswalk found no counterpart, when it never
  looked at units.
* ``unlinked``: no relationship at all between the sides; no value.

Interval (95%): a percentile bootstrap resampling the measured units of each
side with replacement (``RESAMPLES`` times, fixed seed: the same store gives
the same interval). When every resample gives the same value - all units score
alike, e.g. none or all aligned - the bootstrap has nothing to resample and the
Jeffreys interval of the weighted count is used instead (``analytics.intervals``),
so 0 of n reads [0, u] with u > 0 and n of n [l, 1] with l < 1.

Per concept, the units are those the product's measured readings label with the
concept (``concept_units``: people's labels and the provision classifier's, each
concept with the classifier's precision and recall), measured on the evidence of the
whole pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from govatlas.analytics.compare import AlignedPair, Comparison, ProvisionRef
from govatlas.analytics.concept_units import ConceptUnits
from govatlas.i18n import gettext, ngettext
from govatlas.proportions import jeffreys_interval

RESAMPLES = 1000
SEED = 8477

Basis = Literal["units", "reference-only", "concept-level", "unlinked"]
Sides = Literal["both", "a", "b", "none"]
IntervalMethod = Literal["bootstrap", "jeffreys", "none"]


@dataclass(frozen=True)
class IndexValue:
    """The index of two sides; ``value`` is None when nothing was measured (``basis``)."""

    value: float | None
    low: float | None
    high: float | None
    a_units: int
    b_units: int
    a_matched: float  # sum of match strengths over A's units (a weighted count)
    b_matched: float
    conflicts: float  # sum of conflict strengths over both sides' units
    basis: Basis = "units"
    concept_links: int = 0
    measured_on: Sides = "both"  # whose units the value is the share of
    interval: IntervalMethod = "bootstrap"
    a_concept_units: int = 0  # text units of A at the unit end of a concept-level link
    b_concept_units: int = 0
    a_reference_units: int = 0  # units of A that are cited reference items (no public text)
    b_reference_units: int = 0
    # the value from human links alone; the rest of ``value`` is machine-suggested
    human_value: float | None = None

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def comparable(self) -> bool:
        """Measured on the units of both stored texts, like any other ``units`` value."""
        return self.value is not None and self.basis == "units"

    def describe(self, a: str = "A", b: str = "B") -> str:
        """The value as a reader should see it, with what it was measured on (in the
        language being rendered: reports translate it, the command line is English)."""
        if self.value is None or self.low is None or self.high is None:
            return self.caveat(a, b)
        text = f"{self.value:.2f} [{self.low:.2f}–{self.high:.2f}]"
        caveat = self.caveat(a, b)
        return gettext("%(figure)s (%(caveat)s)", figure=text, caveat=caveat) if caveat else text

    @property
    def machine_only(self) -> bool:
        """Whether the value rests on unreviewed machine suggestions alone (human links
        give 0.00): such a value is no finding, and no policy option rests on it."""
        return bool(self.machine_note) and (self.human_value or 0.0) < 0.005

    @property
    def machine_note(self) -> str:
        """How much of the value rests on unreviewed machine suggestions ("" if none)."""
        if self.value is None or self.human_value is None:
            return ""
        if self.value - self.human_value <= 1e-9:  # nothing from machine suggestions
            return ""
        human = f"{self.human_value:.2f}"
        return gettext(
            "%(human)s from human links alone; the rest machine-suggested, not reviewed",
            human=human,
        )

    def caveat(self, a: str = "A", b: str = "B") -> str:
        """What a reader must know besides the figure ("" for a plain unit-level value)."""
        if self.value is None:
            text = not_measured(self.basis, self.concept_links)
            if self.basis == "concept-level":
                reach = [
                    # the English says "units" whatever the count
                    ngettext(
                        "%(reached)s of %(num)s units of %(name)s",
                        "%(reached)s of %(num)s units of %(name)s",
                        units - cited,
                        reached=reached,
                        name=name,
                    )
                    for name, units, cited, reached in (
                        (a, self.a_units, self.a_reference_units, self.a_concept_units),
                        (b, self.b_units, self.b_reference_units, self.b_concept_units),
                    )
                    if units > cited
                ]
                if reach:
                    reached_units = reach[0]
                    for more in reach[1:]:
                        reached_units = gettext(
                            "%(first)s and %(second)s", first=reached_units, second=more
                        )
                    text = gettext(
                        "%(not_measured)s, reaching %(reached)s",
                        not_measured=text,
                        reached=reached_units,
                    )
            return text
        notes = [self.machine_note]
        if self.basis == "reference-only" and self.measured_on in ("a", "b"):
            side, other = (a, b) if self.measured_on == "a" else (b, a)
            cited = self.b_reference_units if self.measured_on == "a" else self.a_reference_units
            notes.insert(
                0,
                gettext(
                    "reference-only: share of %(side)s's units with a counterpart among the "
                    "%(cited)s items of %(other)s its crosswalks cite (%(other)s's text is not "
                    "stored in the atlas)",
                    side=side,
                    cited=cited,
                    other=other,
                ),
            )
        elif self.basis == "reference-only":
            notes.insert(
                0,
                gettext(
                    "reference-only items left out (%(a_cited)s of %(a)s, %(b_cited)s of "
                    "%(b)s): measured on the units of stored texts only",
                    a_cited=self.a_reference_units,
                    a=a,
                    b_cited=self.b_reference_units,
                    b=b,
                ),
            )
        return "; ".join(n for n in notes if n)


def not_measured(basis: Basis, concept_links: int) -> str:
    """Why a pair has no value, in the language being rendered."""
    if basis == "concept-level":
        return ngettext(
            "no unit-level alignment measured; %(num)s concept-level link",
            "no unit-level alignment measured; %(num)s concept-level links",
            concept_links,
        )
    if basis == "reference-only":
        return gettext("not measured: neither side has a stored text, only cited reference items")
    return gettext("not measured: no relationship recorded between them")


@dataclass
class InteropResult:
    a: str
    b: str
    overall: IndexValue | None  # None: a side has no units at all
    by_concept: dict[str, IndexValue | None] = field(default_factory=dict)
    evidence: dict[str, list[AlignedPair]] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    """How many links the pair has between units, and between anything else."""

    unit_links: int
    concept_links: int = 0


@dataclass(frozen=True)
class UnitFlags:
    """Per unit of one side: match strength, conflict strength (each in [0, 1]),
    and whether the unit is a cited reference item rather than a provision of a text."""

    matched: np.ndarray
    conflicted: np.ndarray
    reference: np.ndarray | None = None
    concept: np.ndarray | None = None  # reached by a concept-level link (not counted)

    def __len__(self) -> int:
        return len(self.matched)

    @property
    def references(self) -> np.ndarray:
        if self.reference is None:
            return np.zeros(len(self), dtype=bool)
        return self.reference.astype(bool)

    @property
    def scores(self) -> np.ndarray:
        m = np.clip(self.matched.astype(np.float64), 0.0, 1.0)
        c = np.clip(self.conflicted.astype(np.float64), 0.0, 1.0)
        return m * (1.0 - c)

    def subset(self, rows: Sequence[int]) -> UnitFlags:
        rows = list(rows)
        reference = None if self.reference is None else self.reference[rows]
        concept = None if self.concept is None else self.concept[rows]
        return UnitFlags(self.matched[rows], self.conflicted[rows], reference, concept)

    @property
    def measured(self) -> UnitFlags:
        """The units that are provisions of a stored text (reference items left out)."""
        return self.subset([i for i, r in enumerate(self.references) if not r])

    @property
    def net(self) -> float:
        return float(self.scores.sum())

    @property
    def concept_reached(self) -> int:
        """Text units at the unit end of a concept-level link."""
        if self.concept is None:
            return 0
        return int((self.concept.astype(bool) & ~self.references).sum())


def unit_flags(
    units: Sequence[ProvisionRef],
    matched: dict[int, float] | set[int],
    conflicted: dict[int, float] | set[int],
    reference: set[int] | None = None,
    concept: set[int] | None = None,
) -> UnitFlags:
    """Flags of ``units`` from unit id -> strength maps (a set means strength 1)."""

    def strength(found: dict[int, float] | set[int], unit: int) -> float:
        if isinstance(found, set):
            return 1.0 if unit in found else 0.0
        return found.get(unit, 0.0)

    return UnitFlags(
        np.array([strength(matched, u.id) for u in units], dtype=np.float64),
        np.array([strength(conflicted, u.id) for u in units], dtype=np.float64),
        np.array([u.id in (reference or set()) for u in units], dtype=bool),
        np.array([u.id in (concept or set()) for u in units], dtype=bool),
    )


def _weighted_counts(a: UnitFlags, b: UnitFlags) -> tuple[float, float, float]:
    """Matched units of A, of B, and conflicted units of both, each weighed by its score."""
    return (
        round(float(np.clip(a.matched, 0, 1).sum()), 4),
        round(float(np.clip(b.matched, 0, 1).sum()), 4),
        round(float(np.clip(a.conflicted, 0, 1).sum() + np.clip(b.conflicted, 0, 1).sum()), 4),
    )


def _unmeasured(a: UnitFlags, b: UnitFlags, basis: Basis, concept_links: int) -> IndexValue:
    return IndexValue(
        None,
        None,
        None,
        len(a),
        len(b),
        *_weighted_counts(a, b),
        basis,
        concept_links,
        "none",
        "none",
        a.concept_reached,
        b.concept_reached,
        int(a.references.sum()),
        int(b.references.sum()),
    )


def index_value(
    a: UnitFlags,
    b: UnitFlags,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    evidence: Evidence | None = None,
) -> IndexValue | None:
    """The index of two sides and its 95% interval (see the module docstring).

    ``evidence`` says whether any unit-level link exists for the pair; without it
    the flags are taken as measured (a crosswalk that looked at every unit).
    """
    if len(a) + len(b) == 0:
        return None
    concept_links = evidence.concept_links if evidence else 0
    if evidence is not None and evidence.unit_links == 0:
        return _unmeasured(a, b, "concept-level" if concept_links else "unlinked", concept_links)
    a_text, b_text = a.measured, b.measured
    partial = len(a_text) < len(a) or len(b_text) < len(b)
    basis: Basis = "reference-only" if partial else "units"
    total = len(a_text) + len(b_text)
    if total == 0:
        return _unmeasured(a, b, "reference-only", concept_links)
    sides: Sides = "both" if len(a_text) and len(b_text) else ("a" if len(a_text) else "b")
    a_scores, b_scores = a_text.scores, b_text.scores
    matched = float(a_scores.sum() + b_scores.sum())
    value = matched / total

    rng = np.random.default_rng(seed)
    draws = np.empty(resamples)
    for i in range(resamples):
        drawn = 0.0
        for scores in (a_scores, b_scores):
            if len(scores):
                drawn += float(scores[rng.integers(0, len(scores), len(scores))].sum())
        draws[i] = drawn / total
    method: IntervalMethod = "bootstrap"
    if resamples and float(draws.max() - draws.min()) > 1e-12:
        low, high = (float(x) for x in np.percentile(draws, [2.5, 97.5]))
    else:
        method = "jeffreys"
        low, high = jeffreys_interval(matched, total)
    return IndexValue(
        round(value, 4),
        round(min(low, value), 4),
        round(max(high, value), 4),
        len(a),
        len(b),
        *_weighted_counts(a, b),
        basis,
        concept_links,
        sides,
        method,
        a.concept_reached,
        b.concept_reached,
        int(a.references.sum()),
        int(b.references.sum()),
    )


def _with_human(value: IndexValue | None, human: IndexValue | None) -> IndexValue | None:
    if value is None or value.value is None:
        return value
    return replace(value, human_value=human.value if human and human.value is not None else 0.0)


def interoperability(
    comparison: Comparison, readings: Sequence[ConceptUnits] | None = None
) -> InteropResult:
    """Overall index, and per concept when the units each concept is read in are given
    (``concept_units.concept_units``), with the pairs as evidence."""
    a_human = unit_flags(
        comparison.a_units,
        comparison.a_human_weights,
        comparison.a_human_conflict_weights,
        comparison.reference_a,
    )
    b_human = unit_flags(
        comparison.b_units,
        comparison.b_human_weights,
        comparison.b_human_conflict_weights,
        comparison.reference_b,
    )
    a_flags = unit_flags(
        comparison.a_units,
        comparison.a_weights,
        comparison.a_conflict_weights,
        comparison.reference_a,
        comparison.concept_units_a,
    )
    b_flags = unit_flags(
        comparison.b_units,
        comparison.b_weights,
        comparison.b_conflict_weights,
        comparison.reference_b,
        comparison.concept_units_b,
    )
    evidence = Evidence(comparison.unit_links, comparison.concept_links)
    result = InteropResult(
        comparison.a,
        comparison.b,
        _with_human(
            index_value(a_flags, b_flags, evidence=evidence),
            index_value(a_human, b_human, resamples=0),
        ),
    )
    for reading in readings or []:
        concept, a_on, b_on = reading.concept, reading.a_units, reading.b_units
        result.by_concept[concept] = _with_human(
            index_value(a_flags.subset(a_on), b_flags.subset(b_on), evidence=evidence),
            index_value(a_human.subset(a_on), b_human.subset(b_on), resamples=0),
        )
        ids = {comparison.a_units[i].id for i in a_on} | {comparison.b_units[i].id for i in b_on}
        result.evidence[concept] = [
            p for p in comparison.overlaps + comparison.conflicts if p.a.id in ids or p.b.id in ids
        ]
    return result
