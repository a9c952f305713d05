"""The technology dimension: which instruments' provisions reach which kinds of AI.

An instrument carries a technology when a person labelled one of its provisions with
it (or accepted a machine label), or when the shipped provision classifier did and
that classifier's precision on the project's gold reaches the floor
(``classify.measured.shipped``); the evidence rules are coverage's (``covering_instruments``).
A technology whose classifier is below the floor, or measured on too few positives,
is *unmeasured*: its machine labels count nowhere, what people labelled is still
listed, and no headline count is given for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.analytics.coverage import NOT_ASSESSED, Coverage, coverage, covering_instruments
from govatlas.analytics.coverage_intervals import COVERED, CountInterval, CoverageIntervals
from govatlas.classify.measured.shipped import (
    PRECISION_FLOOR,
    MeasuredConcept,
    provision_languages,
    reaches_floor,
    shipped_quality,
)
from govatlas.errors import NotFoundError
from govatlas.store.taxonomies import concepts_of

TECHNOLOGY = "technology"


@dataclass(frozen=True)
class Technology:
    notation: str
    label: str
    quality: MeasuredConcept | None  # None: no shipped classifier for it

    @property
    def concept_id(self) -> str:
        return f"{TECHNOLOGY}:{self.notation}"

    @property
    def measured(self) -> bool:
        """Whether its machine labels count (precision at or above the floor)."""
        return reaches_floor(self.quality)

    @property
    def note(self) -> str:
        if self.quality is None:
            return "unmeasured: no classifier measured on the project's gold"
        if self.measured:
            return self.quality.note
        return "unmeasured: " + self.quality.note.removeprefix("experimental: ")

    @property
    def measured_on(self) -> tuple[str, ...]:
        return provision_languages(TECHNOLOGY) if self.quality is not None else ()


def technologies(session: Session) -> list[Technology]:
    """The technology taxonomy's concepts in order, each with its classifier's figures."""
    quality = shipped_quality(TECHNOLOGY)
    order = {notation: n for n, notation in enumerate(quality)}
    found = [
        Technology(c.notation, c.pref_label, quality.get(c.notation))
        for c in concepts_of(session, TECHNOLOGY)
    ]
    return sorted(found, key=lambda t: (order.get(t.notation, len(order)), t.notation))


def get_technology(session: Session, notation: str) -> Technology:
    """One technology by its notation (``generative-ai-and-synthetic-media``) or concept id."""
    wanted = notation.removeprefix(f"{TECHNOLOGY}:")
    for technology in technologies(session):
        if technology.notation == wanted:
            return technology
    raise NotFoundError(
        f"no technology {notation[:80]!r}",
        "see /taxonomies/technology for the technologies and their ids",
    )


def technology_instruments(session: Session, technology: Technology) -> set[str]:
    """Instruments of public authorities in effect whose provisions carry ``technology``
    by the evidence that counts (people's labels always; machine labels only when the
    classifier is measured to the floor)."""
    return covering_instruments(session, technology.concept_id)


def floor_text() -> str:
    return f"precision {PRECISION_FLOOR:.2f} on the project's gold"


@dataclass(frozen=True)
class TechnologyCount:
    """Instruments of public authorities in effect, for one technology."""

    technology: Technology
    instruments: tuple[str, ...]  # carrying it, by the evidence that counts
    assessed: int  # read by a measured method or coded by people: the population
    provisions: tuple[int, ...]  # the evidence behind ``instruments``
    interval: CountInterval | None = None  # the headline's 95% interval, when it has one

    @property
    def headline(self) -> int | None:
        """The count a page or report may state; None (never 0) when not measured or
        nothing was assessed."""
        return len(self.instruments) if self.technology.measured and self.assessed else None

    @property
    def low(self) -> int | None:
        return self.interval.low if self.interval and self.headline is not None else None

    @property
    def high(self) -> int | None:
        return self.interval.high if self.interval and self.headline is not None else None


def instrument_counts(session: Session, result: Coverage | None = None) -> list[TechnologyCount]:
    """Per technology, the instruments carrying it (one coverage pass for all)."""
    found = result or coverage(session, TECHNOLOGY, by="instrument")
    intervals = CoverageIntervals(found)
    counts = []
    for technology in technologies(session):
        cells = [found.cell(row, technology.notation) for row in found.rows]
        carrying = tuple(c.row for c in cells if c.covered)
        cited = {p for c in cells if c.covered for ps in c.evidence.values() for p in ps}
        provisions = sorted(cited)
        assessed = sum(1 for c in cells if c.state != NOT_ASSESSED)
        interval = intervals.interval(technology.notation, COVERED) if technology.measured else None
        counts.append(TechnologyCount(technology, carrying, assessed, tuple(provisions), interval))
    return counts
