"""What AGORA's whole table says about one of its rows: the snapshot's date and the
enacted bill a proposed section belongs to.

A row alone cannot tell that the source is a snapshot of early 2026, or that the section of
the One Big Beautiful Bill Act it lists as "proposed" belongs to a bill that other rows
record as enacted on 2025-07-04. A section of an enacted bill that is still "proposed" did
not become law as that section: it was dropped (Section 43201, the moratorium on state AI
laws, was struck by the Senate) or enacted under another number, which AGORA lists as a row
of its own. Either way the proposed section is defunct on the day the bill was enacted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from govatlas.records import EventDraft
from govatlas.vocabulary import LifecycleKind

SECTION = re.compile(r"^(?P<bill>.+?),?\s+(?:sections?|sec\.|§)\s*\d", re.IGNORECASE)
DATE_COLUMNS = ("Most recent activity date", "Proposed date")
DROPPED_NOTE = (
    "not enacted as this section: the bill was enacted without it (dropped, or enacted "
    "under another section)"
)


@dataclass(frozen=True)
class TableFacts:
    snapshot: date  # the newest date in the table: "today" for the source
    enacted_bill: Mapping[str, date]  # AGORA id of a proposed section -> its bill's enactment


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def snapshot_date(rows: Mapping[str, Mapping[str, str]]) -> date:
    """The newest date the table records; a table with no dates has none (date.min)."""
    days = [d for row in rows.values() for c in DATE_COLUMNS if (d := _day(row.get(c)))]
    return max(days, default=date.min)


def bill_key(row: Mapping[str, str]) -> tuple[str, str, str] | None:
    """The bill a section row belongs to: authority, the name before "Section", the text's
    address; None for a row that is not a section of a bill."""
    found = SECTION.match(" ".join(row.get("Official name", "").split()))
    url = (row.get("Official plaintext source") or "").split("#", 1)[0].strip().rstrip("/")
    if found is None or not url:
        return None
    return (row.get("Authority", "").strip(), found.group("bill").casefold(), url)


def enacted_bills(rows: Mapping[str, Mapping[str, str]]) -> dict[str, date]:
    """AGORA id of each proposed section -> the day another section of its bill was enacted."""
    enacted: dict[tuple[str, str, str], date] = {}
    for row in rows.values():
        key, day = bill_key(row), _day(row.get("Most recent activity date"))
        if key and day and row.get("Most recent activity", "").strip() == "Enacted":
            enacted[key] = min(day, enacted.get(key, day))
    found: dict[str, date] = {}
    for ident, row in rows.items():
        key = bill_key(row)
        proposed = row.get("Most recent activity", "").strip() == "Proposed"
        if key is not None and key in enacted and proposed:
            found[ident] = enacted[key]
    return found


def table_facts(rows: Mapping[str, Mapping[str, str]]) -> TableFacts:
    return TableFacts(snapshot_date(rows), enacted_bills(rows))


def with_dropped_section(
    events: tuple[EventDraft, ...], enacted_on: date | None
) -> tuple[EventDraft, ...]:
    """A proposed section of a bill enacted on ``enacted_on`` is defunct on that day."""
    if enacted_on is None or any(e.date > enacted_on for e in events):
        return events
    if any(e.kind is not LifecycleKind.PROPOSED for e in events):
        return events
    return (*events, EventDraft(LifecycleKind.DEFUNCT, enacted_on, DROPPED_NOTE))
