"""How well the divergence rules read parameters, as measured: the figures reports print.

Measured by ``benchmarks/parameter_gold.py`` on gold that two annotators listed
independently from ``docs/guidelines/parameters.md`` (every deadline, threshold, fine and
key definition of each drawn provision, and each deadline's kind), a third reader
deciding where they differed. The figures are those of the latest rounds, drawn from
instruments the rules were neither written nor tuned on and measured once, after the
rules were frozen:

- round 1 (``eval/gold/parameters/``; 138 provisions of California SB 1047, EO 14110,
  the AI Civil Rights Act of 2024, the Facial Recognition Act, the AI cloud KYC proposed
  rule and the EU GPAI code of practice) was measured first and then used to improve
  the deadline kinds and unquoted definitions;
- round 2 (``eval/gold/parameters/round-2/``; 168 provisions of the New York RAISE
  Act, Texas HB 1709, China's AI Law scholars' draft, the UK AI (Regulation) Bill, the EU
  AI Liability Directive proposal, Virginia HB 2094, the US outbound investment rule and
  Utah HB 452) measured those changes and was then used, with round 1, to read
  thresholds of harm and compute cost, ordinal days and more key terms;
- rounds 3 and 4 (``eval/gold/parameters/round-3/``, ``round-4/``; 323 provisions of 16
  instruments of China, Shanghai, Shenzhen, Dubai's DIFC, the EU, the UK and US states
  and federal bills) measured those changes (124 of 155 parameters found, 124 of 129
  right, deadline kinds 28 of 34) and were then used to improve comparators, validity
  periods, deadline kinds and definitions;
- rounds 5 to 7 (``eval/gold/parameters/round-5/``, ``round-6/``, ``round-7/``; 491
  provisions of 24 more instruments: US laws, bills and a rule; China's AI Safety
  Governance Framework and TC260 documentation; the UK Ministry of Defence's AI policy
  and JSP 936; Singapore's generative AI framework; Japan's AI guidelines for business;
  Ghana's AI strategy; Google DeepMind's Frontier Safety Framework), drawn with the rules
  unchanged between them, are counted together for the figures below
  (``eval/reports/parameter-gold-held-out.md``). The rules as they stood after rounds 1
  and 2 score the same on rounds 5 and 6 (one deadline kind fewer) and, over rounds 3 to
  6 (250 parameters, all unseen by those rules), found 181, 181 of 189 right, kinds 34
  of 57.

Rounds 2 to 7 drew up to 8 provisions per instrument among those with words of money,
compute or revenue first, so that fines and thresholds are measured. Rounds 1 to 4 are
development data now, and their figures optimistic.

A corpus test re-measures them.
"""

from __future__ import annotations

from dataclasses import dataclass

from govatlas.classify.measured.shipped import PRECISION_FLOOR


@dataclass(frozen=True)
class ReadingQuality:
    """People's parameters in the gold (``listed``), the rules' (``reported``), and the
    rules' that people listed too (``right``)."""

    listed: int
    reported: int
    right: int

    @property
    def recall(self) -> float:
        """Not a number when people listed none (nothing to measure)."""
        return self.right / self.listed if self.listed else float("nan")

    @property
    def precision(self) -> float:
        """Not a number when the rules reported none (nothing to measure)."""
        return self.right / self.reported if self.reported else float("nan")


HELD_OUT_ROUNDS = (5, 6, 7)
GOLD_PROVISIONS = 491
ALL_PARAMETERS = ReadingQuality(listed=181, reported=127, right=119)
DEADLINES = ReadingQuality(listed=65, reported=53, right=45)
KEY_DEFINITIONS = ReadingQuality(listed=25, reported=5, right=5)
PENALTIES = ReadingQuality(listed=84, reported=66, right=66)
THRESHOLDS = ReadingQuality(listed=7, reported=3, right=3)
# Of the deadlines both the rules and people read, how many the rules gave people's kind
DEADLINE_KINDS_COMPARED = 45
DEADLINE_KINDS_SAME = 19


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


def deadline_kinds_reliable() -> bool:
    """Whether the rules give people's kind to deadlines often enough (the project's
    precision floor) for a headline to set two deadlines side by side as the same duty."""
    return DEADLINE_KINDS_SAME >= PRECISION_FLOOR * DEADLINE_KINDS_COMPARED
