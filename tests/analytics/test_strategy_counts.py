"""A draft strategy is not a national AI strategy: counted apart."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics.places import member_state_knowledge
from govatlas.store.landscape_rows import places_with_ai_strategy
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType, Status
from tests.analytics.test_coverage import _instrument


def test_drafts_are_counted_apart_from_adopted_strategies(built: Engine) -> None:
    strategy, non_binding = InstrumentType.STRATEGY, Binding.NON_BINDING
    with transaction(built) as session:
        before = member_state_knowledge(session)
        had = places_with_ai_strategy(session)
        had_draft = places_with_ai_strategy(session, drafts=True)
        _instrument(session, "fra-plan", "FRA", strategy, non_binding, Status.ADOPTED)
        _instrument(session, "nga-draft", "NGA", strategy, non_binding, Status.PROPOSED)
        _instrument(session, "ken-plan", "KEN", strategy, non_binding, Status.ADOPTED)
        _instrument(session, "ken-draft", "KEN", strategy, non_binding, Status.PROPOSED)
        _instrument(session, "per-old", "PER", strategy, non_binding, Status.REPEALED)
    with Session(built) as session:
        adopted = places_with_ai_strategy(session)
        drafts = places_with_ai_strategy(session, drafts=True)
        after = member_state_knowledge(session)
    assert {"FRA", "KEN"} <= adopted and not {"NGA", "PER"} & adopted
    assert "NGA" in drafts and not {"FRA", "KEN", "PER"} & drafts
    assert after.with_strategy - before.with_strategy == len({"FRA", "KEN"} - had)
    assert after.with_draft_strategy - before.with_draft_strategy == len({"NGA"} - had_draft)
