"""Database URLs, connections and their errors."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from govatlas.errors import StoreUnavailableError
from govatlas.store.engine import check_connection, make_engine, parse_db_url


@pytest.mark.parametrize("raw", ["not a url", "bogus::/", "://"])
def test_malformed_url_is_explained(raw: str) -> None:
    with pytest.raises(StoreUnavailableError, match="invalid database URL") as caught:
        parse_db_url(raw)
    assert "GOVATLAS_DB" in (caught.value.hint or "")


def test_unsupported_backend_is_refused() -> None:
    with pytest.raises(StoreUnavailableError, match="unsupported database 'mysql'"):
        parse_db_url("mysql://user:secret@host/db")


def test_plain_postgresql_url_uses_psycopg3() -> None:
    assert parse_db_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_db_url("postgresql+psycopg2://u@h/db").drivername == "postgresql+psycopg"


def test_unreachable_server_gives_one_line_without_password() -> None:
    engine = make_engine("postgresql://user:hunter2@127.0.0.1:1/nowhere")
    with pytest.raises(StoreUnavailableError) as caught:
        check_connection(engine)
    message = caught.value.message
    assert (
        "cannot reach the database at postgresql+psycopg://user:***@127.0.0.1:1/nowhere" in message
    )
    assert "hunter2" not in message
    assert "\n" not in message


def test_sqlite_folder_is_created_and_wal_enabled(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'deep' / 'er' / 'atlas.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "deep" / "er").is_dir()


def test_test_database_is_reachable(engine: Engine) -> None:
    check_connection(engine)


def test_postgresql_statements_are_planned_for_their_own_values(engine: Engine) -> None:
    """psycopg would prepare a statement after its fifth run, and PostgreSQL would then
    plan it once for every value (full-text searches 20-40x slower)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (GOVATLAS_TEST_DB)")
    with engine.connect() as connection:
        for value in range(8):
            connection.execute(text("SELECT :value + 1"), {"value": value})
        prepared = connection.execute(text("SELECT count(*) FROM pg_prepared_statements"))
        assert prepared.scalar() == 0


def test_a_server_engine_pools_as_configured(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    assert make_engine(url, server=True).pool.size() == 10  # SERVER_POOL
    sized = make_engine(url, server=True, pool={"pool_size": 3, "max_overflow": 1})
    assert (sized.pool.size(), sized.pool._max_overflow) == (3, 1)  # type: ignore[attr-defined]
    assert make_engine(url).pool.size() == 5  # command-line engines: SQLAlchemy's default
