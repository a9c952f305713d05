"""Company profiles, comparisons and trends from the stored assessments.

Scores are human assessments only (``method=human``, accepted); suggestions from
assisted assessment never count as scores. A trend compares editions on the
indicators an accepted mapping declares comparable, besides each edition's
total (which counts different questions in 2025 and must not be read as a trend).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.store.industry import (
    all_indicators,
    edition_mappings,
    frameworks_by_publication,
    newest_assessed_framework,
    organisations_by_id,
)
from govatlas.store.industry_assessments import (
    accepted_framework_assessments,
    human_score_totals,
    human_scores,
)
from govatlas.store.models import Indicator, IndicatorFramework, Organisation
from govatlas.vocabulary import ReviewStatus


@dataclass(frozen=True)
class Scored:
    indicator: Indicator
    score: float
    justification: str | None
    references: str | None


@dataclass
class Profile:
    organisation: Organisation
    edition: str
    scores: list[Scored]

    @property
    def total(self) -> float:
        return sum(s.score for s in self.scores)

    def by_domain(self) -> dict[str, tuple[float, int]]:
        found: dict[str, list[float]] = defaultdict(list)
        for s in self.scores:
            found[s.indicator.domain].append(s.score)
        return {d: (sum(v), len(v)) for d, v in sorted(found.items())}

    def by_subdomain(self) -> dict[str, tuple[float, int]]:
        found: dict[str, list[float]] = defaultdict(list)
        for s in self.scores:
            found[f"{s.indicator.domain} / {s.indicator.subdomain}"].append(s.score)
        return {d: (sum(v), len(v)) for d, v in sorted(found.items())}


def get_organisation(session: Session, wanted: str) -> Organisation:
    """By id, name or alias, case-insensitively."""
    key = wanted.strip().lower()
    known = organisations_by_id(session)
    for org in known:
        if key in {org.id, org.name.lower(), *(a.lower() for a in org.aliases)}:
            return org
    ids = ", ".join(org.id for org in known)
    raise NotFoundError(
        f"no organisation {wanted!r}",
        f"known: {ids}" if ids else "run `govatlas industry import` first",
    )


def edition_totals(session: Session) -> dict[str, dict[str, int]]:
    """Organisation -> edition -> total of its human scores."""
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    for org, edition, total in human_score_totals(session):
        totals[org][edition] = int(total or 0)
    return totals


def latest_edition(session: Session, organisation: str) -> str:
    found = newest_assessed_framework(session, organisation)
    if found is None:
        raise NotFoundError(f"{organisation} has no assessment")
    return found


def profile(session: Session, organisation: str, edition: str | None = None) -> Profile:
    org = get_organisation(session, organisation)
    wanted = edition or latest_edition(session, org.id)
    if session.get(IndicatorFramework, wanted) is None:
        raise NotFoundError(
            f"no edition {wanted!r}",
            "editions: " + ", ".join(f.id for f in frameworks_by_publication(session)),
        )
    rows = accepted_framework_assessments(session, org.id, wanted)
    if not rows:
        raise NotFoundError(f"{org.name} is not assessed in {wanted}")
    return Profile(
        org,
        wanted,
        [Scored(i, a.score or 0.0, a.justification, a.references) for a, i in rows],
    )


@dataclass
class TrendLine:
    """One question followed across editions: the indicator and score per edition."""

    indicators: dict[str, str] = field(default_factory=dict)  # edition -> indicator name
    scores: dict[str, float] = field(default_factory=dict)


@dataclass
class Trend:
    organisation: Organisation
    totals: dict[str, tuple[float, int]]  # edition -> (score, indicators)
    lines: list[TrendLine]


def trend(session: Session, organisation: str) -> Trend:
    org = get_organisation(session, organisation)
    scores = human_scores(session, org.id, ReviewStatus.ACCEPTED)
    indicators = {i.id: i for i in all_indicators(session)}
    totals: dict[str, tuple[float, int]] = {}
    for edition in frameworks_by_publication(session):
        mine = [s or 0.0 for i, s in scores.items() if indicators[i].framework_id == edition.id]
        if mine:
            totals[edition.id] = (sum(mine), len(mine))
    following = {
        m.indicator_id: m.target_indicator_id
        for m in edition_mappings(session, ReviewStatus.ACCEPTED)
    }
    targets = set(following.values())
    lines = []
    for start in sorted(
        following, key=lambda i: (indicators[i].framework_id, indicators[i].ordinal)
    ):
        if start in targets:
            continue  # the middle of a chain that began earlier
        line = TrendLine()
        current: str | None = start
        while current is not None:
            indicator = indicators[current]
            line.indicators[indicator.framework_id] = indicator.name
            if current in scores:
                line.scores[indicator.framework_id] = scores[current] or 0.0
            current = following.get(current)
        if len(line.scores) >= 2:
            lines.append(line)
    return Trend(org, totals, lines)
