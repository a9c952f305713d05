"""The AI Incident Database's incidents, read from the store's records and deduplicated.

The ``aiid`` source keeps the snapshot's rows as records (``sources/aiid.py``); here
they become incidents: an incident listed in ``duplicates.csv`` is dropped in favour of
the one it duplicates, dates are parsed, the entity lists (JSON in the CSV) become
lists, and AIID's own MIT coding (``classifications_MIT``: domain and subdomain) is
attached where the database has one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from govatlas.classify.risks.gold import subdomain_code
from govatlas.errors import GovatlasError
from govatlas.incidents.domains import domain_of
from govatlas.store.source_records import has_records, record_data

SOURCE = "aiid"


@dataclass(frozen=True)
class Incident:
    id: int
    date: date | None
    title: str
    description: str
    deployers: tuple[str, ...]
    developers: tuple[str, ...]
    harmed: tuple[str, ...]
    domain: str | None = None  # AIID's MIT coding: "7"
    subdomain: str | None = None  # "7.3"
    duplicates: tuple[int, ...] = field(default=())

    @property
    def text(self) -> str:
        return f"{self.title}. {self.description}".strip()

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


def _list(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    try:
        found = json.loads(str(value))
    except json.JSONDecodeError:
        return (str(value),)
    return tuple(str(v) for v in found) if isinstance(found, list) else (str(found),)


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _rows(session: Session, kind: str) -> dict[str, dict[str, object]]:
    return {key: dict(data) for key, data in record_data(session, SOURCE, kind)}


def has_incidents(session: Session) -> bool:
    """Whether the store holds any AIID incident record."""
    return has_records(session, SOURCE, "incident")


def load_incidents(session: Session) -> list[Incident]:
    """Every incident, duplicates folded into the incident they duplicate, by id."""
    rows = _rows(session, "incident")
    if not rows:
        raise GovatlasError(
            "the store holds no AI Incident Database incidents",
            "run `govatlas build` (or `govatlas ingest --source aiid`) with the mirror set",
        )
    folded: dict[int, list[int]] = {}
    for row in _rows(session, "duplicate").values():
        try:
            dup, true = (
                int(str(row["duplicate_incident_number"])),
                int(str(row["true_incident_number"])),
            )
        except (KeyError, ValueError):
            continue
        folded.setdefault(true, []).append(dup)
    dropped = {d for dups in folded.values() for d in dups}
    coded = _rows(session, "classifications_MIT")
    found = []
    for key, row in rows.items():
        try:
            ident = int(str(row.get("incident_id") or key))
        except ValueError:
            continue
        if ident in dropped:
            continue
        coding = coded.get(str(ident), {})
        subdomain = subdomain_code(str(coding.get("Risk Subdomain", "")))
        domain_text = str(coding.get("Risk Domain", "")).strip()
        domain = domain_of(domain_text) if domain_text[:1].isdigit() else None
        found.append(
            Incident(
                ident,
                _date(row.get("date")),
                str(row.get("title") or ""),
                str(row.get("description") or ""),
                _list(row.get("Alleged deployer of AI system")),
                _list(row.get("Alleged developer of AI system")),
                _list(row.get("Alleged harmed or nearly harmed parties")),
                domain,
                subdomain,
                tuple(sorted(folded.get(ident, []))),
            )
        )
    return sorted(found, key=lambda i: i.id)
