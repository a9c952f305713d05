"""Company profiles, comparisons and trends from the stored assessments.

Scores are human assessments only (``method=human``, accepted); suggestions from
assisted assessment never count as scores. A trend compares editions on the
indicators an accepted mapping declares comparable, besides each edition's
total (which counts different questions in 2025 and must not be read as a trend).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.store.models import (
    Assessment,
    Indicator,
    IndicatorFramework,
    IndicatorMapping,
    Organisation,
)
from govatlas.vocabulary import AssessmentMethod, ReviewStatus


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
    for org in session.scalars(select(Organisation).order_by(Organisation.id)):
        if key in {org.id, org.name.lower(), *(a.lower() for a in org.aliases)}:
            return org
    known = ", ".join(session.scalars(select(Organisation.id).order_by(Organisation.id)))
    raise NotFoundError(
        f"no organisation {wanted!r}",
        f"known: {known}" if known else "run `govatlas industry import` first",
    )


def editions(session: Session) -> list[IndicatorFramework]:
    return list(session.scalars(select(IndicatorFramework).order_by(IndicatorFramework.published)))


def edition_totals(session: Session) -> dict[str, dict[str, int]]:
    """Organisation -> edition -> total of its human scores."""
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    for org, edition, total in session.execute(
        select(Assessment.organisation_id, Indicator.framework_id, func.sum(Assessment.score))
        .join(Indicator, Indicator.id == Assessment.indicator_id)
        .where(Assessment.method == AssessmentMethod.HUMAN)
        .group_by(Assessment.organisation_id, Indicator.framework_id)
    ):
        totals[org][edition] = int(total or 0)
    return totals


def latest_edition(session: Session, organisation: str) -> str:
    found = session.scalars(
        select(IndicatorFramework.id)
        .join(Indicator, Indicator.framework_id == IndicatorFramework.id)
        .join(Assessment, Assessment.indicator_id == Indicator.id)
        .where(Assessment.organisation_id == organisation)
        .order_by(IndicatorFramework.published.desc())
    ).first()
    if found is None:
        raise NotFoundError(f"{organisation} has no assessment")
    return found


def profile(session: Session, organisation: str, edition: str | None = None) -> Profile:
    org = get_organisation(session, organisation)
    wanted = edition or latest_edition(session, org.id)
    if session.get(IndicatorFramework, wanted) is None:
        raise NotFoundError(
            f"no edition {wanted!r}",
            "editions: " + ", ".join(f.id for f in editions(session)),
        )
    rows = session.execute(
        select(Assessment, Indicator)
        .join(Indicator, Indicator.id == Assessment.indicator_id)
        .where(
            Assessment.organisation_id == org.id,
            Indicator.framework_id == wanted,
            Assessment.method == AssessmentMethod.HUMAN,
            Assessment.review_status == ReviewStatus.ACCEPTED,
        )
        .order_by(Indicator.ordinal)
    ).all()
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
    scores = {
        indicator_id: score
        for indicator_id, score in session.execute(
            select(Assessment.indicator_id, Assessment.score).where(
                Assessment.organisation_id == org.id,
                Assessment.method == AssessmentMethod.HUMAN,
                Assessment.review_status == ReviewStatus.ACCEPTED,
            )
        )
    }
    indicators = {i.id: i for i in session.scalars(select(Indicator))}
    totals: dict[str, tuple[float, int]] = {}
    for edition in editions(session):
        mine = [s or 0.0 for i, s in scores.items() if indicators[i].framework_id == edition.id]
        if mine:
            totals[edition.id] = (sum(mine), len(mine))
    following = {
        m.indicator_id: m.target_indicator_id
        for m in session.scalars(
            select(IndicatorMapping).where(
                IndicatorMapping.target_indicator_id.is_not(None),
                IndicatorMapping.review_status == ReviewStatus.ACCEPTED,
            )
        )
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
