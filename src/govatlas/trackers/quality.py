"""How well the trackers read: field-level precision and recall against a gold.

A gold record is one passage with the facts people read in it
(``docs/guidelines/trackers.md``, stored in ``eval/gold/trackers/``). Each tracker is
scored on the fields a delegate compares, as sets per passage: the practices a
passage bans; the deadlines (in hours) it sets for reporting an incident, and whether
it sets such a duty at all; the amounts (with currency) and turnover shares of its
fines; the thresholds (value and unit). Recipients are names as written, so they are
scored leniently (one contains the other, or they share half their content words) on
the passages where both sides name one. The same code scores two annotators against
each other (agreement) and the rules against the adjudicated gold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from govatlas.proportions import jeffreys_interval
from govatlas.trackers.facts import (
    COMPUTE_THRESHOLDS,
    INCIDENT_REPORTING,
    PENALTIES,
    RED_LINES,
)

# The gold's JSON keys, per tracker
GOLD_KEYS = {
    RED_LINES: "red_lines",
    INCIDENT_REPORTING: "incident_reporting",
    PENALTIES: "penalties",
    COMPUTE_THRESHOLDS: "thresholds",
}
Facts = Sequence[Mapping[str, object]]
Record = Mapping[str, object]


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(f"{float(value):.6g}")
    raise ValueError(f"not a number: {value!r}")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def practices(facts: Facts) -> set[tuple[object, ...]]:
    return {(_text(f.get("practice")),) for f in facts}


def deadlines(facts: Facts) -> set[tuple[object, ...]]:
    return {(h,) for f in facts if (h := _number(f.get("deadline_hours"))) is not None}


def duty(facts: Facts) -> set[tuple[object, ...]]:
    return {("duty",)} if facts else set()


def amounts(facts: Facts) -> set[tuple[object, ...]]:
    return {
        (a, _text(f.get("currency")))
        for f in facts
        if (a := _number(f.get("max_amount"))) is not None
    }


def shares(facts: Facts) -> set[tuple[object, ...]]:
    return {(s,) for f in facts if (s := _number(f.get("turnover_share"))) is not None}


def thresholds(facts: Facts) -> set[tuple[object, ...]]:
    return {
        (v, _text(f.get("threshold_unit")))
        for f in facts
        if (v := _number(f.get("threshold_value"))) is not None
    }


FIELDS: dict[str, dict[str, Callable[[Facts], set[tuple[object, ...]]]]] = {
    RED_LINES: {"practice": practices},
    INCIDENT_REPORTING: {"duty": duty, "deadline_hours": deadlines},
    PENALTIES: {"max_amount+currency": amounts, "turnover_share": shares},
    COMPUTE_THRESHOLDS: {"threshold_value+unit": thresholds},
}

STOP = frozenset({"the", "of", "a", "an", "to", "and", "or", "its", "any", "in", "for", "state"})


def same_recipient(a: str, b: str) -> bool:
    """Lenient: one name contains the other, or half their content words are shared."""
    x, y = a.lower().strip(), b.lower().strip()
    if x in y or y in x:
        return True
    wx = set(re.findall(r"[a-z]+", x)) - STOP
    wy = set(re.findall(r"[a-z]+", y)) - STOP
    return bool(wx and wy) and len(wx & wy) / min(len(wx), len(wy)) >= 0.5


def recipients(facts: Facts) -> list[str]:
    return [str(f["recipient"]) for f in facts if f.get("recipient")]


@dataclass(frozen=True)
class Score:
    """Counts of one field. Recall may be counted on fewer passages than precision
    (``recall_hits``: the true positives among them), when some passages were drawn
    because the rules read something there."""

    tracker: str
    field: str
    true_positives: int
    false_positives: int
    false_negatives: int
    precision_interval: tuple[float, float] | None = None
    recall_interval: tuple[float, float] | None = None
    recall_hits: int | None = None

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def hits(self) -> int:
        return self.true_positives if self.recall_hits is None else self.recall_hits

    @property
    def recall(self) -> float | None:
        wanted = self.hits + self.false_negatives
        return self.hits / wanted if wanted else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, object]:
        return {
            "tracker": self.tracker,
            "field": self.field,
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
            "recall_tp": self.hits,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "precision_interval": self.precision_interval,
            "recall_interval": self.recall_interval,
        }


def combine(precision: Score, recall: Score) -> Score:
    """Precision (and its counts) from one scoring, recall from another of the same field."""
    return Score(
        precision.tracker,
        precision.field,
        precision.true_positives,
        precision.false_positives,
        recall.false_negatives,
        precision.precision_interval,
        recall.recall_interval,
        recall.true_positives,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _facts(record: Record, tracker: str) -> Facts:
    found = record.get(GOLD_KEYS[tracker]) or []
    if not isinstance(found, list):
        raise ValueError(f"{record.get('id')}: {GOLD_KEYS[tracker]} is not a list")
    return found


def _counts(
    predicted: Mapping[str, Record], gold: Mapping[str, Record], tracker: str, field: str
) -> list[tuple[int, int, int]]:
    """(tp, fp, fn) per passage of ``gold``, in a fixed order."""
    reader = FIELDS[tracker][field]
    rows = []
    for ident in sorted(gold):
        mine = reader(_facts(predicted.get(ident, {}), tracker))
        theirs = reader(_facts(gold[ident], tracker))
        rows.append((len(mine & theirs), len(mine - theirs), len(theirs - mine)))
    return rows


def _recipient_counts(
    predicted: Mapping[str, Record], gold: Mapping[str, Record]
) -> list[tuple[int, int, int]]:
    rows = []
    for ident in sorted(gold):
        mine = recipients(_facts(predicted.get(ident, {}), INCIDENT_REPORTING))
        theirs = recipients(_facts(gold[ident], INCIDENT_REPORTING))
        if not mine or not theirs:
            rows.append((0, len(mine[:1]), len(theirs[:1])))
            continue
        right = any(same_recipient(m, t) for m in mine for t in theirs)
        rows.append((1, 0, 0) if right else (0, 1, 1))
    return rows


def _interval(rows: Sequence[tuple[int, int, int]], which: str) -> tuple[float, float] | None:
    """95 % Jeffreys interval of the proportion (``proportions``): a bootstrap over a
    handful of facts collapses ("1.00 [1.00–1.00] of 1"), this one stays honest; none
    when nothing was read (precision) or wanted (recall)."""
    hits = sum(r[0] for r in rows)
    trials = hits + sum(r[1] if which == "precision" else r[2] for r in rows)
    if not trials:
        return None
    low, high = jeffreys_interval(hits, trials)
    return (round(low, 3), round(high, 3))


def score(
    predicted: Mapping[str, Record],
    gold: Mapping[str, Record],
    intervals: bool = False,
) -> list[Score]:
    """Every tracker's every field, over the passages of ``gold`` (with the 95 %
    intervals of precision and recall when ``intervals``)."""
    found = []
    for tracker, fields in FIELDS.items():
        readers: list[tuple[str, list[tuple[int, int, int]]]] = [
            (field, _counts(predicted, gold, tracker, field)) for field in fields
        ]
        if tracker == INCIDENT_REPORTING:
            readers.append(("recipient", _recipient_counts(predicted, gold)))
        for field, rows in readers:
            precision_interval = recall_interval = None
            if intervals:
                precision_interval = _interval(rows, "precision")
                recall_interval = _interval(rows, "recall")
            found.append(
                Score(
                    tracker,
                    field,
                    sum(r[0] for r in rows),
                    sum(r[1] for r in rows),
                    sum(r[2] for r in rows),
                    precision_interval,
                    recall_interval,
                )
            )
    return found


def by_id(records: Iterable[Record]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for record in records:
        ident = str(record["id"])
        if ident in found:
            raise ValueError(f"passage {ident} appears twice")
        found[ident] = record
    return found
