"""When a US legislature's session ended, so that a bill left "pending" is known to have died.

A bill dies when the session of the legislature that received it ends without enacting it.
A source records when a bill was introduced and its latest activity, not when its session
ended; a curated dataset may even date "defunct" by when its curators looked (AGORA has Utah's
HB 414 of February 2020 "defunct 2026-03-08"). Two rules of public law settle both, with no
wall clock: the source's snapshot date stands for "today".

* Congress sits for two years from noon on 3 January of an odd year (20th Amendment); a
  measure not enacted by then dies with that Congress, on a day that is known.
* No state legislature's session lasts longer than two years, a bill does not outlive the
  session it was introduced in, and that session began before the bill was introduced; so
  a bill introduced more than two years before the snapshot, and not enacted, had died by
  two years after its introduction, whatever activity came in between. That day is a
  bound, not the day of death: the event keeps only its year and its note says "by".

A "defunct" date later than the bound is the curators' date, not the bill's, and is
replaced by the bound.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from govatlas.records import EventDraft
from govatlas.vocabulary import ENDS_A_PROPOSAL, LifecycleKind

SESSION_YEARS = 2  # no US legislature's session lasts longer
CONGRESS_NOTE = "died when the Congress it was introduced in ended without enacting it"
STATE_NOTE = (
    "died when its session ended, by this year at the latest (inferred: a US legislature's "
    "session lasts at most two years, and its end is not recorded)"
)


def congress_end(day: date) -> date:
    """The day the Congress sitting on ``day`` ended (3 January of the next odd year)."""
    year = day.year + 1 if day.year % 2 == 0 else day.year
    end = date(year, 1, 3)
    return end if day < end else date(year + 2, 1, 3)


def years_after(day: date, years: int) -> date:
    """``day`` moved ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def session_bound(day: date, congress: bool) -> EventDraft:
    """The "defunct" event of a bill whose session was sitting on ``day`` and ended
    without enacting it: Congress's end (a known day), else a year-precise bound."""
    if congress:
        return EventDraft(LifecycleKind.DEFUNCT, congress_end(day), CONGRESS_NOTE)
    return EventDraft(
        LifecycleKind.DEFUNCT, years_after(day, SESSION_YEARS), STATE_NOTE, precision="year"
    )


def settled(
    events: tuple[EventDraft, ...], congress: bool, snapshot: date
) -> tuple[EventDraft, ...]:
    """A US bill's events with its session's end where the source leaves it out or
    misdates it: a pending bill whose session had ended by ``snapshot`` is defunct, and a
    "defunct" date later than the end of the bill's session becomes that end."""
    introduced = min((e.date for e in events if e.kind is LifecycleKind.PROPOSED), default=None)
    if introduced is None:
        return events
    defunct = [e for e in events if e.kind is LifecycleKind.DEFUNCT]
    if defunct:
        return tuple(_capped(e, session_bound(introduced, congress)) for e in events)
    if any(e.kind in ENDS_A_PROPOSAL for e in events):
        return events
    bound = session_bound(introduced, congress)
    return (*events, bound) if bound.date <= snapshot else events


def _capped(event: EventDraft, bound: EventDraft) -> EventDraft:
    if event.kind is not LifecycleKind.DEFUNCT or event.date <= bound.date:
        return event
    later = f"the source's date, {event.date.isoformat()}, is after the session's end"
    return replace(bound, note=f"{bound.note}; {later}")
