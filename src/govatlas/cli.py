"""The ``govatlas`` command line: a thin Typer shell over the domain packages.

Every command's help says what it does and shows an example. Failures that a
user can fix arrive as ``GovatlasError`` and are printed as one line plus a
hint, with a meaningful exit code (``govatlas.errors.ExitCode``), never as a
traceback. The commands themselves live in ``govatlas.commands``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from govatlas import __version__
from govatlas.commands import (
    alerts,
    atlas,
    batch,
    catalog,
    classify,
    commitments,
    convenings,
    coverage,
    crosswalk,
    db,
    horizon,
    incidents,
    industry,
    ingest,
    interop,
    near_misses,
    provisions,
    registry,
    release,
    report,
    search,
    serve,
    taxonomy,
    tracker,
    translations,
    users,
    watch,
)
from govatlas.commands.common import new_typer
from govatlas.tabular import set_wide
from govatlas.threads import limit_threads

app = new_typer(
    "govatlas: map, compare and track AI-governance instruments worldwide.\n\n"
    "Start with [bold]govatlas build[/] (creates the database, loads the catalog and ingests "
    "the mirrored sources), then [bold]govatlas landscape[/] or [bold]govatlas search[/]. "
    "Configure with GOVATLAS_DB (SQLAlchemy URL) and GOVATLAS_MIRROR (folder with local "
    "copies of public sources)."
)
app.add_typer(db.app, name="db")
app.add_typer(catalog.app, name="catalog")
app.add_typer(release.app, name="release")
app.add_typer(taxonomy.app, name="taxonomy")
app.add_typer(crosswalk.app, name="crosswalk")
app.add_typer(watch.app, name="watch")
app.add_typer(alerts.app, name="alerts")
app.add_typer(report.app, name="report")
app.add_typer(industry.app, name="industry")
app.add_typer(provisions.gold_app, name="gold")
app.add_typer(users.app, name="users")
app.add_typer(translations.app, name="translations")
app.add_typer(registry.app, name="registry")
app.add_typer(convenings.app, name="convenings")
app.add_typer(convenings.network_app, name="network")
app.add_typer(convenings.people_app, name="people")
app.add_typer(batch.app, name="batch")
for module in (
    atlas,
    ingest,
    search,
    classify,
    near_misses,
    provisions,
    interop,
    coverage,
    commitments,
    serve,
    horizon,
    tracker,
    incidents,
):
    app.registered_commands.extend(module.app.registered_commands)
for commands in (watch.scan_app, alerts.reports_app):
    app.registered_commands.extend(commands.registered_commands)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govatlas {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help="Tables print every column at full width, one line per row, however wide "
            "(for a pager: govatlas release list --wide | less -S). Accepted anywhere on "
            "the command line.",
        ),
    ] = False,
) -> None:
    """govatlas: map, compare and track AI-governance instruments worldwide."""
    set_wide(wide)


GLOBAL_FLAGS = ("--wide",)


def global_flags_first(argv: list[str]) -> list[str]:
    """``govatlas release list --wide`` as ``govatlas --wide release list``: global flags
    may come anywhere before a ``--`` that ends the options."""
    end = argv.index("--") if "--" in argv else len(argv)
    flags = [a for a in argv[:end] if a in GLOBAL_FLAGS]
    rest = [a for a in argv[:end] if a not in GLOBAL_FLAGS]
    return flags + rest + argv[end:]


def main() -> None:
    limit_threads()
    app(args=global_flags_first(sys.argv[1:]))


__all__ = ["app", "main"]
