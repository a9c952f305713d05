"""The catalog entry model: validation, status derivation and adoption year."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from govatlas.catalog.schema import CatalogEntry
from govatlas.vocabulary import Status


def entry(**overrides: Any) -> CatalogEntry:
    data: dict[str, Any] = {
        "id": "sample-act",
        "title": "Sample Act",
        "short_name": "Sample",
        "type": "law",
        "binding": "binding",
        "jurisdiction": "FRA",
        "urls": ["https://example.org/act"],
        "events": [
            {"kind": "proposed", "date": "2022-01-10"},
            {"kind": "adopted", "date": "2023-05-02"},
            {"kind": "in_force", "date": "2024-01-01"},
        ],
    }
    data.update(overrides)
    return CatalogEntry.model_validate(data)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2021, 12, 31), Status.PROPOSED),
        (date(2022, 6, 1), Status.PROPOSED),
        (date(2023, 5, 2), Status.ADOPTED),
        (date(2024, 1, 1), Status.IN_FORCE),
    ],
)
def test_status_follows_the_latest_past_event(on: date, expected: Status) -> None:
    assert entry().status(on) is expected


def test_amendment_keeps_the_standing() -> None:
    amended = entry(
        events=[
            {"kind": "proposed", "date": "2023-01-01"},
            {"kind": "amended", "date": "2023-06-01"},
        ]
    )
    assert amended.status(date(2024, 1, 1)) is Status.PROPOSED


def test_repeal_and_defunct_end_the_life() -> None:
    repealed = entry(
        events=[
            {"kind": "signed", "date": "2023-10-30"},
            {"kind": "repealed", "date": "2025-01-20"},
        ]
    )
    assert repealed.status(date(2025, 1, 19)) is Status.ADOPTED
    assert repealed.status(date(2025, 1, 20)) is Status.REPEALED


def test_year_is_adoption_year_else_first_event() -> None:
    assert entry().year == 2023
    bill = entry(events=[{"kind": "proposed", "date": "2021-03-03"}])
    assert bill.year == 2021


def test_single_external_id_becomes_a_list() -> None:
    assert entry(ids={"celex": "32024R1689"}).ids == {"celex": ("32024R1689",)}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"id": "Not A Slug"}, "id"),
        ({"type": "edict"}, "type"),
        ({"binding": "sort of"}, "binding"),
        ({"urls": ["ftp://example.org/x"]}, "urls.0"),
        ({"urls": []}, "urls"),
        ({"events": []}, "events"),
        ({"languages": ["English"]}, "languages.0"),
        ({"events": [{"kind": "adopted", "date": "2023-02-30"}]}, "events.0.date"),
    ],
)
def test_invalid_fields_are_named(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        entry(**overrides)
    locations = {".".join(map(str, e["loc"])) for e in caught.value.errors()}
    assert field in locations


def test_event_before_proposal_is_refused() -> None:
    with pytest.raises(ValidationError, match="before the instrument was proposed"):
        entry(
            events=[
                {"kind": "proposed", "date": "2023-01-01"},
                {"kind": "adopted", "date": "2022-01-01"},
            ]
        )
