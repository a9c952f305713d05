"""On the real catalog: at least 8 convenings with participants and outcomes, each
participant backed by a sourced act; the convenings without a participant list (the
Global Dialogue's) listed apart; the shipped follow-up actions' evidence."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from govatlas.network.convenings import all_convenings, get_convening
from govatlas.network.graph import build_network
from govatlas.network.participation import (
    all_participation,
    participation,
    unrecorded_convenings,
)
from govatlas.store.convenings import outcomes_of
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus


def test_the_convenings_have_participants_and_outcomes(corpus_store: CorpusStore) -> None:
    with Session(corpus_store.engine) as session:
        recorded = all_participation(session)
        assert len(recorded) >= 8
        for found in recorded:
            assert found.participants, found.convening.id
            assert outcomes_of(session, found.convening.id), found.convening.id
            assert all(p.sources for p in found.participants)
        unrecorded = {c.id for c in unrecorded_convenings(session)}
        assert {"global-dialogue-2026", "india-ai-impact-summit-2026"} <= unrecorded
        assert len(all_convenings(session)) == len(recorded) + len(unrecorded)
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


def test_the_shipped_follow_up_actions_read_their_evidence(corpus_store: CorpusStore) -> None:
    """Every shipped action is stored (its convening built), and the evidence read from
    the real catalog gives the statuses its facts imply."""
    from datetime import date

    from govatlas.network.outcome_actions import DONE, DONE_LATE, IN_PART, all_follow_up

    with Session(corpus_store.engine) as session:
        found = {s.action.id: s for s in all_follow_up(session, today=date(2026, 12, 5))}
    assert len(found) >= 10 and len({s.action.convening_id for s in found.values()}) >= 6
    france = found["bletchley-in-person-summit-france"]
    assert (france.status, france.happened_on) == (DONE_LATE, date(2025, 2, 10))
    assert found["bletchley-virtual-summit-korea"].status == DONE  # by the end of May 2024
    assert found["oecd-principles-five-year-report"].happened_on == date(2024, 5, 3)
    frameworks = found["seoul-frontier-safety-frameworks"]
    assert frameworks.status == IN_PART and "of 16 organisations" in str(
        frameworks.found[0].progress
    )
