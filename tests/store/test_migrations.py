"""Alembic migrations: upgrade, revision reporting and the outdated-schema guard."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from govatlas.errors import StoreOutdatedError
from govatlas.store.migrate import current_revision, head_revision, require_current, upgrade
from govatlas.store.models import Base
from govatlas.store.search_schema import include_object

TABLES = {
    "jurisdiction",
    "jurisdiction_membership",
    "actor",
    "instrument",
    "instrument_issuer",
    "lifecycle_event",
    "external_id",
    "instrument_version",
    "provision",
    "taxonomy",
    "concept",
    "label",
    "label_evidence",
    "relationship",
    "dataset_release",
    "source_record",
}


def test_empty_database_is_refused_with_the_fix(engine: Engine) -> None:
    assert current_revision(engine) is None
    with pytest.raises(StoreOutdatedError) as caught:
        require_current(engine)
    assert "empty (no schema)" in caught.value.message
    assert caught.value.hint == "run `govatlas db upgrade`"


def test_upgrade_creates_every_table_and_is_idempotent(engine: Engine) -> None:
    assert upgrade(engine) == head_revision()
    assert upgrade(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    require_current(engine)


def test_older_revision_is_refused(engine: Engine) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    with pytest.raises(StoreOutdatedError, match="at revision 0000"):
        require_current(engine)


def test_models_and_migrations_agree(migrated: Engine) -> None:
    with migrated.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
