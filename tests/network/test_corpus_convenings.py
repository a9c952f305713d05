"""On the real catalog: at least 8 convenings with participants and outcomes, each
participant backed by a sourced act."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from govatlas.network.convenings import all_convenings, get_convening, outcomes_of
from govatlas.network.graph import build_network
from govatlas.network.participation import participation
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus


def test_the_convenings_have_participants_and_outcomes(corpus_store: CorpusStore) -> None:
    with Session(corpus_store.engine) as session:
        convenings = all_convenings(session)
        assert len(convenings) >= 8
        for convening in convenings:
            found = participation(session, convening)
            assert found.participants, convening.id
            assert outcomes_of(session, convening.id), convening.id
            assert all(p.sources for p in found.participants)
        bletchley = participation(session, get_convening(session, "ai-safety-summit-2023"))
        assert len(bletchley.participants) == 29  # 28 countries and the EU
        seoul = participation(session, get_convening(session, "ai-seoul-summit-2024"))
        assert len(seoul.others["company"]) == 15  # and TII, an institute
        paris = participation(session, get_convening(session, "ai-action-summit-2025"))
        assert not paris.complete  # 47 named of 60 reported
        assembly = participation(session, get_convening(session, "unga-78-resolution-265"))
        assert assembly.member_share == 1.0
        network = build_network(session)
    assert "unga-78-resolution-265" in network.left_out
    assert network.graph.number_of_nodes() > 100
