"""``govatlas commitments``: international commitments shared by two states, and the world's."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from govatlas.analytics.commitments import (
    NO_RECORD_NOTE,
    InstrumentSummary,
    SharedCommitments,
    instrument_summary,
    load_adherence,
    shared_commitments,
    world_matrix,
)
from govatlas.analytics.places import member_state_knowledge
from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.errors import InvalidInputError
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer("International commitments.")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def shared_table(result: SharedCommitments) -> list[dict[str, object]]:
    """The rows of ``SharedCommitments.rows`` with each side's act and date in one column."""
    a, b = result.a.name, result.b.name
    return [
        {
            "instrument": _short(r["instrument"], 30),
            "held by": r["held by"],
            a: f"{r[f'{a} act']} {r[f'{a} date']}".strip(),
            b: f"{r[f'{b} act']} {r[f'{b} date']}".strip(),
        }
        for r in result.rows()
    ]


def summary_rows(found: list[InstrumentSummary], table: bool = False) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for s in found:
        row: dict[str, object] = (
            {"instrument": _short(s.name, 24), "Member States": f"{s.adhering} ({s.share:.0%})"}
            if table
            else {"instrument": s.name, "Member States": s.adhering, "share": f"{s.share:.0%}"}
        )
        for r in s.regions:
            row[r.region] = f"{r.adhering}/{r.members}"
        row["spread"] = f"{s.spread:.0%}"
        if not table:
            row["acts"] = ", ".join(f"{act} {n}" for act, n in s.acts.items())
            row["sources"] = list(s.sources)
        rows.append(row)
    return rows


@app.command("commitments")
def commitments_command(
    places: Annotated[
        list[str] | None,
        typer.Argument(
            help="Two jurisdictions: ISO 3166 alpha-3 codes (FRA), EU, or names (Kenya).",
            show_default=False,
        ),
    ] = None,
    matrix: Annotated[
        bool,
        typer.Option(
            "--matrix", help="Every UN Member State × every international instrument (CSV, JSON)."
        ),
    ] = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Per instrument: Member States on record, by UN M49 continent."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """International commitments: shared by two states, the world matrix, or a summary.

    Two states' shared commitments are the international instruments both have a
    recorded act towards (signed, ratified, adhered, endorsed, adopted, sponsored,
    member), with each side's act and date, and those only one has. The index is
    the Jaccard index: shared / union (1: the same instruments; 0: none shared).
    Tables and CSV give names; JSON gives ids and names. An empty cell or "no
    record" means no act is recorded in the atlas's adherence data: it is not a
    checked absence.

    Example: [bold]govatlas commitments FRA KEN[/]

    Example: [bold]govatlas commitments France Brazil --format json[/]

    Example: [bold]govatlas commitments --summary[/]

    Example: [bold]govatlas commitments --matrix --format csv > matrix.csv[/]
    """
    named = list(places or [])
    chosen = sum([bool(named), matrix, summary])
    if chosen != 1:
        raise InvalidInputError(
            "choose one: two jurisdictions, --matrix or --summary",
            "e.g. `govatlas commitments FRA KEN` or `govatlas commitments --summary`",
        )
    if named and len(named) != 2:
        raise InvalidInputError(
            f"{len(named)} jurisdiction(s) named; shared commitments need exactly two",
            "e.g. `govatlas commitments FRA KEN`",
        )
    if matrix and fmt is OutputFormat.TABLE:
        raise InvalidInputError(
            "the world matrix is too wide for a table",
            "add --format csv (one column per instrument) or --format json",
        )
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        if named:
            result = shared_commitments(session, named[0], named[1])
            if fmt is OutputFormat.JSON:
                console.file.write(
                    json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"
                )
                return
            if fmt is OutputFormat.CSV:
                render_rows(console, result.rows(), fmt)
                return
            render_rows(
                console,
                shared_table(result),
                fmt,
                title=f"Commitments of {result.a.name} and {result.b.name}",
            )
            console.print(escape(result.describe()))
            console.print(f"[dim]{escape(NO_RECORD_NOTE.capitalize())}.[/]")
            return
        facts = load_adherence(session)
        if matrix:
            found = world_matrix(session, facts)
            if fmt is OutputFormat.JSON:
                render_rows(console, found.records(), fmt)
            else:
                render_rows(console, found.table_rows(), fmt)
            return
        knowledge = member_state_knowledge(session)
        rows_found = instrument_summary(session)
    render_rows(
        console,
        [s.as_dict() for s in rows_found]
        if fmt is OutputFormat.JSON
        else summary_rows(rows_found, table=fmt is OutputFormat.TABLE),
        fmt,
        title="International instruments: UN Member States on record, by continent"
        if fmt is OutputFormat.TABLE
        else None,
    )
    if fmt is OutputFormat.TABLE:
        console.print(
            "Spread: the highest minus the lowest continental share (high: the regions split). "
            f"{escape(NO_RECORD_NOTE.capitalize())}. Of the {knowledge.members} Member States, "
            f"{knowledge.with_text} have a stored national text, {knowledge.metadata_only} "
            f"metadata only, and {knowledge.checked_absence + knowledge.not_researched} nothing "
            f"({knowledge.checked_absence} checked, {knowledge.not_researched} not yet "
            "researched): adherence is their baseline."
        )
