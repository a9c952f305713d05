"""Convenings as data: loaded from ``data/convenings.yaml`` into the store at build, and
who took part in each, read from the adherence facts of what it produced.

A participant is a party (a state's ISO alpha-3 code, the EU, the AU, a company's actor
id) with an adherence act on one of the convening's outcomes dated within its days (or,
for an outcome marked ``within_month``, recorded to that month), each with the source the
catalog gives for it. Nothing is inferred beyond that: a state at the summit that signed
nothing is not a participant here, and where the sources name fewer participants than
were reported, the convening says how many were reported and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any, cast

import yaml
from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.store.adherence import acts_on
from govatlas.store.convenings import convenings_by_date, convenings_by_id, outcomes_of
from govatlas.store.models import Instrument, Jurisdiction
from govatlas.store.network_models import Convening, ConveningOutcome


@dataclass(frozen=True)
class Participant:
    party: str
    acts: tuple[str, ...]  # "endorsed bletchley-declaration"
    sources: tuple[str, ...]


@dataclass
class SyncedConvenings:
    convenings: int = 0
    outcomes: int = 0
    skipped: list[str] = field(default_factory=list)  # outcomes not in the catalog


def convening_data() -> list[dict[str, Any]]:
    text = resources.files("govatlas.network").joinpath("data/convenings.yaml").read_text("utf-8")
    return cast(list[dict[str, Any]], yaml.safe_load(text) or [])


def sync_convenings(
    session: Session, items: list[dict[str, Any]] | None = None
) -> SyncedConvenings:
    """Make the stored convenings equal to the data file's (or ``items``, in its shape);
    outcomes whose instrument is not in the catalog are left out and named, and so is a
    convening none of whose catalog outcomes is in this build. A convening that lists no
    catalog outcome at all (only ``outcomes_elsewhere``: a dialogue whose participant
    list is not published) is stored with its participants *not recorded*."""
    result = SyncedConvenings()
    wanted = convening_data() if items is None else items
    session.execute(delete(ConveningOutcome))
    known = convenings_by_id(session)
    # a convening none of whose outcomes is in the catalog has no recorded participation:
    # it is left out (and named), never shown with 0 participants
    usable = []
    for item in wanted:
        outcomes = [o["instrument"] for o in item.get("outcomes") or []]
        if not outcomes or any(session.get(Instrument, o) is not None for o in outcomes):
            usable.append(item)
        else:
            result.skipped.append(f"{item['id']}: no outcome in the catalog")
    for stale in set(known) - {item["id"] for item in usable}:
        session.delete(known[stale])
    session.flush()
    for item in usable:
        row = known.get(item["id"]) or Convening(id=item["id"])
        host = item.get("host")
        reported = item.get("reported") or {}
        row.name = item["name"]
        row.series = item.get("series")
        row.start_on = item["start"]
        row.end_on = item.get("end") or item["start"]
        row.place = item["place"]
        row.host_id = host if host and session.get(Jurisdiction, host) else None
        row.organisers = list(item.get("organisers") or [])
        row.format = item.get("format")
        row.sources = list(item.get("sources") or [])
        row.outcomes_elsewhere = [str(o) for o in item.get("outcomes_elsewhere") or []]
        row.reported_participants = reported.get("participants")
        row.reported_source = reported.get("source")
        row.reported_note = reported.get("note")
        session.add(row)
        result.convenings += 1
        session.flush()
        for outcome in item.get("outcomes") or []:
            if session.get(Instrument, outcome["instrument"]) is None:
                result.skipped.append(f"{item['id']}: {outcome['instrument']}")
                continue
            session.add(
                ConveningOutcome(
                    convening_id=row.id,
                    instrument_id=outcome["instrument"],
                    role=outcome.get("role", "adopted"),
                    within_month=bool(outcome.get("within_month", False)),
                )
            )
            result.outcomes += 1
    session.flush()
    return result


def get_convening(session: Session, convening_id: str) -> Convening:
    found = session.get(Convening, convening_id)
    if found is None:
        raise NotFoundError(
            f"no convening {convening_id!r}", "`govatlas convenings list` shows them"
        )
    return found


def all_convenings(session: Session, series: str | None = None) -> list[Convening]:
    """Every convening (or one series'), oldest first."""
    return convenings_by_date(session, series)


def participants_recorded(session: Session, convening_id: str) -> bool:
    """Whether who took part can be read (the convening has an outcome in the catalog);
    if not, its participants are "not recorded", never 0."""
    return outcomes_of(session, convening_id) != []


def _within(act_date: date | None, precision: str, convening: Convening, month: bool) -> bool:
    if act_date is None:
        return False
    if precision == "day":
        return convening.start_on <= act_date <= convening.end_on
    same_month = (act_date.year, act_date.month) == (
        convening.start_on.year,
        convening.start_on.month,
    )
    return month and precision == "month" and same_month


def participants(session: Session, convening: Convening) -> list[Participant]:
    """Who took part, by the adherence facts of its outcomes dated within its days."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for outcome in outcomes_of(session, convening.id):
        for act in acts_on(session, outcome.instrument_id):
            if not _within(act.date, act.precision, convening, outcome.within_month):
                continue
            acts, sources = found.setdefault(act.party, ([], []))
            acts.append(f"{act.act.value} {outcome.instrument_id}")
            if act.source_url not in sources:
                sources.append(act.source_url)
    return [
        Participant(party, tuple(acts), tuple(sources))
        for party, (acts, sources) in sorted(found.items())
    ]
