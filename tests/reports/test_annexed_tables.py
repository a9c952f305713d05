"""Tables the white paper's body leaves out travel as annexes: the experimental trackers
and the technologies' coverage by Member State."""

from __future__ import annotations

from typing import Any

from govatlas.analytics.coverage_intervals import CountInterval
from govatlas.reports.coverage import coverage_annex
from govatlas.reports.trackers import tracker_annex


def _tracker(name: str, experimental: bool) -> dict[str, Any]:
    return {
        "name": name,
        "title": name.title(),
        "lines": [{"what": "Alpha Act (AA)", "where": "15 days, Art. 9", "cite": "C7"}],
        "quality": "precision 0.50 of 4 read",
        "experimental": experimental,
    }


def test_experimental_trackers_become_one_annex_and_measured_ones_stay_in_the_body() -> None:
    annex = tracker_annex([_tracker("deadlines", True), _tracker("fines", False)], "D")
    assert annex is not None and annex.letter == "D" and annex.slug == "trackers"
    assert list(annex.rows) == [
        ("Deadlines", "Alpha Act (AA)", "15 days, Art. 9", "C7", "precision 0.50 of 4 read")
    ]
    assert tracker_annex([_tracker("fines", False)], "D") is None


def test_a_coverage_annex_keeps_every_count_and_interval() -> None:
    states = {
        "binding-in-force": 3,
        "binding-adopted": 1,
        "binding-proposed": 0,
        "non-binding": 5,
        "absent": 9,
        "not-assessed": 175,
    }
    intervals = {
        state: CountInterval(count, 190, 1, 6)
        if state == "binding-in-force"
        else CountInterval(count, 190)
        for state, count in states.items()
    }
    section = {
        "taxonomy": "technology",
        "name": "AI technologies governed",
        "places": 193,
        "columns": [
            {
                "label": "Generative AI",
                "states": states,
                # as printed: the adopted and proposed counts are 0 of a concept nobody
                # assessed there, so they print as "–" (None), never 0
                "shown": {**states, "binding-proposed": None},
                "not_assessed": 177,
                "intervals": intervals,
                "unread": 2,
                "note": "classifier: precision 0.90",
                "cite": "C12",
            }
        ],
    }
    annex = coverage_annex(section, "C")
    assert annex.slug == "coverage-technology" and annex.letter == "C"
    [row] = annex.rows
    assert row[:3] == ("Generative AI", 3, "1–6")
    assert row[3:9] == (1, None, None, None, 5, None)
    assert row[9:] == (9, 177, 2, "classifier: precision 0.90", "C12")
    assert len(annex.columns) == len(row)
