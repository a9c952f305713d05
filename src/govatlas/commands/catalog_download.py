"""``govatlas download --catalog``: progress, failures as they happen, a closing table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govatlas.commands.common import open_engine
from govatlas.errors import ExitCode
from govatlas.horizon.catalog_texts import (
    CatalogDownloader,
    DownloadSummary,
    Outcome,
    TextOutcome,
    candidates,
)
from govatlas.horizon.fetching import FetchPolicy, PoliteFetcher
from govatlas.interrupts import deferred_interrupts
from govatlas.store.session import transaction

SHOWN_ROWS = 50  # rows of the closing table; the counts always cover every instrument


@dataclass(frozen=True)
class CatalogDownloadOptions:
    instruments: tuple[str, ...] = ()
    jurisdiction: str | None = None
    limit: int | None = None
    refresh: bool = False
    dry_run: bool = False
    host_interval: float = 2.0


def _line(outcome: TextOutcome) -> str:
    who = escape(outcome.instrument)
    if outcome.outcome is Outcome.FAILED:
        kind = outcome.kind.value if outcome.kind else "failed"
        return f"[red]✗[/] {who}: {kind}: {escape(outcome.reason)}"
    if outcome.outcome is Outcome.PLANNED:
        return f"· {who}: would fetch {escape(outcome.url or '')}"
    if outcome.outcome is Outcome.STORED:
        cached = " (from the cache)" if outcome.from_cache else ""
        return (
            f"[green]✓[/] {who}: {outcome.provisions} provisions, "
            f"language {outcome.language or 'unknown'}{cached}"
        )
    return f"· {who}: {outcome.outcome.value}"


def print_download_summary(console: Console, summary: DownloadSummary, dry_run: bool) -> None:
    shown = [o for o in summary.outcomes if o.outcome is not Outcome.SKIPPED]
    if shown:
        table = Table(title="Catalog texts", header_style="bold")
        for column in ("instrument", "outcome", "language", "provisions", "reason or URL"):
            table.add_column(column, justify="right" if column == "provisions" else "left")
        for item in shown[:SHOWN_ROWS]:
            outcome = item.outcome.value
            if item.kind is not None:
                outcome += f" ({item.kind.value})"
            table.add_row(
                escape(item.instrument),
                outcome,
                item.language or "",
                str(item.provisions) if item.outcome is Outcome.STORED else "",
                escape(item.reason or item.url or ""),
            )
        console.print(table)
        if len(shown) > SHOWN_ROWS:
            console.print(f"... and {len(shown) - SHOWN_ROWS} more")
    counts = Counter(o.outcome for o in summary.outcomes)
    parts = [f"{counts[o]} {o.value}" for o in Outcome if counts[o]]
    console.print("Summary: " + (", ".join(parts) if parts else "nothing to fetch"))
    kinds = Counter(o.kind.value for o in summary.outcomes if o.kind is not None)
    if kinds:
        console.print("Failures by kind: " + ", ".join(f"{k}: {n}" for k, n in kinds.most_common()))
    languages = Counter(o.language for o in summary.outcomes if o.outcome is Outcome.STORED)
    if languages:
        console.print(
            "Languages detected: "
            + ", ".join(f"{lang or 'unknown'}: {n}" for lang, n in languages.most_common())
        )
    if dry_run:
        console.print("Dry run: nothing was fetched or written.")
    if summary.interrupted:
        console.print(
            "[yellow]Interrupted.[/] Texts stored so far are kept; run the same command "
            "again to resume (instruments with a text are skipped)."
        )


def download_catalog(console: Console, options: CatalogDownloadOptions) -> int:
    """Run the download; the exit code (0 unless every attempted fetch failed)."""
    engine = open_engine()
    with transaction(engine) as session:
        chosen = candidates(
            session, instruments=options.instruments, jurisdiction=options.jurisdiction
        )
    fetcher = PoliteFetcher(FetchPolicy(host_interval=options.host_interval))
    todo = sum(1 for c in chosen if c.url and (options.refresh or not c.has_text))
    if options.limit is not None:
        todo = min(todo, options.limit)
    console.print(
        f"{len(chosen)} catalogued instrument(s); {todo} to "
        f"{'list' if options.dry_run else 'fetch'}, "
        f"{sum(1 for c in chosen if c.has_text)} with a text already."
    )
    done = 0

    def progress(outcome: TextOutcome) -> None:
        nonlocal done
        if outcome.outcome is Outcome.SKIPPED:
            return
        done += 1
        console.print(f"[{done}/{todo}] {_line(outcome)}", highlight=False)

    try:
        with deferred_interrupts() as stop:
            summary = CatalogDownloader(engine, fetcher).run(
                chosen,
                refresh=options.refresh,
                limit=options.limit,
                dry_run=options.dry_run,
                progress=progress,
                stop=stop,
            )
    finally:
        fetcher.close()
    print_download_summary(console, summary, options.dry_run)
    if summary.interrupted:
        return int(ExitCode.INTERRUPTED)
    return int(ExitCode.FAILURE) if summary.all_failed else 0
