"""A tracker's rows across jurisdictions, as the CLI, the API and the atlas show them.

The facts come from the store (the build reads every text: ``refresh``); a store that
holds none yet (built before the trackers existed) is read once on first use. Each row
joins its fact to its instrument (place, type, binding force, standing) and provision;
rows are ordered as a delegate reads them: binding instruments in force first, then by
place, instrument and position. Rejected facts are left out; reviewed ones say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.store.reading_texts import ReadingInstrument, reading_instruments
from govatlas.store.tracker_facts import StoredFact, count_facts, stored_facts
from govatlas.trackers.extract import check_tracker
from govatlas.trackers.quality_figures import measured_quality
from govatlas.trackers.refresh import refresh_tracker_facts

STANDING = {"in_force": 0, "partly_in_force": 1, "adopted": 2, "proposed": 3}
TEXT_CHARS = 1200


@dataclass(frozen=True)
class TrackerRow:
    instrument: ReadingInstrument
    fact: StoredFact

    @property
    def tracker(self) -> str:
        return self.fact.tracker

    @property
    def fields(self) -> dict[str, Any]:
        return self.fact.fields

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.fact.id,
            "tracker": self.fact.tracker,
            "jurisdiction": self.instrument.jurisdiction,
            "instrument": self.instrument.id,
            "instrument_name": self.instrument.short_name,
            "instrument_type": self.instrument.type,
            "binding": self.instrument.binding,
            "instrument_status": self.instrument.status,
            "provision": self.fact.path,
            "provision_id": self.fact.provision_id,
            "heading": self.fact.heading or "",
            "text": self.fact.text.strip()[:TEXT_CHARS],
            "evidence": self.fact.evidence,
            "start": self.fact.start,
            "end": self.fact.end,
            **self.fact.fields,
            "status": self.fact.status,
            "reviewer": self.fact.reviewer,
            "method": self.fact.method,
            "confidence": measured_quality(self.fact.tracker),
            "version_id": self.instrument.version_id,
        }


def _places(instruments: list[ReadingInstrument], wanted: Iterable[str]) -> list[ReadingInstrument]:
    """Instruments of these places; a country's code takes its states too (USA: US-CA)."""
    codes = {w.upper() for w in wanted}
    aliases = {"USA": "US"}
    prefixes = {aliases.get(c, c) + "-" for c in codes}
    return [
        i
        for i in instruments
        if i.jurisdiction.upper() in codes
        or any(i.jurisdiction.upper().startswith(p) for p in prefixes)
    ]


def tracker_rows(
    session: Session,
    tracker: str,
    instrument_ids: list[str] | None = None,
    jurisdictions: Iterable[str] | None = None,
    read_if_empty: bool = True,
) -> list[TrackerRow]:
    """Every stored fact of ``tracker`` in the reading texts (optionally of some
    instruments or places), binding law in force first. With ``read_if_empty``, a store
    that holds no tracker facts at all is read first (and written: the caller commits)."""
    check_tracker(tracker)
    if read_if_empty and not count_facts(session):
        refresh_tracker_facts(session)
    instruments = reading_instruments(session, instrument_ids)
    if jurisdictions is not None:
        instruments = _places(instruments, jurisdictions)
    by_version = {i.version_id: i for i in instruments}
    facts = stored_facts(session, tracker, list(by_version))
    rows = [TrackerRow(by_version[f.version_id], f) for f in facts]
    return sorted(rows, key=_reading_order)


def _reading_order(row: TrackerRow) -> tuple[object, ...]:
    """Binding in force first, then place and instrument; the sort is stable, so facts
    keep their order of reading within an instrument."""
    i = row.instrument
    return (i.binding != "binding", STANDING.get(i.status, 9), i.jurisdiction, i.id)
