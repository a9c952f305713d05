"""An enacted text's own commencement clause gives its in-force date."""

from __future__ import annotations

from datetime import date

import pytest

from govatlas.records import EventDraft
from govatlas.sources.effective_dates import stated_commencement, with_stated_commencement
from govatlas.vocabulary import LifecycleKind

SNAPSHOT = date(2026, 3, 8)
ADOPTED = (EventDraft(LifecycleKind.ADOPTED, date(2025, 3, 21)),)
PROPOSED = (EventDraft(LifecycleKind.PROPOSED, date(2025, 1, 1)),)
IN_FORCE = (*ADOPTED, EventDraft(LifecycleKind.IN_FORCE, date(2025, 4, 1)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Article 20 These Measures shall come into force on June 1, 2025.", date(2025, 6, 1)),
        ("SECTION 9. This act shall take effect\nJuly 1, 2025.", date(2025, 7, 1)),
        ("This Act takes effect January 1, 2026.", date(2026, 1, 1)),
        ("These Regulations shall enter into force on November 1, 2025.", date(2025, 11, 1)),
        # a part of the text, or two different dates: not the whole text's day
        ("Section 3 of this act takes effect July 1, 2025.", None),
        ("This act takes effect July 1, 2025. This act takes effect July 1, 2026.", None),
        ("This act shall take effect on the date of enactment.", None),
        ("This act shall take effect February 30, 2025.", None),
    ],
)
def test_the_commencement_clause_of_the_whole_text(text: str, expected: date | None) -> None:
    assert stated_commencement(text) == expected


def test_an_adopted_text_is_in_force_from_the_day_it_states() -> None:
    text = "These Measures shall come into force on June 1, 2025."
    events = with_stated_commencement(ADOPTED, text, SNAPSHOT)
    assert events[-1] == EventDraft(LifecycleKind.IN_FORCE, date(2025, 6, 1), events[-1].note)


@pytest.mark.parametrize(
    ("events", "text"),
    [
        (ADOPTED, "This Act takes effect January 1, 2027."),  # after the snapshot: not on record
        (ADOPTED, "This Act takes effect January 1, 2024."),  # before its adoption
        (PROPOSED, "This Act takes effect May 1, 2025."),  # not adopted
        (IN_FORCE, "This Act takes effect May 1, 2025."),  # its in-force date is known
        (ADOPTED, None),
    ],
)  # fmt: skip
def test_no_stated_date_is_added_where_it_cannot_be_the_day(
    events: tuple[EventDraft, ...], text: str | None
) -> None:
    assert with_stated_commencement(events, text, SNAPSHOT) == events
