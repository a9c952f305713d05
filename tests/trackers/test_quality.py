"""Field-level scoring of the trackers against a gold, as sets per passage."""

from __future__ import annotations

import pytest

from govatlas.trackers.quality import by_id, same_recipient, score


def _by_field(
    predicted: dict[str, dict[str, object]], gold: dict[str, dict[str, object]]
) -> dict[str, tuple[int, int, int]]:
    return {
        f"{s.tracker}:{s.field}": (s.true_positives, s.false_positives, s.false_negatives)
        for s in score(predicted, gold)
    }


def test_every_field_counts_its_sets() -> None:
    gold = {
        "t1": {
            "red_lines": [{"practice": "social-scoring"}],
            "penalties": [{"max_amount": 35000000, "currency": "EUR", "turnover_share": 0.07}],
        },
        "t2": {"incident_reporting": [{"deadline_hours": 360, "recipient": "the Office"}]},
        "t3": {},
    }
    predicted = {
        "t1": {
            "red_lines": [{"practice": "social-scoring"}, {"practice": "manipulation"}],
            "penalties": [{"max_amount": 35e6, "currency": "EUR", "turnover_share": None}],
        },
        "t2": {"incident_reporting": [{"deadline_hours": 360.0, "recipient": "Office"}]},
    }
    found = _by_field(predicted, gold)
    assert found["red-lines:practice"] == (1, 1, 0)
    assert found["penalties:max_amount+currency"] == (1, 0, 0)
    assert found["penalties:turnover_share"] == (0, 0, 1)
    assert found["incident-reporting:deadline_hours"] == (1, 0, 0)
    assert found["incident-reporting:recipient"] == (1, 0, 0)
    assert found["compute-thresholds:threshold_value+unit"] == (0, 0, 0)


def test_nothing_read_is_no_precision_not_zero() -> None:
    (red,) = [
        s
        for s in score({}, {"t1": {"red_lines": [{"practice": "other"}]}})
        if s.tracker == "red-lines"
    ]
    assert red.precision is None and red.recall == 0.0


def test_intervals_bracket_the_figure() -> None:
    gold = {
        f"t{i}": {"thresholds": [{"threshold_value": 1e26, "threshold_unit": "FLOP"}]}
        for i in range(20)
    }
    predicted = {k: v for k, v in list(gold.items())[:15]}
    (found,) = [
        s for s in score(predicted, gold, intervals=True) if s.tracker == "compute-thresholds"
    ]
    assert found.recall == 0.75 and found.recall_interval is not None
    low, high = found.recall_interval
    assert low <= 0.75 <= high and high - low > 0


def test_intervals_on_a_handful_of_facts_do_not_collapse() -> None:
    """0 of 7 and 1 of 1 are not certainties: a bootstrap said [0.00–0.00], [1.00–1.00]."""
    gold: dict[str, dict[str, object]] = {
        f"t{i}": {"red_lines": [{"practice": "social-scoring"}]} for i in range(7)
    }
    gold["u"] = {"thresholds": [{"threshold_value": 1e26, "threshold_unit": "FLOP"}]}
    predicted = {"u": gold["u"]}
    found = {s.tracker: s for s in score(predicted, gold, intervals=True)}
    red, compute = found["red-lines"], found["compute-thresholds"]
    assert red.recall == 0.0 and red.recall_interval is not None
    assert red.recall_interval[0] == 0.0 and 0.2 < red.recall_interval[1] < 0.45
    assert compute.precision == 1.0 and compute.precision_interval is not None
    assert compute.precision_interval[1] == 1.0 and compute.precision_interval[0] < 0.2
    assert red.precision is None and red.precision_interval is None


def test_recipients_match_leniently() -> None:
    assert same_recipient(
        "the market surveillance authorities", "market surveillance authority of X"
    )
    assert not same_recipient("the Attorney General", "the Office of Emergency Services")


def test_a_passage_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="twice"):
        by_id([{"id": "t1"}, {"id": "t1"}])


def test_a_field_right_on_a_few_facts_is_still_experimental(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """5 of 5 read right is a precision of 1.00 whose interval reaches well below the floor."""
    from govatlas.trackers import quality_figures

    figures = {
        "split": "test",
        "passages": 9,
        "trackers": {
            "penalties": {
                "turnover_share": {
                    "tp": 5,
                    "fp": 0,
                    "fn": 0,
                    "precision": 1.0,
                    "recall": 1.0,
                    "precision_interval": [0.6, 1.0],
                    "recall_interval": [0.6, 1.0],
                }
            }
        },
    }
    monkeypatch.setattr(quality_figures, "_figures", lambda: figures)
    sentence, experimental = quality_figures.quality_sentence("penalties")
    assert experimental and "1.00 [0.60–1.00] of 5 read" in sentence
