"""How well the divergence rules read parameters, as measured: the figures reports print.

Measured by ``benchmarks/parameter_gold.py`` on ``eval/gold/parameters/``: 138 provisions
of six instruments the rules were never written on (California SB 1047, EO 14110, the AI
Civil Rights Act of 2024, the Facial Recognition Act, the AI cloud KYC proposed rule,
the EU GPAI code of practice), in which two annotators listed every deadline,
threshold, fine and key definition independently from ``docs/guidelines/parameters.md``
(agreement 40 of 42 and 41 parameters) and a third decided the 3 disputed items; both
then gave each listed deadline its kind (agreeing on 30 of 30). A corpus test
re-measures the figures. The sample holds no fine and one threshold: those
are measured with the trackers (``docs/trackers.md``).
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


GOLD_PROVISIONS = 138
ALL_PARAMETERS = ReadingQuality(listed=40, reported=33, right=33)
DEADLINES = ReadingQuality(listed=30, reported=28, right=28)
KEY_DEFINITIONS = ReadingQuality(listed=9, reported=5, right=5)
# Of the deadlines both the rules and people read, how many the rules gave people's kind
DEADLINE_KINDS_COMPARED = 28
DEADLINE_KINDS_SAME = 16
