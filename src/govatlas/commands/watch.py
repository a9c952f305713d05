"""``govatlas watch add|list|remove|log`` and ``govatlas scan``: horizon scanning."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from govatlas.commands.common import (
    FormatOption,
    new_console,
    new_typer,
    open_engine,
    with_names,
)
from govatlas.config import load_settings
from govatlas.errors import InvalidInputError
from govatlas.horizon.alerts import alert_changes
from govatlas.horizon.fetching import FetchPolicy, PoliteFetcher
from govatlas.horizon.scan import Scanner, WatchResult
from govatlas.horizon.watchlist import (
    WatchSpec,
    add_watch,
    remove_watch,
    watch_catalog,
    watch_instrument,
)
from govatlas.store.horizon import scan_log, watches
from govatlas.store.instruments import instrument_names
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import ScanOutcome, WatchKind, WatchSchedule

app = new_typer(
    "The watchlist of horizon scanning: instruments' official URLs, RSS/Atom feeds, dataset "
    "releases and mirror folders that [bold]govatlas scan[/] re-checks on a schedule."
)
scan_app = typer.Typer()


@app.command("add")
def add_command(
    location: Annotated[
        str | None,
        typer.Argument(help="URL (or folder for --kind folder). Omit with --instrument."),
    ] = None,
    kind: Annotated[WatchKind, typer.Option("--kind", help="What LOCATION is.")] = WatchKind.URL,
    instrument: Annotated[
        str | None,
        typer.Option(
            "--instrument",
            help="Instrument id. Without LOCATION: watch every official URL the catalog "
            "gives for it. With LOCATION: its new texts are versions of this instrument.",
        ),
    ] = None,
    connector: Annotated[
        str | None,
        typer.Option("--connector", help="Source that reads a dataset or folder, e.g. agora."),
    ] = None,
    schedule: Annotated[
        WatchSchedule, typer.Option("--schedule", help="How often scan checks it.")
    ] = WatchSchedule.DAILY,
    jurisdiction: Annotated[
        str | None,
        typer.Option("--jurisdiction", help="Scope: jurisdiction of new instruments (ISO3, EU)."),
    ] = None,
    concept: Annotated[
        str | None,
        typer.Option("--concept", help="Scope: follow only feed entries naming this concept."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A label for the list.")] = None,
    catalog: Annotated[
        bool,
        typer.Option(
            "--catalog", help="Watch the official URLs of every instrument in the catalog."
        ),
    ] = False,
) -> None:
    """Add a watch.

    Examples:
      [bold]govatlas watch add --instrument eu-ai-act --schedule weekly[/]
      [bold]govatlas watch add --catalog[/]
      [bold]govatlas watch add https://example.org/ai-bills.atom --kind feed --jurisdiction USA[/]
      [bold]govatlas watch add https://host/agora/documents.csv --kind dataset --connector agora[/]
      [bold]govatlas watch add ../shared/corpus --kind folder --connector laws[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        if location is None:
            if catalog:
                watches = watch_catalog(session, schedule)
            elif instrument is not None:
                watches = watch_instrument(session, instrument, schedule)
            else:
                raise InvalidInputError(
                    "give a LOCATION, --instrument ID or --catalog", "see --help"
                )
            if not watches:
                console.print("those official URLs are already watched")
            for watch in watches:
                console.print(f"watch {watch.id}: {escape(watch.location)} ({watch.schedule})")
            return
        if kind is WatchKind.FOLDER:
            location = str(Path(location).resolve())
        watch = add_watch(
            session,
            WatchSpec(
                kind, location, schedule, title, instrument, connector, jurisdiction, concept
            ),
        )
        console.print(f"watch {watch.id}: {watch.kind} {escape(watch.location)} ({watch.schedule})")


@app.command("list")
def list_command(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """The watchlist with each watch's last check.

    Example: [bold]govatlas watch list --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = [
            {
                "id": w.id,
                "kind": w.kind.value,
                "location": w.location,
                "schedule": w.schedule.value,
                "instrument": w.instrument_id or "",
                "scope": " ".join(x for x in (w.jurisdiction_id, w.concept_id) if x),
                "last check": f"{w.last_checked_at:%Y-%m-%d %H:%M}" if w.last_checked_at else "",
                "outcome": w.last_outcome.value if w.last_outcome else "",
                "error": w.last_error or "",
            }
            for w in watches(session)
        ]
        names = instrument_names(session, {str(r["instrument"]) for r in rows})
    rows = with_names(rows, {"instrument": names}, fmt)
    render_rows(new_console(), rows, fmt, title="Watchlist")


@app.command("remove")
def remove_command(
    watch_id: Annotated[int, typer.Argument(help="Watch id from `govatlas watch list`.")],
) -> None:
    """Remove a watch and its scan log (changes it found are kept).

    Example: [bold]govatlas watch remove 3[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        remove_watch(session, watch_id)
    new_console().print(f"watch {watch_id} removed")


@app.command("log")
def log_command(
    watch_id: Annotated[int | None, typer.Argument(help="Only this watch.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many checks.")] = 50,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """The scan log: every check of a watch, newest first, with failures explained.

    Example: [bold]govatlas watch log 3 --limit 10[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = [
            {
                "watch": e.watch_id,
                "when": f"{e.started_at:%Y-%m-%d %H:%M:%S}",
                "outcome": e.outcome.value,
                "http": e.http_status or "",
                "raw": (e.raw_hash or "")[:12],
                "detail": e.detail or "",
            }
            for e in scan_log(session, limit, watch_id)
        ]
    render_rows(new_console(), rows, fmt, title="Scan log")


@scan_app.command("scan")
def scan_command(
    watch: Annotated[
        list[int] | None, typer.Option("--watch", help="Check this watch now (repeatable).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Check every watch, due or not.")] = False,
    mirror: Annotated[
        Path | None,
        typer.Option("--mirror", help="Mirror that dataset watches download into."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Web atlas address for the links in webhook alerts."),
    ] = None,
    host_interval: Annotated[
        float, typer.Option("--host-interval", min=0, help="Seconds between requests to a host.")
    ] = FetchPolicy.host_interval,
) -> None:
    """Check the due watches (or --watch/--all), store new versions, alert subscribers.

    Fetches politely (robots.txt, conditional GET, per-host pacing, retries with
    backoff), keeps raw responses, ingests new texts exactly as `govatlas ingest` does,
    diffs each new version against the previous one, then sends the alerts. Safe to run
    from cron: a second scan started while one runs exits with code 7.

    Example (crontab): [bold]17 6 * * * govatlas scan[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    fetcher = PoliteFetcher(FetchPolicy(host_interval=host_interval))
    scanner = Scanner(engine, fetcher, mirror or load_settings().mirror_dir)
    ids = scanner.due(watch or [], every)
    if not ids:
        console.print("no watch is due; `govatlas watch list` shows when each was checked")
        return

    def show(result: WatchResult) -> None:
        colour = {
            ScanOutcome.CHANGED: "green",
            ScanOutcome.FAILED: "red",
        }.get(result.outcome, "dim")
        console.print(
            f"watch {result.watch_id}: [{colour}]{result.outcome.value}[/] {escape(result.detail)}"
        )

    try:
        with console.status(f"Scanning {len(ids)} watch(es)"):
            results = scanner.scan(ids, show)
    finally:
        fetcher.close()
    change_ids = [c for r in results for c in r.changes]
    alerts, report = alert_changes(engine, change_ids, base_url)
    failed = sum(r.outcome is ScanOutcome.FAILED for r in results)
    console.print(
        f"{len(results)} checked, {len(change_ids)} change(s), {failed} failed; "
        f"{alerts} alert(s); webhooks: {report.delivered} delivered, "
        f"{report.retrying} to retry, {report.dead} dead"
    )
