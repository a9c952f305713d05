"""Schema migrations (Alembic) driven from code: upgrade, current, and a guard.

The migration scripts ship inside the package, so ``govatlas db upgrade`` works
from any working directory without an ``alembic.ini``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from govatlas.errors import StoreOutdatedError
from govatlas.store.engine import check_connection, describe

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration scripts shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    check_connection(engine)
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bring the schema to ``revision`` in one transaction; returns the new revision.

    On SQLite a migration that changes a table's constraints rebuilds the table, which
    a foreign key pointing at it would refuse; foreign keys are switched off for the
    migration (before its transaction, the only place SQLite allows it), every key is
    checked before it commits, and they are switched on again."""
    check_connection(engine)
    config = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreOutdatedError(
                            f"the migration left {len(broken)} broken reference(s), "
                            f"first in table {broken[0][0]}; nothing was changed",
                            "report this with `govatlas db current`",
                        )
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return current_revision(engine) or ""


def require_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not at head."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    state = "empty (no schema)" if current is None else f"at revision {current}"
    raise StoreOutdatedError(
        f"the database at {describe(engine)} is {state}; this govatlas needs {head}",
        "run `govatlas db upgrade`",
    )
