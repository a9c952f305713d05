"""``govatlas db``: create or upgrade the schema and show its revision."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from govatlas.commands.common import new_console, new_typer, open_engine
from govatlas.store.engine import describe
from govatlas.store.migrate import current_revision, head_revision, upgrade

app = new_typer("Database schema: create or upgrade it, and show its revision.")


@app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Create the schema or bring it to the newest revision (in one transaction).

    Example: [bold]govatlas db upgrade[/] (set GOVATLAS_DB=postgresql://host/db for PostgreSQL)
    """
    engine = open_engine(create=True)
    before = current_revision(engine)
    after = upgrade(engine, revision)
    verb = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    new_console().print(f"{escape(describe(engine))}: {verb} revision {after}")


@app.command("current")
def db_current() -> None:
    """Show the database's schema revision and whether it is the newest.

    Example: [bold]govatlas db current[/]
    """
    engine = open_engine()
    current = current_revision(engine)
    head = head_revision()
    state = (
        "up to date"
        if current == head
        else f"outdated (newest is {head}; run `govatlas db upgrade`)"
    )
    new_console().print(
        f"{escape(describe(engine))}: revision {current or 'none (empty)'}, {state}"
    )
