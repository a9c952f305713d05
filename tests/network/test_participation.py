"""Who took part (acts dated within a convening's days), who is missing, and the shares
of each group of Member States present."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.catalog.jurisdictions import un_member_states
from govatlas.network.convenings import get_convening, participants
from govatlas.network.groups import income_groups, regional_groups, regions, vulnerable_groups
from govatlas.network.participation import all_participation, participation
from tests.network.conftest import SUMMIT_1, SUMMIT_2

# measures computed in Python from what any engine returns (the queries behind them run on
# both engines in test_cli_and_web.py and test_people.py)
pytestmark = pytest.mark.engine_neutral


def test_participants_are_acts_dated_within_the_convening(convened: Engine) -> None:
    with Session(convened) as session:
        first = participants(session, get_convening(session, "summit-one"))
        second = participants(session, get_convening(session, "summit-two"))
    assert sorted(p.party for p in first) == sorted(SUMMIT_1)  # JPN endorsed a month later
    assert sorted(p.party for p in second) == sorted(SUMMIT_2)  # BRA recorded to the month
    kenya = next(p for p in first if p.party == "KEN")
    assert kenya.acts == ("endorsed test-declaration",)
    assert kenya.sources == ("https://example.org/test-declaration",)


def test_shares_are_of_each_groups_members_and_incomplete_lists_say_so(convened: Engine) -> None:
    with Session(convened) as session:
        found = participation(session, get_convening(session, "summit-one"))
    assert found.states == ["DEU", "FJI", "FRA", "KEN", "NGA"]
    assert found.others == {"supranational bodies": ["EU"], "company": ["acme-ai"]}
    assert len(found.missing) == 193 - 5 and "JPN" in found.missing
    africa = found.share_of("Africa")
    assert africa is not None and (africa.present, africa.members) == (2, 54)
    sids = found.share_of("small island developing states")
    assert sids is not None and sids.present == 1  # Fiji
    group = found.share_of("African Group")
    assert group is not None and group.present == 2
    # the sources name 7 of the 9 reported: a lower bound, said so
    assert not found.complete and "lower bound" in found.notes[0]
    assert round(found.member_share, 4) == round(5 / 193, 4)
    document = found.as_dict()
    assert document["complete"] is False and document["reported_participants"] == 9
    assert document["by_income"] != "not assessed"


def test_every_member_state_has_a_region_regional_group_and_income_group() -> None:
    members = un_member_states()
    assigned = [s for codes in regions().groups.values() for s in codes]
    assert sorted(assigned) == sorted(members)
    in_groups = [s for codes in regional_groups().groups.values() for s in codes]
    assert set(in_groups) == members  # Turkiye sits in two groups (WEOG and Asia-Pacific)
    assert sorted({s for s in in_groups if in_groups.count(s) > 1}) == ["TUR"]
    income = income_groups()
    assert income is not None and "FY2026" in income.name
    assigned = [s for codes in income.groups.values() for s in codes]
    assert sorted(assigned) == sorted(members)
    assert income.group_of("KEN") == "lower-middle" and income.group_of("VEN") == "unclassified"
    vulnerable = vulnerable_groups()
    assert len(vulnerable["least developed countries"]) == 44  # the UN list in 2025
    assert "BTN" not in vulnerable["least developed countries"]


def test_the_assembly_is_universal_and_the_series_filter_works(convened: Engine) -> None:
    with Session(convened) as session:
        everyone = participation(session, get_convening(session, "assembly"))
        summits = all_participation(session, "test-summits")
    assert everyone.member_share == 1.0 and everyone.missing == [] and everyone.complete
    assert [p.convening.id for p in summits] == ["summit-one", "summit-two"]
