"""A small, invented set of convenings on the fixture store: who took part is written as
adherence facts on invented outcome instruments, dated in and out of each convening, with
two follow-up actions (one done, one open)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from govatlas.catalog.jurisdictions import un_member_states
from govatlas.network.convenings import sync_convenings
from govatlas.network.outcome_actions import sync_follow_up
from govatlas.store.models import Actor, Adherence, Instrument
from govatlas.store.session import transaction
from govatlas.vocabulary import ActorKind, AdherenceAct, Binding, InstrumentType

SUMMIT_1 = ["KEN", "NGA", "FJI", "FRA", "DEU", "EU", "acme-ai"]
SUMMIT_2 = ["KEN", "FRA", "DEU", "BRA"]
LATE = ["JPN"]  # endorsed the first summit's declaration a month later: not a participant
CONVENINGS = [
    {
        "id": "summit-one",
        "name": "First Test Summit",
        "series": "test-summits",
        "start": date(2024, 3, 1),
        "end": date(2024, 3, 2),
        "place": "Nairobi, Kenya",
        "host": "KEN",
        "organisers": ["Test Government"],
        "format": "summit",
        "outcomes": [{"instrument": "test-declaration", "role": "adopted"}],
        "reported": {"participants": 9, "source": "https://example.org/report"},
        "sources": ["https://example.org/summit-one"],
    },
    {
        "id": "summit-two",
        "name": "Second Test Summit",
        "series": "test-summits",
        "start": date(2024, 9, 10),
        "end": date(2024, 9, 10),
        "place": "Paris, France",
        "host": "FRA",
        "organisers": ["Test Government"],
        "outcomes": [
            {"instrument": "test-statement", "role": "adopted", "within_month": True},
            {"instrument": "not-in-the-catalog", "role": "adopted"},
        ],
        "sources": ["https://example.org/summit-two"],
    },
    {
        "id": "assembly",
        "name": "Test Assembly",
        "series": "test-assembly",
        "start": date(2024, 6, 1),
        "end": date(2024, 6, 1),
        "place": "New York, United States",
        "host": "USA",
        "organisers": ["Test Assembly"],
        "outcomes": [{"instrument": "test-resolution", "role": "adopted"}],
        "sources": ["https://example.org/assembly"],
    },
]


FOLLOW_UP = [
    {
        "id": "meet-again",
        "convening": "summit-one",
        "outcome": "test-declaration",
        "action": "Meet again within six months",
        "owners": ["FRA"],
        "due": date(2024, 9, 1),
        "due_precision": "month",
        "stated_in": "https://example.org/summit-one",
        "evidence": [{"convening": "summit-two"}],
    },
    {
        "id": "ratify-statement",
        "convening": "summit-two",
        "outcome": "test-statement",
        "action": "Ratify the test statement",
        "owners": ["the signatories"],
        "stated_in": "https://example.org/summit-two",
        "evidence": [{"adherence": "test-statement", "act": "ratified", "needed": 3}],
    },
]


def _act(instrument: str, party: str, day: date, precision: str = "day") -> Adherence:
    return Adherence(
        instrument_id=instrument,
        party=party,
        act=AdherenceAct.ENDORSED,
        date=day,
        precision=precision,
        source_url=f"https://example.org/{instrument}",
    )


@pytest.fixture
def convened(built: Engine) -> Engine:
    return add_convenings(built)


def add_convenings(built: Engine) -> Engine:
    """The invented convenings and the acts that make their participants, on a store
    built from the fixture catalog."""
    with transaction(built) as session:
        template = session.get(Instrument, "gamma-guidance")
        assert template is not None
        for instrument in ("test-declaration", "test-statement", "test-resolution"):
            session.add(
                Instrument(
                    id=instrument,
                    title=instrument,
                    short_name=instrument,
                    type=InstrumentType.DECLARATION,
                    binding=Binding.NON_BINDING,
                    status=template.status,
                    jurisdiction_id=template.jurisdiction_id,
                )
            )
        session.add(Actor(id="acme-ai", name="Acme AI", kind=ActorKind.COMPANY))
    with transaction(built) as session:
        for party in SUMMIT_1:
            session.add(_act("test-declaration", party, date(2024, 3, 2)))
        for party in LATE:
            session.add(_act("test-declaration", party, date(2024, 4, 20)))
        for party in SUMMIT_2[:3]:
            session.add(_act("test-statement", party, date(2024, 9, 10)))
        # recorded to the month: counted, because the outcome says within_month
        session.add(_act("test-statement", SUMMIT_2[3], date(2024, 9, 1), "month"))
        for party in sorted(un_member_states()):
            session.add(_act("test-resolution", party, date(2024, 6, 1)))
    with transaction(built) as session:
        synced = sync_convenings(session, CONVENINGS)
        assert synced.skipped == ["summit-two: not-in-the-catalog"]
        assert sync_follow_up(session, FOLLOW_UP).actions == 2
    return built


@pytest.fixture
def signer_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the registry's key is made for a test that writes to the registry."""
    key = tmp_path / "registry.key"
    monkeypatch.setenv("GOVATLAS_REGISTRY_KEY", str(key))
    return key
