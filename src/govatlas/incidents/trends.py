"""Incidents by risk domain and year, with intervals on each domain's share.

An incident counts once, in the year of its date and in its domain: AIID's coding, or
the model's prediction where AIID has none (counted apart, so a reader sees how much of
a figure rests on predictions). Each domain's share of a year's incidents carries a 95 %
Wilson interval; years with few incidents get wide intervals rather than confident
swings. The database records incidents someone reported, so a rise is a rise in
reported incidents, not necessarily in incidents.

A snapshot ends on some day of its last year (AIID's, in March): that year's cells say
so (``through``, the snapshot's newest incident date) so a table heads the column "to
2025-03-23" or leaves it out (``full_years``), never setting three months beside twelve.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from govatlas.incidents.domains import DOMAINS
from govatlas.incidents.records import Incident

Z = 1.96


def wilson(hits: int, total: int) -> tuple[float, float] | None:
    if total == 0:
        return None
    p = hits / total
    centre = (p + Z * Z / (2 * total)) / (1 + Z * Z / total)
    half = Z * math.sqrt(p * (1 - p) / total + Z * Z / (4 * total * total)) / (1 + Z * Z / total)
    return (round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3))


@dataclass(frozen=True)
class TrendCell:
    year: int
    domain: str
    coded: int  # by AIID
    predicted: int  # by the model
    year_total: int
    through: date | None = None  # the snapshot's last day, when it ends within this year

    @property
    def partial(self) -> bool:
        """Whether the snapshot covers only part of this year."""
        return self.through is not None

    @property
    def count(self) -> int:
        return self.coded + self.predicted

    @property
    def share(self) -> float:
        return self.count / self.year_total if self.year_total else 0.0

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.count, self.year_total)


def trends(
    incidents: list[Incident], predicted: dict[int, str], since: int = 2015
) -> list[TrendCell]:
    """One cell per year (from ``since``) and domain; incidents without a date or a
    domain are left out (and counted by ``undated``)."""
    coded: Counter[tuple[int, str]] = Counter()
    guessed: Counter[tuple[int, str]] = Counter()
    totals: Counter[int] = Counter()
    for incident in incidents:
        year = incident.year
        domain = incident.domain or predicted.get(incident.id)
        if year is None or year < since or domain not in DOMAINS:
            continue
        totals[year] += 1
        (coded if incident.domain else guessed)[(year, domain)] += 1
    last = snapshot_end(incidents)
    ends_early = last if last is not None and (last.month, last.day) != (12, 31) else None
    return [
        TrendCell(
            year,
            domain,
            coded[(year, domain)],
            guessed[(year, domain)],
            totals[year],
            ends_early if ends_early is not None and year == ends_early.year else None,
        )
        for year in sorted(totals)
        for domain in DOMAINS
    ]


def snapshot_end(incidents: list[Incident]) -> date | None:
    """The newest incident date: the last day the snapshot is known to cover."""
    return max((i.date for i in incidents if i.date is not None), default=None)


def partial_years(cells: list[TrendCell]) -> dict[int, date]:
    """The years the snapshot covers only in part, each with its last day covered (for a
    column heading: "2025 (to 2025-03-23)")."""
    return {c.year: c.through for c in cells if c.through is not None}


def full_years(cells: list[TrendCell]) -> list[TrendCell]:
    """The cells of the years the snapshot covers whole (a trend compares like with like)."""
    return [c for c in cells if not c.partial]


def undated(incidents: list[Incident], since: int = 2015) -> int:
    return sum(1 for i in incidents if i.year is None or i.year < since)
