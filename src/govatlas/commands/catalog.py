"""``govatlas catalog``: list, show and validate the project's instrument catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from govatlas.catalog import CatalogEntry, YearRange, load_catalog, read_catalog
from govatlas.catalog.jurisdictions import all_jurisdictions
from govatlas.commands.common import FormatOption, new_console, new_typer, with_names
from govatlas.errors import ExitCode, InvalidInputError
from govatlas.reports.wording import plural
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import Binding, InstrumentType, Status

app = new_typer("The project's own catalog of AI-governance instruments.")


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


@app.command("list")
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
    rows = with_names([_entry_row(e) for e in entries], {"jurisdiction": _places()}, fmt)
    render_rows(new_console(), rows, fmt, title=plural(len(entries), "instrument"))


def _places() -> dict[str, str]:
    return {j.id: j.name for j in all_jurisdictions()}


@app.command("show")
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
    console = new_console()
    if fmt is not OutputFormat.TABLE:
        render_rows(console, with_names([data], {"jurisdiction": _places()}, fmt), fmt)
        return
    table = Table(title=escape(entry.short_name), show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    data["jurisdiction"] = _places().get(entry.jurisdiction, entry.jurisdiction)
    for key in ("id", "title", "type", "binding", "jurisdiction", "status", "year", "summary"):
        if data.get(key) is not None:
            table.add_row(key, Text(str(data[key])))
    table.add_row("issuers", ", ".join(entry.issuers))
    table.add_row("languages", ", ".join(entry.languages))
    table.add_row("urls", Text("\n".join(entry.urls)))
    table.add_row(
        "events",
        "\n".join(
            f"{e.date.isoformat()} {e.kind.value}" + (f" ({e.note})" if e.note else "")
            for e in entry.events
        ),
    )
    table.add_row("ids", "\n".join(f"{k}: {', '.join(v)}" for k, v in entry.ids.items()))
    console.print(table)


@app.command("validate")
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
    console = new_console()
    if problems:
        for problem in problems:
            console.print(f"[red]✗[/] {escape(str(problem))}", highlight=False)
        console.print(f"[red]{len(problems)} problem(s)[/]")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    console.print(
        f"[green]✓[/] {len(catalog)} instruments and {len(catalog.actors)} actors are valid"
    )
