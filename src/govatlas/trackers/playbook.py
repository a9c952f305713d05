"""An emergency-response playbook: for a hypothetical incident, which reporting duties
the incident-reporting tracker finds in the law that reaches the companies involved.

Given where the deployer and the developer are (and, optionally, the kind of harm as an
MIT risk domain), the playbook lists every incident-reporting duty of binding law in
force in the places whose law reaches either company (``store.jurisdictions
.laws_reaching``: the place, the country above a state, the EU above its members), with
who must be told, within how long, and the provision; the shortest deadline first. A
duty whose incident words match the harm (algorithmic discrimination for discrimination,
a breach or security incident for privacy and security, a serious or critical safety
incident for safety failures) is marked as matching; the others are listed after them,
since what counts as an incident is defined by each law and a reader must check it.
The duties come from the tracker, so its measured quality applies to every line.
Beside them, ``contacts`` names the points of contact that organisations in those
places registered in the transparency registry (``store.contact_points``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.store.contact_points import ContactPoint, contact_points_in
from govatlas.store.jurisdictions import laws_reaching
from govatlas.trackers.facts import INCIDENT_REPORTING
from govatlas.trackers.overview import binding_in_force
from govatlas.trackers.table import TrackerRow, tracker_rows

HARM_WORDS = {
    "1": re.compile(r"discriminat", re.IGNORECASE),
    "2": re.compile(r"breach|security|cyber|privacy|personal data", re.IGNORECASE),
    "3": re.compile(r"serious|critical|\bai incident", re.IGNORECASE),
    "4": re.compile(r"security|cyber|serious|critical|misuse", re.IGNORECASE),
    "5": re.compile(r"serious|critical|safety", re.IGNORECASE),
    "6": re.compile(r"serious|critical", re.IGNORECASE),
    "7": re.compile(r"serious|critical|safety|malfunction", re.IGNORECASE),
}


@dataclass(frozen=True)
class Duty:
    row: TrackerRow
    because: str  # "deployer in FRA: FRA is a member of EU"
    matches_harm: bool | None  # None when no harm was given

    def as_dict(self) -> dict[str, object]:
        found = self.row.as_dict()
        return {
            "because": self.because,
            "matches_harm": self.matches_harm,
            **{
                k: found[k]
                for k in (
                    "jurisdiction",
                    "instrument",
                    "instrument_name",
                    "provision",
                    "deadline_hours",
                    "deadline",
                    "recipient",
                    "incident",
                    "evidence",
                    "status",
                    "confidence",
                )
                if k in found
            },
        }


def _reaching(session: Session, deployer: str, developer: str | None) -> dict[str, str]:
    """The places whose law reaches either company, with why."""
    reaching: dict[str, str] = {}
    for role, place in (("deployer", deployer), ("developer", developer)):
        if not place:
            continue
        for where, why in laws_reaching(session, place.upper()):
            reaching.setdefault(where, f"{role} in {place.upper()}: {why}")
    return reaching


@dataclass(frozen=True)
class Contact:
    point: ContactPoint
    because: str

    def as_dict(self) -> dict[str, str]:
        return {**self.point.as_dict(), "because": self.because}


def contacts(session: Session, deployer: str, developer: str | None = None) -> list[Contact]:
    """The registry's points of contact in the places whose law reaches either company."""
    reaching = _reaching(session, deployer, developer)
    return [Contact(p, reaching[p.jurisdiction]) for p in contact_points_in(session, reaching)]


def playbook(
    session: Session,
    deployer: str,
    developer: str | None = None,
    harm: str | None = None,
    read_if_empty: bool = True,
) -> list[Duty]:
    """The reporting duties for an incident with these parties, shortest deadline first.
    ``read_if_empty`` as in ``tracker_rows`` (the web, which never writes on a read,
    passes False)."""
    reaching = _reaching(session, deployer, developer)
    rows = [
        r
        for r in tracker_rows(
            session, INCIDENT_REPORTING, jurisdictions=None, read_if_empty=read_if_empty
        )
        if binding_in_force(r) and r.instrument.jurisdiction in reaching
    ]
    words = HARM_WORDS.get(harm or "")
    duties = [
        Duty(
            r,
            reaching[r.instrument.jurisdiction],
            None if words is None else bool(words.search(str(r.fields.get("incident") or ""))),
        )
        for r in rows
    ]

    def order(d: Duty) -> tuple[object, ...]:
        hours = d.row.fields.get("deadline_hours")
        return (
            d.matches_harm is False,
            hours is None,
            hours if isinstance(hours, int | float) else 0,
        )

    return sorted(duties, key=order)
