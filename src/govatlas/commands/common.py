"""Shared pieces of the command line: the error-reporting group, the console,
the engine from settings and the ``--format`` option."""

from __future__ import annotations

import inspect
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from typer.core import TyperGroup

from govatlas.classify.encoders.embeddings import EmbeddingModel
from govatlas.config import load_settings
from govatlas.errors import GovatlasError
from govatlas.review_sheets import SHEET_LIMIT
from govatlas.store.contention import busy_error, locked
from govatlas.store.engine import make_engine
from govatlas.tabular import OutputFormat, with_name_columns


def reflow(help_text: str) -> str:
    """Docstring paragraphs as single lines, so the terminal wraps them, not the source."""
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) if not p.startswith("\b") else p for p in paragraphs)


class GovatlasGroup(TyperGroup):
    """Turns ``GovatlasError`` into a message, a hint and an exit code; reflows help."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None and command.help:
            command.help = reflow(command.help)
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except DBAPIError as exc:
                if locked(exc):  # another process keeps the write lock: one line, exit 7
                    raise busy_error() from None
                raise
        except GovatlasError as exc:
            err = Console(stderr=True)
            err.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False)
            if exc.hint:
                err.print(f"[yellow]hint:[/] {escape(exc.hint)}", highlight=False)
            raise typer.Exit(int(exc.exit_code)) from None


def new_typer(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=GovatlasGroup, help=help_text, no_args_is_help=True, rich_markup_mode="rich"
    )


EmbeddingModelOption = Annotated[
    EmbeddingModel,
    typer.Option(
        "--model",
        help="Embedding model; e5-small (multilingual) needs the multilingual extra.",
    ),
]

FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output as a table, JSON or CSV.")
]
# Review queues: how many to list, or to write to a review sheet, and the sheet to apply.
LIST_LIMIT = 20
ReviewLimitOption = Annotated[
    int | None,
    typer.Option(min=1, max=SHEET_LIMIT, help="How many to list (20), or to put in a sheet (all)."),
]
SeenVersionOption = Annotated[
    int | None,
    typer.Option(
        "--version",
        min=0,
        help="To decide again on something already reviewed: the review version you saw "
        "(shown with it); a stale one is refused (exit code 8), never overwritten.",
    ),
]
ApplySheetOption = Annotated[
    Path | None,
    typer.Option(
        "--apply",
        help="Apply the decisions of a filled-in sheet (rows with a decision; all or none).",
    ),
]


TABLE_NAME_CHARS = 48  # a long title is cut in a table; CSV keeps it whole


def with_names(
    rows: Sequence[Mapping[str, Any]],
    names: Mapping[str, Mapping[str, str]],
    fmt: OutputFormat,
) -> list[dict[str, Any]]:
    """Names for people, ids for machines (issue 22): ``names`` maps a column to {id: name}.

    A table shows the name in place of the id; CSV keeps the id column and adds
    ``<column>_name`` right after it (``tabular.with_name_columns``); JSON is unchanged."""
    if fmt is OutputFormat.CSV:
        return with_name_columns(rows, names)
    if fmt is OutputFormat.JSON:
        return [dict(row) for row in rows]
    shown: list[dict[str, Any]] = []
    for row in rows:
        line = dict(row)
        for key, lookup in names.items():
            if row.get(key):
                text = str(lookup.get(row[key], row[key]))
                cut = len(text) > TABLE_NAME_CHARS
                line[key] = text[: TABLE_NAME_CHARS - 1] + "…" if cut else text
        shown.append(line)
    return shown


def new_console() -> Console:
    return Console()


def open_engine(create: bool = False) -> Engine:
    """The engine of ``GOVATLAS_DB``. Only commands that build the store pass
    ``create``; the others fail with one line when the database does not exist."""
    settings = load_settings()
    return make_engine(settings.db_url, create=create, busy_timeout=settings.busy_timeout)


def announce_search_champions(console: Console, engine: Engine) -> None:
    """After an ingest into a large PostgreSQL store: rebuild full-text search's
    champion lists when enough provisions came since (``store.search_champions``), and
    say so."""
    if engine.dialect.name != "postgresql":
        return
    from govatlas.store.search import refresh_champion_lists
    from govatlas.store.session import transaction

    started = time.monotonic()
    with (
        console.status("Updating full-text search's champion lists"),
        transaction(engine) as session,
    ):
        built = refresh_champion_lists(session)
    if built is not None:
        console.print(
            f"Full-text champion lists: {built.words} frequent words over "
            f"{built.provisions} provisions ({time.monotonic() - started:.0f} s)"
        )


def announce_vector_index(console: Console, engine: Engine, model_id: str, dimension: int) -> None:
    """After embedding: bring the approximate vector index up to date (from
    ``APPROXIMATE_FROM`` vectors, with hnswlib) so that no search has to, and say so."""
    from govatlas.classify.encoders.vectors import refresh_vector_index
    from govatlas.config import vector_index_dir
    from govatlas.store.session import transaction

    folder = vector_index_dir()
    with console.status("Updating the approximate vector index"), transaction(engine) as session:
        refreshed = refresh_vector_index(session, model_id, dimension, folder)
    if refreshed is not None:
        console.print(
            f"Approximate index of {refreshed.vectors} vectors: {refreshed.added} added, "
            f"{refreshed.removed} removed ({escape(str(folder))})"
        )
