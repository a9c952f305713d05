"""The day a law's own text says it comes into force.

A source such as AGORA records that a text was enacted, not when it began to apply, so an
enacted law stays "adopted, in force not recorded" although its last article says "These
Measures shall come into force on June 1, 2025" (China's facial-recognition measures) or
"This act shall take effect July 1, 2024". The text's own commencement clause is the
document's own date: read it when the clause names the whole text ("this Act", "these
Measures", not "Section 3 of this Act") and gives one full date. A date after the source's
snapshot is left out: whether it came is not on record (a law may be delayed before it
applies).
"""

from __future__ import annotations

import re
from datetime import date

from govatlas.records import EventDraft
from govatlas.vocabulary import LifecycleKind

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "This act shall take effect July 1, 2024", "These Measures shall come into force on June
# 1, 2025"; "of this act take effect" (a part of it) does not match.
COMMENCEMENT = re.compile(
    r"(?<!of )(?<!of\n)\b(?:this|these|the present)\s+"
    r"(?:act|law|measures|interim measures|provisions|regulations?|rules|order)\s+"
    r"(?:shall\s+)?(?:come|comes|enter|enters|take|takes|become|becomes)\s+"
    r"(?:into\s+force|effect|effective)\s+(?:(?:on|as\s+of|from)\s+)?"
    r"(" + "|".join(MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b",
    re.IGNORECASE,
)
NOTE = "the date its own text gives for its entry into force"


def stated_commencement(text: str) -> date | None:
    """The one date the text's commencement clauses give for the whole text, if one."""
    found: set[date] = set()
    for match in COMMENCEMENT.finditer(text):
        month, day, year = match.groups()
        try:
            found.add(date(int(year), MONTHS.index(month.lower()) + 1, int(day)))
        except ValueError:
            continue
    return found.pop() if len(found) == 1 else None


def with_stated_commencement(
    events: tuple[EventDraft, ...], text: str | None, snapshot: date
) -> tuple[EventDraft, ...]:
    """``events`` and an in-force event on the day the text states, for an adopted text
    with no in-force date, when that day is neither before adoption nor after ``snapshot``."""
    adopted = [e.date for e in events if e.kind is LifecycleKind.ADOPTED]
    applies = {LifecycleKind.IN_FORCE, LifecycleKind.PARTLY_IN_FORCE, LifecycleKind.DEFUNCT}
    if not text or not adopted or any(e.kind in applies for e in events):
        return events
    day = stated_commencement(text)
    if day is None or day < min(adopted) or day > snapshot:
        return events
    return (*events, EventDraft(LifecycleKind.IN_FORCE, day, NOTE))
