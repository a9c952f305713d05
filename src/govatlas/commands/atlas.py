"""Top-level commands: build the atlas, summarise the landscape, check the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics import Landscape, landscape
from govatlas.build import build_atlas
from govatlas.build_links import link_and_label
from govatlas.commands.common import FormatOption, new_console, open_engine
from govatlas.commands.ingest import exit_code, ingest_mirror, print_summaries
from govatlas.commands.run_events import ConsoleEvents
from govatlas.config import load_settings
from govatlas.doctor import Outcome, run_checks
from govatlas.errors import ExitCode
from govatlas.interrupts import Stop, deferred_interrupts
from govatlas.sources import connectors
from govatlas.store.digest import store_digest
from govatlas.store.engine import describe
from govatlas.store.instruments import reading_version
from govatlas.store.migrate import current_revision, head_revision, require_current
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = typer.Typer()


def _print_landscape(console: Console, view: Landscape) -> None:
    totals = Table(title="AI-governance landscape", header_style="bold")
    for column in (
        "instruments",
        "jurisdictions with an instrument",
        "versions",
        "provisions",
        "labels",
    ):
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
        ("legal effect today", view.by_effect),
        ("topic", view.by_topic),
        ("legal form", view.by_binding),
        ("stage", view.by_status),
        ("population", view.by_population),
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
        top.add_row(jid, Text(name), str(count))
    console.print(top)


@app.command()
def build(
    catalog_dir: Annotated[
        Path | None,
        typer.Option(
            "--catalog", help="Read the catalog from this folder instead of the packaged one."
        ),
    ] = None,
    ingest_sources: Annotated[
        bool,
        typer.Option("--ingest/--no-ingest", help="Also ingest every source found in the mirror."),
    ] = True,
    label_sources: Annotated[
        bool,
        typer.Option(
            "--label/--no-label",
            help="Label instruments not yet labelled by the AGORA model (trained if needed).",
        ),
    ] = True,
) -> None:
    """Build the atlas: migrate the database, load jurisdictions and the catalog, ingest the
    mirrored sources, import the published crosswalks, align the major frameworks with
    one another (machine-suggested links, unreviewed, each with its probability), label
    new instruments with the AGORA model (each label keeps its evidence provisions),
    freeze a dataset release, and show the landscape.

    Safe to re-run: unchanged inputs change nothing (and it says so), so an interrupted
    build resumes. Ctrl-C stops after the current step (a document, a table, an
    instrument), freezes no release and exits with code 130.

    Example: [bold]govatlas build[/]
    """
    console = new_console()
    engine = open_engine(create=True)
    before = _digest(engine)
    with deferred_interrupts() as stop:
        code = _build_stages(console, engine, catalog_dir, ingest_sources, label_sources, stop)
        stop.check("before the dataset release")
        with transaction(engine) as session:
            release, created = create_release(session)
            state = "new" if created else "unchanged"
            console.print(f"Dataset release {release.tag} ({release.id}, {state})")
            _print_landscape(console, landscape(session))
            steps = next_steps(session)
    if before is not None and before == _digest(engine):
        console.print("[green]Nothing changed[/]: the store already held exactly these inputs.")
    console.print("[bold]Next[/]")
    for command, what in steps:
        console.print(f"  [bold]{escape(command)}[/]  {escape(what)}", highlight=False)
    if code:
        raise typer.Exit(code)


# Pairs a first comparison is worth making on, the first whose texts are both stored.
FIRST_COMPARISONS = (
    ("eu-ai-act", "nist-ai-rmf-1-0"),
    ("eu-ai-act", "california-sb-53"),
    ("eu-ai-act", "coe-framework-convention-ai"),
)


def next_steps(session: Session) -> list[tuple[str, str]]:
    """What to run or read after a build, fitted to what the store holds."""
    steps = [("govatlas serve", "browse the atlas at http://127.0.0.1:8000 (make atlas does)")]
    pair = next((p for p in FIRST_COMPARISONS if all(reading_version(session, i) for i in p)), None)
    if pair is not None:
        a, b = pair
        steps.append((f"govatlas compare {a} {b}", "provision by provision, with evidence"))
    steps += [
        ("govatlas coverage --taxonomy fli-blocks", "who covers which building block"),
        ('govatlas search "incident reporting"', "full-text search over every provision"),
        ("govatlas report interoperability --out reports", "the white paper, PDF and annexes"),
        ("govatlas --help", "every command, each with an example"),
    ]
    return steps


def _digest(engine: Engine) -> str | None:
    """The store's content digest, or None before it has a schema."""
    if current_revision(engine) != head_revision():
        return None
    with transaction(engine) as session:
        return store_digest(session)


def _build_stages(
    console: Console,
    engine: Engine,
    catalog_dir: Path | None,
    ingest_sources: bool,
    label_sources: bool,
    stop: Stop,
) -> int:
    """Everything before the release, in the order each stage needs: the catalog and
    taxonomies, then the texts, then what links them (crosswalks need the texts they
    cite), then labels. A deferred Ctrl-C stops between units of work."""
    with console.status("Building the atlas") as status:
        result = build_atlas(engine, catalog_dir, progress=status.update, stop=stop)
    catalog = result.catalog
    changed = f"+{catalog.created} (updated {catalog.updated}, unchanged {catalog.unchanged})"
    if not (catalog.created or catalog.updated):
        changed = f"unchanged ({catalog.unchanged})"
    console.print(
        f"[green]Built[/] {escape(describe(engine))} at schema {result.revision}: "
        f"jurisdictions +{result.jurisdictions.created} (updated {result.jurisdictions.updated}), "
        f"catalog instruments {changed}, adherence facts +{result.adherence.added} "
        f"(updated {result.adherence.updated}, removed {result.adherence.removed}), "
        f"{result.concepts} concepts and {result.mappings} mappings in the taxonomies; "
        f"registry: {result.registry.parties} organisations and "
        f"{result.registry.commitments} commitments recorded; "
        f"{result.convenings.convenings} convenings with {result.follow_up.actions} "
        "follow-up actions"
    )
    for instrument, scheme, value, holder in catalog.held_elsewhere:
        console.print(
            f"[yellow]{escape(instrument)}[/]: the catalog names {escape(scheme)} "
            f"{escape(value)}, which {escape(holder)} already holds (a source stored it "
            "before the catalog named it); both stay as they are, so the same text may "
            f"count twice. Compare them on the atlas's pages /instruments/{escape(holder)} "
            f"and /instruments/{escape(instrument)}.",
            highlight=False,
        )
    mirror = load_settings().mirror_dir
    if not ingest_sources:
        return 0
    if mirror is None or not mirror.is_dir():
        console.print("[yellow]No mirror found[/]: set GOVATLAS_MIRROR to ingest the sources.")
        return 0
    names = [c.name for c in connectors().values() if (mirror / c.folder).is_dir()]
    summaries = ingest_mirror(console, names, mirror, None, stop)
    print_summaries(console, summaries)
    stop.check("while ingesting")
    link_and_label(engine, mirror, ConsoleEvents(console), stop, label=label_sources)
    return exit_code(summaries)


@app.command("landscape")
def landscape_command(
    fmt: FormatOption = OutputFormat.TABLE,
    top: Annotated[int, typer.Option(min=1, max=500, help="How many jurisdictions to list.")] = 15,
) -> None:
    """Summarise the stored landscape: instruments by type, binding force, status and jurisdiction.

    Example: [bold]govatlas landscape --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        view = landscape(session, top=top)
    console = new_console()
    if fmt is OutputFormat.TABLE:
        _print_landscape(console, view)
        return
    rows = [
        {"dimension": dimension, "value": value, "instruments": count}
        for dimension, counts in (
            ("total", {"instruments": view.instruments}),
            ("type", view.by_type),
            ("effect", view.by_effect),
            ("topic", view.by_topic),
            ("binding", view.by_binding),
            ("status", view.by_status),
            ("population", view.by_population),
            ("jurisdiction_kind", view.by_jurisdiction_kind),
            ("jurisdiction", {jid: n for jid, _, n in view.top_jurisdictions}),
        )
        for value, count in counts.items()
    ]
    render_rows(console, rows, fmt)


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
        table.add_row(result.name, marks[result.outcome], Text(result.detail), Text(result.fix))
    new_console().print(table)
    if any(r.outcome is Outcome.FAIL for r in results):
        raise typer.Exit(int(ExitCode.FAILURE))
