# ruff: noqa: E501
"""An enacted law's text is the enacted text, not an earlier stage of its bill."""

from __future__ import annotations

import pytest

from govatlas.sources.bill_stages import bill_stage, draft_of_enacted


@pytest.mark.parametrize(
    ("url", "stage"),
    [
        ("https://www.legis.state.tx.us/tlodocs/89R/billtext/html/HB00149I.htm", "introduced"),
        ("https://capitol.texas.gov/tlodocs/88R/billtext/html/HB02060F.htm", "enrolled"),
        ("https://capitol.texas.gov/tlodocs/89R/billtext/pdf/SB01188E.pdf", "engrossed"),
        ("https://www.congress.gov/bill/119th-congress/house-bill/6356/text/ih?format=txt", "introduced"),
        ("https://www.congress.gov/bill/118th-congress/senate-bill/1/text/enr", "enrolled"),
        ("https://www.congress.gov/bill/118th-congress/house-bill/2/text/pl", "public law"),
        ("https://leginfo.legislature.ca.gov/faces/billTextClient.xhtml?bill_id=202320240AB2839", None),
        (None, None),
    ],
)  # fmt: skip
def test_the_address_says_the_stage(url: str | None, stage: str | None) -> None:
    assert bill_stage(url) == stage


def test_only_an_earlier_stage_of_an_enacted_bill_is_left_out() -> None:
    introduced = "https://www.legis.state.tx.us/tlodocs/89R/billtext/html/HB00149I.htm"
    assert draft_of_enacted(introduced, enacted=True)
    assert not draft_of_enacted(introduced, enacted=False)  # a pending bill's own text
    assert not draft_of_enacted(introduced.replace("I.htm", "F.htm"), enacted=True)
    assert not draft_of_enacted("https://example.org/law.html", enacted=True)  # unknown stage
