"""Which binding rules in force would have covered an incident, and where.

An incident coded with an MIT subdomain is linked to the FLI risks that subdomain names
(``domains.SUBDOMAIN_RISKS``); an FLI risk is covered by the instruments with evidence
for it that coverage counts (``analytics.coverage.covering_instruments``: people's
labels, or labels of a measured classifier above the precision floor). Of those, the
binding instruments in force are the rules that would have applied, by jurisdiction.
Where the FLI risk's classifier is below the floor, nothing counts: the risk is "not
assessed" for every place, never "no rule". An incident whose subdomain names no FLI
risk (privacy, overreliance, robustness...) or whose domain is only predicted is not
linked at all, and says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import covering_instruments
from govatlas.classify.provision_quality import shipped_quality
from govatlas.incidents.domains import fli_risks
from govatlas.incidents.records import Incident
from govatlas.store.models import Concept, Instrument

TAXONOMY = "fli-risks"
IN_FORCE = ("in_force", "partly_in_force", "adopted")


@dataclass
class RiskRules:
    risk: str
    assessed: bool  # False: the risk's classifier is below the floor; nothing counts
    places: dict[str, list[str]] = field(default_factory=dict)  # place -> instruments


class RuleIndex:
    """Covering binding law in force per FLI risk, read once for many incidents."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[str, RiskRules] = {}
        binding = session.execute(
            select(Instrument.id, Instrument.jurisdiction_id, Instrument.binding, Instrument.status)
        ).all()
        self._in_force = {
            iid: place for iid, place, b, s in binding if str(b) == "binding" and str(s) in IN_FORCE
        }
        self._assessed = self._assessed_risks(session)

    @staticmethod
    def _assessed_risks(session: Session) -> set[str]:
        quality = shipped_quality(TAXONOMY)
        return {notation for notation, q in quality.items() if q.assessable}

    def rules(self, risk: str) -> RiskRules:
        if risk not in self._cache:
            found = RiskRules(risk, risk in self._assessed)
            if found.assessed and self._session.get(Concept, f"{TAXONOMY}:{risk}") is not None:
                places: dict[str, list[str]] = defaultdict(list)
                for iid in sorted(covering_instruments(self._session, f"{TAXONOMY}:{risk}")):
                    if iid in self._in_force:
                        places[self._in_force[iid]].append(iid)
                found.places = dict(places)
            self._cache[risk] = found
        return self._cache[risk]

    def for_incident(self, incident: Incident) -> list[RiskRules]:
        return [self.rules(risk) for risk in fli_risks(incident.subdomain)]
