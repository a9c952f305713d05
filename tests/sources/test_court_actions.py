"""A court order that suspends an enacted law makes it lapsed, not adopted law."""

from __future__ import annotations

from datetime import date

from govatlas.ingest.linking import _status
from govatlas.records import EventDraft, InstrumentDraft
from govatlas.sources.court_actions import court_events, with_court_actions
from govatlas.vocabulary import (
    Binding,
    InstrumentType,
    LegalEffect,
    LifecycleKind,
    Status,
    legal_effect,
)


def test_the_packaged_orders_are_suspensions_with_their_court_and_source() -> None:
    orders = court_events()[("agora", "1549")]  # California AB 2839
    assert [(e.kind, e.date) for e in orders] == [(LifecycleKind.SUSPENDED, date(2024, 10, 2))]
    assert "Kohls v. Bonta" in (orders[0].note or "") and "https://" in (orders[0].note or "")


def test_an_enjoined_law_is_suspended_and_lapsed_until_an_order_lifts_it() -> None:
    enacted = (EventDraft(LifecycleKind.ADOPTED, date(2024, 9, 17)),)
    events = with_court_actions("agora", "1549", enacted)
    draft = InstrumentDraft(
        "agora-1549", "AB 2839", "AB 2839", InstrumentType.LAW, Binding.BINDING, "US-CA",
        events=events,
    )  # fmt: skip
    assert _status(draft) is Status.SUSPENDED
    assert legal_effect(Binding.BINDING, Status.SUSPENDED) is LegalEffect.LAPSED
    lifted = (*events, EventDraft(LifecycleKind.IN_FORCE, date(2025, 1, 1)))
    assert _status(InstrumentDraft(**{**draft.__dict__, "events": lifted})) is Status.IN_FORCE
    assert with_court_actions("agora", "1", enacted) == enacted  # no order, nothing added
