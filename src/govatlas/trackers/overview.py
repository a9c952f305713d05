"""A tracker at a glance: where the values diverge, before the list of every fact.

For red lines, which practices are banned where (binding law in force apart from bills
and other texts). For the numeric trackers, one line per instrument with the values it
sets, and the extremes among binding law in force marked, so that "72 hours against
15 days" or "EUR 35 million against $1 million per violation" is what a reader sees
first. Amounts in different currencies are never ranked against each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from govatlas.analytics.quantities import format_number, money_label
from govatlas.trackers.facts import (
    COMPUTE_THRESHOLDS,
    INCIDENT_REPORTING,
    PENALTIES,
    RED_LINES,
)
from govatlas.trackers.labels import deadline_label, penalty_label, threshold_label
from govatlas.trackers.red_lines import PRACTICE_LABELS
from govatlas.trackers.table import TrackerRow

# as coverage counts "binding law in force" (``vocabulary.legal_effect``): a law adopted
# whose entry into force is not recorded is counted apart, never as in force
IN_FORCE = ("in_force", "partly_in_force")


def binding_in_force(row: TrackerRow) -> bool:
    i = row.instrument
    return i.binding == "binding" and i.status in IN_FORCE


@dataclass
class Value:
    """One value an instrument sets, with the fact it comes from."""

    label: str
    number: float | None
    unit: str
    row: TrackerRow
    extreme: str = ""  # "lowest", "highest", "shortest", "longest" among binding law in force


@dataclass
class InstrumentLine:
    first: TrackerRow
    values: list[Value] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return binding_in_force(self.first)


@dataclass
class Banned:
    """One instrument's provisions banning a practice."""

    first: TrackerRow
    rows: list[TrackerRow] = field(default_factory=list)


@dataclass
class PracticeLine:
    practice: str
    label: str
    in_force: list[Banned] = field(default_factory=list)
    other: list[Banned] = field(default_factory=list)


def practices(rows: list[TrackerRow]) -> list[PracticeLine]:
    """Red lines by practice: the instruments of binding law in force that ban it, then
    the others (bills, guidance), each with its provisions."""
    lines: dict[str, PracticeLine] = {}
    for row in rows:
        practice = str(row.fields.get("practice"))
        line = lines.setdefault(
            practice, PracticeLine(practice, PRACTICE_LABELS.get(practice, practice))
        )
        group = line.in_force if binding_in_force(row) else line.other
        held = next((b for b in group if b.first.instrument.id == row.instrument.id), None)
        if held is None:
            held = Banned(row)
            group.append(held)
        held.rows.append(row)
    return sorted(lines.values(), key=lambda x: (-len(x.in_force), -len(x.other), x.label))


def _value(row: TrackerRow) -> Value | None:
    """The value a fact sets, labelled in the language being rendered (``trackers.labels``)."""
    f = row.fields
    if row.tracker == INCIDENT_REPORTING:
        hours = f.get("deadline_hours")
        if not isinstance(hours, int | float):
            return None
        label = deadline_label(str(f.get("deadline") or f"{format_number(hours)} hours"))
        return Value(label, hours, "h", row)
    if row.tracker == PENALTIES:
        amount, currency, share = f.get("max_amount"), f.get("currency"), f.get("turnover_share")
        label = penalty_label(
            money_label(amount, str(currency or "")) if isinstance(amount, int | float) else None,
            format_number(share * 100) if isinstance(share, int | float) else None,
            str(f["per"]) if f.get("per") else None,
        )
        number = amount if isinstance(amount, int | float) and not f.get("per") else None
        return Value(label, number, str(currency or ""), row)
    if row.tracker == COMPUTE_THRESHOLDS:
        value, unit = f.get("threshold_value"), str(f.get("threshold_unit") or "")
        if not isinstance(value, int | float):
            return None
        comparator = f.get("comparator")
        label = threshold_label(format_number(value), unit, str(comparator) if comparator else None)
        return Value(label, value, unit, row)
    return None


EXTREMES = {
    INCIDENT_REPORTING: ("shortest", "longest"),
    PENALTIES: ("lowest", "highest"),
    COMPUTE_THRESHOLDS: ("lowest", "highest"),
}


def instrument_lines(rows: list[TrackerRow]) -> list[InstrumentLine]:
    """One line per instrument with the values it sets; extremes marked per unit among
    binding law in force (only where at least two instruments set a value in that unit)."""
    if not rows or rows[0].tracker == RED_LINES:
        return []
    lines: dict[str, InstrumentLine] = {}
    for row in rows:
        value = _value(row)
        if value is None:
            continue
        line = lines.setdefault(row.instrument.id, InstrumentLine(row))
        if all(v.label != value.label for v in line.values):
            line.values.append(value)
    low_word, high_word = EXTREMES[rows[0].tracker]
    by_unit: dict[str, list[tuple[str, Value]]] = defaultdict(list)
    for iid, line in lines.items():
        if line.in_force:
            for v in line.values:
                if v.number is not None:
                    by_unit[v.unit].append((iid, v))
    for found in by_unit.values():
        if len({iid for iid, _ in found}) < 2:
            continue
        low = min(v.number for _, v in found if v.number is not None)
        high = max(v.number for _, v in found if v.number is not None)
        if low == high:
            continue
        for _, v in found:
            if v.number == low:
                v.extreme = low_word
            elif v.number == high:
                v.extreme = high_word
    return list(lines.values())
