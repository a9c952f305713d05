"""Filtering and looking up catalog entries."""

from __future__ import annotations

from datetime import date

import pytest

from govatlas.catalog import Catalog, YearRange, load_catalog
from govatlas.errors import NotFoundError
from govatlas.vocabulary import Binding, InstrumentType, Status
from tests.conftest import FIXTURE_CATALOG


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE_CATALOG)


def ids(entries: list) -> set[str]:  # type: ignore[type-arg]
    return {e.id for e in entries}


def test_jurisdiction_filter_includes_subdivisions(catalog: Catalog) -> None:
    assert ids(catalog.filter(jurisdiction="USA")) == {
        "beta-bill",
        "delta-order",
        "cltc-taxonomy-of-trustworthiness-for-ai",
    }
    assert ids(catalog.filter(jurisdiction="US-CA")) == {"beta-bill"}
    assert ids(catalog.filter(jurisdiction="DEU")) == set()


def test_type_binding_status_year_filters(catalog: Catalog) -> None:
    assert ids(catalog.filter(type=InstrumentType.GUIDANCE)) == {"gamma-guidance"}
    assert ids(catalog.filter(binding=Binding.NON_BINDING)) == {
        "gamma-guidance",
        "iso-iec-42001",
        "cltc-taxonomy-of-trustworthiness-for-ai",
    }
    on = date(2025, 6, 1)
    assert ids(catalog.filter(status=Status.IN_FORCE, on=on)) == {"alpha-act"}
    assert ids(catalog.filter(status=Status.REPEALED, on=on)) == {"delta-order"}
    assert ids(catalog.filter(years=YearRange.parse("2023"))) == {
        "alpha-act",
        "delta-order",
        "iso-iec-42001",
        "cltc-taxonomy-of-trustworthiness-for-ai",
    }
    assert ids(catalog.filter(years=YearRange.parse("2019-2024"))) == {
        "iso-iec-42001",
        "cltc-taxonomy-of-trustworthiness-for-ai",
        "alpha-act",
        "beta-bill",
        "gamma-guidance",
        "delta-order",
    }


def test_filters_combine(catalog: Catalog) -> None:
    assert ids(catalog.filter(jurisdiction="USA", type=InstrumentType.BILL)) == {"beta-bill"}


@pytest.mark.parametrize("text", ["twenty", "2024-2020", "2020-2021-2022", ""])
def test_year_range_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY"):
        YearRange.parse(text)


def test_unknown_id_suggests_close_matches(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError) as caught:
        catalog.get("alpha-ac")
    assert "alpha-act" in (caught.value.hint or "")
