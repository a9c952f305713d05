"""A US bill whose session ended without enacting it is defunct, dated by its session's end."""

from __future__ import annotations

from datetime import date

import pytest

from govatlas.records import EventDraft
from govatlas.sources.bill_sessions import congress_end, settled, years_after
from govatlas.vocabulary import LifecycleKind

SNAPSHOT = date(2026, 3, 8)


def _proposed(day: date) -> tuple[EventDraft, ...]:
    return (EventDraft(LifecycleKind.PROPOSED, day),)


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2023, 1, 20), date(2025, 1, 3)),  # 118th Congress
        (date(2024, 12, 31), date(2025, 1, 3)),
        (date(2025, 1, 2), date(2025, 1, 3)),  # still the 118th
        (date(2025, 1, 3), date(2027, 1, 3)),  # the 119th convenes
        (date(2026, 2, 1), date(2027, 1, 3)),
    ],
)
def test_a_congress_ends_on_3_january_of_the_next_odd_year(day: date, end: date) -> None:
    assert congress_end(day) == end


def test_a_pending_state_bill_introduced_over_two_years_before_the_snapshot_is_defunct() -> None:
    events = settled(_proposed(date(2023, 1, 20)), congress=False, snapshot=SNAPSHOT)
    dead = events[-1]
    assert (dead.kind, dead.date, dead.precision) == (
        LifecycleKind.DEFUNCT,
        date(2025, 1, 20),
        "year",  # a bound ("by 2025"), not the day
    )
    assert "at the latest" in (dead.note or "")


def test_a_bill_whose_session_may_still_sit_stays_pending() -> None:
    recent = _proposed(date(2024, 12, 23))
    assert settled(recent, congress=False, snapshot=SNAPSHOT) == recent
    current = _proposed(date(2025, 5, 20))
    assert settled(current, congress=True, snapshot=SNAPSHOT) == current


def test_a_congress_bill_dies_with_its_congress_on_a_known_day() -> None:
    events = settled(_proposed(date(2023, 6, 1)), congress=True, snapshot=SNAPSHOT)
    assert (events[-1].kind, events[-1].date, events[-1].precision) == (
        LifecycleKind.DEFUNCT,
        date(2025, 1, 3),
        "day",
    )


def test_a_defunct_date_after_the_session_is_the_curators_and_becomes_the_bound() -> None:
    """AGORA dates Utah's HB 414 of February 2020 "defunct 2026-03-08"."""
    events = (
        EventDraft(LifecycleKind.PROPOSED, date(2020, 2, 26)),
        EventDraft(LifecycleKind.DEFUNCT, date(2026, 3, 8), "died"),
    )
    dead = settled(events, congress=False, snapshot=SNAPSHOT)[-1]
    assert (dead.date, dead.precision) == (date(2022, 2, 26), "year")
    assert "2026-03-08" in (dead.note or "")
    within = (events[0], EventDraft(LifecycleKind.DEFUNCT, date(2020, 3, 12), "died"))
    assert settled(within, congress=False, snapshot=SNAPSHOT) == within  # a real date stays


@pytest.mark.parametrize(
    "kind", [LifecycleKind.ADOPTED, LifecycleKind.SUPERSEDED, LifecycleKind.IN_FORCE]
)
def test_an_enacted_or_superseded_bill_is_left_alone(kind: LifecycleKind) -> None:
    events = (*_proposed(date(2020, 1, 8)), EventDraft(kind, date(2020, 6, 1)))
    assert settled(events, congress=False, snapshot=SNAPSHOT) == events


def test_a_bill_with_no_introduction_date_is_left_alone() -> None:
    assert settled((), congress=False, snapshot=SNAPSHOT) == ()


def test_29_february_moves_to_28_february() -> None:
    assert years_after(date(2024, 2, 29), 2) == date(2026, 2, 28)
