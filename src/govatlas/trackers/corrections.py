"""A reviewer's corrections to a tracker fact: each value checked against its field.

The command line (``govatlas tracker-review --set FIELD=VALUE``) and the atlas's review
form give values as text; this module turns them into what the field holds (numbers as
finite, non-negative numbers, a turnover share as a fraction of at most 1, a practice
from the shared list, a currency as its ISO code) and refuses anything else with a
one-line reason, so a typing slip never reaches the store. A corrected value carries
the fields read from it: a new practice its label, a new deadline in hours the words
that show it ("72 hours").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.store.models import TrackerFact
from govatlas.store.tracker_facts import review_fact, stored_fact
from govatlas.trackers.facts import COMPUTE_THRESHOLDS, INCIDENT_REPORTING, PENALTIES, RED_LINES
from govatlas.trackers.red_lines import PRACTICE_LABELS

EDITABLE: dict[str, tuple[str, ...]] = {
    RED_LINES: ("practice",),
    INCIDENT_REPORTING: ("deadline_hours", "recipient"),
    PENALTIES: ("max_amount", "currency", "turnover_share", "per"),
    COMPUTE_THRESHOLDS: ("threshold_value", "threshold_unit"),
}
NUMBERS = frozenset({"deadline_hours", "max_amount", "turnover_share", "threshold_value"})
MAX_TEXT = 300
CURRENCY = re.compile(r"^(?:[A-Z]{3}|\$)$")
NULLS = frozenset({"", "null", "none"})


def editable_fields(tracker: str) -> tuple[str, ...]:
    """The fields of ``tracker`` a reviewer may correct, in the order a form shows them."""
    return EDITABLE.get(tracker, ())


def _number(name: str, text: str) -> float:
    try:
        value = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise InvalidInputError(
            f"{name} must be a number, not {text!r}", f"e.g. {name}={_example(name)}"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInputError(f"{name} must be a finite number of at least 0, not {text!r}")
    if name == "turnover_share" and value > 1:
        raise InvalidInputError(
            f"turnover_share is a fraction of turnover (7 % is 0.07), not {text!r}",
            "give a number from 0 to 1",
        )
    return value


def _example(name: str) -> str:
    return {"deadline_hours": "72", "turnover_share": "0.07", "threshold_value": "1e26"}.get(
        name, "35000000"
    )


def parse_value(name: str, raw: str) -> object:
    """The value a field holds for the text a reviewer typed (``null`` or nothing: no
    value)."""
    text = raw.strip()
    if text.lower() in NULLS:
        if name == "practice":
            raise InvalidInputError("a red line needs its practice", "choose one of the list")
        return None
    if name in NUMBERS:
        return _number(name, text)
    if name == "practice":
        if text not in PRACTICE_LABELS:
            raise InvalidInputError(
                f"no practice {text!r} in the shared list",
                f"one of: {', '.join(sorted(PRACTICE_LABELS))}",
            )
        return text
    if name == "currency":
        code = text.upper() if text != "$" else text
        if not CURRENCY.match(code):
            raise InvalidInputError(
                f"currency must be an ISO 4217 code (EUR, USD, CNY...), not {text!r}"
            )
        return code
    if len(text) > MAX_TEXT or any(ord(c) < 32 for c in text):
        raise InvalidInputError(f"{name} must be one line of at most {MAX_TEXT} characters")
    return text


def _hours_as_words(hours: float) -> str:
    for size, unit in ((24.0, "days"), (1.0, "hours")):
        if hours >= size and (hours / size).is_integer():
            count = hours / size
            return f"{count:g} {unit[:-1] if count == 1 else unit}"
    return f"{hours:g} hours"


def corrections(
    tracker: str, values: Mapping[str, str], current: Mapping[str, object] | None = None
) -> dict[str, object]:
    """The checked corrections of a fact of ``tracker`` from text values by field (those
    equal to its ``current`` fields left out), with the fields that follow from them."""
    allowed = editable_fields(tracker)
    found: dict[str, object] = {}
    for name, raw in values.items():
        if name not in allowed:
            raise InvalidInputError(
                f"a {tracker} fact has no field {name!r} a reviewer can set",
                f"its fields: {', '.join(allowed)}",
            )
        value = parse_value(name, raw)
        if current is None or name not in current or current[name] != value:
            found[name] = value
    if "practice" in found:
        found["practice_label"] = PRACTICE_LABELS[str(found["practice"])]
    if "deadline_hours" in found:
        hours = found["deadline_hours"]
        found["deadline"] = _hours_as_words(hours) if isinstance(hours, float) else None
    return found


def assignments(values: Iterable[str]) -> dict[str, str]:
    """``FIELD=VALUE`` texts (the command line's ``--set``) as values by field."""
    found: dict[str, str] = {}
    for value in values:
        name, sep, raw = value.partition("=")
        if not sep or not name.strip():
            raise InvalidInputError(
                f"--set {value!r} is not FIELD=VALUE", "e.g. --set deadline_hours=72"
            )
        found[name.strip()] = raw
    return found


def review(
    session: Session,
    fact_id: int,
    decision: str,
    reviewer: str,
    values: Mapping[str, str] | None = None,
    note: str | None = None,
) -> TrackerFact:
    """Record a reviewer's decision on a fact, with the corrections (text values by
    field) checked against its tracker's fields; nothing is stored when one is wrong."""
    fact = stored_fact(session, fact_id)
    fixes = corrections(fact.tracker, values, fact.fields) if values else None
    return review_fact(session, fact_id, decision, reviewer, fixes or None, note)


def form_value(value: object) -> str:
    """A field's value as a review form shows it (an amount in digits, 1e26 as 1e+26)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)
