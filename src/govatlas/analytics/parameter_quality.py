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
  the deadline kinds and unquoted definitions;
- round 2 (``eval/gold/parameters/round-2/``; 168 provisions of the New York RAISE
  Act, Texas HB 1709, China's AI Law scholars' draft, the UK AI (Regulation) Bill, the EU
  AI Liability Directive proposal, Virginia HB 2094, the US outbound investment rule and
  Utah HB 452) measured those changes and was then used, with round 1, to read
  thresholds of harm and compute cost, ordinal days and more key terms;
- round 3 (``eval/gold/parameters/round-3/``; 163 provisions of China's trial measures
  for science and technology ethics reviews, Shanghai's AI industry regulations, the DIFC
  Data Protection Regulations, Massachusetts' bill on a dystopian work environment,
  Illinois HB 3506, California's Chapter 25 bill, the US FIGHT China Act and the
  DEEPFAKES Accountability Act) and round 4 (``eval/gold/parameters/round-4/``; 160
  provisions of China's facial recognition measures and deep synthesis provisions,
  Shenzhen's AI industry regulations, the Commission decision establishing the EU AI
  Office, Georgia's and Minnesota's laws, California AB 1831 and the UK's code of
  practice for the cyber security of AI), drawn with the rules unchanged between them,
  are counted together for the figures below (``eval/reports/parameter-gold-held-out.md``).
  Rounds 2 to 4 drew up to 8 provisions per instrument among those with words of
  money, compute or revenue first, so that fines and thresholds are measured. Rounds 1
  and 2 are development data now, and their figures optimistic.

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


HELD_OUT_ROUNDS = (3, 4)
GOLD_PROVISIONS = 323
ALL_PARAMETERS = ReadingQuality(listed=155, reported=129, right=124)
DEADLINES = ReadingQuality(listed=44, reported=39, right=34)
KEY_DEFINITIONS = ReadingQuality(listed=26, reported=18, right=18)
PENALTIES = ReadingQuality(listed=66, reported=61, right=61)
THRESHOLDS = ReadingQuality(listed=19, reported=11, right=11)
# Of the deadlines both the rules and people read, how many the rules gave people's kind
DEADLINE_KINDS_COMPARED = 34
DEADLINE_KINDS_SAME = 28


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
