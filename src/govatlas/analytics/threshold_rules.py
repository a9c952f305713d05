"""Thresholds read from a sentence: training compute in FLOP and its cost, computing
capacity per second, model parameters, people harmed and damage, and the revenue, users
and employees that bring someone into scope, each with its comparator ("greater than",
"or more")."""

from __future__ import annotations

import re

from govatlas.analytics.parameter_types import (
    SCOPE,
    SCOPE_KINDS,
    THRESHOLD,
    Parameter,
    Threshold,
    parameter_span,
)
from govatlas.analytics.penalty_rules import FINE_WORDS
from govatlas.analytics.quantities import Money, Quantity, counts, money, powers_of_ten

FLOP_WORDS = re.compile(
    r"(?:integer or )?floating[- ]point operations|\bFLOPs?\b|\boperations\b(?= of computing)"
    r"|\bcomputational operations\b",
    re.IGNORECASE,
)
# What a cluster can compute in a second ("a theoretical maximum greater than 10^20
# computational operations (e.g., integer or floating-point operations) per second (OP/s)
# for AI training"): a power of ten followed, within a short reach, by operations and
# "per second"; a capacity, not the compute a model was trained with
CAPACITY_AFTER = re.compile(
    r"\s*(?:(?:integer\s+or\s+floating[- ]point|computational|floating[- ]point)\s+)?"
    r"(?:operations|FLOPs?)\b[^;]{0,70}?(?:per\s+second|\bOP/s\b|FLOP/s)"
    # "FLOP/s" and "OP/s" only: "FLOPs" (and "FLOPS", which texts use for both) is a count
    # of operations, the training compute
    r"|\s*(?:FLOP/s|OP/s)(?![A-Za-z])",
    re.IGNORECASE,
)
OPERATIONS_AFTER = re.compile(
    r"\s*(?:integer\s+or\s+floating[- ]point\s+)?(?:operations|FLOPs?)\b(?!\s*(?:per\s+second|/s))",
    re.IGNORECASE,
)
PER_SECOND = re.compile(r"per second|/s\b|FLOP/s", re.IGNORECASE)
PER_SECOND_REACH = 160  # characters after a power of ten that may say it is per second
COMPUTE_CONTEXT = re.compile(r"comput|train", re.IGNORECASE)
MORE = re.compile(
    # words may be split by a line break ("at least\none billion dollars")
    r"(?P<op>(?:not|no)\s+(?:fewer|less|more|greater)\s+than|not\s+exceeding|at\s+most"
    r"|up\s+to|greater\s+than|more\s+than|in\s+excess\s+of|exceed(?:s|ing)?|above|over"
    r"|at\s+least|or\s+more|fewer\s+than|less\s+than|below|under)\s*$",
    re.IGNORECASE,
)
# "gross annual sales of less than $100,000,000" is a revenue threshold too; "sales"
# alone is not read (a sale of goods worth $500)
REVENUE_WORDS = re.compile(
    r"(?:average |gross |annual )*(?:revenues?|turnover|receipts)"
    r"|\b(?:gross|annual)\s+(?:annual\s+)?sales\b",
    re.IGNORECASE,
)
USERS = re.compile(
    r"^\s*(?:aggregate\s+|total\s+)?(?:registered\s+|authenticated\s+|unique\s+)?"
    r"(?:business\s+|(?:monthly|daily|weekly)\s+(?:active\s+)?|active\s+)?"
    r"(?:end[- ]users|users|consumers|customers|subscribers|visitors(?:\s+or\s+users)?)\b",
    re.IGNORECASE,
)
EMPLOYEES = re.compile(
    r"^\s*(?:or\s+(?:more|fewer|less)\s+)?(?:full[- ]time(?:[- ]equivalent)?\s+)?"
    r"(?:employees|workers)\b",
    re.IGNORECASE,
)
# A staffing floor is no threshold of who is covered: "the Secretary shall ensure that
# there are always not fewer than 10,000 full-time equivalent employees in the Office of
# Enforcement and Removal Operations" (employees placed in a public body)
STAFFED_BODY = re.compile(
    r"\s*(?:in|at|within|of)\s+(?:the\s+|each\s+|such\s+)?(?:[A-Z][\w.]*\s+){0,4}?"
    r"(?:Office|Department|Agency|Bureau|Service|Division|Administration|Commission|Patrol"
    r"|Corps|Command|Directorate|Institute|Center|Centre)\b"
)
# The people of a place are no users: "community water systems that serve a population of
# not more than 10,000 individuals"
POPULATION = re.compile(r"\bpopulations?\s+(?:of\s+)?$", re.IGNORECASE)
PARAMETERS = re.compile(r"^\s*parameters\b", re.IGNORECASE)
# Parameters counted in words: "at least tens of billions of parameters" (10^10)
PARAMETERS_IN_WORDS = re.compile(
    r"\b(?P<scale>(?:tens|hundreds)\s+of\s+)?(?P<unit>billions|trillions)\s+of\s+parameters\b",
    re.IGNORECASE,
)
IN_WORDS_SCALE = {"billions": 1e9, "trillions": 1e12, "tens": 10.0, "hundreds": 100.0}
PEOPLE = re.compile(r"^\s*(?:or\s+more\s+)?(?:people|persons|individuals)\b", re.IGNORECASE)
# People counted to decide coverage rather than harm ("in use by greater than 1,000,000
# persons in the United States"): only large counts, never a body's members
PEOPLE_COVERED = 1000
# ... and counted as whom a service reaches or whose data it holds ("in use by", "with
# respect to", "data of"), not in a finding ("more than 4,000,000 individuals have been
# granted eligibility ...")
COVERED_BY = re.compile(r"\b(?:of|by|to|for|from|on|about|concerning|regarding)\s*$", re.IGNORECASE)
# People reached in a year decide coverage whatever their number ("an automated decision
# tool that impacted more than 999 people per year")
PER_YEAR = re.compile(r"\s+(?:per|a|each|every)\s+(?:calendar\s+)?year\b|\s+annually\b", re.I)
OR_MORE = re.compile(r"^\s*or\s+(?P<op>more|fewer|less)\b", re.IGNORECASE)
HARM = re.compile(r"death|injur|kill", re.IGNORECASE)
DAMAGE = re.compile(r"^\s*(?:in|of)\s+(?:damages?|losses?)\b", re.IGNORECASE)
# What training compute costs ("the compute cost of which exceeds one hundred million
# dollars", "has spent over one hundred million dollars in compute costs"): an amount
# with cost words and a comparator just before it, in a sentence about computing or
# training (the trackers' rule, measured on their gold, docs/trackers.md)
COST = re.compile(r"\bcosts?\b|\bspent\b|\bexpend", re.IGNORECASE)
ABOVE = re.compile(
    r"exceed(?:s|ing)?|more\s+than|greater\s+than|in\s+excess\s+of|above|over|at\s+least"
    r"|not\s+less\s+than",
    re.IGNORECASE,
)
TRAINING = re.compile(r"comput|train", re.IGNORECASE)
COST_REACH = 80  # characters before the amount that must hold the cost and comparator


def _comparator(sentence: str, start: int) -> tuple[str | None, int]:
    match = MORE.search(sentence[max(0, start - 30) : start])
    if match is None:
        return None, start
    return " ".join(match["op"].lower().split()), start - (
        len(sentence[max(0, start - 30) : start]) - match.start()
    )


def _threshold(
    sentence: str,
    kind: str,
    quantity: Quantity,
    unit: str,
    start: int,
    end: int,
    after: str | None = None,
) -> Threshold:
    """``after``: a comparator written after the value ("one hundred or more people")."""
    comparator, begin = _comparator(sentence, quantity.start)
    comparator = comparator or after
    begin = min(begin, start)
    family = SCOPE if kind in SCOPE_KINDS else THRESHOLD
    return Threshold(
        family,
        kind,
        parameter_span(family, kind, begin, end),
        sentence[begin:end],
        quantity.value,
        unit,
        comparator,
    )


def read_thresholds(sentence: str) -> list[Parameter]:
    found: list[Parameter] = []
    flop = [m for m in FLOP_WORDS.finditer(sentence)]
    capacities = _capacities(sentence)
    found += capacities
    if flop and COMPUTE_CONTEXT.search(sentence):
        for power in powers_of_ten(sentence, lost_superscripts=True):
            if PER_SECOND.search(sentence, power.end, power.end + PER_SECOND_REACH):
                continue  # a capacity (read above when its words are clear), never training
            nearest = min(
                flop, key=lambda m: min(abs(m.start() - power.end), abs(power.start - m.end()))
            )
            if min(abs(nearest.start() - power.end), abs(power.start - nearest.end())) > 160:
                continue
            start, end = min(power.start, nearest.start()), max(power.end, nearest.end())
            found.append(_threshold(sentence, "compute", power, "FLOP", start, end))
    if COMPUTE_CONTEXT.search(sentence):
        # "greater than 100,000,000,000,000,000,000,000,000 operations": 10^26 in digits
        for count in counts(sentence):
            operations = OPERATIONS_AFTER.match(sentence, count.end)
            if count.value >= 1e20 and operations is not None:
                end = operations.end()
                found.append(_threshold(sentence, "compute", count, "FLOP", count.start, end))
    for count in counts(sentence):
        after = sentence[count.end :]
        for kind, pattern, unit in (
            ("users", USERS, "users"),
            ("employees", EMPLOYEES, "employees"),
            ("parameters", PARAMETERS, "parameters"),
            ("casualties", PEOPLE, "people"),
        ):
            match = pattern.match(after)
            if match is None:
                continue
            read_as, read_in = kind, unit
            if kind == "employees" and STAFFED_BODY.match(after, match.end()):
                continue
            if kind == "casualties" and not HARM.search(sentence):
                _, said_from = _comparator(sentence, count.start)
                yearly = PER_YEAR.match(after, match.end())
                if POPULATION.search(sentence, max(0, said_from - 30), said_from):
                    continue
                if not yearly and (
                    count.value < PEOPLE_COVERED
                    or not COVERED_BY.search(sentence, max(0, said_from - 30), said_from)
                ):
                    continue
                # "personal data of greater than 1,000,000 persons": whom a rule covers
                read_as = "users"
            comparator, _ = _comparator(sentence, count.start)
            trailing = _trailing(after)
            if read_as in ("users", "casualties") and (comparator or trailing) is None:
                continue  # "two users" is not a threshold; "at least 10 000 users" is
            end = count.end + match.end()
            found.append(_threshold(sentence, read_as, count, read_in, count.start, end, trailing))
    for words in PARAMETERS_IN_WORDS.finditer(sentence):
        value = IN_WORDS_SCALE[words["unit"].lower()]
        if words["scale"]:
            value *= IN_WORDS_SCALE[words["scale"].split()[0].lower()]
        quantity = Quantity(value, words.start(), words.end())
        found.append(
            _threshold(sentence, "parameters", quantity, "parameters", words.start(), words.end())
        )
    fines = FINE_WORDS.search(sentence)
    for amount in money(sentence):
        after = sentence[amount.end :]
        if DAMAGE.match(after) and HARM.search(sentence):
            end = amount.end + DAMAGE.match(after).end()  # type: ignore[union-attr]
            found.append(_threshold(sentence, "damage", amount, amount.currency, amount.start, end))
        elif not fines and (cost := _compute_cost(sentence, amount)) is not None:
            found.append(cost)
        elif not fines and REVENUE_WORDS.search(sentence):
            comparator, _ = _comparator(sentence, amount.start)
            trailing = _trailing(after)  # "has $5,000,000 or more in annual revenue"
            revenue = _nearest_revenue(sentence, amount)
            if comparator is None and revenue is not None and revenue[0] < amount.start:
                trailing = None  # "loss of revenue ... in the amount of $100,000 or more"
            if (comparator or trailing) and revenue is not None:
                start, end = min(revenue[0], amount.start), max(revenue[1], amount.end)
                found.append(
                    _threshold(sentence, "revenue", amount, amount.currency, start, end, trailing)
                )
    return found


def _trailing(after: str) -> str | None:
    """A comparator written right after the value ("or more", "or fewer"), if any."""
    written = OR_MORE.match(after)
    return f"or {written['op'].lower()}" if written else None


def _capacities(sentence: str) -> list[Parameter]:
    """Computing capacity in operations per second (see ``CAPACITY_AFTER``)."""
    if not COMPUTE_CONTEXT.search(sentence):
        return []
    found: list[Parameter] = []
    # "100,000,000,000,000,000,000 integer or floating-point operations per second": 10^20
    large = [c for c in counts(sentence) if c.value >= 1e15]
    for power in [*powers_of_ten(sentence, lost_superscripts=True), *large]:
        per_second = CAPACITY_AFTER.match(sentence, power.end)
        if per_second is not None:
            found.append(
                _threshold(
                    sentence, "compute-capacity", power, "FLOP/s", power.start, per_second.end()
                )
            )
    return found


def _compute_cost(sentence: str, amount: Money) -> Threshold | None:
    """``amount`` as what training compute costs, or None (see ``COST``)."""
    reach = max(0, amount.start - COST_REACH)
    before = sentence[reach : amount.start]
    cost, above = COST.search(before), list(ABOVE.finditer(before))
    if not (TRAINING.search(sentence) and cost and above):
        return None
    comparator = " ".join(above[-1][0].lower().split())
    start = reach + min(cost.start(), above[-1].start())
    return Threshold(
        THRESHOLD,
        "compute-cost",
        parameter_span(THRESHOLD, "compute-cost", start, amount.end),
        sentence[start : amount.end],
        amount.value,
        amount.currency,
        comparator,
    )


# characters between revenue words and an amount ("annual revenues related to the
# distribution of music of more than $100 million")
REVENUE_REACH = 60


def _nearest_revenue(sentence: str, amount: Money) -> tuple[int, int] | None:
    best = None
    for match in REVENUE_WORDS.finditer(sentence):
        distance = min(abs(match.end() - amount.start), abs(amount.end - match.start()))
        if distance <= REVENUE_REACH and (best is None or distance < best[0]):
            best = (distance, match.start(), match.end())
    return (best[1], best[2]) if best else None
