"""Syncing jurisdictions and group memberships into the store."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine, func, select

from govatlas.catalog import all_jurisdictions
from govatlas.store.jurisdictions import sync_jurisdictions
from govatlas.store.models import Jurisdiction, JurisdictionMembership
from govatlas.store.session import transaction


def test_sync_is_complete_and_idempotent(migrated: Engine) -> None:
    records = all_jurisdictions()
    with transaction(migrated) as session:
        first = sync_jurisdictions(session, records)
    assert first.created == len(records)
    with transaction(migrated) as session:
        second = sync_jurisdictions(session, records)
        assert (second.created, second.updated, second.memberships_added) == (0, 0, 0)
        eu = session.get_one(Jurisdiction, "EU")
        assert len(eu.members) == 27
        total = session.scalar(select(func.count()).select_from(JurisdictionMembership))
        assert total == sum(len(r.members) for r in records)


def test_sync_updates_and_removes_memberships(migrated: Engine) -> None:
    records = list(all_jurisdictions())
    with transaction(migrated) as session:
        sync_jurisdictions(session, records)
    index = {r.id: i for i, r in enumerate(records)}
    g7 = records[index["G7"]]
    records[index["G7"]] = replace(g7, name="G7 (renamed)", members=g7.members[:-1])
    with transaction(migrated) as session:
        result = sync_jurisdictions(session, records)
    assert (result.updated, result.memberships_removed) == (1, 1)
    with transaction(migrated) as session:
        assert session.get_one(Jurisdiction, "G7").name == "G7 (renamed)"
