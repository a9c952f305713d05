"""``govatlas taxonomy``: browse, check, export and import the concept store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.errors import ExitCode, InvalidInputError
from govatlas.near_names import unknown
from govatlas.reports.wording import plural
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.taxonomy import (
    check_taxonomies,
    get_taxonomy,
    load_taxonomies,
    store_taxonomies,
)

app = new_typer("Taxonomies: FLI building blocks, risks and benefits, OECD, MIT, AGORA, UN.")
DirOption = Annotated[
    Path | None, typer.Option("--dir", help="Read taxonomies from this folder instead.")
]


@app.command("list")
def taxonomy_list(fmt: FormatOption = OutputFormat.TABLE, directory: DirOption = None) -> None:
    """List the taxonomies with their size and version.

    Example: [bold]govatlas taxonomy list[/]
    """
    rows = [
        {
            "id": t.id,
            "name": t.name,
            "version": t.version,
            "concepts": len(t.concepts),
            "mappings": sum(len(c.mappings) for c in t.concepts),
        }
        for t in load_taxonomies(directory).values()
    ]
    render_rows(new_console(), rows, fmt, title="Taxonomies")


@app.command("show")
def taxonomy_show(
    taxonomy_id: Annotated[str, typer.Argument(help="Taxonomy id, e.g. fli-blocks.")],
    concept: Annotated[str | None, typer.Argument(help="One concept's id, e.g. red-lines.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    directory: DirOption = None,
) -> None:
    """Show a taxonomy's concepts, or one concept with its labels and mappings.

    Example: [bold]govatlas taxonomy show fli-risks bias[/]
    """
    taxonomies = load_taxonomies(directory)
    taxonomy = get_taxonomy(taxonomies, taxonomy_id)
    console = new_console()
    if concept is None:
        rows = [
            {"id": c.id, "label": c.label, "parent": c.parent, "definition": c.definition}
            for c in taxonomy.concepts
        ]
        render_rows(console, rows, fmt, title=f"{taxonomy.name} ({plural(len(rows), 'concept')})")
        return
    found = next((c for c in taxonomy.concepts if c.id == concept), None)
    if found is None:
        raise unknown(
            "concept",
            concept,
            [c.id for c in taxonomy.concepts],
            message=f"no concept {concept!r} in {taxonomy_id}",
            listing=f"`govatlas taxonomy show {taxonomy_id}` lists its concepts",
            aliases={c.label: c.id for c in taxonomy.concepts}
            | {f"{taxonomy.id}:{c.id}": c.id for c in taxonomy.concepts},
        )
    global_id = f"{taxonomy.id}:{found.id}"
    incoming = [
        f"{t.id}:{c.id} ({m.type.value})"
        for t in taxonomies.values()
        for c in t.concepts
        for m in c.mappings
        if m.to == global_id
    ]
    data = {
        "id": global_id,
        "label": found.label,
        "definition": found.definition,
        "parent": found.parent,
        "alternative labels": list(found.alt),
        "not to be confused with": list(found.not_),
        "maps to": [f"{m.to} ({m.type.value})" for m in found.mappings],
        "mapped from": incoming,
    }
    if fmt is not OutputFormat.TABLE:
        render_rows(console, [data], fmt)
        return
    table = Table(title=escape(found.label), show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key, value in data.items():
        table.add_row(key, Text("\n".join(value) if isinstance(value, list) else str(value or "")))
    console.print(table)


@app.command("check")
def taxonomy_check(directory: DirOption = None) -> None:
    """Check taxonomies for orphans, cycles, duplicate labels, missing definitions and
    mappings that point nowhere; exits with code 3 on errors (warnings are listed).

    Example: [bold]govatlas taxonomy check[/]
    """
    taxonomies = load_taxonomies(directory)
    findings = check_taxonomies(taxonomies)
    console = new_console()
    for finding in findings:
        colour = "red" if finding.severity == "error" else "yellow"
        console.print(f"[{colour}]{escape(str(finding))}[/]", highlight=False)
    errors = [f for f in findings if f.severity == "error"]
    total = sum(len(t.concepts) for t in taxonomies.values())
    console.print(
        f"{len(taxonomies)} taxonomies, {total} concepts: {len(errors)} error(s), "
        f"{len(findings) - len(errors)} warning(s)"
    )
    if errors:
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command("export")
def taxonomy_export(
    taxonomy_id: Annotated[str, typer.Argument(help="Taxonomy id.")],
    skos_format: Annotated[
        str, typer.Option("--format", "-f", help="turtle or json-ld.")
    ] = "turtle",
    out: Annotated[Path | None, typer.Option(help="Write to this file (default: stdout).")] = None,
    directory: DirOption = None,
) -> None:
    """Export a taxonomy as SKOS (Turtle or JSON-LD).

    Example: [bold]govatlas taxonomy export fli-blocks --format json-ld --out fli.jsonld[/]
    """
    from govatlas.taxonomy.skos import export_skos  # rdflib loads slowly

    text = export_skos(get_taxonomy(load_taxonomies(directory), taxonomy_id), skos_format)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text, encoding="utf-8")
        new_console().print(f"Wrote {escape(str(out))}")


@app.command("import")
def taxonomy_import(
    path: Annotated[Path, typer.Argument(help="A SKOS file (.ttl or .jsonld).")],
    skos_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="turtle or json-ld (default: from the name)."),
    ] = None,
) -> None:
    """Import SKOS concept schemes into the store as taxonomies (checked first).

    Example: [bold]govatlas taxonomy import my-themes.ttl[/]
    """
    from govatlas.taxonomy.skos import import_skos  # rdflib loads slowly

    imported = import_skos(path, skos_format)
    known = load_taxonomies()
    known.update({t.id: t for t in imported})
    errors = [f for f in check_taxonomies(known) if f.severity == "error"]
    mine = [f for f in errors if f.taxonomy in {t.id for t in imported}]
    if mine:
        raise InvalidInputError(
            f"{path.name}: {mine[0]} ({len(mine)} error(s) in all)", "fix the file"
        )
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        concepts, mappings = store_taxonomies(session, imported)
    names = ", ".join(t.id for t in imported)
    new_console().print(f"Imported {escape(names)}: {concepts} concepts, {mappings} mappings")
