"""Lifecycle facts recorded for one document become its events, each with its source."""

from __future__ import annotations

from datetime import date

import pytest

from govatlas.errors import GovatlasError
from govatlas.ingest.linking import _status
from govatlas.records import EventDraft, InstrumentDraft
from govatlas.sources.status_facts import read_status_facts, status_events, with_status_facts
from govatlas.vocabulary import Binding, InstrumentType, LifecycleKind, Status


def test_a_bill_replaced_by_an_enacted_successor_is_defunct() -> None:
    """Texas HB 1709 (AGORA 1815) was replaced by HB 149, which was enacted."""
    proposed = (EventDraft(LifecycleKind.PROPOSED, date(2024, 12, 23)),)
    events = with_status_facts("agora", "1815", proposed)
    draft = InstrumentDraft(
        "agora-1815", "HB 1709", "HB 1709", InstrumentType.BILL, Binding.BINDING, "US-TX",
        events=events,
    )  # fmt: skip
    assert _status(draft) is Status.DEFUNCT
    assert "HB 149" in (events[-1].note or "") and "https://" in (events[-1].note or "")
    assert with_status_facts("agora", "1", proposed) == proposed


def test_every_packaged_fact_names_its_source() -> None:
    assert status_events()
    for events in status_events().values():
        assert all("(https://" in (e.note or "") for e in events)


@pytest.mark.parametrize(
    "entry",
    [
        "- {ids: {agora: '1'}, events: [{kind: defunct, date: 2025-01-01, note: x}]}",
        "- {ids: {agora: '1'}, events: [{kind: suspended, date: 2025-01-01, note: x, source: 'https://a.b'}]}",
        "- {ids: {agora: '1'}, events: [{kind: defunct, date: 2025, note: x, source: 'https://a.b'}]}",
    ],
)  # fmt: skip
def test_a_fact_without_a_source_a_date_or_an_allowed_kind_is_refused(entry: str) -> None:
    with pytest.raises(GovatlasError):
        read_status_facts(entry)
