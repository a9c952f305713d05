"""``govatlas crosswalk``: import, suggest, align, review, evaluate, train and export crosswalks."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder
from govatlas.commands.common import (
    LIST_LIMIT,
    ApplySheetOption,
    EmbeddingModelOption,
    FormatOption,
    ReviewLimitOption,
    new_console,
    new_typer,
    open_engine,
)
from govatlas.commands.review_options import (
    LegacyReviewerOption,
    ReviewerOption,
    reviewer_of,
)
from govatlas.config import load_settings
from govatlas.crosswalk.align import SHIPPED_RANKER, align
from govatlas.crosswalk.evaluate import evaluate_scored, gold_tables, score_tables
from govatlas.crosswalk.export import export_rows, write_csv, write_olir, write_oscal
from govatlas.crosswalk.importer import import_published_tables
from govatlas.crosswalk.known_tables import CROSSWALK_FOLDER, SPECS, crosswalk_keys
from govatlas.crosswalk.link_memory import packaged_memory
from govatlas.crosswalk.passage_files import read_passages, write_candidates
from govatlas.crosswalk.published import table_citation
from govatlas.crosswalk.review_queue import (
    QueueItem,
    apply_sheet,
    describe_suggestion,
    review_queue,
    review_suggestion,
    sheet_rows,
)
from govatlas.crosswalk.reviewed_tasks import reviewed_tables
from govatlas.crosswalk.suggest import suggest_crosswalk
from govatlas.crosswalk.training import (
    TrainedRanker,
    chosen_ranker,
    read_ranker,
    saved_ranker_path,
    train_ranker,
    unlearnt_judgements,
    write_ranker,
)
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.interrupts import Stop
from govatlas.review_sheets import CELL_CHARS, SHEET_LIMIT, apply_file, summary, write_sheet
from govatlas.store.decisions import Reviewer
from govatlas.store.instruments import instrument_names
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import RelationshipType, ReviewChannel, ReviewStatus

app = new_typer(
    "Crosswalks: provision-level relationships between instruments (NIST IR 8477 types "
    "plus contrary). Import the published ones, suggest new ones, review them, evaluate, "
    "learn from the reviews (train), export."
)


def crosswalk_folder(mirror: Path | None = None) -> Path:
    """The mirror's crosswalk folder, or a clear error naming what to set."""
    base = mirror or load_settings().mirror_dir
    if base is None or not (base / CROSSWALK_FOLDER).is_dir():
        raise NotFoundError(
            f"no {CROSSWALK_FOLDER}/ folder in the mirror ({base or 'not set'})",
            "set GOVATLAS_MIRROR to the folder that holds crosswalks/",
        )
    return base / CROSSWALK_FOLDER


def _check_keys(keys: list[str] | None) -> list[str] | None:
    unknown = sorted(set(keys or []) - set(crosswalk_keys()))
    if unknown:
        raise InvalidInputError(
            f"unknown crosswalk table(s): {', '.join(unknown)}",
            f"choose from: {', '.join(crosswalk_keys())}",
        )
    return keys or None


TableOption = Annotated[
    list[str] | None,
    typer.Option("--table", help="Only this published crosswalk (repeatable); see --help."),
]


def import_published(
    keys: list[str] | None = None, mirror: Path | None = None, stop: Stop | None = None
) -> list[dict[str, object]]:
    """Import the published crosswalks into the store (``crosswalk.importer``): one
    summary row per table."""
    engine = open_engine()
    require_current(engine)
    counts = import_published_tables(engine, crosswalk_folder(mirror), keys, stop)
    return [
        {
            "table": count.key,
            "pairs": count.pairs,
            "relationships": count.relationships,
            "resolved items": count.resolved_items,
            "reference items": count.reference_items,
            "no counterpart": count.unmatched,
        }
        for count in counts
    ]


@app.command("import")
def crosswalk_import(table: TableOption = None, fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Import the published NIST AIRC crosswalks from the mirror as human relationships.

    Items are resolved to stored provisions (AI RMF subcategories, EU AI Act articles);
    items of frameworks whose text is not public (ISO clauses...) become reference
    provisions. Re-importing replaces a table's relationships.

    Example: [bold]govatlas crosswalk import --table rmf-iso-42001[/]
    """
    rows = import_published(_check_keys(table))
    render_rows(new_console(), rows, fmt, title="Imported crosswalks")


@app.command("tables")
def crosswalk_tables(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List the published crosswalks govatlas can import, with provider and date.

    Example: [bold]govatlas crosswalk tables[/]
    """
    rows = [
        {"table": s.key, "title": s.title, "provider": s.provider, "published": s.published}
        for s in SPECS
    ]
    render_rows(new_console(), rows, fmt, title="Published crosswalks")


@app.command("suggest")
def crosswalk_suggest(
    source: Annotated[str, typer.Argument(help="Source instrument id, e.g. eu-ai-act.")],
    target: Annotated[str, typer.Argument(help="Target instrument id, e.g. nist-ai-rmf-1-0.")],
    top: Annotated[int, typer.Option(min=1, max=20, help="Candidates kept per source unit.")] = 3,
    model: EmbeddingModelOption = EmbeddingModel.MINILM,
    ranker: Annotated[
        Path | None,
        typer.Option(
            "--ranker",
            help="Ranker file to use (default: the one `crosswalk train` saved, else the shipped "
            "weights).",
        ),
    ] = None,
) -> None:
    """Suggest provision-level relationships between two stored instruments for review.

    Each source unit (article, subcategory...) gets its best targets by fused lexical and
    embedding score, with a suggested IR 8477 type; they wait in `govatlas crosswalk review`.
    The fusion weights are the ones [bold]govatlas crosswalk train[/] learnt from the
    published crosswalks and the reviews, once it has run; before that, the shipped ones.
    Re-run it after reviewing some: targets people linked to similar source units rise
    (on the published tables, reviewing a fifth of the sources lifts recall@10 on the
    rest from 0.34 to 0.50 on CLTC's), and decided pairs are never proposed again.
    Instruments in two different languages need [bold]--model e5-small[/] (multilingual).

    Example: [bold]govatlas crosswalk suggest eu-ai-act nist-ai-rmf-1-0 --top 3[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    chosen, trained = chosen_ranker(ranker)
    with console.status(f"Aligning {escape(source)} with {escape(target)}"):
        result = suggest_crosswalk(engine, source, target, top, get_embedder(model), chosen)
    with transaction(engine) as session:
        unlearnt = unlearnt_judgements(session, trained)
    console.print(
        f"[green]{result.suggestions}[/] suggestions for {result.source_units} units of {source} "
        f"against {result.target_units} of {target} (replaced {result.replaced} unreviewed; "
        f"written in {result.write_seconds:.2f} s). "
        "Review them with [bold]govatlas crosswalk review[/]."
    )
    if result.decided:
        console.print(
            f"Learnt from people's links on {result.guided_by} source unit(s) of this pair; "
            f"{result.decided} pair(s) already decided are not proposed again."
        )
    console.print(f"Ranker: {escape(_ranker_origin(trained))}.", highlight=False)
    if unlearnt:
        console.print(
            f"[yellow]{unlearnt} review decision(s) not learnt yet[/]: "
            "[bold]govatlas crosswalk train[/] learns from them."
        )


def _ranker_origin(trained: TrainedRanker | None) -> str:
    return trained.describe() if trained else "the shipped weights (fitted on the published tables)"


@app.command("align")
def crosswalk_align(
    source_csv: Annotated[Path, typer.Argument(help="Source framework: CSV with id,text.")],
    target_csv: Annotated[Path, typer.Argument(help="Target framework: CSV with id,text.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the candidates CSV.")],
    top: Annotated[int, typer.Option("--top", min=1, help="Targets kept per source id.")] = 10,
    model: EmbeddingModelOption = EmbeddingModel.MINILM,
    ranker: Annotated[
        Path | None,
        typer.Option(
            "--ranker",
            help="Ranker file from `crosswalk train` (default: the shipped weights, so the "
            "output depends on the installed package alone).",
        ),
    ] = None,
    memory: Annotated[
        bool,
        typer.Option(
            "--memory/--no-memory",
            help="Also find targets that published crosswalks link (e.g. AI RMF "
            "subcategories) through the provisions linked to them there.",
        ),
    ] = True,
) -> None:
    """Align two frameworks given as id,text CSV files; needs no database.

    Writes source_id,target_id,rank,score,relationship with the top K targets of every
    source id (score: fused z-score, higher is closer; relationship: suggested IR 8477 type).
    Targets whose wording matches a provision of a published crosswalk (such as the NIST
    AI RMF's subcategories) are also scored by how close the source is to what people
    linked to them there; [bold]--no-memory[/] leaves that out (docs/crosswalk-ranker.md).
    For frameworks in two different languages use [bold]--model e5-small[/] (multilingual).
    [bold]--ranker atlas-models/crosswalk/ranker.json[/] (beside atlas.db) ranks with the
    weights [bold]govatlas crosswalk train[/] learnt from your reviews.

    Example: [bold]govatlas crosswalk align mine.csv theirs.csv --top 10 --out pairs.csv[/]
    """
    chosen = read_ranker(ranker).ranker if ranker else SHIPPED_RANKER
    sources, targets = read_passages(source_csv), read_passages(target_csv)
    embedder = get_embedder(model)
    console = new_console()
    with console.status(f"Aligning {len(sources)} x {len(targets)} provisions"):
        remembered = packaged_memory() if memory else None
        rows = write_candidates(
            out, align(sources, targets, top, embedder, chosen, memory=remembered)
        )
    console.print(f"[green]Wrote[/] {rows} candidate pairs to {escape(str(out))}")


class Decision(StrEnum):
    ACCEPT = "accept"
    CORRECT = "correct"
    REJECT = "reject"


@app.command("review")
def crosswalk_review(
    relationship_id: Annotated[
        int | None,
        typer.Argument(help="Suggestion to show, or to decide on with --decision; omit to list."),
    ] = None,
    decision: Annotated[
        Decision | None, typer.Option("--decision", help="accept, correct (with --type) or reject.")
    ] = None,
    corrected: Annotated[
        RelationshipType | None, typer.Option("--type", help="The right type, for a correction.")
    ] = None,
    reviewer: ReviewerOption = None,
    note: Annotated[str | None, typer.Option("--note", help="Rationale to record.")] = None,
    instrument: Annotated[
        str | None, typer.Option("--instrument", help="List only suggestions touching this one.")
    ] = None,
    counterpart: Annotated[
        str | None,
        typer.Option("--counterpart", help="With --instrument: only pairs with this one."),
    ] = None,
    limit: ReviewLimitOption = None,
    sheet: Annotated[
        Path | None,
        typer.Option(
            "--sheet",
            help="Write the suggestions waiting to this CSV, with full texts and empty "
            "decision, type, reviewer and note columns to fill in.",
        ),
    ] = None,
    apply: ApplySheetOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    legacy_reviewer: LegacyReviewerOption = None,
) -> None:
    """List suggested relationships, show one with both texts, or accept, correct or reject it.

    Accepting or correcting records a human relationship; the suggestion is kept with
    its decision. The web app's /reviews page offers the same queue.

    [bold]--instrument eu-ai-act --counterpart nist-ai-rmf-1-0[/] lists one pair's
    suggestions; [bold]govatlas crosswalk review 42[/] shows suggestion 42 with both texts.

    To review in a spreadsheet: [bold]--sheet todo.csv[/] writes the suggestions waiting;
    fill in decision (accept, correct or reject), type (for a correction, or to accept
    as another type: equal, subset, superset, intersects, contrary, related, none; read source
    to target), reviewer (or pass --by) and note; then [bold]--apply todo.csv[/].
    Every row is checked first and problems are named by line; nothing is stored until
    the whole sheet is right.

    Example: [bold]govatlas crosswalk review 42 --decision correct --type subset --by ana[/]
    """
    reviewer = reviewer_of(reviewer, legacy_reviewer)
    engine = open_engine()
    require_current(engine)
    console = new_console()
    if apply is not None:
        types = [t.value for t in RelationshipType]
        with transaction(engine) as session:
            done = apply_file(session, apply, list(Decision), types, reviewer, apply_sheet)
        console.print(f"Applied {escape(str(apply))}: {summary(done)}")
        return
    if sheet is not None:
        with transaction(engine) as session:
            items = review_queue(
                session, instrument, limit or SHEET_LIMIT, counterpart, excerpt_chars=CELL_CHARS
            )
            ends = {i for q in items for i in (q.source_instrument, q.target_instrument)}
            names = instrument_names(session, ends)
        count = write_sheet(sheet, sheet_rows(items, names), with_type=True)
        console.print(
            f"Wrote {count} suggestions to {escape(str(sheet))}; fill it in, then --apply it."
        )
        return
    if relationship_id is None:
        with transaction(engine) as session:
            queue = review_queue(session, instrument, limit or LIST_LIMIT, counterpart)
            names = instrument_names(
                session, {i for q in queue for i in (q.source_instrument, q.target_instrument)}
            )
        render_rows(
            console, _queue_rows(queue, names, fmt), fmt, title="Suggestions waiting for review"
        )
        return
    if decision is None:
        with transaction(engine) as session:
            item = describe_suggestion(session, relationship_id)
            names = instrument_names(session, [item.source_instrument, item.target_instrument])
        _show_suggestion(console, item, fmt, names)
        return
    with transaction(engine) as session:
        who = Reviewer.named(session, reviewer, ReviewChannel.CLI)
        made = review_suggestion(session, relationship_id, decision.value, who, corrected, note)
    outcome = f"recorded human relationship {made.id} ({made.type.value})" if made else "rejected"
    console.print(f"Suggestion {relationship_id}: {outcome}")


def _queue_rows(
    queue: list[QueueItem], names: dict[str, str], fmt: OutputFormat
) -> list[dict[str, object]]:
    """The review queue as rows: a table names the instruments; CSV adds their names
    beside the "id path" columns; JSON keeps its fields."""
    rows: list[dict[str, object]] = []
    for q in queue:
        source, target = names.get(q.source_instrument), names.get(q.target_instrument)
        row: dict[str, object] = {"id": q.id}
        for side, ident, name, path in (
            ("source", q.source_instrument, source, q.source_path),
            ("target", q.target_instrument, target, q.target_path),
        ):
            shown = name or ident if fmt is OutputFormat.TABLE else ident
            row[side] = f"{shown} {path}"
            if fmt is OutputFormat.CSV:
                row[f"{side}_instrument_name"] = name or ident
        rows.append(row | {"type": q.type, "confidence": q.confidence})
    return rows


def _show_suggestion(
    console: Console, item: QueueItem, fmt: OutputFormat, names: dict[str, str]
) -> None:
    if fmt is not OutputFormat.TABLE:
        render_rows(console, [asdict(item)], fmt)
        return
    confidence = f"{item.confidence:.2f}" if item.confidence is not None else "-"
    console.print(
        f"[bold]Suggestion {item.id}[/] ({item.review_status}): "
        f"[bold]{item.type}[/], confidence {confidence}"
    )
    for side, name, path, excerpt in (
        ("Source", item.source_instrument, item.source_path, item.source_excerpt),
        ("Target", item.target_instrument, item.target_path, item.target_excerpt),
    ):
        shown = names.get(name, name)
        console.print(f"\n[bold]{side}[/] {escape(shown)} {escape(path)}", highlight=False)
        console.print(excerpt, highlight=False, markup=False)
    if item.rationale:
        console.print(f"\n[bold]Rationale[/] {escape(item.rationale)}", highlight=False)
    if item.review_status == ReviewStatus.UNREVIEWED.value:
        console.print(
            f"\nDecide: govatlas crosswalk review {item.id} --decision accept|correct|reject "
            "[--type TYPE] --as NAME",
            highlight=False,
            markup=False,
        )


@app.command("eval")
def crosswalk_eval(table: TableOption = None, fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Evaluate candidate generation against the imported human crosswalks.

    Per table: recall@1/5/10 (capped at k) and MRR of the shipped ranker (the one
    `crosswalk align` uses, with the memory of the other published tables' links, never
    the evaluated table's own; "no-memory" is the same ranker without it), beside each
    signal alone (BM25, character n-grams, MiniLM, e5) and two fitted rankers: "refit"
    learns its weights from the other tables,
    "new pair" only from tables whose source framework differs (a framework it never
    saw). Reviewed suggestions are learnt from in every fold, except those pairing the
    evaluated table's two instruments. "full text"
    says whether both sides hold texts or one holds titles only. "20% reviewed" shows
    what reviewing buys: the same ranker learning from a random fifth of the table's
    sources as if people had reviewed them (as `crosswalk suggest` does), scored on the
    other sources (mean of 10 draws). The table shows the
    main figures; --format json or csv gives every figure.

    Example: [bold]govatlas crosswalk eval --table bsa-rmf[/]
    """
    keys = _check_keys(table) or crosswalk_keys()
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        published = gold_tables(session, [table_citation(k) for k in crosswalk_keys()])
        tables = [t for t in published if t.key in keys]
        if tables:
            tables += reviewed_tables(session)
    if not tables:
        raise NotFoundError("no imported crosswalks to evaluate", "run `govatlas crosswalk import`")
    with console.status("Evaluating") as status:
        scored = score_tables(tables, progress=status.update, remembered=published)
        results = evaluate_scored(scored)
    rows = [r.row() for r in results]
    render_rows(
        console,
        rows,
        fmt,
        title="Candidate generation vs published crosswalks",
        columns=list(EVAL_TABLE_COLUMNS) if fmt is OutputFormat.TABLE else None,
        headers=EVAL_TABLE_COLUMNS,
    )
    if fmt is OutputFormat.TABLE:
        console.print(RECALL_CAPPED, highlight=False)


# Said under the table, not only in --help: the figures look wrong without it.
RECALL_CAPPED = (
    "Recall@k is capped at k: a source's share of its human links found in the top k, out "
    "of at most k. A source with 4 links whose best candidate is linked scores 1 at k = 1 "
    "but 0.5 at k = 10 if only 2 of the 4 are in its top 10, so recall@1 can exceed "
    "recall@10."
)


@app.command("train")
def crosswalk_train(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the ranker (default: the data folder's)."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Learn the ranker from every human crosswalk in the store: the imported published
    tables and the suggestions people reviewed (accepted, corrected or rejected).

    Saved in the data folder, it ranks [bold]govatlas crosswalk suggest[/] from then on
    ([bold]crosswalk align --ranker FILE[/] when asked). Run it again after reviewing:
    suggest says when there are decisions it has not learnt. With --out the ranker is
    written there instead and the saved one is left alone.

    Example: [bold]govatlas crosswalk train[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with console.status("Training the ranker") as status, transaction(engine) as session:
        trained = train_ranker(session, progress=status.update)
    path = write_ranker(trained, out or saved_ranker_path())
    rows = [
        {
            "learnt from": t.key,
            "kind": "published" if t.published else "reviewed",
            "sources": t.sources,
            "pairs": t.pairs,
        }
        for t in trained.tables
    ]
    render_rows(console, rows, fmt, title="What the ranker learnt from")
    if fmt is OutputFormat.TABLE:
        weights = ", ".join(f"{k} {v:+.2f}" for k, v in trained.ranker.weights.items())
        console.print(f"Weights: {weights}; related from score {trained.ranker.related_score:.2f}")
        console.print(f"[green]Saved[/] the ranker ({trained.describe()}) to {escape(str(path))}")


EVAL_TABLE_COLUMNS = {
    "table": "table",
    "full text": "text",
    "pairs": "pairs",
    "recall@1": "R@1",
    "recall@5": "R@5",
    "recall@10": "R@10",
    "mrr": "MRR",
    "without memory recall@10": "no-memory R@10",
    "bm25 recall@10": "BM25 R@10",
    "chars recall@10": "chars R@10",
    "minilm recall@10": "MiniLM R@10",
    "e5 recall@10": "e5 R@10",
    "refit recall@10": "refit R@10",
    "new pair recall@10": "new-pair R@10",
    "20% reviewed recall@10": "R@10, 20% reviewed",
}


class ExportFormat(StrEnum):
    OSCAL = "oscal"
    CSV = "csv"
    OLIR = "olir"


@app.command("export")
def crosswalk_export(
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    kind: Annotated[
        ExportFormat, typer.Option("--as", help="oscal (JSON), csv, or olir (xlsx).")
    ] = ExportFormat.OSCAL,
    table: Annotated[str | None, typer.Option("--table", help="One imported table.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source instrument id.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Target instrument id.")] = None,
    suggestions: Annotated[
        bool, typer.Option("--include-suggestions", help="Also export unreviewed suggestions.")
    ] = False,
) -> None:
    """Export relationships as an OSCAL mapping collection, CSV or a NIST OLIR workbook.

    The OSCAL file is validated against the OSCAL 1.2 mapping model before it is written.

    Example: [bold]govatlas crosswalk export --table rmf-iso-42001 --as oscal --out map.json[/]
    """
    if table is not None:
        _check_keys([table])
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = export_rows(
            session, table_citation(table) if table else None, source, target, suggestions
        )
    title = f"govatlas crosswalk: {table or (source or 'all')} -> {target or 'all'}"
    writers = {
        ExportFormat.OSCAL: lambda: write_oscal(out, rows, title),
        ExportFormat.CSV: lambda: write_csv(out, rows),
        ExportFormat.OLIR: lambda: write_olir(out, rows, title),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    writers[kind]()
    new_console().print(
        f"[green]Wrote[/] {len(rows)} relationships to {escape(str(out))} ({kind.value})"
    )
