"""Cohen's kappa, shared by every twice-annotated gold set."""

from __future__ import annotations

import pytest

from govatlas.agreement import cohen_kappa


def test_kappa_of_labels_and_of_binary_codings() -> None:
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    # observed 0.5, expected 0.5: no better than chance
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    # binary: observed 3/4, expected 0.5 * 0.75 + 0.5 * 0.25 = 0.5
    assert cohen_kappa([True, True, False, False], [True, True, True, False]) == pytest.approx(0.5)


def test_kappa_is_undefined_without_items_or_with_one_label_throughout() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None
