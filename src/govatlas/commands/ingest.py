"""``govatlas ingest`` and ``govatlas sources``: bring texts and data into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from govatlas.commands.catalog_download import CatalogDownloadOptions, download_catalog
from govatlas.commands.common import (
    FormatOption,
    announce_search_champions,
    new_console,
    open_engine,
)
from govatlas.config import default_data_dir, load_settings
from govatlas.errors import ExitCode, InvalidInputError
from govatlas.ingest.runner import Failure, Reporter, SourceSummary, run_locations, run_sources
from govatlas.interrupts import Stop, deferred_interrupts
from govatlas.sources import connectors, get_connector
from govatlas.sources.download import download, origin_files
from govatlas.sources.files import DocumentOptions, document_from
from govatlas.store.migrate import upgrade
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import Binding, InstrumentType

app = typer.Typer()
COUNTS = (
    "documents",
    "instruments_created",
    "versions_created",
    "provisions",
    "labels",
    "records",
    "unchanged",
)
INTERRUPTED = 130  # the shell's convention for Ctrl-C
HEADERS = ("docs", "new instr.", "new vers.", "provisions", "labels", "records", "same", "failed")


class ProgressReporter(Reporter):
    """Rich progress bars, one per source, with failures printed as they happen."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def start(self, source: str, total: int) -> None:
        self.tasks[source] = self.progress.add_task(source, total=total)

    def advance(self, source: str, document: str) -> None:
        self.progress.advance(self.tasks[source])

    def failed(self, source: str, failure: Failure) -> None:
        self.progress.console.print(
            f"[red]✗[/] {source}: {escape(failure.document)}: {escape(failure.reason)}",
            highlight=False,
        )


def progress_bars(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def print_summaries(console: Console, summaries: list[SourceSummary]) -> None:
    table = Table(title="Ingest summary", header_style="bold")
    table.add_column("source", no_wrap=True)
    for header in HEADERS:
        table.add_column(header, justify="right")
    for summary in summaries:
        values = [getattr(summary, name) for name in COUNTS]
        table.add_row(summary.source, *map(str, values), str(len(summary.failures)))
    console.print(table)
    merged = [(s.source, pair) for s in summaries for pair in s.merged]
    if merged:
        console.print(
            f"{len(merged)} document(s) describe an instrument another dataset already "
            "holds (same place and year, same title words) and were merged into it:"
        )
        for source, (document, instrument) in merged[:20]:
            console.print(f"  {source} {document} -> {instrument}", highlight=False)
    failures = [(s.source, f) for s in summaries for f in s.failures]
    if failures:
        console.print(f"[red]{len(failures)} document(s) failed:[/]")
        for source, failure in failures:
            console.print(
                f"  {escape(source)}: {escape(failure.document)}: {escape(failure.reason)}",
                highlight=False,
            )
    if any(s.interrupted for s in summaries):
        console.print(
            "[yellow]Interrupted.[/] Everything listed above is stored; run the same command "
            "again to resume (unchanged documents are skipped)."
        )


def exit_code(summaries: list[SourceSummary]) -> int:
    """130 when interrupted, 3 when a document failed, else 0."""
    if any(s.interrupted for s in summaries):
        return INTERRUPTED
    return int(ExitCode.INVALID_INPUT) if any(s.failures for s in summaries) else 0


def ingest_mirror(
    console: Console, names: list[str], mirror: Path, limit: int | None, stop: Stop | None = None
) -> list[SourceSummary]:
    """Run the named connectors over ``mirror`` with progress bars."""
    chosen = [get_connector(name) for name in names]
    engine = open_engine(create=True)
    upgrade(engine)
    with progress_bars(console) as progress:
        summaries = run_sources(engine, chosen, mirror, ProgressReporter(progress), limit, stop)
    announce_search_champions(console, engine)
    return summaries


@app.command("ingest")
def ingest(
    locations: Annotated[
        list[str] | None,
        typer.Argument(help="Files (PDF, HTML, XML, TXT, Markdown) or http(s) URLs."),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", "-s", help="A source connector (repeatable); see `govatlas sources`."
        ),
    ] = None,
    all_sources: Annotated[
        bool, typer.Option("--all", help="Every source found in the mirror.")
    ] = False,
    mirror: Annotated[
        Path | None,
        typer.Option(help="Folder with local copies of the sources (default: GOVATLAS_MIRROR)."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many documents per source.")
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Title for a file or URL (default: from the document).")
    ] = None,
    jurisdiction: Annotated[
        str, typer.Option(help="Jurisdiction id for files and URLs.")
    ] = "UNSPECIFIED",
    type: Annotated[
        InstrumentType, typer.Option(help="Instrument type for files and URLs.")
    ] = InstrumentType.POLICY,
    binding: Annotated[
        Binding, typer.Option(help="Binding force for files and URLs.")
    ] = Binding.NON_BINDING,
) -> None:
    """Ingest sources from the mirror, or files and URLs: versions, provisions, labels and records.

    Each document is stored in its own transaction; a bad document is reported and the
    rest go on. Re-running skips unchanged documents, so an interrupted run can be resumed.

    Example: [bold]govatlas ingest --all[/]

    Also: [bold]govatlas ingest --source agora --limit 50[/],
    [bold]govatlas ingest report.pdf https://example.org/law.html --jurisdiction FRA[/]
    """
    console = new_console()
    names = list(connectors()) if all_sources else list(source or [])
    if not names and not locations:
        raise InvalidInputError(
            "nothing to ingest",
            "give files or URLs, --source NAME, or --all (see `govatlas sources`)",
        )
    summaries: list[SourceSummary] = []
    if names:
        root = mirror or load_settings().mirror_dir
        if root is None or not root.is_dir():
            raise InvalidInputError(
                f"no mirror folder found ({root or 'GOVATLAS_MIRROR is not set'})",
                "pass --mirror DIR or set GOVATLAS_MIRROR (e.g. to ../shared/corpus)",
            )
        with deferred_interrupts() as stop:
            summaries.extend(ingest_mirror(console, names, root, limit, stop))
    if locations:
        options = DocumentOptions(title, jurisdiction, type, binding)
        engine = open_engine(create=True)
        upgrade(engine)
        with progress_bars(console) as progress:
            summaries.append(
                run_locations(
                    engine,
                    locations,
                    lambda loc: document_from(loc, options),
                    ProgressReporter(progress),
                )
            )
        announce_search_champions(console, engine)
    print_summaries(console, summaries)
    if code := exit_code(summaries):
        raise typer.Exit(code)


@app.command("sources")
def sources_command(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List the source connectors and whether the mirror holds their data.

    Example: [bold]govatlas sources[/]
    """
    root = load_settings().mirror_dir
    rows = [
        {
            "name": c.name,
            "folder": c.folder,
            "in mirror": bool(root and (root / c.folder).is_dir()),
            "description": c.description,
        }
        for c in connectors().values()
    ]
    render_rows(new_console(), rows, fmt, title=f"Sources (mirror: {root or 'none'})")


@app.command("download")
def download_command(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Source names, e.g. eu-ai-act nist.")
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option(
            help="Mirror folder to fill (default: GOVATLAS_MIRROR, else the data folder)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Fetch files again even if present.")] = False,
    catalog: Annotated[
        bool,
        typer.Option(
            "--catalog",
            help="Fetch the official texts of catalogued instruments into the store "
            "(needs `govatlas build` first).",
        ),
    ] = False,
    instrument: Annotated[
        list[str] | None,
        typer.Option("--instrument", "-i", help="With --catalog: only this instrument."),
    ] = None,
    jurisdiction: Annotated[
        str | None,
        typer.Option(help="With --catalog: only this jurisdiction and its subdivisions."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="With --catalog: fetch at most this many texts.")
    ] = None,
    refresh: Annotated[
        bool,
        typer.Option(help="With --catalog: fetch again even when a text or a cached body exists."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --catalog: list what would be fetched.")
    ] = False,
    host_interval: Annotated[
        float, typer.Option(min=0.0, help="With --catalog: seconds between requests to a host.")
    ] = 2.0,
) -> None:
    """Download sources from their public origin into a mirror folder, for offline ingest;
    or, with --catalog, the official texts of catalogued instruments into the store.

    With --catalog each instrument with an official URL and no stored text is fetched
    politely (robots.txt, a pause between requests to one host, retries), never from a
    private address, its text extracted from HTML or PDF, its language detected, and
    stored as a version with provisions. Instruments with a text are skipped, so an
    interrupted run resumes; failures are listed with their reason. The exit code is
    non-zero only when every fetch failed.

    Example: [bold]govatlas download eu-ai-act nist --to ./mirror[/]
    then [bold]govatlas ingest --source eu-ai-act --source nist --mirror ./mirror[/]

    Also: [bold]govatlas download --catalog --jurisdiction BRA --limit 5[/]
    """
    if catalog:
        if sources:
            raise InvalidInputError(
                "give either source names or --catalog, not both",
                "run `govatlas download --catalog` on its own",
            )
        code = download_catalog(
            new_console(),
            CatalogDownloadOptions(
                tuple(instrument or ()), jurisdiction, limit, refresh, dry_run, host_interval
            ),
        )
        if code:
            raise typer.Exit(code)
        return
    if not sources:
        raise InvalidInputError(
            "nothing to download",
            "name sources (see `govatlas sources`), or pass --catalog for instruments' texts",
        )
    settings = load_settings()
    mirror = to or settings.mirror or default_data_dir() / "mirror"
    console = new_console()
    for name in sources:
        connector = get_connector(name)
        files = origin_files(connector)
        with progress_bars(console) as progress:
            task = progress.add_task(name, total=len(files))

            def advance(_: str, task: TaskID = task) -> None:
                progress.advance(task)

            result = download(connector, mirror, force=force, progress=advance)
        console.print(
            f"{name}: fetched {len(result.fetched)}, kept {len(result.skipped)} "
            f"in {escape(str(mirror / connector.folder))}"
        )
