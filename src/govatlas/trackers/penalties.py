"""Penalties: the maximum fines a provision sets, from ``analytics.parameters``' rules.

Those rules already read the fines a sentence sets (amount, currency, share of
turnover, "per violation", "whichever is higher") for the divergence table; here they
become tracker facts, with a bare "$" read as the jurisdiction's dollar and a share of
turnover as a fraction (7 % -> 0.07). A fine written in the sentence that introduces a
list belongs to the provision that holds that sentence, not to each point, so only a
provision's own words are read.
"""

from __future__ import annotations

from govatlas.analytics.parameters import Penalty, extract_parameters
from govatlas.trackers.currency import resolve_currency
from govatlas.trackers.facts import PENALTIES, Context, Fact


def penalty_facts(text: str, context: Context) -> list[Fact]:
    found = []
    for parameter in extract_parameters(text):
        if not isinstance(parameter, Penalty):
            continue
        if parameter.amount is None and parameter.turnover_percent is None:
            continue  # a multiple of what the violation involved is no maximum to record
        share = parameter.turnover_percent
        found.append(
            Fact(
                PENALTIES,
                {
                    "max_amount": parameter.amount,
                    "currency": resolve_currency(parameter.currency, context),
                    "turnover_share": None if share is None else round(share / 100, 6),
                    "per": parameter.per,
                    "combine": parameter.combine,
                },
                parameter.span.start,
                parameter.span.end,
                parameter.text,
            )
        )
    return found
