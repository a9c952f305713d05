"""``govatlas diff``: what changed between two versions of an instrument."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from govatlas import __version__
from govatlas.commands.common import FormatOption, new_console, open_engine
from govatlas.errors import InvalidInputError
from govatlas.horizon.diff import diff_versions, pick_version, versions_of
from govatlas.horizon.significance import SignificanceModel
from govatlas.html import standalone_page
from govatlas.store.instruments import instrument_names
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = typer.Typer()


@app.command("diff")
def diff_command(
    instrument: Annotated[str, typer.Argument(help="Instrument id, e.g. california-sb-53.")],
    old: Annotated[
        str | None, typer.Option("--from", help="Older version: id or hash prefix.")
    ] = None,
    new: Annotated[
        str | None, typer.Option("--to", help="Newer version: id or hash prefix.")
    ] = None,
    list_versions: Annotated[
        bool, typer.Option("--list", help="List the instrument's versions and stop.")
    ] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML page.")] = None,
    unchanged: Annotated[
        bool, typer.Option("--unchanged", help="Show unchanged provisions too.")
    ] = False,
    significant: Annotated[
        int | None,
        typer.Option(
            "--significant",
            min=1,
            help="Instead of every change, the N that matter most: concepts touched "
            "(FLI building blocks and risks) and a score.",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Provision-level diff of two versions: added, removed, modified, moved (renumbered).

    Provisions are aligned by path, then by similarity, so a renumbered article is a move,
    not a deletion and an addition; changed provisions get a word-level diff. Default: the
    two newest full-text versions.

    Example: [bold]govatlas diff california-sb-53 --from 298 --to 434 --significant 10[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        versions = versions_of(session, instrument)
        if list_versions:
            rows = [
                {
                    "id": v.id,
                    "hash": v.content_hash[:12],
                    "source": v.source,
                    "format": v.format,
                    "language": v.language,
                    "stored": v.created_at.date().isoformat(),
                }
                for v in versions
            ]
            render_rows(console, rows, fmt, title=f"Versions of {instrument}")
            return
        if len(versions) < 2 and not (old and new):
            raise InvalidInputError(
                f"{instrument} has {len(versions)} version(s); a diff needs two"
            )
        older = pick_version(versions, old) if old else versions[-2]
        newer = pick_version(versions, new) if new else versions[-1]
        result = diff_versions(session, instrument, older.id, newer.id)
        name = instrument_names(session, [instrument]).get(instrument)
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(
            standalone_page(
                "diff_standalone.html",
                d=result,
                instrument=instrument,
                instrument_name=name,
                show_unchanged=unchanged,
                version=__version__,
            ),
            encoding="utf-8",
        )
    if significant is not None:
        with console.status("Matching changes to concepts"):
            ranked = SignificanceModel().rank(result)[:significant]
        rows = [
            {
                "score": s.score,
                "change": s.change.kind,
                "provision": (s.change.new or s.change.old).path,  # type: ignore[union-attr]
                "concepts": " ".join(s.concepts),
                "summary": s.summary,
            }
            for s in ranked
        ]
        render_rows(console, rows, fmt, title=f"Most significant changes in {instrument}")
        return
    if fmt is OutputFormat.JSON:
        console.file.write(json.dumps(asdict(result) | {"counts": result.counts}, indent=2) + "\n")
        return
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
    console.print(f"[bold]{escape(instrument)}[/] version {older.id} → {newer.id}: {counts}")
    for change in result.changes:
        if change.kind == "unchanged" and not unchanged:
            continue
        where = (
            f"{change.old.path} → {change.new.path}"
            if change.old and change.new and change.old.path != change.new.path
            else (change.new or change.old).path  # type: ignore[union-attr]
        )
        console.print(f"[bold]{change.kind:>9}[/] {escape(where)}")
        if change.words:
            parts = []
            for w in change.words:
                if w.op == "equal":
                    words = w.old.split()
                    parts.append(escape(" ".join(words[:6]) + (" …" if len(words) > 6 else "")))
                else:
                    if w.old:
                        parts.append(f"[red strike]{escape(w.old)}[/]")
                    if w.new:
                        parts.append(f"[green]{escape(w.new)}[/]")
            console.print("          " + " ".join(parts))
    if html is not None:
        console.print(f"HTML written to {escape(str(html))}")
