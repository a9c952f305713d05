"""The ``govatlas`` command line: a thin Typer shell over the domain packages.

Every command's help says what it does and shows an example. Failures that a
user can fix arrive as ``GovatlasError`` and are printed as one line plus a
hint, with a meaningful exit code (``govatlas.errors.ExitCode``), never as a
traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from typer.core import TyperGroup

from govatlas import __version__
from govatlas.analytics import Landscape, landscape
from govatlas.build import build_atlas
from govatlas.catalog import CatalogEntry, YearRange, load_catalog, read_catalog
from govatlas.config import load_settings
from govatlas.doctor import Outcome, run_checks
from govatlas.errors import ExitCode, GovatlasError, InvalidInputError
from govatlas.store.engine import describe, make_engine
from govatlas.store.migrate import current_revision, head_revision, require_current, upgrade
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import Binding, InstrumentType, Status


class GovatlasGroup(TyperGroup):
    """Turns ``GovatlasError`` into a message, a hint and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GovatlasError as exc:
            err = Console(stderr=True)
            err.print(f"[bold red]error:[/] {exc.message}", highlight=False)
            if exc.hint:
                err.print(f"[yellow]hint:[/] {exc.hint}", highlight=False)
            raise typer.Exit(int(exc.exit_code)) from None


def _typer(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=GovatlasGroup, help=help_text, no_args_is_help=True, rich_markup_mode="rich"
    )


app = _typer(
    "govatlas: map, compare and track AI-governance instruments worldwide.\n\n"
    "Start with [bold]govatlas build[/] (creates the database and loads the catalog), "
    "then [bold]govatlas landscape[/]. Configure with GOVATLAS_DB (SQLAlchemy URL) and "
    "GOVATLAS_MIRROR (folder with local copies of public sources)."
)
db_app = _typer("Database schema: create or upgrade it, and show its revision.")
catalog_app = _typer("The project's own catalog of AI-governance instruments.")
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")

FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output as a table, JSON or CSV.")
]


def _console() -> Console:
    return Console()


def _engine() -> Engine:
    return make_engine(load_settings().db_url)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govatlas {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """govatlas: map, compare and track AI-governance instruments worldwide."""


# --- build and landscape -------------------------------------------------------


def _print_landscape(console: Console, view: Landscape) -> None:
    totals = Table(title="AI-governance landscape", header_style="bold")
    for column in ("instruments", "jurisdictions", "versions", "provisions", "labels"):
        totals.add_column(column, justify="right")
    totals.add_row(
        *map(
            str,
            (
                view.instruments,
                view.jurisdictions_with_instruments,
                view.versions,
                view.provisions,
                view.labels,
            ),
        )
    )
    console.print(totals)
    breakdowns = Table(header_style="bold", title="Instruments by dimension")
    breakdowns.add_column("dimension")
    breakdowns.add_column("value")
    breakdowns.add_column("instruments", justify="right")
    for dimension, counts in (
        ("type", view.by_type),
        ("binding force", view.by_binding),
        ("status", view.by_status),
        ("jurisdiction kind", view.by_jurisdiction_kind),
    ):
        for index, (value, count) in enumerate(counts.items()):
            breakdowns.add_row(dimension if index == 0 else "", value, str(count))
        breakdowns.add_section()
    console.print(breakdowns)
    top = Table(header_style="bold", title="Jurisdictions with the most instruments")
    top.add_column("id")
    top.add_column("jurisdiction")
    top.add_column("instruments", justify="right")
    for jid, name, count in view.top_jurisdictions:
        top.add_row(jid, name, str(count))
    console.print(top)


@app.command()
def build(
    catalog_dir: Annotated[
        Path | None,
        typer.Option(
            "--catalog", help="Read the catalog from this folder instead of the packaged one."
        ),
    ] = None,
) -> None:
    """Build the atlas: migrate the database, load jurisdictions and catalog, show the landscape.

    Safe to re-run: unchanged inputs change nothing.

    Example: [bold]govatlas build[/]
    """
    console = _console()
    engine = _engine()
    with console.status("Building the atlas") as status:
        result = build_atlas(engine, catalog_dir, progress=status.update)
    console.print(
        f"[green]Built[/] {describe(engine)} at schema {result.revision}: "
        f"jurisdictions +{result.jurisdictions.created} (updated {result.jurisdictions.updated}), "
        f"instruments +{result.catalog.created} (updated {result.catalog.updated}, "
        f"unchanged {result.catalog.unchanged})"
    )
    with transaction(engine) as session:
        _print_landscape(console, landscape(session))


@app.command("landscape")
def landscape_command(
    fmt: FormatOption = OutputFormat.TABLE,
    top: Annotated[int, typer.Option(min=1, max=500, help="How many jurisdictions to list.")] = 15,
) -> None:
    """Summarise the stored landscape: instruments by type, binding force, status and jurisdiction.

    Example: [bold]govatlas landscape --format json[/]
    """
    engine = _engine()
    require_current(engine)
    with transaction(engine) as session:
        view = landscape(session, top=top)
    console = _console()
    if fmt is OutputFormat.TABLE:
        _print_landscape(console, view)
        return
    rows = [
        {"dimension": dimension, "value": value, "instruments": count}
        for dimension, counts in (
            ("total", {"instruments": view.instruments}),
            ("type", view.by_type),
            ("binding", view.by_binding),
            ("status", view.by_status),
            ("jurisdiction_kind", view.by_jurisdiction_kind),
            ("jurisdiction", {jid: n for jid, _, n in view.top_jurisdictions}),
        )
        for value, count in counts.items()
    ]
    render_rows(console, rows, fmt)


# --- db ---------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Create the schema or bring it to the newest revision (in one transaction).

    Example: [bold]govatlas db upgrade[/] (set GOVATLAS_DB=postgresql://host/db for PostgreSQL)
    """
    engine = _engine()
    before = current_revision(engine)
    after = upgrade(engine, revision)
    verb = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    _console().print(f"{describe(engine)}: {verb} revision {after}")


@db_app.command("current")
def db_current() -> None:
    """Show the database's schema revision and whether it is the newest.

    Example: [bold]govatlas db current[/]
    """
    engine = _engine()
    current = current_revision(engine)
    head = head_revision()
    state = (
        "up to date"
        if current == head
        else f"outdated (newest is {head}; run `govatlas db upgrade`)"
    )
    _console().print(f"{describe(engine)}: revision {current or 'none (empty)'}, {state}")


# --- catalog -----------------------------------------------------------------------


def _entry_row(entry: CatalogEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "short_name": entry.short_name,
        "type": entry.type.value,
        "binding": entry.binding.value,
        "jurisdiction": entry.jurisdiction,
        "status": entry.status().value,
        "year": entry.year,
    }


@catalog_app.command("list")
def catalog_list(
    jurisdiction: Annotated[
        str | None,
        typer.Option(
            help="Jurisdiction id (ISO alpha-3, EU, UN, US-CA...); includes its subdivisions."
        ),
    ] = None,
    type: Annotated[InstrumentType | None, typer.Option(help="Instrument type.")] = None,
    binding: Annotated[Binding | None, typer.Option(help="Binding force.")] = None,
    status: Annotated[Status | None, typer.Option(help="Status today.")] = None,
    year: Annotated[
        str | None, typer.Option(help="Year adopted, YYYY or a range YYYY-YYYY.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List catalog instruments, filtered by jurisdiction, type, binding force, status or year.

    Example: [bold]govatlas catalog list --jurisdiction USA --binding binding --year 2023-2025[/]
    """
    try:
        years = YearRange.parse(year) if year else None
    except ValueError as exc:
        raise InvalidInputError(str(exc), "for example --year 2024 or --year 2019-2024") from exc
    entries = load_catalog().filter(
        jurisdiction=jurisdiction, type=type, binding=binding, status=status, years=years
    )
    render_rows(
        _console(), [_entry_row(e) for e in entries], fmt, title=f"{len(entries)} instruments"
    )


@catalog_app.command("show")
def catalog_show(
    instrument_id: Annotated[str, typer.Argument(help="Catalog id, e.g. eu-ai-act.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show everything the catalog knows about one instrument.

    Example: [bold]govatlas catalog show eu-ai-act[/]
    """
    entry = load_catalog().get(instrument_id)
    data = entry.model_dump(mode="json")
    data["status"] = entry.status().value
    data["year"] = entry.year
    console = _console()
    if fmt is not OutputFormat.TABLE:
        render_rows(console, [data], fmt)
        return
    table = Table(title=entry.short_name, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key in ("id", "title", "type", "binding", "jurisdiction", "status", "year", "summary"):
        if data.get(key) is not None:
            table.add_row(key, str(data[key]))
    table.add_row("issuers", ", ".join(entry.issuers))
    table.add_row("languages", ", ".join(entry.languages))
    table.add_row("urls", "\n".join(entry.urls))
    table.add_row(
        "events",
        "\n".join(
            f"{e.date.isoformat()} {e.kind.value}" + (f" ({e.note})" if e.note else "")
            for e in entry.events
        ),
    )
    table.add_row("ids", "\n".join(f"{k}: {', '.join(v)}" for k, v in entry.ids.items()))
    console.print(table)


@catalog_app.command("validate")
def catalog_validate(
    directory: Annotated[
        Path | None, typer.Argument(help="Catalog folder (default: the packaged catalog).")
    ] = None,
) -> None:
    """Check the catalog files: schema, dates, jurisdictions, issuers and duplicate ids.

    Lists every problem with its file, entry and field; exits with code 3 if any.

    Example: [bold]govatlas catalog validate[/]
    """
    catalog, problems = read_catalog(directory)
    console = _console()
    if problems:
        for problem in problems:
            console.print(f"[red]✗[/] {problem}", highlight=False)
        console.print(f"[red]{len(problems)} problem(s)[/]")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    console.print(
        f"[green]✓[/] {len(catalog)} instruments and {len(catalog.actors)} actors are valid"
    )


# --- doctor ------------------------------------------------------------------------


@app.command()
def doctor() -> None:
    """Check the environment: Python, database, schema, mirror, catalog and embedding model.

    Each failed check says how to fix it; exits with code 1 if any check failed.

    Example: [bold]govatlas doctor[/]
    """
    results = run_checks(load_settings())
    table = Table(title="govatlas doctor", header_style="bold")
    for column in ("check", "result", "detail", "how to fix"):
        table.add_column(column, overflow="fold")
    marks = {
        Outcome.OK: "[green]ok[/]",
        Outcome.WARN: "[yellow]warn[/]",
        Outcome.FAIL: "[red]FAIL[/]",
    }
    for result in results:
        table.add_row(result.name, marks[result.outcome], result.detail, result.fix)
    _console().print(table)
    if any(r.outcome is Outcome.FAIL for r in results):
        raise typer.Exit(int(ExitCode.FAILURE))


def main() -> None:
    app()


__all__ = ["app", "main"]
