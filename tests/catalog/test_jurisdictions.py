"""The world's jurisdictions: countries, subdivisions, regions and bodies."""

from __future__ import annotations

from govatlas.catalog import all_jurisdictions
from govatlas.vocabulary import JurisdictionKind


def by_id() -> dict:  # type: ignore[type-arg]
    return {j.id: j for j in all_jurisdictions()}


def test_every_iso_country_is_present() -> None:
    countries = [j for j in all_jurisdictions() if j.kind is JurisdictionKind.COUNTRY]
    assert len(countries) == 249
    assert by_id()["FRA"].iso_alpha2 == "FR"


def test_bodies_and_their_members() -> None:
    index = by_id()
    assert len(index["EU"].members) == 27
    assert len(index["UN"].members) == 193
    assert len(index["COE"].members) == 46
    assert {"EU", "AU", "USA", "CHN"} <= set(index["G20"].members)
    assert "EU" in index["G7"].members
    assert "ESH" in index["AU"].members
    assert len(index["ASEAN"].members) == 11
    for body in ("EU", "COE", "OECD", "UN", "G7", "G20", "AU", "ASEAN"):
        assert index[body].kind is not JurisdictionKind.COUNTRY


def test_m49_regions_nest_and_hold_countries() -> None:
    index = by_id()
    europe, western = index["M49-150"], index["M49-155"]
    assert western.parent_id == "M49-150"
    assert "FRA" in europe.members and "FRA" in western.members
    assert "JEY" in europe.members  # nested Channel Islands are included


def test_references_resolve_and_parents_come_first() -> None:
    seen: set[str] = set()
    records = all_jurisdictions()
    known = {j.id for j in records}
    for record in records:
        if record.parent_id:
            assert record.parent_id in seen, record
        assert set(record.members) <= known, record.id
        seen.add(record.id)
    assert by_id()["US-NY-NYC"].parent_id == "US-NY"
