"""Does a transparency index's justification say the practice is absent?

A transparency index scores disclosure: "No data augmentation is performed" earns
FMTI's point for data augmentation. Readiness (``industry.readiness``) reads a scored
indicator as evidence that a company does what an obligation asks, so such a
justification must not count: it says the company does *not* do it.

``states_absence`` is a fixed rule written from the annotation guideline
(``docs/guidelines/disclosure-absence.md``) and the development third of its gold
(``eval/gold/disclosure-absence``); its precision and recall on the other two thirds
are in ``ABSENCE_QUALITY`` and ``eval/reports/disclosure-absence.md``. It answers
*absent* when the justification

- opens by saying there is none ("No data labor.", "None.", "There is no …",
  "Not applicable", "N/A");
- reports the developer saying it does not do, have or use the thing ("The developer
  acknowledges that it does not offer a bug bounty", "discloses no watermarking",
  "Disclosure of no detection");
- says the indicator does not apply;
- is one short sentence that only negates ("Usage policy does not vary"),

unless it also contrasts ("but", "however", "though" …): a negation beside a contrast is
almost always about how complete the disclosure is, not about the practice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENS_WITH_NONE = re.compile(
    r"^\W*(no\b|none\b|nothing\b|n/a\b|not applicable\b|there (is|are|was|were) no\b)", re.I
)
REPORTED_NEGATION = re.compile(
    r"\b(discloses|disclosed|acknowledges|acknowledged|states|stated|confirms|confirmed|"
    r"indicates|indicated|reports|reported|clarifies|clarified|specifies|specified|says|"
    r"notes|noted)\b( that)?\s+"
    r"(?:(?:it|they|the \w+|its \w+|\w+)\s+(?:\w+\s+)?)?"
    r"(does not|do not|did not|doesn't|don't|didn't|has no|have no|had no|"
    r"is not|are not|was not|were not|isn't|aren't|no)\b",
    re.I,
)
DISCLOSED_NONE = re.compile(r"\b(disclos\w+|acknowledg\w+) (of|about) no\b", re.I)
# A short sentence that only negates ("Usage policy does not vary", "Claude 3 models
# cannot search the web") says what is not there.
SHORT_NEGATION = re.compile(
    r"^(?:\S+\s+){0,6}?(does not|do not|did not|doesn't|don't|cannot|can't|is not|are not)\b"
    r"(?:\s+\S+){0,4}\W*$",
    re.I,
)
DOES_NOT_APPLY = re.compile(r"\b(does not apply|not applicable|is inapplicable)\b", re.I)
CONTRAST = re.compile(
    r"\b(but|however|though|although|while|whereas|nevertheless|nonetheless|except|"
    r"even if)\b",
    re.I,
)


def states_absence(justification: str | None) -> bool:
    """Whether the justification says the practice its indicator asks about is absent."""
    text = " ".join((justification or "").split())
    if not text:
        return False
    if CONTRAST.search(text):
        return False
    return bool(
        OPENS_WITH_NONE.search(text)
        or REPORTED_NEGATION.search(text)
        or DISCLOSED_NONE.search(text)
        or DOES_NOT_APPLY.search(text)
        or SHORT_NEGATION.search(text)
    )


@dataclass(frozen=True)
class AbsenceQuality:
    """The rule's measured quality on the test two thirds of its gold."""

    precision: float
    recall: float
    items: int  # test items
    absent: int  # of which the gold says absent


# ``python -m benchmarks.disclosure_absence``, the test two thirds (weighted to the
# population of scored justifications); a corpus test checks these are what the gold
# gives.
ABSENCE_QUALITY = AbsenceQuality(precision=0.755, recall=0.816, items=186, absent=49)
