"""Landscape counts over the fixture catalog."""

from __future__ import annotations

from sqlalchemy import Engine

from govatlas.analytics import landscape
from govatlas.store.session import transaction


def test_counts_by_dimension(built: Engine) -> None:
    with transaction(built) as session:
        view = landscape(session)
    assert view.instruments == 6
    assert view.jurisdictions_with_instruments == 5
    assert view.by_type == {
        "bill": 1,
        "executive_order": 1,
        "framework": 1,
        "guidance": 1,
        "law": 1,
        "standard": 1,
    }
    assert view.by_binding == {"binding": 3, "non_binding": 3}
    assert view.by_status["defunct"] == 1
    assert view.by_jurisdiction_kind == {
        "country": 3,
        "global": 1,
        "intergovernmental": 1,
        "subdivision": 1,
    }
    assert {jid for jid, _, _ in view.top_jurisdictions} == {"FRA", "US-CA", "OECD", "USA", "INTL"}
    assert view.versions == view.provisions == view.labels == 0
