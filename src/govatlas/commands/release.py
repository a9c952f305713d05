"""``govatlas release``: freeze the current data as a citable, content-hashed release."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
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
    render_rows(new_console(), rows, fmt, title=f"{len(rows)} releases")
