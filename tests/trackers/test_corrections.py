"""A reviewer's corrections are checked against the field they change."""

from __future__ import annotations

import pytest

from govatlas.errors import InvalidInputError
from govatlas.trackers.corrections import (
    assignments,
    corrections,
    editable_fields,
    form_value,
    parse_value,
)


def test_numbers_are_numbers_and_nothing_is_none() -> None:
    assert parse_value("deadline_hours", " 72 ") == 72.0
    assert parse_value("max_amount", "35,000,000") == 35_000_000.0
    assert parse_value("threshold_value", "1e26") == 1e26
    assert parse_value("turnover_share", "0.07") == 0.07
    assert parse_value("deadline_hours", "") is None
    assert parse_value("recipient", "null") is None


@pytest.mark.parametrize(
    ("field", "raw", "reason"),
    [
        ("deadline_hours", "nan", "finite"),
        ("deadline_hours", "inf", "finite"),
        ("max_amount", "-5", "at least 0"),
        ("deadline_hours", "two days", "must be a number"),
        ("turnover_share", "7", "fraction"),
        ("practice", "loitering", "no practice"),
        ("practice", "", "needs its practice"),
        ("currency", "euros", "ISO 4217"),
        ("recipient", "x" * 301, "one line"),
        ("recipient", "the\nOffice", "one line"),
    ],
)
def test_a_value_its_field_cannot_hold_is_refused(field: str, raw: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        parse_value(field, raw)


def test_a_correction_carries_what_follows_from_it() -> None:
    fixed = corrections("red-lines", {"practice": "social-scoring"})
    assert fixed == {"practice": "social-scoring", "practice_label": "Social scoring"}
    assert corrections("incident-reporting", {"deadline_hours": "360"})["deadline"] == "15 days"
    assert corrections("incident-reporting", {"deadline_hours": "24"})["deadline"] == "1 day"
    assert corrections("incident-reporting", {"deadline_hours": "36"})["deadline"] == "36 hours"
    assert corrections("incident-reporting", {"deadline_hours": ""})["deadline"] is None
    assert corrections("penalties", {"currency": "eur"}) == {"currency": "EUR"}


def test_values_left_as_they_were_are_no_correction() -> None:
    current = {"deadline_hours": 360.0, "recipient": "the Office"}
    assert corrections("incident-reporting", {"deadline_hours": "360"}, current) == {}
    assert corrections("incident-reporting", {"recipient": "the Agency"}, current) == {
        "recipient": "the Agency"
    }


def test_only_a_trackers_own_fields_can_be_set() -> None:
    assert editable_fields("penalties") == ("max_amount", "currency", "turnover_share", "per")
    with pytest.raises(InvalidInputError, match="no field 'practice'"):
        corrections("penalties", {"practice": "social-scoring"})
    assert assignments(["deadline_hours=72", "recipient=the Office"]) == {
        "deadline_hours": "72",
        "recipient": "the Office",
    }
    with pytest.raises(InvalidInputError, match="FIELD=VALUE"):
        assignments(["deadline_hours"])


def test_a_form_shows_values_as_they_can_be_typed_back() -> None:
    assert form_value(35_000_000.0) == "35000000"
    assert form_value(1e26) == "1e+26"
    assert form_value(0.07) == "0.07"
    assert form_value(None) == ""
    assert parse_value("threshold_value", form_value(1e26)) == 1e26
