"""A tracker's rows across jurisdictions: every fact the rules read in every stored
instrument's reading text, with its provision as evidence.

Each provision is read in its own words (the text before its first point and after
its last; a point's whole text), with the heading of the nearest headed provision
above it and the words that introduce its list, so "The following AI practices shall
be prohibited:" reaches each practice listed under it, and a fine stated once is one
row. Provisions that are not operative (recitals, findings, purposes, a legislative
digest, a table of contents) are never evidence. Rows are ordered as a delegate reads
them: binding instruments in force first, then by place, instrument and position.
A red line carries the penalty its instrument sets for breaching a prohibition; an
incident-reporting deadline whose sentence names no recipient carries the one named
nearest above it in the same article, and says where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.store.reading_texts import (
    ReadingInstrument,
    ReadingProvision,
    reading_instruments,
    reading_provisions,
)
from govatlas.trackers.extract import check_tracker, facts_of
from govatlas.trackers.facts import INCIDENT_REPORTING, PENALTIES, RED_LINES, Context, Fact
from govatlas.trackers.quality_figures import measured_quality

NON_OPERATIVE = re.compile(
    r"(?<![-\w])(?:findings?|purposes?|short title|digest|table of contents|whereas|recitals?"
    r"|severability|legislative intent|declarations?)\b",
    re.IGNORECASE,
)
STANDING = {"in_force": 0, "partly_in_force": 1, "adopted": 2, "proposed": 3}
TEXT_CHARS = 1200


@dataclass(frozen=True)
class TrackerRow:
    tracker: str
    instrument: ReadingInstrument
    provision_id: int
    provision: str  # its path
    heading: str
    text: str  # the provision's own words (cut at TEXT_CHARS)
    fact: Fact
    order: int

    @property
    def status(self) -> str:
        return "machine"  # reviewed facts join when the tracker review lands

    def as_dict(self) -> dict[str, object]:
        quality = measured_quality(self.tracker)
        return {
            "tracker": self.tracker,
            "jurisdiction": self.instrument.jurisdiction,
            "instrument": self.instrument.id,
            "instrument_name": self.instrument.short_name,
            "instrument_type": self.instrument.type,
            "binding": self.instrument.binding,
            "instrument_status": self.instrument.status,
            "provision": self.provision,
            "provision_id": self.provision_id,
            "heading": self.heading,
            "text": self.text,
            "evidence": " ".join(self.fact.evidence.split()),
            **self.fact.fields,
            "status": self.status,
            "method": self.fact.method,
            "confidence": quality,
            "version_id": self.instrument.version_id,
        }


@dataclass(frozen=True)
class _Read:
    provision: ReadingProvision
    own: str
    lead: str
    heading: str
    operative: bool
    article: int  # id of its top-level ancestor: rows of one article share recipients


def _own_words(provisions: list[ReadingProvision]) -> list[_Read]:
    children: dict[int, list[ReadingProvision]] = {}
    by_id = {p.id: p for p in provisions}
    for p in provisions:
        if p.parent_id is not None and p.parent_id in by_id:
            children.setdefault(p.parent_id, []).append(p)
    own: dict[int, str] = {}
    lead: dict[int, str] = {}
    for p in provisions:
        kids = children.get(p.id)
        if not kids:
            own[p.id] = p.text
            continue
        first = min(k.start for k in kids) - p.start
        last = max(k.end for k in kids) - p.start
        head, tail = p.text[: max(first, 0)], p.text[max(last, 0) :]
        own[p.id] = head + ("\n" + tail if tail.strip() else "")
        lead[p.id] = head.strip()
    found = []
    for p in provisions:
        heading, operative, top = "", p.kind != "recital", p.id
        node: ReadingProvision | None = p
        while node is not None:
            if node.heading and not heading:
                heading = node.heading
            if node.heading and NON_OPERATIVE.search(node.heading):
                operative = False
            top = node.id
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        parent_lead = lead.get(p.parent_id, "") if p.parent_id is not None else ""
        found.append(_Read(p, own[p.id], parent_lead, heading, operative, top))
    return found


def _instrument_rows(
    tracker: str, instrument: ReadingInstrument, provisions: list[ReadingProvision]
) -> list[TrackerRow]:
    rows: list[TrackerRow] = []
    reads = _own_words(provisions)
    for order, read in enumerate(reads):
        if not read.operative or not read.own.strip():
            continue
        context = Context(read.heading, read.lead, instrument.jurisdiction)
        for fact in facts_of(tracker, read.own, context):
            rows.append(
                TrackerRow(
                    tracker,
                    instrument,
                    read.provision.id,
                    read.provision.path,
                    read.heading,
                    read.own.strip()[:TEXT_CHARS],
                    fact,
                    order,
                )
            )
    if tracker == INCIDENT_REPORTING:
        rows = _inherit_recipients(rows, reads)
    return rows


def _inherit_recipients(rows: list[TrackerRow], reads: list[_Read]) -> list[TrackerRow]:
    article = {r.provision.id: r.article for r in reads}
    named: dict[int, tuple[str, str]] = {}
    found = []
    for row in rows:
        top = article[row.provision_id]
        who = row.fact.fields.get("recipient")
        if who:
            named.setdefault(top, (str(who), row.provision))
            found.append(row)
            continue
        fields = dict(row.fact.fields)
        if top in named:
            fields["recipient"], fields["recipient_provision"] = named[top]
        fact = Fact(row.fact.tracker, fields, row.fact.start, row.fact.end, row.fact.evidence)
        found.append(
            TrackerRow(
                row.tracker,
                row.instrument,
                row.provision_id,
                row.provision,
                row.heading,
                row.text,
                fact,
                row.order,
            )
        )
    return found


PROHIBITION_PENALTY = re.compile(r"prohibit", re.IGNORECASE)


def _with_penalties(rows: list[TrackerRow], penalties: list[TrackerRow]) -> list[TrackerRow]:
    """Each red line with the fine its instrument sets for breaching a prohibition."""
    fines: dict[str, str] = {}
    for row in penalties:
        if PROHIBITION_PENALTY.search(row.text) and row.instrument.id not in fines:
            fines[row.instrument.id] = f"{row.fact.evidence} ({row.provision})"
    found = []
    for row in rows:
        fields = {**row.fact.fields, "penalty": fines.get(row.instrument.id)}
        fact = Fact(row.fact.tracker, fields, row.fact.start, row.fact.end, row.fact.evidence)
        found.append(
            TrackerRow(
                row.tracker,
                row.instrument,
                row.provision_id,
                row.provision,
                row.heading,
                row.text,
                fact,
                row.order,
            )
        )
    return found


def tracker_rows(
    session: Session,
    tracker: str,
    instrument_ids: list[str] | None = None,
    jurisdictions: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[TrackerRow]:
    """Every fact of ``tracker`` in the stored reading texts (optionally of some
    instruments or places), binding law in force first."""
    check_tracker(tracker)
    instruments = reading_instruments(session, instrument_ids)
    if jurisdictions is not None:
        wanted = {j.upper() for j in jurisdictions}
        instruments = [
            i
            for i in instruments
            if i.jurisdiction.upper() in wanted or i.jurisdiction.split("-")[0].upper() in wanted
        ]
    rows: list[TrackerRow] = []
    for n, instrument in enumerate(instruments, 1):
        provisions = list(reading_provisions(session, instrument.version_id))
        found = _instrument_rows(tracker, instrument, provisions)
        if tracker == RED_LINES and found:
            found = _with_penalties(found, _instrument_rows(PENALTIES, instrument, provisions))
        rows += found
        if progress is not None:
            progress(n, len(instruments))
    return sorted(rows, key=_reading_order)


def _reading_order(row: TrackerRow) -> tuple[object, ...]:
    i = row.instrument
    return (
        i.binding != "binding",
        STANDING.get(i.status, 9),
        i.jurisdiction,
        i.id,
        row.order,
        row.fact.start,
    )
