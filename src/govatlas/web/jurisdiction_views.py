"""Jurisdictions as the atlas and the API show them: every jurisdiction's facts (cached
until the table changes), the country a subdivision belongs to, matching instruments per
country (subdivisions rolled up) and per supranational body, a jurisdiction's heading
(members, the bodies it belongs to), its timeline and its whole record. The queries are
the store's (``store.jurisdictions``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.catalog.model import jurisdiction_with_descendants
from govatlas.dates import dated
from govatlas.store.instrument_lists import counts_by_place_and_standing
from govatlas.store.jurisdictions import (
    count_jurisdictions,
    events_in,
    groups_with_instruments,
    jurisdiction_facts,
    unknown_jurisdiction,
)
from govatlas.store.models import Jurisdiction
from govatlas.vocabulary import JurisdictionKind
from govatlas.web.queries import InstrumentFilters, instrument_select, instruments_page


@dataclass(frozen=True)
class JurisdictionRow:
    name: str
    kind: str
    iso_numeric: str | None
    parent: str | None


_JURISDICTIONS: dict[str, tuple[int, dict[str, JurisdictionRow]]] = {}


def jurisdiction_rows(session: Session) -> dict[str, JurisdictionRow]:
    """id -> name, kind, ISO numeric code, parent; cached until the table's size changes."""
    url = str(session.get_bind().engine.url)
    count = count_jurisdictions(session)
    cached = _JURISDICTIONS.get(url)
    if cached is None or cached[0] != count:
        rows = jurisdiction_facts(session)
        cached = (count, {r[0]: JurisdictionRow(r[1], r[2].value, r[3], r[4]) for r in rows})
        _JURISDICTIONS[url] = cached
    return cached[1]


def country_of(jurisdictions: dict[str, JurisdictionRow], jurisdiction_id: str) -> str | None:
    """The country a jurisdiction belongs to (itself for a country), if any."""
    node_id: str | None = jurisdiction_id
    for _ in range(8):
        node = jurisdictions.get(node_id or "")
        if node is None:
            return None
        if node.kind == JurisdictionKind.COUNTRY.value:
            return node_id
        node_id = node.parent
    return None


def jurisdiction_tally(
    session: Session, filters: InstrumentFilters
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Matching instruments per country (subdivisions rolled up) and per supranational body.

    Each value counts ``binding`` (binding law in force or adopted: never a bill, pending
    or failed) and ``total``.
    """
    jurisdictions = jurisdiction_rows(session)
    grouped = counts_by_place_and_standing(session, instrument_select(session, filters))
    countries: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    others: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for jurisdiction_id, is_law, count in grouped:
        country = country_of(jurisdictions, jurisdiction_id)
        bucket = countries[country] if country else others[jurisdiction_id]
        if is_law:
            bucket["binding"] += count
        bucket["total"] += count
    return {k: dict(v) for k, v in countries.items()}, {k: dict(v) for k, v in others.items()}


def jurisdiction_heading(session: Session, jurisdiction_id: str) -> dict[str, Any]:
    """A jurisdiction's name, kind, parent, members and the bodies it belongs to."""
    found = session.get(Jurisdiction, jurisdiction_id)
    if found is None:
        raise unknown_jurisdiction(session, jurisdiction_id)
    groups = groups_with_instruments(session, jurisdiction_id)
    return {
        "id": found.id,
        "name": found.name,
        "kind": found.kind.value,
        "parent": found.parent_id,
        "members": sorted(m.id for m in found.members),
        "member_of": [{"id": g, "name": name, "instruments": n} for g, name, n in groups],
    }


def timeline(
    session: Session, jurisdiction_id: str, newest: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """The dated events of the jurisdiction's instruments (its subdivisions' included), oldest
    first, each naming its instrument; with ``newest``, only that many of the latest. Also
    the number of events in all."""
    rows, total = events_in(session, jurisdiction_with_descendants(jurisdiction_id), newest)
    events = [
        {
            "instrument": e.instrument_id,
            "name": short_name or e.instrument_id,
            "kind": e.kind.value,
            "date": dated(e.date, e.precision),
            "note": e.note,
        }
        for e, short_name in rows
    ]
    return events, total


def jurisdiction_detail(session: Session, jurisdiction_id: str) -> dict[str, Any]:
    """Everything the API tells about a jurisdiction: its heading, every instrument (oldest
    first) and every dated event."""
    heading = jurisdiction_heading(session, jurisdiction_id)
    items, _, total = instruments_page(
        session, InstrumentFilters(jurisdiction=jurisdiction_id), None, 10_000
    )
    events, _ = timeline(session, jurisdiction_id)
    return {
        **heading,
        "instruments": sorted(items, key=lambda i: (i["first_date"] or "9999", i["id"])),
        "total": total,
        "events": events,
    }
