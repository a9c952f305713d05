"""How well the divergence rules read parameters, as measured: the figures reports print.

Measured by ``benchmarks/parameter_gold.py`` on gold that two annotators listed
independently from ``docs/guidelines/parameters.md`` (every deadline, threshold, fine and
key definition of each drawn provision, and each deadline's kind), a third reader
deciding where they differed. The figures are those of the latest round, drawn from
instruments the rules were neither written nor tuned on and measured once, after the
rules were frozen:

- round 1 (``eval/gold/parameters/``; 138 provisions of California SB 1047, EO 14110,
  the AI Civil Rights Act of 2024, the Facial Recognition Act, the AI cloud KYC proposed
  rule and the EU GPAI code of practice) was measured first and then used to improve
  the deadline kinds and unquoted definitions, so its figures are now optimistic;
- round 2 (``eval/gold/parameters/round-2/``; 168 provisions of the New York RAISE
  Act, Texas HB 1709, China's AI Law scholars' draft, the UK AI (Regulation) Bill, the EU
  AI Liability Directive proposal, Virginia HB 2094, the US outbound investment rule and
  Utah HB 452, a third of them drawn for money, compute and revenue words so that
  fines and thresholds are measured) gives the figures below.

A corpus test re-measures them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadingQuality:
    """People's parameters in the gold (``listed``), the rules' (``reported``), and the
    rules' that people listed too (``right``)."""

    listed: int
    reported: int
    right: int

    @property
    def recall(self) -> float:
        return self.right / self.listed

    @property
    def precision(self) -> float:
        return self.right / self.reported


GOLD_ROUND = 2
GOLD_PROVISIONS = 168
ALL_PARAMETERS = ReadingQuality(listed=110, reported=77, right=74)
DEADLINES = ReadingQuality(listed=20, reported=15, right=12)
KEY_DEFINITIONS = ReadingQuality(listed=44, reported=32, right=32)
PENALTIES = ReadingQuality(listed=25, reported=22, right=22)
THRESHOLDS = ReadingQuality(listed=21, reported=8, right=8)
# Of the deadlines both the rules and people read, how many the rules gave people's kind
DEADLINE_KINDS_COMPARED = 12
DEADLINE_KINDS_SAME = 6


def measured_figures() -> dict[str, int]:
    """The measured counts by family, under the names reports' sentences give them."""
    return {
        "provisions": GOLD_PROVISIONS,
        "found": ALL_PARAMETERS.right,
        "listed": ALL_PARAMETERS.listed,
        "right": ALL_PARAMETERS.right,
        "reported": ALL_PARAMETERS.reported,
        "deadlines": DEADLINES.right,
        "deadlines_listed": DEADLINES.listed,
        "definitions": KEY_DEFINITIONS.right,
        "definitions_listed": KEY_DEFINITIONS.listed,
        "penalties": PENALTIES.right,
        "penalties_listed": PENALTIES.listed,
        "thresholds": THRESHOLDS.right,
        "thresholds_listed": THRESHOLDS.listed,
    }
