"""Immutability in the database: triggers refuse to change a version's text or any
provision, whatever code (or SQL console) tries, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from govatlas.store.models import InstrumentVersion, Provision
from govatlas.store.session import transaction


def _ids(engine: Engine) -> tuple[int, int]:
    with transaction(engine) as session:
        version = session.scalars(select(InstrumentVersion.id)).first()
        provision = session.scalars(select(Provision.id)).first()
    assert version is not None and provision is not None
    return version, provision


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE instrument_version SET text = 'forged' WHERE id = :version",
        "UPDATE instrument_version SET content_hash = 'x' WHERE id = :version",
        "UPDATE provision SET text = 'forged' WHERE id = :provision",
        "UPDATE provision SET start_offset = 0, end_offset = 1 WHERE id = :provision",
        "UPDATE provision SET parent_id = NULL WHERE id = :provision",
    ],
)
def test_the_database_refuses_to_change_stored_texts(ingested: Engine, statement: str) -> None:
    version, provision = _ids(ingested)
    with pytest.raises(DBAPIError, match="immutable"), ingested.begin() as conn:
        conn.execute(text(statement), {"version": version, "provision": provision})
    with transaction(ingested) as session:
        assert session.get_one(InstrumentVersion, version).text != "forged"
        assert session.get_one(Provision, provision).text != "forged"


def test_other_version_columns_and_new_rows_stay_writable(ingested: Engine) -> None:
    version, _ = _ids(ingested)
    with ingested.begin() as conn:
        conn.execute(
            text("UPDATE instrument_version SET source_url = 'https://example.org/' WHERE id = :v"),
            {"v": version},
        )


@pytest.mark.pg
def test_the_triggers_exist_on_postgresql(migrated: Engine) -> None:
    if migrated.dialect.name != "postgresql":
        pytest.skip("GOVATLAS_TEST_DB names no PostgreSQL server")
    with migrated.connect() as conn:
        names = set(
            conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
        )
    assert {"instrument_version_immutable", "provision_immutable"} <= names
