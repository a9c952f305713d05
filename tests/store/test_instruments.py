"""Instruments in the store: catalog sync, content-hashed immutable versions, transactions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from govatlas.catalog import load_catalog
from govatlas.errors import NotFoundError
from govatlas.store.instruments import add_version, sync_actors, sync_catalog
from govatlas.store.models import (
    ExternalId,
    ImmutableVersionError,
    Instrument,
    InstrumentVersion,
    content_hash,
)
from govatlas.store.session import transaction
from govatlas.vocabulary import Status
from tests.conftest import FIXTURE_CATALOG


def count(engine: Engine, model: type) -> int:  # type: ignore[type-arg]
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_build_stores_the_catalog_with_events_ids_and_issuers(built: Engine) -> None:
    with transaction(built) as session:
        alpha = session.get_one(Instrument, "alpha-act")
        assert alpha.jurisdiction.name == "France"
        assert [a.id for a in alpha.issuers] == ["test-parliament"]
        assert [e.kind.value for e in alpha.events] == ["proposed", "adopted", "in_force"]
        assert sorted((x.scheme, x.value) for x in alpha.external_ids) == [
            ("agora", "9001"),
            ("celex", "TEST-0001"),
        ]
        assert alpha.status is Status.IN_FORCE
        assert session.get_one(ExternalId, ("agora", "9003")).instrument_id == "gamma-guidance"


def test_catalog_sync_is_idempotent_and_detects_changes(built: Engine) -> None:
    catalog = load_catalog(FIXTURE_CATALOG)
    with transaction(built) as session:
        again = sync_catalog(session, catalog.entries)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)

    alpha = next(e for e in catalog.entries if e.id == "alpha-act")
    changed = alpha.model_copy(update={"short_name": "Alpha (renamed)"})
    with transaction(built) as session:
        result = sync_catalog(session, [changed])
    assert result.updated == 1
    with transaction(built) as session:
        assert session.get_one(Instrument, "alpha-act").short_name == "Alpha (renamed)"


def test_status_is_computed_for_the_given_day(migrated: Engine) -> None:
    catalog = load_catalog(FIXTURE_CATALOG)
    with transaction(migrated) as session:
        from govatlas.catalog import all_jurisdictions
        from govatlas.store.jurisdictions import sync_jurisdictions

        sync_jurisdictions(session, all_jurisdictions())
        sync_actors(session, catalog.actors.values())
        sync_catalog(session, catalog.entries, today=date(2023, 12, 1))
    with transaction(migrated) as session:
        assert session.get_one(Instrument, "alpha-act").status is Status.ADOPTED
        assert session.get_one(Instrument, "beta-bill").status is Status.PROPOSED
        assert session.get_one(Instrument, "delta-order").status is Status.ADOPTED


def test_versions_are_keyed_by_content_hash(built: Engine) -> None:
    with transaction(built) as session:
        first, created = add_version(session, "alpha-act", "Article 1. Scope.", format="txt")
        assert created and first.content_hash == content_hash("Article 1. Scope.")
        same, created_again = add_version(session, "alpha-act", "Article 1. Scope.", format="txt")
        assert not created_again and same.id == first.id
        second, created_new = add_version(
            session, "alpha-act", "Article 1. Scope, amended.", format="txt"
        )
        assert created_new and second.id != first.id
    assert count(built, InstrumentVersion) == 2


def test_stored_versions_cannot_change(built: Engine) -> None:
    with transaction(built) as session:
        version, _ = add_version(session, "alpha-act", "Original text.", format="txt")
    with pytest.raises(ImmutableVersionError), transaction(built) as session:
        stored = session.get_one(InstrumentVersion, version.id)
        stored.text = "Tampered text."
    with transaction(built) as session:
        assert session.get_one(InstrumentVersion, version.id).text == "Original text."


def test_version_of_unknown_instrument_is_refused(built: Engine) -> None:
    with (
        pytest.raises(NotFoundError, match="no instrument with id 'nope'"),
        transaction(built) as session,
    ):
        add_version(session, "nope", "text", format="txt")


def test_failed_transaction_leaves_the_store_as_it_was(built: Engine) -> None:
    before = count(built, InstrumentVersion)
    with pytest.raises(RuntimeError, match="boom"), transaction(built) as session:
        add_version(session, "alpha-act", "A new text that must not survive.", format="txt")
        session.get_one(Instrument, "beta-bill").short_name = "half-written"
        raise RuntimeError("boom")
    assert count(built, InstrumentVersion) == before
    with transaction(built) as session:
        assert session.get_one(Instrument, "beta-bill").short_name == "Beta Bill"


def test_an_id_a_source_gave_another_instrument_is_reported_not_moved(built: Engine) -> None:
    """The catalog comes to name an id a source's document already brought to another
    instrument (an existing store, a catalog entry added since): the build goes on,
    nothing moves, and the clash is reported (audit of 2026-12-06)."""
    catalog = load_catalog(FIXTURE_CATALOG)
    with transaction(built) as session:
        held = session.get_one(ExternalId, ("agora", "9003"))
        held.instrument_id, held.origin = "delta-order", "agora"  # as a source stores it
    with transaction(built) as session:
        result = sync_catalog(session, catalog.entries)
    assert result.held_elsewhere == [("gamma-guidance", "agora", "9003", "delta-order")]
    with transaction(built) as session:
        assert session.get_one(ExternalId, ("agora", "9003")).instrument_id == "delta-order"
