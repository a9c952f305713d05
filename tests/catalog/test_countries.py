"""Countries named in free text."""

from __future__ import annotations

from govatlas.catalog.countries import country_code, country_in_text


def test_names_and_aliases() -> None:
    assert country_code("Government of Turkey") == "TUR"
    assert country_code("the Russian Federation") == "RUS"
    assert country_code("South Korea") == "KOR"
    assert country_code("Atlantis") is None


def test_one_country_or_none() -> None:
    assert country_in_text("National AI Strategy (Ghana)") == "GHA"
    assert country_in_text("Law of the People's Republic of China") == "CHN"
    assert country_in_text("An accord between Japan and Canada") is None
    assert country_in_text("Generic AI principles") is None
    # a name inside a longer word is not a mention
    assert country_in_text("Omani-style chairs") is None
