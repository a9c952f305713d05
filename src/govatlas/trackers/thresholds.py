"""Thresholds that decide whether a duty applies: training compute, computing capacity,
model size, users, revenue.

Training compute, its cost in money, parameters, users and revenue come from
``analytics.parameters``' rules (which need a comparator beside users and revenue, so
"two users" is not a threshold); computing capacity per second ("10^20 integer or
floating-point operations per second"), which those rules leave out because it is not
training compute, is read here as ``FLOP/s``. A threshold inside a definition names the
term it defines (``defines``): that is the duty it triggers ("frontier model" -> the
frontier developer's duties).
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
from govatlas.analytics.quantities import powers_of_ten
from govatlas.trackers.currency import resolve_currency
from govatlas.trackers.facts import COMPUTE_THRESHOLDS, Context, Fact

THRESHOLD_UNITS = {"FLOP", "parameters", "users", "employees"}
DEFINES = re.compile(r"[\"“‘']([^\"”’']{2,80})[\"”’']\s*(?:,\s*)?(?:means|refers to)", re.I)
COMPUTE_KINDS = ("compute", "parameters", "users", "revenue", "compute-cost")
# the fact's kind where the rules' differs ("compute-cost" was stored as "training-cost")
FACT_KINDS = {"compute-cost": "training-cost"}


def threshold_facts(text: str, context: Context) -> list[Fact]:
    found = []
    defined = DEFINES.search(text)
    defines = defined.group(1) if defined else None
    for parameter in extract_parameters(text):
        if not isinstance(parameter, Threshold) or parameter.kind not in COMPUTE_KINDS:
            continue
        unit = parameter.unit
        if parameter.kind in ("revenue", "compute-cost"):
            unit = resolve_currency(unit, context) or unit
        found.append(
            Fact(
                COMPUTE_THRESHOLDS,
                {
                    "threshold_value": parameter.value,
                    "threshold_unit": unit,
                    "kind": FACT_KINDS.get(parameter.kind, parameter.kind),
                    "comparator": parameter.comparator,
                    "defines": defines,
                },
                parameter.span.start,
                parameter.span.end,
                parameter.text,
            )
        )
    found += _capacity(text, defines)
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
