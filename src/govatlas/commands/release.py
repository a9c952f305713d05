"""``govatlas release``: freeze the current data as a citable, content-hashed release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.reports.bulk import FORMATS, SQLITE_FILE, chosen_formats, write_dump
from govatlas.reports.wording import plural
from govatlas.store.migrate import require_current
from govatlas.store.releases import create_release, list_releases
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer("Dataset releases: frozen, content-hashed states of the data that outputs cite.")


@app.command("create")
def release_create(
    tag: Annotated[
        str | None, typer.Option(help="A name for the release (default: date and hash).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What changed, for readers.")] = None,
) -> None:
    """Freeze the current versions, labels and records as a release (reused when unchanged).

    Example: [bold]govatlas release create --tag 2026-11 --note "November refresh"[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        release, created = create_release(session, tag, note)
        summary = f"{release.tag} ({release.id}) " + ", ".join(
            f"{k} {v}" for k, v in release.counts.items()
        )
    verb = "[green]Created release[/]" if created else "No changes since release"
    new_console().print(f"{verb} {escape(summary)}")


@app.command("list")
def release_list(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List dataset releases, newest first.

    Example: [bold]govatlas release list --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = [
            {
                "id": r.id,
                "tag": r.tag,
                "created_at": r.created_at.isoformat(timespec="seconds"),
                "content_hash": r.content_hash,
                **r.counts,
                "note": r.note,
            }
            for r in list_releases(session)
        ]
    render_rows(new_console(), rows, fmt, title=plural(len(rows), "release"))


@app.command("dump")
def release_dump(
    out: Annotated[Path, typer.Option(help="Folder to write into (created; files replaced).")],
    formats: Annotated[
        str,
        typer.Option(
            "--formats",
            help=f"Comma-separated, among: {', '.join(FORMATS)}.",
        ),
    ] = ",".join(FORMATS),
) -> None:
    """Write the current release as files: instruments, provisions (each instrument's
    newest text), labels, relationships and adherence, as CSV, JSON Lines, Parquet and one
    SQLite database, with a data dictionary (dictionary.csv), datasette metadata and the
    release they are cut from (release.json). Refuses when the store changed since the
    newest release (create one first).

    Example: [bold]govatlas release dump --out dumps --formats csv,sqlite[/] then
    [bold]datasette dumps/govatlas.sqlite --metadata dumps/metadata.json[/]
    """
    chosen = chosen_formats(formats)
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        summary = write_dump(
            session,
            out,
            chosen,
            lambda table, rows: console.print(f"  {table}: {rows} rows"),
        )
    size = sum(f.stat().st_size for f in summary.files if f.is_file())
    console.print(
        f"[green]Dumped release {escape(summary.release)}[/] into {escape(str(out))}: "
        f"{len(summary.files)} files, {size / 1e6:.1f} MB"
        + (f"; open with datasette {escape(str(out / SQLITE_FILE))}" if "sqlite" in chosen else "")
    )
