"""Incidents for a reader: each with its domain, FLI risks and the rules that would have
applied; and the findings, incident types no binding rule in force covers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.incidents.domain_model import predict_uncoded
from govatlas.incidents.domains import DOMAINS, fli_risks
from govatlas.incidents.records import Incident, load_incidents
from govatlas.incidents.rules import RiskRules, RuleIndex
from govatlas.store.taxonomies import concepts_of

MIT_TAXONOMY = "mit-risk"


@dataclass(frozen=True)
class IncidentView:
    incident: Incident
    domain: str | None
    domain_source: str  # "AIID" (coded by the database) or "model" or "none"
    rules: list[RiskRules]
    names: dict[str, str] = field(default_factory=dict)  # instrument id -> short name

    def as_dict(self) -> dict[str, object]:
        i = self.incident
        return {
            "id": i.id,
            "date": i.date.isoformat() if i.date else None,
            "title": i.title,
            "description": i.description,
            "deployers": list(i.deployers),
            "developers": list(i.developers),
            "harmed": list(i.harmed),
            "duplicates": list(i.duplicates),
            "mit_domain": self.domain,
            "mit_domain_label": DOMAINS.get(self.domain or ""),
            "mit_domain_source": self.domain_source,
            "mit_subdomain": i.subdomain,
            "fli_risks": [
                {
                    "risk": r.risk,
                    "assessed": r.assessed,
                    "binding_rules_in_force": r.places if r.assessed else None,
                    "provisions": {
                        iid: [{"provision_id": pid, "path": path} for pid, path in found]
                        for iid, found in r.provisions.items()
                    }
                    if r.assessed
                    else None,
                }
                for r in self.rules
            ],
            "url": f"https://incidentdatabase.ai/cite/{i.id}/",
        }


def incident_views(session: Session) -> list[IncidentView]:
    incidents = load_incidents(session)
    predicted = predict_uncoded(incidents)
    index = RuleIndex(session)
    views = []
    for incident in incidents:
        if incident.domain:
            domain, source = incident.domain, "AIID"
        elif incident.id in predicted:
            domain, source = predicted[incident.id], "model"
        else:
            domain, source = None, "none"
        rules = index.for_incident(incident)
        names = {i: index.names.get(i, i) for r in rules for i in r.provisions}
        views.append(IncidentView(incident, domain, source, rules, names))
    return views


@dataclass(frozen=True)
class Gap:
    subdomain: str
    incidents: int
    risks: tuple[str, ...]
    state: str  # "no FLI risk", "not assessed", "not covered", "covered"
    places: int

    def as_dict(self) -> dict[str, object]:
        return {
            "mit_subdomain": self.subdomain,
            "incidents": self.incidents,
            "fli_risks": list(self.risks),
            "state": self.state,
            "places_with_binding_rules_in_force": self.places,
        }


def gaps(views: list[IncidentView]) -> list[Gap]:
    """Per MIT subdomain AIID coded: how many incidents, which FLI risks it names, and
    whether binding law in force covers them anywhere (and in how many places)."""
    counts = Counter(v.incident.subdomain for v in views if v.incident.subdomain)
    rules = {v.incident.subdomain: v.rules for v in views if v.incident.subdomain}
    found = []
    for subdomain, n in counts.most_common():
        assert subdomain is not None
        risks = fli_risks(subdomain)
        linked = rules[subdomain]
        if not risks:
            state, places = "no FLI risk", 0
        elif not any(r.assessed for r in linked):
            state, places = "not assessed", 0
        else:
            covered = {p for r in linked if r.assessed for p in r.places}
            state, places = ("covered" if covered else "not covered"), len(covered)
        found.append(Gap(subdomain, n, risks, state, places))
    return found


def subdomain_names(session: Session) -> dict[str, str]:
    """The MIT subdomains' names ("7.3" -> "Lack of capability or robustness") from the
    stored MIT risk taxonomy; empty when it is not stored."""
    return {c.notation.replace("-", "."): c.pref_label for c in concepts_of(session, MIT_TAXONOMY)}
