"""AI incidents in the white paper: which kinds of reported incident binding law in force
covers, which it does not, and which cannot be said.

One line per MIT subdomain AIID coded, most incidents first: how many incidents, the
FLI risks the subdomain names, and whether binding law in force with evidence for those
risks exists (in how many places, citing the instruments and the provisions the
evidence rests on), is not assessed (the risk's classifier is below the precision
floor: unknown, not absent), or the subdomain names no FLI risk. The domain model's
measured quality is stated beside it; predicted domains link to no rule.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.i18n import gettext
from govatlas.incidents.quality_figures import quality_sentence
from govatlas.incidents.records import has_incidents
from govatlas.reports.citations import Citations

LINES = 12  # subdomains in the table; the atlas's /incidents lists every one


@dataclass(frozen=True)
class IncidentFindings:
    incidents: int
    coded: int  # with an MIT subdomain AIID coded
    covered: int  # of those, incidents whose FLI risks binding law in force covers somewhere
    not_covered: int  # whose FLI risks are assessed and no binding law in force covers
    not_assessed: int
    no_risk: int
    lines: list[dict[str, Any]]
    quality: str


def incident_findings(session: Session, citations: Citations) -> IncidentFindings | None:
    """The incident findings, or None when the store holds no AIID incidents."""
    if not has_incidents(session):
        return None
    # the overview fits the domain model (scikit-learn): loaded only when a report is made
    overview = importlib.import_module("govatlas.incidents.overview")
    views = overview.incident_views(session)
    names = overview.subdomain_names(session)
    rules = {v.incident.subdomain: v for v in views if v.incident.subdomain}
    found = overview.gaps(views)
    counts = {
        state: sum(g.incidents for g in found if g.state == state)
        for state in ("covered", "not covered", "not assessed", "no FLI risk")
    }
    lines = []
    for gap in found[:LINES]:
        view = rules[gap.subdomain]
        cite = ""
        if gap.state == "covered":
            instruments = sorted({i for r in view.rules if r.assessed for i in r.provisions})
            provisions = [
                p for r in view.rules for found_ in r.provisions.values() for p, _ in found_
            ]
            cite = citations.cite(
                gettext(
                    "Binding law in force with evidence for %(risks)s", risks=", ".join(gap.risks)
                ),
                instruments,
                provisions,
            )
        lines.append(
            {
                "subdomain": gap.subdomain,
                "name": names.get(gap.subdomain, ""),
                "incidents": gap.incidents,
                "risks": ", ".join(gap.risks),
                "state": gap.state,
                "places": gap.places,
                "cite": cite,
            }
        )
    return IncidentFindings(
        len(views),
        sum(g.incidents for g in found),
        counts["covered"],
        counts["not covered"],
        counts["not assessed"],
        counts["no FLI risk"],
        lines,
        quality_sentence(),
    )
