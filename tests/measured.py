"""Tests that need a concept measured to the precision floor, whatever the shipped
classifiers measure today: their figures are replaced, in every module that reads them,
by figures the test chooses (the others stay as shipped)."""

from __future__ import annotations

import sys
from collections.abc import Mapping

import pytest

from govatlas.classify.measured import shipped as provision_quality
from govatlas.classify.measured.shipped import MeasuredConcept

ORIGINAL = provision_quality.shipped_quality


def at_the_floor(taxonomy: str, concept: str) -> MeasuredConcept:
    """A concept measured at precision 1.00 on 12 test positives (6 of 6 predictions)."""
    return MeasuredConcept(taxonomy, concept, 0.5, 1.0, 0.5, 0.667, 12, test_predicted=6)


def measure(
    monkeypatch: pytest.MonkeyPatch, figures: Mapping[str, Mapping[str, MeasuredConcept]]
) -> None:
    """``figures`` (taxonomy -> concept -> measured) over the shipped figures."""

    def shipped_quality(taxonomy: str) -> dict[str, MeasuredConcept]:
        return {**ORIGINAL(taxonomy), **figures.get(taxonomy, {})}

    for name, module in list(sys.modules.items()):
        if name.startswith("govatlas") and getattr(module, "shipped_quality", None) is ORIGINAL:
            monkeypatch.setattr(module, "shipped_quality", shipped_quality)
