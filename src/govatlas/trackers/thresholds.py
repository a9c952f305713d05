"""Thresholds that decide whether a duty applies: training compute, computing capacity,
model size, users, revenue.

Training compute, parameters, users and revenue come from ``analytics.parameters``'
rules (which need a comparator beside users and revenue, so "two users" is not a
threshold); computing capacity per second ("10^20 integer or floating-point operations
per second"), which those rules leave out because it is not training compute, is read
here as ``FLOP/s``. A threshold inside a definition names the term it defines
(``defines``): that is the duty it triggers ("frontier model" -> the frontier
developer's duties).
"""

from __future__ import annotations

import re

from govatlas.analytics.parameters import (
    FLOP_WORDS,
    PER_SECOND,
    Threshold,
    extract_parameters,
    sentences,
)
from govatlas.analytics.quantities import money, powers_of_ten
from govatlas.trackers.currency import resolve_currency
from govatlas.trackers.facts import COMPUTE_THRESHOLDS, Context, Fact

THRESHOLD_UNITS = {"FLOP", "parameters", "users", "employees"}
DEFINES = re.compile(r"[\"“‘']([^\"”’']{2,80})[\"”’']\s*(?:,\s*)?(?:means|refers to)", re.I)
COMPUTE_KINDS = ("compute", "parameters", "users", "revenue")


def threshold_facts(text: str, context: Context) -> list[Fact]:
    found = []
    defined = DEFINES.search(text)
    defines = defined.group(1) if defined else None
    for parameter in extract_parameters(text):
        if not isinstance(parameter, Threshold) or parameter.kind not in COMPUTE_KINDS:
            continue
        unit = parameter.unit
        if parameter.kind == "revenue":
            unit = resolve_currency(unit, context) or unit
        found.append(
            Fact(
                COMPUTE_THRESHOLDS,
                {
                    "threshold_value": parameter.value,
                    "threshold_unit": unit,
                    "kind": parameter.kind,
                    "comparator": parameter.comparator,
                    "defines": defines,
                },
                parameter.span.start,
                parameter.span.end,
                parameter.text,
            )
        )
    found += _capacity(text, defines)
    found += _training_cost(text, context, defines)
    return found


COST = re.compile(r"\bcosts?\b|\bspent\b|\bexpend", re.IGNORECASE)
ABOVE = re.compile(r"exceed|more than|greater than|in excess of|above|over", re.IGNORECASE)
TRAINING = re.compile(r"comput|train", re.IGNORECASE)


def _training_cost(text: str, context: Context, defines: str | None) -> list[Fact]:
    """What training compute costs ("the compute cost of which exceeds one hundred
    million dollars"): a threshold in money, when cost, a comparator and training or
    computing words stand together."""
    found = []
    for start, end in sentences(text):
        sentence = text[start:end]
        if not (COST.search(sentence) and TRAINING.search(sentence)):
            continue
        for amount in money(sentence):
            before = sentence[max(0, amount.start - 80) : amount.start]
            if not (COST.search(before) and ABOVE.search(before)):
                continue
            found.append(
                Fact(
                    COMPUTE_THRESHOLDS,
                    {
                        "threshold_value": amount.value,
                        "threshold_unit": resolve_currency(amount.currency, context),
                        "kind": "training-cost",
                        "comparator": ABOVE.findall(before)[-1].lower(),
                        "defines": defines,
                    },
                    start + amount.start,
                    start + amount.end,
                    sentence[amount.start : amount.end],
                )
            )
    return found


def _capacity(text: str, defines: str | None) -> list[Fact]:
    """Computing capacity per second ("10^20 integer or floating-point operations per
    second"), which the training-compute rule leaves out."""
    found = []
    for start, end in sentences(text):
        sentence = text[start:end]
        if not (FLOP_WORDS.search(sentence) and PER_SECOND.search(sentence)):
            continue
        for power in powers_of_ten(sentence, lost_superscripts=True):
            found.append(
                Fact(
                    COMPUTE_THRESHOLDS,
                    {
                        "threshold_value": power.value,
                        "threshold_unit": "FLOP/s",
                        "kind": "capacity",
                        "comparator": None,
                        "defines": defines,
                    },
                    start + power.start,
                    start + power.end,
                    sentence[power.start : power.end],
                )
            )
    return found
