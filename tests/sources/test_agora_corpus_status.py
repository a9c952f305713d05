"""The legal-status rules on the real AGORA snapshot (docs/legal-status.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govatlas.ingest.linking import _status
from govatlas.sources.agora import AgoraConnector
from govatlas.vocabulary import InstrumentType, Status

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("2425", Status.DEFUNCT),  # OBBBA Section 43201: the Act was enacted without it
        ("3844", Status.DEFUNCT),  # Utah HB 414 (2020)
        ("376", Status.DEFUNCT),  # Pennsylvania HB 49 (2023-24 session)
        ("1815", Status.DEFUNCT),  # Texas HB 1709, replaced by HB 149
        ("2244", Status.IN_FORCE),  # "These Measures shall come into force on June 1, 2025"
        ("2565", Status.IN_FORCE),  # an enacted OBBBA section stays law
    ],
)
def test_stages(corpus_dir: Path, key: str, status: Status) -> None:
    draft = AgoraConnector().load(corpus_dir, key).instrument
    assert draft is not None and _status(draft) is status


def test_the_scholars_draft_of_a_chinese_ai_law_is_no_bill_of_china(corpus_dir: Path) -> None:
    draft = AgoraConnector().load(corpus_dir, "1377").instrument
    assert draft is not None
    assert draft.type is not InstrumentType.BILL and not draft.public_authority


def test_the_utah_bill_is_not_dated_by_the_curators_look(corpus_dir: Path) -> None:
    draft = AgoraConnector().load(corpus_dir, "3844").instrument
    assert draft is not None
    assert max(e.date for e in draft.events).year == 2022  # by 2022 at the latest, not 2026
