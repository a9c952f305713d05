"""``govatlas eval``, ``govatlas train`` and ``govatlas label-docs``: supervised
labelling of documents with taxonomy concepts, and an honest evaluation of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import TaskID
from sqlalchemy import Engine

from govatlas.analytics.cell_explanation import explain_cell
from govatlas.classify.agora.documents import TAXONOMY
from govatlas.classify.agora.gold_eval import evaluate_gold, write_gold_evaluation
from govatlas.classify.agora.tasks import (
    evaluate_agora,
    label_docs,
    latest_model,
    model_dir,
    save_agora_quality,
    train_model,
    unlearnt_decisions,
    write_evaluation,
)
from govatlas.classify.agora.tfidf_model import TfidfLinearModel
from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder
from govatlas.classify.encoders.vectors import embed_provisions
from govatlas.classify.gold.metrics import Report
from govatlas.classify.labelling_runs import (
    counted_sources,
    label_agora_instruments,
    label_with_matcher,
)
from govatlas.classify.labels.instrument_labels import (
    explain,
    review,
)
from govatlas.classify.labels.queue import apply_sheet, label_queue, sheet_rows
from govatlas.classify.measured.experimental import (
    EXPERIMENTAL_BELOW,
    label_note,
    saved_qualities,
)
from govatlas.classify.provisions.labelling import PROVISION_TAXONOMIES, shipped_models
from govatlas.classify.risks.evaluation import MATCHER, evaluate_risk_labelling, save_risk_quality
from govatlas.classify.risks.gold import TAXONOMY as RISK_TAXONOMY
from govatlas.classify.risks.model import (
    model_folder,
    train_risk_model,
)
from govatlas.commands.common import (
    LIST_LIMIT,
    ApplySheetOption,
    EmbeddingModelOption,
    FormatOption,
    ReviewLimitOption,
    SeenVersionOption,
    announce_vector_index,
    new_console,
    open_engine,
    with_names,
)
from govatlas.commands.ingest import progress_bars
from govatlas.commands.provisions import label_provisions
from govatlas.commands.review_options import (
    AcceptOrReject,
    LegacyAcceptOption,
    ReviewerOption,
    decision_of,
)
from govatlas.commands.run_events import ConsoleEvents
from govatlas.config import models_dir
from govatlas.errors import InvalidInputError
from govatlas.review_sheets import CELL_CHARS, SHEET_LIMIT, apply_file, summary, write_sheet
from govatlas.store.decisions import Reviewer
from govatlas.store.instruments import get_instrument, instrument_names
from govatlas.store.migrate import require_current
from govatlas.store.models import Concept
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import QueueOrder, ReviewChannel

app = typer.Typer()
SUPPORTED = ("agora",)
TaxonomyOption = Annotated[
    str,
    typer.Option(
        "--taxonomy",
        help="Taxonomy whose concepts to predict: agora (trained model); mit-risk (units "
        "found by zero-shot matching, named by a model trained on texts people coded; "
        "label, train and eval); fli-blocks, fli-risks, fli-benefits, oecd, un (zero-shot, "
        "`govatlas label` only).",
    ),
]


def _supported(taxonomy: str, also: tuple[str, ...] = ()) -> None:
    if taxonomy not in SUPPORTED + also:
        raise InvalidInputError(
            f"supervised labelling is not available for {taxonomy!r} yet",
            f"supported: {', '.join(SUPPORTED + also)}",
        )


@app.command("eval")
def eval_command(
    taxonomy: TaxonomyOption = "agora",
    out: Annotated[Path, typer.Option(help="Folder for the JSON and Markdown reports.")] = Path(
        "reports"
    ),
    cross_fit: Annotated[
        int,
        typer.Option(
            "--cross-fit",
            metavar="FOLDS",
            min=0,
            help="Also estimate the model as shipped (trained on validated documents too) by "
            "cross-fitting over the dev gold in FOLDS folds (0: skip; 5 takes about 2 minutes).",
        ),
    ] = 0,
    gold: Annotated[
        Path | None,
        typer.Option(
            help="Your own gold: a JSON Lines file of labelled passages, one per line: "
            '{"id": ..., "text": ..., "labels": [...], "spans": [{"concept", "start", "end"}]} '
            "(spans optional). Scored instead of the AGORA dev split.",
        ),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option(
            help="With --gold: predictions in the same format to score (any taxonomy's "
            "labels); without it the AGORA model labels the gold texts.",
        ),
    ] = None,
    min_positives: Annotated[
        int, typer.Option(min=1, help="With --gold: score concepts with this many gold passages.")
    ] = 1,
) -> None:
    """Evaluate the classifiers on the fixed dev split (validated AGORA rows), with the
    keyword baseline beside the model and 95% bootstrap intervals; writes JSON and Markdown.

    With --gold, score passages (provisions or documents) labelled by people instead:
    per concept precision, recall and F1 with intervals, and the overlap of evidence
    spans where both files have them.

    With --taxonomy mit-risk, score the labelling behind `govatlas label --taxonomy
    mit-risk` (its model by 5-fold cross-fitting, with the zero-shot matcher alone and the
    keyword baseline beside it) on the texts people coded with the MIT risk domains (the
    MIT repository's coded risks and AIID's MIT-classified incidents, once ingested).

    Example: [bold]govatlas eval --taxonomy agora --cross-fit 5 --out reports/[/]
    """
    _supported(taxonomy, also=(RISK_TAXONOMY,))
    engine = open_engine()
    require_current(engine)
    console = new_console()
    if taxonomy == RISK_TAXONOMY and gold is None:
        _eval_risk(console, engine, out)
        return
    if gold is not None:
        _eval_gold(console, engine, gold, predictions, min_positives, out)
        return
    if predictions is not None:
        raise InvalidInputError("--predictions needs --gold", "give the gold file they answer")
    with console.status("Evaluating") as status:
        evaluation = evaluate_agora(engine, cross_fit_folds=cross_fit, progress=status.update)
    json_path, md_path = write_evaluation(evaluation, out)
    save_agora_quality(evaluation)
    console.print(
        f"model macro-F1 {evaluation.model.macro_f1:.3f} "
        f"({evaluation.model.macro_interval.low:.3f}-{evaluation.model.macro_interval.high:.3f}), "
        f"micro-F1 {evaluation.model.micro_f1:.3f}; keyword baseline macro-F1 "
        f"{evaluation.keyword.macro_f1:.3f}, micro-F1 {evaluation.keyword.micro_f1:.3f} "
        f"over {len(evaluation.concepts)} tags; reports: {escape(str(json_path))}, "
        f"{escape(str(md_path))}"
    )
    if evaluation.shipped is not None:
        console.print(
            f"model as shipped ({cross_fit}-fold cross-fit over the dev gold): macro-F1 "
            f"{evaluation.shipped.macro_f1:.3f}, micro-F1 {evaluation.shipped.micro_f1:.3f}"
        )
    agreement = evaluation.agreement
    if agreement.pairs:
        console.print(
            f"gold consistency: {agreement.pairs} pairs of near-identical annotated texts agree on "
            f"their tags with mean Dice {agreement.mean_dice:.2f} (a ceiling for any model)"
        )


def _eval_risk(console: Console, engine: Engine, out: Path) -> None:
    with console.status("Evaluating") as status:
        evaluation = evaluate_risk_labelling(engine, status.update)
    for source in evaluation.sources:
        json_path, md_path = write_gold_evaluation(source, out)
        console.print(
            f"{source.gold_file}: {source.passages} coded texts, {len(source.concepts)} "
            f"concepts: labeller {_macro_micro(source.report)}; {MATCHER} alone "
            f"{_macro_micro(source.baselines[MATCHER])}; keyword baseline "
            f"{_macro_micro(source.keyword)}; reports: {escape(str(json_path))}, "
            f"{escape(str(md_path))}",
            highlight=False,
        )
    path = save_risk_quality(evaluation)
    console.print(
        f"all coded texts: labeller {_macro_micro(evaluation.pooled)}; each concept's F1 saved "
        f"to {escape(str(path))} (labels on concepts under F1 {EXPERIMENTAL_BELOW} are shown as "
        "experimental)",
        highlight=False,
    )


def _macro_micro(report: Report | None) -> str:
    if report is None:
        return "-"
    interval = report.macro_interval
    return (
        f"macro-F1 {report.macro_f1:.3f} ({interval.low:.3f}-{interval.high:.3f}), "
        f"micro-F1 {report.micro_f1:.3f}"
    )


def _eval_gold(
    console: Console,
    engine: Engine,
    gold: Path,
    predictions: Path | None,
    min_positives: int,
    out: Path,
) -> None:
    with console.status("Evaluating") as status:
        evaluation = evaluate_gold(engine, gold, predictions, min_positives, status.update)
    json_path, md_path = write_gold_evaluation(evaluation, out)
    keyword = (
        ""
        if evaluation.keyword is None
        else f"; keyword baseline {_macro_micro(evaluation.keyword)}"
    )
    console.print(
        f"{evaluation.predicted_by} on {evaluation.passages} gold passages, "
        f"{len(evaluation.concepts)} concepts: {_macro_micro(evaluation.report)}{keyword}; "
        f"reports: {escape(str(json_path))}, {escape(str(md_path))}",
        highlight=False,
    )


@app.command("train")
def train_command(taxonomy: TaxonomyOption = "agora") -> None:
    """Train the document classifier on every human-annotated document in the store and save it.

    With --taxonomy mit-risk, train the model that names the MIT risk domain of a unit
    on the texts people coded (the MIT repository's risks, AIID's incidents).

    Example: [bold]govatlas train --taxonomy agora[/]
    """
    _supported(taxonomy, also=(RISK_TAXONOMY,))
    engine = open_engine()
    require_current(engine)
    console = new_console()
    if taxonomy == RISK_TAXONOMY:
        with console.status("Training") as status:
            risk = train_risk_model(engine, get_embedder(), status.update)
            saved = risk.save(model_folder())
        console.print(
            f"Trained {risk.model_id} {risk.version} on {risk.trained_on} coded texts "
            f"({counted_sources(risk.sources)}): {saved}",
            highlight=False,
        )
        return
    with console.status("Training"):
        model = train_model(engine)
        path = model.save(model_dir())
    console.print(
        f"Trained {model.model_id} {model.version} on {len(model.trained_on)} documents "
        f"({model.decisions_learnt} review decisions included): {path}"
    )


@app.command("label-docs")
def label_docs_command(
    folder: Annotated[Path, typer.Argument(help="Folder of *.txt documents.")],
    out: Annotated[Path, typer.Option(help="CSV to write: id, then one 0/1 column per tag.")],
    taxonomy: TaxonomyOption = "agora",
) -> None:
    """Label every *.txt in a folder with the trained models (training on demand, never on
    the documents being labelled) and write a CSV: id, then one 0/1 column per tag.

    Example: [bold]govatlas label-docs --taxonomy agora texts/ --out labels.csv[/]
    """
    _supported(taxonomy)
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with console.status("Labelling") as status:
        labelled = label_docs(engine, folder, out, progress=status.update)
    console.print(f"Labelled {labelled.documents} documents: {escape(str(out))}")
    _warn_unlearnt(console, engine, labelled.model)


@app.command("embed")
def embed_command(
    model: EmbeddingModelOption = EmbeddingModel.MINILM,
    limit: Annotated[int | None, typer.Option(min=1, help="Embed at most this many texts.")] = None,
) -> None:
    """Compute and cache vectors for the provisions of each instrument's newest version
    (only texts not cached yet), for semantic and hybrid search.

    Example: [bold]govatlas embed[/]
    """
    engine = open_engine()
    require_current(engine)
    embedder = get_embedder(model)
    console = new_console()
    with progress_bars(console) as progress, transaction(engine) as session:
        task = progress.add_task(f"embed ({embedder.model_id})", total=None)

        def advance(done: int, total: int, task: TaskID = task) -> None:
            progress.update(task, completed=done, total=total)

        count = embed_provisions(session, embedder, advance, limit)
    console.print(f"Embedded {count} provision texts with {embedder.model_id}")
    announce_vector_index(console, engine, embedder.model_id, embedder.dimension)


@app.command("label")
def label_command(
    taxonomy: TaxonomyOption = "agora",
    instrument: Annotated[
        list[str] | None,
        typer.Option(help="Only these instruments (repeatable); default: all with text."),
    ] = None,
) -> None:
    """Label instruments; each label keeps the provisions that drove it.

    AGORA tags come from the trained model; the FLI building blocks, risks and benefits,
    the OECD principles, the UN themes and the technologies from the supervised provision
    classifiers shipped in the package (every provision read; measured on the project's
    gold, see `govatlas gold`). MIT risk domains:
    the matcher finds the units about a risk and a model trained on texts people coded
    names it (trained and measured on first use, about a minute). Earlier unreviewed
    machine labels on the taxonomy are replaced; reviewed ones are kept.

    Example: [bold]govatlas label --taxonomy fli-blocks --instrument eu-ai-act[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    events = ConsoleEvents(console)
    if taxonomy in PROVISION_TAXONOMIES and shipped_models([taxonomy]):
        label_provisions(console, engine, [taxonomy], instrument)
        return
    if taxonomy in ZERO_SHOT:
        label_with_matcher(engine, taxonomy, events, instrument)
        return
    _supported(taxonomy)
    label_agora_instruments(engine, events, instrument)
    model = latest_model()
    if model is not None:
        _warn_unlearnt(console, engine, model)


def _warn_unlearnt(console: Console, engine: Engine, model: TfidfLinearModel) -> None:
    unlearnt = unlearnt_decisions(engine, model)
    if unlearnt:
        console.print(
            f"[yellow]{unlearnt} review decision(s) made since this model was trained[/]: "
            "[bold]govatlas train[/] learns from them, then label again."
        )


@app.command("explain")
def explain_command(
    instrument: Annotated[str, typer.Argument(help="Instrument id, e.g. eu-ai-act.")],
    concept: Annotated[str, typer.Argument(help="Concept id, e.g. agora:harms-discrimination.")],
) -> None:
    """Why an instrument's coverage cell says what it says, and every label behind it.

    Prints the verdict coverage reaches for the instrument and the concept (covers,
    assessed and not found, not assessed, not counted) and what it rests on; then every
    label on the instrument or its provisions, on the concept or on a concept whose
    labels are evidence of it (narrower, or mapped as exact or narrower), each with who
    or what gave it, its score, its reviews, its evidence, and whether coverage counts it.

    Example: [bold]govatlas explain eu-ai-act fli-risks:bias[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        cell = explain_cell(session, instrument, concept)
        views = {view.id: view for view in explain(session, instrument, concept)}
        known = session.get(Concept, concept)
        taxonomy, name = (known.taxonomy_id, known.pref_label) if known else (None, concept)
    console = new_console()
    console.print(
        f"[bold]{escape(instrument)} × {escape(concept)}[/]: {cell.verdict} ({escape(cell.basis)})",
        highlight=False,
    )
    if not cell.labels:
        console.print(
            f"{escape(instrument)} has no {escape(concept)} label, on itself or its provisions"
        )
        return
    qualities = saved_qualities(models_dir())
    for traced in cell.labels:
        score = f"{traced.score:.2f}" if traced.score is not None else "-"
        where = f"provision {traced.provision}" if traced.provision else "instrument"
        via = f" via {escape(traced.concept)}" if traced.via else ""
        counted = "counts" if traced.counts else "does not count"
        console.print(
            f"[bold]label {traced.id}[/]: {where}{via}, {traced.method} "
            f"({traced.model or 'people'}), score {score}, {traced.review_status}; "
            f"{counted}: {escape(traced.reason)}",
            highlight=False,
        )
        view = views.get(traced.id)
        if view is not None:
            console.print(f"  provenance: {escape(view.provenance or '')}", highlight=False)
            for decided in view.decisions:
                console.print(f"  decision: {escape(decided)}", highlight=False)
            if view.decisions:
                console.print(f"  review version {view.review_version}")
        model_id = traced.model.split(" ", 1)[0] if traced.model else None
        note = label_note(qualities, taxonomy, name, model_id, traced.concept)
        if note and not traced.via:
            console.print(f"  [yellow]{note}[/]: check the evidence before relying on it")
        for item in traced.evidence:
            snippet = escape(" ".join(item.text.split())[:300])
            console.print(f"  {escape(item.path)} ({item.score or 0:.2f}): {snippet}")


@app.command("review")
def review_command(
    label_id: Annotated[
        int | None,
        typer.Argument(help="Label id (as the list or `govatlas explain` shows); omit to list."),
    ] = None,
    decision: Annotated[
        AcceptOrReject | None, typer.Option("--decision", help="accept or reject the label.")
    ] = None,
    by: ReviewerOption = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Why, recorded with the decision.")
    ] = None,
    taxonomy: Annotated[
        str | None, typer.Option("--taxonomy", help="List only labels of this taxonomy.")
    ] = None,
    instrument: Annotated[
        str | None, typer.Option("--instrument", help="List only labels on this instrument.")
    ] = None,
    limit: ReviewLimitOption = None,
    sheet: Annotated[
        Path | None,
        typer.Option(
            "--sheet",
            help="Write the labels waiting to this CSV, with their evidence and empty "
            "decision, reviewer and note columns to fill in.",
        ),
    ] = None,
    apply: ApplySheetOption = None,
    version: SeenVersionOption = None,
    order: Annotated[
        QueueOrder,
        typer.Option(
            "--order",
            help="uncertainty: the provision classifiers' labels whose probability is "
            "nearest the concept's threshold first (the decisions the model is least "
            "sure of), then the others by score; score: highest score first. Also the "
            "order of a --sheet.",
        ),
    ] = QueueOrder.UNCERTAINTY,
    fmt: FormatOption = OutputFormat.TABLE,
    legacy_accept: LegacyAcceptOption = None,
) -> None:
    """List the machine labels waiting for review, or accept or reject one; each decision
    is recorded with the reviewer, the time and the note (`govatlas explain` shows them).
    Deciding again on a reviewed label needs --version, the review version you saw.

    The queue holds labels on instruments and on provisions. By default the provision
    classifiers' labels come first, least certain first: |logit(probability) -
    logit(threshold)| smallest, the threshold being the concept's in the shipped model;
    `--order score` lists everything by score instead.

    Reviewed labels on AGORA tags are training data: the next `govatlas train` (or a
    `label-docs` run that trains) learns the tag, or its absence, from them; reviewed
    provision labels join the provision classifiers' training in `govatlas gold train
    --reviewed`. The web app's /reviews/labels page is the same queue.

    To review in a spreadsheet: [bold]--sheet todo.csv[/] writes the labels waiting (with
    --taxonomy and --instrument as filters); fill in decision (accept or reject), reviewer
    (or pass --by) and note; then [bold]--apply todo.csv[/]. Every row is checked first
    and problems are named by line; nothing is stored until the whole sheet is right.

    Example: [bold]govatlas review 42 --decision accept --by "A. Analyst"[/]
    """
    decision = decision_of(decision, legacy_accept)
    engine = open_engine()
    require_current(engine)
    console = new_console()
    if apply is not None:
        with transaction(engine) as session:
            done = apply_file(session, apply, ("accept", "reject"), None, by, apply_sheet)
        console.print(
            f"Applied {escape(str(apply))}: {summary(done)}; "
            "`govatlas train` learns from those on AGORA tags"
        )
        return
    if label_id is None:
        with transaction(engine) as session:
            if instrument is not None:
                get_instrument(session, instrument)
            if sheet is not None:
                chosen = label_queue(
                    session,
                    taxonomy,
                    instrument,
                    limit or SHEET_LIMIT,
                    excerpt_chars=CELL_CHARS,
                    order=order,
                )
                count = write_sheet(sheet, sheet_rows(chosen))
                console.print(
                    f"Wrote {count} labels to {escape(str(sheet))}; fill it in, then --apply it."
                )
                return
            waiting = label_queue(session, taxonomy, instrument, limit or LIST_LIMIT, order=order)
            rows = [
                {
                    "id": w.label.id,
                    "instrument": w.instrument_id,
                    "concept": w.label.concept_id,
                    "score": round(w.label.score, 3) if w.label.score is not None else None,
                    "threshold": round(w.threshold, 3) if w.threshold is not None else None,
                    "evidence": w.evidence_path or "",
                }
                for w in waiting
            ]
            names = {
                "instrument": instrument_names(session, {w.instrument_id for w in waiting}),
                "concept": {w.label.concept_id: w.concept_label for w in waiting},
            }
        render_rows(console, with_names(rows, names, fmt), fmt, title="Labels waiting for review")
        return
    if decision is None or not by:
        raise InvalidInputError(
            "a review needs a decision and a name", "add --decision accept|reject and --by NAME"
        )
    with transaction(engine) as session:
        who = Reviewer.named(session, by, ReviewChannel.CLI)
        accepted = decision is AcceptOrReject.ACCEPT
        label = review(session, label_id, accepted, who, note, version)
        status = label.review_status.value
        agora = label.concept_id.startswith(f"{TAXONOMY}:")
    hint = "; `govatlas train` learns from it" if agora else ""
    console.print(f"label {label_id}: {status}{hint}")


ZERO_SHOT = ("fli-blocks", "fli-risks", "fli-benefits", "oecd", "un", "mit-risk")
