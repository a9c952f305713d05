"""The summary's coverage sentence gives each concept its own count of states not assessed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from govatlas.reports.white_paper import coverage_sentence


def _column(label: str, covered: int, assessed: int, headline: bool = True) -> dict[str, Any]:
    return {
        "label": label,
        "headline": headline,
        "assessed": assessed,
        "states": {"binding-in-force": covered},
        "intervals": {"binding-in-force": SimpleNamespace(figure=f"{covered} (95% interval)")},
        "cite": f"[{label}]",
        "note": "precision 0.90",
    }


def test_each_concept_carries_its_own_not_assessed_count() -> None:
    section = {
        "name": "FLI risks of AI",
        "places": 193,
        "columns": [_column("Bias", 29, 193), _column("Manipulation", 29, 57)],
    }
    text = coverage_sentence(section)["text"]
    assert text == (
        "FLI risks of AI: binding law in force covers Manipulation in 29 (95% interval) of 57 "
        "Member States assessed (136 not assessed), and Bias in 29 (95% interval) of 193 "
        "(0 not assessed)."
    )


def test_no_measured_concept_says_coverage_is_experimental() -> None:
    section = {"name": "FLI benefits", "places": 193, "columns": [_column("X", 3, 10, False)]}
    assert "no concept is yet labelled" in coverage_sentence(section)["text"]
