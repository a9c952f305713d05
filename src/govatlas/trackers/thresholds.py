"""Thresholds that decide whether a duty applies: training compute, computing capacity,
model size, users, revenue.

Training compute, its cost in money, computing capacity per second ("10^20 integer or
floating-point operations per second", in ``FLOP/s``), parameters, users and revenue
come from ``analytics.parameters``' rules (which need a comparator beside users and
revenue, so "two users" is not a threshold). A threshold inside a definition names the
term it defines (``defines``): that is the duty it triggers ("frontier model" -> the
frontier developer's duties).
"""

from __future__ import annotations

import re

from govatlas.analytics.parameters import Threshold, extract_parameters
from govatlas.trackers.currency import resolve_currency
from govatlas.trackers.facts import COMPUTE_THRESHOLDS, Context, Fact

THRESHOLD_UNITS = {"FLOP", "parameters", "users", "employees"}
DEFINES = re.compile(r"[\"“‘']([^\"”’']{2,80})[\"”’']\s*(?:,\s*)?(?:means|refers to)", re.I)
COMPUTE_KINDS = ("compute", "parameters", "users", "revenue", "compute-cost", "compute-capacity")
# the fact's kind where the rules' differs ("compute-cost" was stored as "training-cost")
FACT_KINDS = {"compute-cost": "training-cost", "compute-capacity": "capacity"}


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
    return found
