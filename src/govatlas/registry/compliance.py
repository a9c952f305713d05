"""The compliance view: for each commitment, who reported against it, on time, late or
not at all, with the reports as evidence; for each organisation, its commitments and
where they stand; for each state, its organisations' points of contact and measures.

Only what the viewer may see counts: a report the viewer cannot see is not evidence for
that viewer, so the public's view rests on CLEAR records alone. "No report in the
registry" is what the registry holds, never a finding that an organisation did not
report elsewhere; a commitment without a due date is never "late". Beside it, what an
organisation published outside the registry that answers the commitment, as far as the
catalog holds it (``registry.evidence``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from govatlas.registry.evidence import Evidence, evidence_for
from govatlas.registry.export import party_names
from govatlas.registry.records import records_for
from govatlas.registry.revisions import lineage_roots, superseded_ids
from govatlas.registry.visibility import Viewer
from govatlas.store.models import utcnow
from govatlas.store.registry_models import RegistryParty, RegistryRecord
from govatlas.store.registry_records import parties_by_name, party_id_names, party_kinds

REPORTED = "reported"
REPORTED_LATE = "reported late"
UNDER_REVIEW = "report under review"
OVERDUE = "no report in the registry by the due date"
WAITING = "no report in the registry yet"
PUBLIC_BODIES = ("state", "agency", "safety-institute")
OPEN_ISSUERS = "intergovernmental"  # its commitments are for any organisation to follow
STATES = (REPORTED, REPORTED_LATE, UNDER_REVIEW, OVERDUE, WAITING)


@dataclass(frozen=True)
class CommitmentStatus:
    commitment: RegistryRecord
    organisation: str  # its name
    state: str
    reports: list[RegistryRecord]  # published reports answering it, oldest first
    pending: list[RegistryRecord]  # reports not yet published the viewer may see
    # issued by an intergovernmental body for any organisation to follow (the Hiroshima
    # code's actions): its reports come from anyone, and nobody is late
    open_to_all: bool = False
    # what the organisation published outside the registry that answers it, as far as
    # the catalog holds it (``registry.evidence``)
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        c = self.commitment
        return {
            "commitment": c.id,
            "title": c.title,
            "organisation": {"id": c.party_id, "name": self.organisation},
            "instrument": c.instrument_id,
            "due_on": c.due_on.isoformat() if c.due_on else None,
            "state": self.state,
            "open_to_all": self.open_to_all,
            "evidence_outside_registry": [e.as_dict() for e in self.evidence],
            "reports": [
                {
                    "id": r.id,
                    "title": r.title,
                    "tlp": r.tlp,
                    "published_on": r.published_at.date().isoformat() if r.published_at else None,
                    "nil_report": r.nil_report,
                }
                for r in self.reports
            ],
            "pending": [r.id for r in self.pending],
        }


def _state(
    commitment: RegistryRecord, reports: list[RegistryRecord], pending: bool, today: date
) -> str:
    if reports:
        first = min(r.published_at.date() for r in reports if r.published_at is not None)
        due = commitment.due_on
        return REPORTED_LATE if due is not None and first > due else REPORTED
    if pending:
        return UNDER_REVIEW
    if commitment.due_on is not None and today > commitment.due_on:
        return OVERDUE
    return WAITING


def commitment_statuses(
    session: Session, viewer: Viewer, today: date | None = None
) -> list[CommitmentStatus]:
    """Every published commitment the viewer may see, with where it stands: a revised
    commitment once, as its newest edition the viewer may see, and a report answering any
    edition of it counts for it (its first publication decides whether it came on time)."""
    day = today or utcnow().date()
    names = party_names(session)
    kinds = party_kinds(session)
    seen = records_for(session, viewer)
    roots = lineage_roots(session)
    answering: dict[int, list[RegistryRecord]] = defaultdict(list)
    waiting: dict[int, list[RegistryRecord]] = defaultdict(list)
    for record in seen:
        if record.kind != "report" or record.answers_id is None:
            continue
        line = roots.get(record.answers_id, record.answers_id)
        if record.status == "published":
            answering[line].append(record)
        elif record.status in ("submitted", "under-review"):
            waiting[line].append(record)
    commitments = [r for r in seen if r.kind == "commitment" and r.status == "published"]
    superseded = superseded_ids(session, viewer, commitments)
    found = []
    for commitment in commitments:
        if commitment.id in superseded:
            continue
        line = roots.get(commitment.id, commitment.id)
        reports = sorted(answering[line], key=lambda r: r.published_at or utcnow())
        pending = waiting[line]
        found.append(
            CommitmentStatus(
                commitment,
                names.get(commitment.party_id, commitment.party_id),
                _state(commitment, reports, bool(pending), day),
                reports,
                pending,
                kinds.get(commitment.party_id) == OPEN_ISSUERS,
                evidence_for(
                    session, commitment.instrument_id, commitment.party_id, commitment.due_on
                ),
            )
        )
    return sorted(found, key=lambda s: (_natural(s.commitment.title), s.organisation))


def _natural(title: str) -> list[tuple[int, str]]:
    """Sort "action 2" before "action 10"."""
    return [(int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", title)]


def matching_parties(session: Session, ids: list[str], names: list[str]) -> set[str]:
    """The registry organisations that are the same as an organisation known elsewhere
    (an assessed company), by id or name, ignoring case; failing that, a registered id
    that is the id and a suffix (``mistral`` is the registry's ``mistral-ai``)."""
    wanted_ids = {i.lower() for i in ids if i}
    wanted_names = {n.casefold() for n in names if n}
    parties = party_id_names(session)
    exact = {p for p, name in parties if p in wanted_ids or name.casefold() in wanted_names}
    if exact:
        return exact
    return {p for p, _ in parties if any(p.startswith(f"{i}-") for i in wanted_ids)}


def commitments_of(session: Session, viewer: Viewer, party_ids: set[str]) -> list[CommitmentStatus]:
    """Where the commitments of these registry organisations stand, as ``viewer`` sees."""
    if not party_ids:
        return []
    return [s for s in commitment_statuses(session, viewer) if s.commitment.party_id in party_ids]


@dataclass
class CommitmentSummary:
    """One commitment (by title and instrument) across the organisations that made it."""

    title: str
    instrument: str | None
    due_on: date | None
    counts: dict[str, int] = field(default_factory=dict)
    organisations: int = 0
    actions: int = 0  # for open commitments: how many (one line for a code's actions)
    reporters: set[str] = field(default_factory=set)  # open: who reported against any
    elsewhere: int = 0  # organisations with evidence outside the registry (the catalog)
    elsewhere_by_due: int = 0  # ... with a version dated by the due date

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "instrument": self.instrument,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "organisations": self.organisations,
            "actions": self.actions,
            "evidence_outside_registry": {
                "organisations": self.elsewhere,
                "by_due_date": self.elsewhere_by_due,
            },
            "states": {state: self.counts.get(state, 0) for state in STATES},
        }


def summarise(statuses: list[CommitmentStatus]) -> list[CommitmentSummary]:
    """One line per commitment across the organisations that made it; the open
    commitments of one code (its actions) on one line, counted by action."""
    grouped: dict[tuple[str, str | None], CommitmentSummary] = {}
    for status in statuses:
        c = status.commitment
        title = (c.theme or c.title) if status.open_to_all else c.title
        summary = grouped.setdefault(
            (title, c.instrument_id), CommitmentSummary(title, c.instrument_id, c.due_on)
        )
        if status.open_to_all:
            summary.actions += 1
            summary.reporters |= {r.party_id for r in status.reports}
            summary.organisations = len(summary.reporters)
        else:
            summary.organisations += 1
        summary.counts[status.state] = summary.counts.get(status.state, 0) + 1
        if status.evidence:
            summary.elsewhere += 1
            summary.elsewhere_by_due += any(e.by_due_date for e in status.evidence)
    return sorted(grouped.values(), key=lambda s: (-s.organisations, s.title))


@dataclass(frozen=True)
class StateView:
    """A state's organisations in the registry: points of contact and the measures the
    viewer may see."""

    jurisdiction: str
    organisations: list[RegistryParty]
    measures: list[RegistryRecord]

    def as_dict(self) -> dict[str, object]:
        return {
            "jurisdiction": self.jurisdiction,
            "organisations": [
                {"id": p.id, "name": p.name, "kind": p.kind, "contact_point": p.contact_point}
                for p in self.organisations
            ],
            "measures": [{"id": m.id, "title": m.title, "tlp": m.tlp} for m in self.measures],
        }


def state_views(session: Session, viewer: Viewer) -> list[StateView]:
    parties = parties_by_name(session)
    by_place: dict[str, list[RegistryParty]] = defaultdict(list)
    for party in parties:
        if party.jurisdiction_id is not None and party.kind in (
            "state",
            "agency",
            "safety-institute",
        ):
            by_place[party.jurisdiction_id].append(party)
    measures = [r for r in records_for(session, viewer, kind="measure") if r.status == "published"]
    return [
        StateView(
            place,
            members,
            [m for m in measures if m.party_id in {p.id for p in members}],
        )
        for place, members in sorted(by_place.items())
    ]
