"""Catalog facts behind legal status and identity (docs/legal-status.md): who could adopt an
organisation's instrument, which long-standing laws are in force, and which catalog
instrument a dataset's row describes."""

from __future__ import annotations

import datetime as dt
from functools import cache

from govatlas.catalog import load_catalog
from govatlas.catalog.jurisdictions import un_member_states
from govatlas.catalog.model import Catalog
from govatlas.vocabulary import Status

UNESCO_RECOMMENDATION = "unesco-recommendation-ethics-ai"
# UN Member States that were not UNESCO Member States at its 41st General Conference
# (November 2021): Israel and the United States had left, Liechtenstein never joined.
NOT_IN_UNESCO_2021 = frozenset({"ISR", "LIE", "USA"})


@cache
def _catalog() -> Catalog:
    return load_catalog()


def test_the_unesco_recommendation_is_adopted_by_unesco_members_only() -> None:
    parties = {
        party
        for record in _catalog().adherence
        if record.instrument == UNESCO_RECOMMENDATION
        for party in record.parties
    }
    assert parties == un_member_states() - NOT_IN_UNESCO_2021
    assert len(parties) == 190


def test_long_standing_data_protection_laws_are_in_force() -> None:
    on = dt.date(2026, 3, 8)
    for instrument in (
        "france-loi-informatique-et-libertes-1978",
        "japan-act-protection-personal-information-2003",
    ):
        assert _catalog().get(instrument).status(on) is Status.IN_FORCE


def test_indias_2018_strategy_holds_the_ethics_studys_id_of_the_same_paper() -> None:
    """The study's "Discussion Paper: National Strategy for Artificial Intelligence"
    (NITI Aayog, 2018) is the catalog's strategy, not a second instrument."""
    entry = _catalog().get("india-national-strategy-for-ai-2018")
    assert entry.ids.get("worldwide_ai_ethics") == ("146",)
