"""``govatlas coverage`` and ``govatlas jurisdictions``: the landscape by place, honestly.

Coverage gives every UN Member State (then every other place with instruments)
one state per concept: binding law in force, adopted, proposed, non-binding
only, assessed and absent, or not assessed. ``jurisdictions`` lists every place
with its kind, whether it is a UN Member State, how many instruments apply and
how many have text, and the international instruments it adheres to.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from govatlas.analytics.coverage import NOT_ASSESSED, STATE_LABELS, coverage
from govatlas.analytics.coverage_intervals import COVERED, CoverageIntervals, counted_rows
from govatlas.analytics.data_quality import data_quality
from govatlas.analytics.places import jurisdiction_rows
from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.errors import InvalidInputError
from govatlas.store.instruments import instrument_names
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer("Coverage and jurisdictions.")

SHORT = {
    "binding-in-force": "BIF",
    "binding-adopted": "BAD",
    "binding-proposed": "BPR",
    "non-binding": "NB",
    "absent": "—",
    NOT_ASSESSED: "?",
}


@app.command("coverage")
def coverage_command(
    taxonomy: Annotated[
        str,
        typer.Option(
            "--taxonomy", help="fli-blocks, fli-risks, fli-benefits, oecd, un or technology."
        ),
    ] = "fli-blocks",
    by: Annotated[str, typer.Option("--by", help="jurisdiction or instrument.")] = "jurisdiction",
    jurisdiction: Annotated[
        list[str] | None,
        typer.Option("--jurisdiction", "-j", help="Only these rows (repeatable), e.g. DEU."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Rows in the table (JSON and CSV give all).")
    ] = 40,
    counts: Annotated[
        bool,
        typer.Option(
            "--counts",
            help="Per concept and state, the count over the rows assessed with its 95% "
            "interval, instead of the cells.",
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Every UN Member State × every concept of a taxonomy, with one state per cell.

    States, strongest first: binding-in-force, binding-adopted (in force not recorded),
    binding-proposed (bills and drafts, never counted as law), non-binding, then
    absent (assessed: the texts that apply were read by a measured method and do
    not cover it) or not-assessed (no text, or no method measured to the
    precision floor). EU law counts in every member state and a treaty for its
    parties: those instruments are listed under "via". JSON gives one object per
    cell: {"jurisdiction", "concept", "state", "instruments", "via",
    "unread_binding_law"} (binding law in force there that nobody has read for the concept,
    when the state is weaker: the state is then a lower bound).

    Counts are over the UN Member States assessed (every instrument assessed with
    --by instrument), each with a 95% interval simulated from the classifier's
    measured precision and recall (docs/coverage-intervals.md): count_low and
    count_high, empty for experimental concepts (classifier below the precision
    floor). The table ends with them; --counts lists every state's.

    Example: [bold]govatlas coverage --taxonomy fli-blocks --format json[/]
    """
    if by not in ("jurisdiction", "instrument"):
        raise InvalidInputError(f"--by {by!r} is not a row kind", "use jurisdiction or instrument")
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        result = coverage(session, taxonomy, by, rows=jurisdiction or None)
    console = new_console()
    key = "jurisdiction" if by == "jurisdiction" else "instrument"
    counted = counted_rows(result, by)
    intervals = CoverageIntervals(result, counted)
    if counts:
        render_rows(console, intervals.records(), fmt, title=f"Coverage counts of {taxonomy}")
        return
    cells = [result.cell(row, concept) for row in result.rows for concept, _ in result.concepts]
    if fmt is OutputFormat.JSON:
        render_rows(console, [c.as_json(key) for c in cells], fmt)
        return
    if fmt is OutputFormat.CSV:
        names = {i: f.name for i, f in result.instruments.items()}
        long_rows = [
            {
                key: c.row,
                "name": result.row_names.get(c.row, c.row),
                "concept": c.concept,
                "state": c.state,
                "instruments": " ".join(c.instruments),
                "instrument_names": "; ".join(names.get(i, i) for i in c.instruments),
                "via": " ".join(c.via),
                "via_names": "; ".join(names.get(i, i) for i in c.via),
            }
            for c in cells
        ]
        render_rows(console, long_rows, fmt)
        return
    rows = []
    for row in result.rows[:limit]:
        line: dict[str, object] = {key: row, "name": result.row_names.get(row, row)[:28]}
        for concept, label in result.concepts:
            line[label] = SHORT[result.cell(row, concept).state]
        rows.append(line)
    render_rows(console, rows, fmt, title=f"Coverage of {taxonomy}")
    console.print(
        "Legend: "
        + ", ".join(f"{short} {STATE_LABELS[state]}" for state, short in SHORT.items())
        + f". {len(result.rows)} rows; JSON and CSV list every cell with its instruments."
    )
    population = "instruments" if by == "instrument" else "UN Member States"
    summary = []
    for concept, label in result.concepts:
        in_force = intervals.interval(concept, "binding-in-force")
        covered = intervals.interval(concept, COVERED)
        summary.append(
            {
                "concept": label[:40],
                "binding law in force": in_force.figure,
                "covered (any effect)": covered.figure,
                "assessed": covered.assessed,
                "labels measured": result.method_notes.get(concept, "")
                if intervals.measured(concept)
                else result.method_notes.get(concept, "experimental: no measured classifier")
                + " (no interval)",
            }
        )
    render_rows(
        console,
        summary,
        fmt,
        title=f"Counts over the {len(counted)} {population}, of those assessed (95% intervals)",
    )
    unmeasured = [c for c, _ in result.concepts if c not in result.method_notes]
    if unmeasured:
        console.print(
            f"[yellow]{len(unmeasured)} concept(s) have no measured classifier[/]: their cells "
            "rest on people's labels only and are 'not assessed' elsewhere."
        )


@app.command("jurisdictions")
def jurisdictions_command(
    all_places: Annotated[
        bool,
        typer.Option(
            "--all", help="Every place, subdivisions included (default: states and bodies)."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Jurisdictions with their kind, UN membership, instruments, texts and adherence.

    The 193 UN Member States come first, then other states and territories with
    instruments, supranational and intergovernmental bodies, and subnational places
    with instruments (all of them with --all). "instruments" counts the instruments
    issued there by public authorities; "with_text" those with a stored text;
    "adheres_to" the international instruments the place signed, ratified, adhered
    to or endorsed.

    Example: [bold]govatlas jurisdictions --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = jurisdiction_rows(session, everything=all_places)
        adhered = [i for r in rows for i in r["adheres_to"]]  # type: ignore[attr-defined]
        names = instrument_names(session, adhered)
    console = new_console()
    if fmt is OutputFormat.TABLE:
        table = [
            {
                "id": r["id"],
                "name": str(r["name"])[:32],
                "kind": r["kind"],
                "UN": "yes" if r["un_member"] else "",
                "instruments": r["instruments"],
                "with text": r["with_text"],
                "adheres to": len(r["adheres_to"]),  # type: ignore[arg-type]
            }
            for r in rows
        ]
        render_rows(console, table, fmt, title="Jurisdictions")
        return
    if fmt is OutputFormat.CSV:  # names beside the ids, for a spreadsheet's reader
        rows = [r | {"adheres_to_names": [names.get(i, i) for i in r["adheres_to"]]} for r in rows]  # type: ignore[attr-defined]
    render_rows(console, rows, fmt)


@app.command("quality")
def quality_command(
    limit: Annotated[int, typer.Option("--limit", min=1, help="Items listed per problem.")] = 10,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """What the store does not know well yet, with counts: instruments with no resolved
    jurisdiction, with no dated lifecycle event, whose text the classifiers read less than
    95% of, and probable duplicates (same place, titles sharing most words; or a
    catalogued instrument without text whose official address is where another
    instrument's text was read).

    Example: [bold]govatlas quality[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = data_quality(session)
        listed = [i for items in (found.unresolved, found.unknown_stage) for i, _ in items]
        listed += [i for i, _ in found.low_coverage] + [i for p in found.duplicates for i in p]
        names = instrument_names(session, listed)
    console = new_console()
    if fmt is not OutputFormat.TABLE:
        rows: list[dict[str, object]] = []
        for ident, title in found.unresolved:
            rows.append(
                {"problem": "unresolved jurisdiction", "instrument": ident, "detail": title}
            )
        for ident, title in found.unknown_stage:
            rows.append({"problem": "unknown stage", "instrument": ident, "detail": title})
        for ident, share in found.low_coverage:
            rows.append(
                {"problem": "low text coverage", "instrument": ident, "detail": f"{share:.0%}"}
            )
        for first, second in found.duplicates:
            rows.append({"problem": "probable duplicate", "instrument": first, "detail": second})
        if fmt is OutputFormat.CSV:  # names beside the ids; a duplicate's detail is an id too
            rows = [
                {
                    "problem": r["problem"],
                    "instrument": r["instrument"],
                    "instrument_name": names.get(str(r["instrument"]), r["instrument"]),
                    "detail": r["detail"],
                    "detail_name": names.get(str(r["detail"]), r["detail"])
                    if r["problem"] == "probable duplicate"
                    else "",
                }
                for r in rows
            ]
        render_rows(console, rows, fmt)
        return
    render_rows(
        console,
        [{"problem": k, "count": v} for k, v in found.counts().items()],
        fmt,
        title="Data quality",
    )

    def named(ident: str) -> str:  # a worklist: the name to read, the id to act on
        return f"{names.get(ident, ident)[:80]} ({ident})"

    for title, items in (
        ("Unresolved jurisdiction", [named(i) for i, _ in found.unresolved]),
        ("Unknown stage", [named(i) for i, _ in found.unknown_stage]),
        ("Text read below 95%", [f"{named(i)}: {s:.0%}" for i, s in found.low_coverage]),
        ("Probable duplicates", [f"{named(a)} ~ {named(b)}" for a, b in found.duplicates]),
    ):
        if items:
            console.print(
                f"[bold]{title}[/] ({len(items)}): " + escape("; ".join(items[:limit])),
                highlight=False,
            )
