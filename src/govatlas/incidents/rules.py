"""Which binding rules in force would have covered an incident, and where.

An incident coded with an MIT subdomain is linked to the FLI risks that subdomain names
(``domains.SUBDOMAIN_RISKS``); an FLI risk is covered by the instruments with evidence
for it that coverage counts (``analytics.coverage.covering_instruments``: people's
labels, or labels of a measured classifier above the precision floor). Of those, the
binding instruments in force are the rules that would have applied, by jurisdiction,
each with the provisions its evidence rests on (``covering_provisions``).
Where the FLI risk's classifier is below the floor, nothing counts: the risk is "not
assessed" for every place, never "no rule". An incident whose subdomain names no FLI
risk (privacy, overreliance, robustness...) or whose domain is only predicted is not
linked at all, and says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.analytics.coverage import covering_provisions
from govatlas.classify.measured.shipped import shipped_quality
from govatlas.incidents.domains import fli_risks
from govatlas.incidents.records import Incident
from govatlas.store.instruments import instrument_standing_rows
from govatlas.store.models import Concept
from govatlas.store.provision_refs import provision_places

TAXONOMY = "fli-risks"
# as coverage counts "binding law in force" (``vocabulary.legal_effect``): a law adopted
# whose entry into force is not recorded is counted apart, never as in force
IN_FORCE = ("in_force", "partly_in_force")


@dataclass
class RiskRules:
    risk: str
    assessed: bool  # False: the risk's classifier is below the floor; nothing counts
    places: dict[str, list[str]] = field(default_factory=dict)  # place -> instruments
    # instrument -> (provision id, path) of the provisions its evidence rests on
    provisions: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


class RuleIndex:
    """Covering binding law in force per FLI risk, read once for many incidents."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[str, RiskRules] = {}
        binding = instrument_standing_rows(session)
        self._in_force = {
            iid: place
            for iid, place, b, s, _ in binding
            if str(b) == "binding" and str(s) in IN_FORCE
        }
        # the short names of the binding instruments in force, for a reader
        self.names = {iid: name for iid, _, _, _, name in binding if iid in self._in_force}
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
                covering = covering_provisions(self._session, f"{TAXONOMY}:{risk}")
                for iid in sorted(covering):
                    if iid in self._in_force:
                        places[self._in_force[iid]].append(iid)
                found.places = dict(places)
                found.provisions = self._paths(
                    {i: covering[i] for i in covering if i in self._in_force}
                )
            self._cache[risk] = found
        return self._cache[risk]

    def _paths(self, wanted: dict[str, set[int]]) -> dict[str, list[tuple[int, str]]]:
        ids = sorted({p for found in wanted.values() for p in found})
        paths = {pid: path for pid, (_, path) in provision_places(self._session, ids).items()}
        return {
            iid: sorted(((p, paths[p]) for p in found if p in paths), key=lambda x: x[0])
            for iid, found in wanted.items()
        }

    def for_incident(self, incident: Incident) -> list[RiskRules]:
        return [self.rules(risk) for risk in fli_risks(incident.subdomain)]
