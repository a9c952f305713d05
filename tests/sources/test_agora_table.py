"""What AGORA's whole table tells about a row: its snapshot, and sections of enacted bills."""

from __future__ import annotations

from datetime import date

from govatlas.records import EventDraft
from govatlas.sources.agora_table import (
    enacted_bills,
    snapshot_date,
    table_facts,
    with_dropped_section,
)
from govatlas.vocabulary import LifecycleKind

URL = "https://www.congress.gov/bill/119th-congress/house-bill/1/text"


def _row(name: str, activity: str, day: str, url: str = URL) -> dict[str, str]:
    return {
        "Authority": "United States Congress",
        "Official name": name,
        "Official plaintext source": url,
        "Most recent activity": activity,
        "Most recent activity date": day,
        "Proposed date": "2025-05-20",
    }


ROWS = {
    "2425": _row('Big Bill Act 2025, Section 43201 ("Moratorium")', "Proposed", "2025-05-20"),
    "2565": _row('Big Bill Act 2025, Section 71401 ("Rural health")', "Enacted", "2025-07-04"),
    "2566": _row("Big Bill Act 2025, Sec. 90004", "Enacted", "2025-07-04"),
    # another bill's section, and a section of the same name in another text
    "3000": _row("Other Act, Section 2", "Proposed", "2025-06-01"),
    "3001": _row("Big Bill Act 2025, Section 5", "Proposed", "2025-05-20", URL + "/other"),
    "3002": _row("Whole Act", "Enacted", "2026-03-08"),
}


def test_the_snapshot_is_the_newest_date_in_the_table() -> None:
    assert snapshot_date(ROWS) == date(2026, 3, 8)
    assert snapshot_date({}) == date.min


def test_a_proposed_section_of_an_enacted_bill_is_found_with_the_day_of_enactment() -> None:
    assert enacted_bills(ROWS) == {"2425": date(2025, 7, 4)}
    assert table_facts(ROWS).enacted_bill == {"2425": date(2025, 7, 4)}


def test_a_dropped_section_is_defunct_on_the_day_its_bill_was_enacted() -> None:
    proposed = (EventDraft(LifecycleKind.PROPOSED, date(2025, 5, 20)),)
    events = with_dropped_section(proposed, date(2025, 7, 4))
    assert [(e.kind, e.date) for e in events] == [
        (LifecycleKind.PROPOSED, date(2025, 5, 20)),
        (LifecycleKind.DEFUNCT, date(2025, 7, 4)),
    ]
    assert with_dropped_section(proposed, None) == proposed
    later = (EventDraft(LifecycleKind.PROPOSED, date(2025, 8, 1)),)
    assert with_dropped_section(later, date(2025, 7, 4)) == later  # proposed after: not dropped
