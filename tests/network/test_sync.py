"""Loading the convenings: idempotent, a removed one deleted, and one without any outcome
in the catalog left out and named (never shown with 0 participants)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.network.convenings import convening_data, sync_convenings
from govatlas.store.network_models import Convening, ConveningOutcome
from govatlas.store.session import transaction
from tests.network.conftest import CONVENINGS


def test_the_packaged_convenings_are_skipped_without_their_outcomes(built: Engine) -> None:
    with Session(built) as session:  # the fixture catalog has none of their outcomes
        assert session.scalars(select(Convening)).all() == []
    with transaction(built) as session:
        result = sync_convenings(session)
    assert result.convenings == 0 and len(result.skipped) == len(convening_data()) >= 8


def test_a_second_sync_changes_nothing_and_a_removed_convening_goes(convened: Engine) -> None:
    with transaction(convened) as session:
        again = sync_convenings(session, CONVENINGS)
    assert (again.convenings, again.outcomes) == (3, 3)
    with transaction(convened) as session:
        sync_convenings(session, CONVENINGS[:2])
    with Session(convened) as session:
        ids = sorted(session.scalars(select(Convening.id)))
        outcomes = session.scalars(select(ConveningOutcome.convening_id)).all()
    assert ids == ["summit-one", "summit-two"] and "assembly" not in outcomes
