"""``govatlas search``: ranked full-text search over provisions."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from govatlas.catalog import YearRange
from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder
from govatlas.classify.encoders.semantic_search import hybrid_search, semantic_search
from govatlas.commands.common import EmbeddingModelOption, FormatOption, new_console, open_engine
from govatlas.errors import InvalidInputError
from govatlas.reports.wording import plural, verb
from govatlas.store.instruments import jurisdiction_names
from govatlas.store.migrate import require_current
from govatlas.store.search import (
    MAX_LIMIT,
    SearchFilters,
    SearchHit,
    search_provisions,
    segments,
)
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import LEGAL_EFFECT_LABELS, Binding, InstrumentType

app = typer.Typer()


class SearchMode(StrEnum):
    TEXT = "text"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"


def _highlight(hit: SearchHit) -> Text:
    """The snippet on one line, its matched terms in bold yellow (by span, never by markup)."""
    shown = Text()
    for piece, matched in segments(hit.snippet, hit.highlights):
        shown.append(re.sub(r"\s+", " ", piece), style="bold yellow" if matched else "")
    return shown


@app.command("search")
def search(
    query: Annotated[
        str, typer.Argument(help='Words, "exact phrases", prefix* and -excluded words.')
    ],
    jurisdiction: Annotated[
        str | None, typer.Option(help="Jurisdiction id; includes subdivisions.")
    ] = None,
    type: Annotated[InstrumentType | None, typer.Option(help="Instrument type.")] = None,
    binding: Annotated[Binding | None, typer.Option(help="Binding force.")] = None,
    year: Annotated[str | None, typer.Option(help="Year adopted, YYYY or YYYY-YYYY.")] = None,
    taxonomy_label: Annotated[
        str | None,
        typer.Option(help="Only instruments or provisions labelled with this concept id."),
    ] = None,
    mode: Annotated[
        SearchMode,
        typer.Option(help="text (BM25), semantic (embeddings) or hybrid (both, fused)."),
    ] = SearchMode.TEXT,
    model: EmbeddingModelOption = EmbeddingModel.MINILM,
    all_versions: Annotated[
        bool, typer.Option(help="Search every stored version, not only each instrument's newest.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="Results per page.")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many results.")] = 0,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Search provisions by words (BM25), by meaning (semantic) or both (hybrid), with highlights.

    Example: [bold]govatlas search '"high-risk AI system" biometric*' --jurisdiction EU[/]

    Semantic and hybrid modes need provision vectors: run [bold]govatlas embed[/] first
    (with the same [bold]--model[/]; e5-small matches queries across languages).
    """
    try:
        years = YearRange.parse(year) if year else None
    except ValueError as exc:
        raise InvalidInputError(str(exc), "for example --year 2024 or --year 2019-2024") from exc
    filters = SearchFilters(jurisdiction, type, binding, years, taxonomy_label, all_versions)
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        if mode is SearchMode.TEXT:
            result = search_provisions(session, query, filters, limit, offset)
        else:
            run = semantic_search if mode is SearchMode.SEMANTIC else hybrid_search
            result = run(session, query, get_embedder(model), filters, limit + offset)
            result.hits = result.hits[offset:]
        places = jurisdiction_names(session, {hit.jurisdiction for hit in result.hits})
    console = new_console()
    if fmt is OutputFormat.JSON:
        render_rows(console, [vars(hit) for hit in result.hits], fmt)
        return
    if fmt is OutputFormat.CSV:  # the place's name beside its code, for a spreadsheet's reader
        rows = [
            vars(hit) | {"jurisdiction_name": places.get(hit.jurisdiction, hit.jurisdiction)}
            for hit in result.hits
        ]
        render_rows(console, rows, fmt)
        return
    shown = f"{offset + 1}-{offset + len(result.hits)}"
    table = Table(
        title=f"{'More than ' if not result.total_exact else ''}"
        f"{plural(result.total, 'provision')} {verb(result.total, 'holds', 'hold')} "
        f"any word of {escape(repr(query))}, those with more and rarer words first; "
        f'"quote a phrase" to require it (showing {shown})'
        if result.hits
        else f"No provision matches {escape(repr(query))}",
        header_style="bold",
        show_lines=True,
    )
    for column in ("instrument", "jurisdiction", "provision", "snippet"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        effect = f"\n{LEGAL_EFFECT_LABELS[hit.effect]}" if hit.effect else ""
        table.add_row(
            escape(f"{hit.instrument}\n({hit.instrument_id}){effect}"),
            escape(places.get(hit.jurisdiction, hit.jurisdiction)),
            escape(hit.path + (f"\n{hit.heading}" if hit.heading else "")),
            _highlight(hit),
        )
    console.print(table)
