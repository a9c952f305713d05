"""95% intervals for coverage counts, from the classifiers' measured precision and recall.

A count such as "binding law in force covers institutional arrangements in 29 of
the 68 UN Member States assessed" rests partly on machine labels, which can be
wrong both ways: a covered cell may be a false positive, an "assessed, not found"
cell a missed cover. The interval says how far the true count may be from the one
stated, given how the classifier did on the project's gold. The method, its
assumptions and a worked example are in ``docs/coverage-intervals.md``; in short:

* **Uncertainty of the figures.** Each simulation draws the classifier's
  precision and recall from their Jeffreys posteriors on the test split,
  Beta(tp + 1/2, fp + 1/2) and Beta(tp + 1/2, fn + 1/2), so a precision of 1.00 on
  2 test predictions is not read as certain.
* **One instrument, one piece of evidence.** An instrument's provisions share
  drafting and vocabulary, so a classifier that misreads one usually misreads its
  siblings: an instrument covering a concept only by machine labels truly covers it
  with probability p (whatever the number of its evidence provisions), and one read
  whole with nothing found is a missed cover with the probability recall r and the
  base rate give (``miss_probability``; the base rate comes from the share of the
  instruments read that the classifier labelled, itself drawn from its Jeffreys
  posterior). Distinct instruments are independent, and one instrument's draw is
  shared by every row it applies in (EU law in 27 Member States is right or wrong in
  all 27 at once). Both choices widen the interval.
* **People are exact.** A cover resting on a label people gave or accepted, and an
  absence people coded, never change.
* Each simulation recomputes every row's strongest covering effect, so a count of
  "binding law in force" may also gain a row whose missed law outranks what was
  found. The interval is the 2.5% and 97.5% quantiles of the simulated counts,
  widened if needed to include the stated count (when the simulation puts the true
  count wholly on one side of it, its median says which: ``median``).

A concept whose classifier is unmeasured or below the precision floor
(experimental) gets no interval (None), never a zero-width one. Draws come from a
fixed seed and a stream per concept, so the same store gives the same intervals.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from govatlas.analytics.coverage import Coverage
from govatlas.classify.measured.shipped import MeasuredConcept, reaches_floor
from govatlas.i18n import gettext
from govatlas.vocabulary import EFFECT_STRENGTH

LEVEL = 0.95
DRAWS = 1000  # as many as the interoperability bootstrap's resamples
SEED = 8477
NONE = len(EFFECT_STRENGTH)  # the rank of "no cover": weaker than every effect
COVERED = "covered"  # any of the four covering states
COUNTED_STATES: tuple[str, ...] = (*(e.value for e in EFFECT_STRENGTH), COVERED)
COUNTED_LABELS: dict[str, str] = {
    **{e.value: e.value.replace("-", " ") for e in EFFECT_STRENGTH},
    COVERED: "covered by any instrument",
}


class Basis(StrEnum):
    """What an instrument's state for a concept rests on."""

    PEOPLE = "people"  # a label people gave or accepted: a cover, certainly
    MACHINE = "machine"  # only measured classifier labels: a cover with probability p
    UNFLAGGED = "unflagged"  # read whole, nothing found: a missed cover with some probability


@dataclass(frozen=True)
class Holding:
    """An instrument that applies in a unit, with the rank of its effect there (0: binding
    law in force) and what its state for the concept rests on."""

    instrument: str
    rank: int
    basis: Basis


@dataclass(frozen=True)
class Unit:
    """One counted row (a Member State or an instrument) for one concept. Instruments
    assessed as absent by people, or not assessed, are left out: they never cover."""

    name: str
    assessed: bool
    holdings: tuple[Holding, ...] = ()

    @property
    def stated_rank(self) -> int:
        """The rank of the state as reported: the strongest effect found covering."""
        found = [h.rank for h in self.holdings if h.basis is not Basis.UNFLAGGED]
        return min(found, default=NONE)


@dataclass(frozen=True)
class Measured:
    """A classifier's confusion counts on the test split, and of the instruments it read
    whole in the store, how many it labelled with the concept (for the base rate)."""

    true_positives: int
    false_positives: int
    false_negatives: int
    flagged: int = 0
    read: int = 0

    @classmethod
    def from_quality(
        cls, quality: MeasuredConcept | None, flagged: int = 0, read: int = 0
    ) -> Measured | None:
        """None when the concept is unmeasured or experimental: such counts get no interval."""
        if quality is None or not quality.assessable or quality.confusion is None:
            return None
        tp, fp, fn = quality.confusion
        return cls(tp, fp, fn, flagged, read)


@dataclass(frozen=True)
class CountInterval:
    """A count of units over those assessed, with its 95% interval (None: no interval)."""

    count: int
    assessed: int
    low: int | None = None
    high: int | None = None
    median: int | None = None

    @property
    def figure(self) -> str:
        """``29 (95% interval 24–33)``, or ``29`` when there is no interval, or "not
        assessed" when no row was (never 0)."""
        if not self.assessed:
            return gettext("not assessed")
        if self.low is None or self.high is None:
            return str(self.count)
        return gettext(
            "%(count)s (95%% interval %(low)s–%(high)s)",
            count=self.count,
            low=self.low,
            high=self.high,
        )

    @property
    def text(self) -> str:
        """``29 (95% interval 24–33) of 68 assessed``; "not assessed" when none was."""
        if not self.assessed:
            return self.figure
        return f"{self.figure} of {self.assessed} assessed"

    def fields(self) -> dict[str, Any]:
        """The count and its interval as the API and the downloads give them: the count
        is null when no row was assessed (not assessed is not 0)."""
        return {
            "count": self.count if self.assessed else None,
            "count_low": self.low,
            "count_high": self.high,
            "count_median": self.median,
            "assessed": self.assessed,
        }


def miss_probability(
    precision: npt.NDArray[np.float64],
    recall: npt.NDArray[np.float64],
    flagged_share: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """The chance that an instrument read whole with nothing found truly covers the concept.

    Of the instruments read, a share q was flagged; q·p of them truly cover it, so the
    instruments that truly cover it are q·p/r of those read (the base rate) and
    q·p·(1 - r)/r were missed, among the 1 - q left unflagged: each is a missed cover
    with probability q·p·(1 - r) / (r·(1 - q)), at most 1.
    """
    missed = flagged_share * precision * (1.0 - recall)
    unflagged = np.maximum(recall, 1e-12) * np.maximum(1.0 - flagged_share, 1e-12)
    return np.asarray(np.clip(missed / unflagged, 0.0, 1.0), dtype=np.float64)


class CountSimulation:
    """Simulated strongest covering rank of each assessed unit, ``draws`` times."""

    def __init__(
        self,
        units: Sequence[Unit],
        measured: Measured | None,
        *,
        draws: int = DRAWS,
        seed: int = SEED,
        stream: str = "",
    ) -> None:
        self.units = [u for u in units if u.assessed]
        self.measured = measured
        self.stated = np.array([u.stated_rank for u in self.units], dtype=np.int8)
        self.levels: npt.NDArray[np.int8] | None = None
        if measured is None:
            return
        columns: dict[str, int] = {}
        bases: list[Basis] = []
        for unit in self.units:
            for holding in unit.holdings:
                if holding.basis is not Basis.PEOPLE and holding.instrument not in columns:
                    columns[holding.instrument] = len(bases)
                    bases.append(holding.basis)
        if not columns:  # every cover and absence rests on people: exact
            self.levels = self.stated[np.newaxis, :]
            return
        rng = np.random.default_rng([seed, zlib.crc32(stream.encode("utf-8"))])
        tp, fp, fn = measured.true_positives, measured.false_positives, measured.false_negatives
        precision = rng.beta(tp + 0.5, fp + 0.5, size=draws)
        recall = rng.beta(tp + 0.5, fn + 0.5, size=draws)
        # the flagged share is a proportion of few instruments too: drawn like the others
        share = rng.beta(measured.flagged + 0.5, measured.read - measured.flagged + 0.5, draws)
        missed = miss_probability(precision, recall, share)
        chance = np.where(
            np.array([b is Basis.MACHINE for b in bases])[np.newaxis, :],
            precision[:, np.newaxis],
            missed[:, np.newaxis],
        )
        truth = rng.random((draws, len(bases))) < chance
        # Every uncertain holding as one column, grouped by unit; a unit's strongest
        # true cover is the minimum over its columns and its people's covers.
        fixed = np.array(
            [
                min((h.rank for h in u.holdings if h.basis is Basis.PEOPLE), default=NONE)
                for u in self.units
            ],
            dtype=np.int8,
        )
        starts: list[int] = []
        owners: list[int] = []
        cols: list[int] = []
        ranks: list[int] = []
        for index, unit in enumerate(self.units):
            uncertain = [h for h in unit.holdings if h.basis is not Basis.PEOPLE]
            if uncertain:
                starts.append(len(cols))
                owners.append(index)
                cols.extend(columns[h.instrument] for h in uncertain)
                ranks.extend(h.rank for h in uncertain)
        picked = truth[:, np.array(cols, dtype=np.intp)]
        values = np.where(picked, np.array(ranks, dtype=np.int8), np.int8(NONE))
        levels = np.repeat(fixed[np.newaxis, :], draws, axis=0)
        found = np.minimum.reduceat(values, starts, axis=1)
        levels[:, owners] = np.minimum(levels[:, owners], found)
        self.levels = levels

    def interval(self, ranks: Iterable[int]) -> CountInterval:
        """The count of assessed units whose strongest covering rank is one of ``ranks``."""
        wanted = np.zeros(NONE + 1, dtype=bool)
        wanted[list(ranks)] = True
        count = int(wanted[self.stated].sum())
        assessed = len(self.units)
        if self.levels is None or not assessed:  # experimental, or nothing to count
            return CountInterval(count, assessed)
        counts = wanted[self.levels].sum(axis=1)
        tail = (1.0 - LEVEL) / 2
        low, median, high = (
            int(v) for v in np.quantile(counts, [tail, 0.5, 1.0 - tail], method="inverted_cdf")
        )
        return CountInterval(count, assessed, min(low, count), max(high, count), median)


def counted_rows(result: Coverage, by: str = "jurisdiction") -> list[str]:
    """The rows a count is stated over: the UN Member States among the rows of a result
    by jurisdiction (as the reports count), every row of one by instrument."""
    if by == "instrument":
        return list(result.rows)
    return [r for r in result.rows if r in result.un_members]


def ranks_of(state: str) -> tuple[int, ...]:
    """The effect ranks a counted state stands for (``covered``: all four)."""
    if state == COVERED:
        return tuple(range(len(EFFECT_STRENGTH)))
    return (next(n for n, e in enumerate(EFFECT_STRENGTH) if e.value == state),)


class CoverageIntervals:
    """Counts with intervals for one coverage result, over ``rows`` (every row when None):
    one simulation per concept, made when first asked for."""

    def __init__(
        self,
        result: Coverage,
        rows: Sequence[str] | None = None,
        *,
        draws: int = DRAWS,
        seed: int = SEED,
    ) -> None:
        self.result = result
        self.rows = list(result.rows if rows is None else rows)
        self.draws = draws
        self.seed = seed
        self._simulations: dict[str, CountSimulation] = {}

    def measured(self, concept: str) -> bool:
        """Whether the concept's classifier reaches the precision floor (else experimental)."""
        quality = self.result.quality.get(concept)
        return reaches_floor(quality)

    def units(self, concept: str) -> list[Unit]:
        evidence = self.result.evidence
        units = []
        for row in self.rows:
            assessed = self.result.cell(row, concept).assessed
            holdings = []
            if evidence is not None:
                for instrument, (effect, _) in self.result.applies.get(row, {}).items():
                    key = (instrument, concept)
                    if key in evidence.certain:
                        basis = Basis.PEOPLE
                    elif key in evidence.machine:
                        basis = Basis.MACHINE
                    elif key in evidence.read and key not in evidence.coded:
                        basis = Basis.UNFLAGGED
                    else:
                        continue
                    holdings.append(Holding(instrument, EFFECT_STRENGTH.index(effect), basis))
            units.append(Unit(row, assessed, tuple(holdings)))
        return units

    def reading(self, concept: str) -> tuple[int, int]:
        """Of the instruments the classifier read whole (all in the store, not only those
        counted), how many it labelled with the concept, and how many it read."""
        evidence = self.result.evidence
        if evidence is None:
            return 0, 0
        read = {i for i, c in evidence.read if c == concept}
        return sum(1 for i in read if (i, concept) in evidence.machine), len(read)

    def simulation(self, concept: str) -> CountSimulation:
        if concept not in self._simulations:
            measured = (
                Measured.from_quality(self.result.quality.get(concept), *self.reading(concept))
                if self.result.evidence is not None
                else None
            )
            self._simulations[concept] = CountSimulation(
                self.units(concept),
                measured,
                draws=self.draws,
                seed=self.seed,
                stream=f"{self.result.taxonomy}:{concept}",
            )
        return self._simulations[concept]

    def interval(self, concept: str, state: str) -> CountInterval:
        """The count of rows in ``state`` (a covering state, or ``covered``) over those
        assessed for ``concept``, with its interval (None when experimental)."""
        return self.simulation(concept).interval(ranks_of(state))

    def records(self) -> list[dict[str, Any]]:
        """One record per concept and counted state: the count, its interval, the rows
        assessed and whether the concept is experimental (its interval then null)."""
        found = []
        for concept, label in self.result.concepts:
            measured = self.measured(concept)
            note = self.result.method_notes.get(concept, "no measured classifier")
            for state in COUNTED_STATES:
                found.append(
                    {
                        "concept": concept,
                        "label": label,
                        "state": state,
                        **self.interval(concept, state).fields(),
                        "population": len(self.rows),
                        "experimental": not measured,
                        "labels_measured": note,
                    }
                )
        return found
