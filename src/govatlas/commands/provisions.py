"""``govatlas label-passages`` and ``govatlas gold``: the measured provision classifiers.

``label-passages`` labels passages given as a CSV with the classifiers shipped in
the package (no database). ``gold agreement`` publishes how far the two
independent annotation passes agree; ``gold train`` fits the classifiers on the
gold's train and dev splits (with ``--reviewed``, and on the store's reviewed
provision labels), measures them on its test split and writes the models
(package data) and their reports.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy import Engine

from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder, provision_embedder
from govatlas.classify.encoders.model_files import ENCODERS
from govatlas.classify.encoders.tuning import TuningSettings, tune_encoder
from govatlas.classify.gold.pass_agreement import (
    agreement_report,
    silver_agreement_report,
    write_agreement,
    write_silver_agreement,
)
from govatlas.classify.gold.project_gold import GOLD_FOLDER, SILVER, GoldPassage, read_gold
from govatlas.classify.labelling_runs import label_with_provision_classifiers
from govatlas.classify.measured.shipped import (
    MIN_TEST_PREDICTED,
    MODELS_FOLDER,
    PRECISION_FLOOR,
)
from govatlas.classify.provisions.labelling import (
    MULTILINGUAL_FOLDER,
    PROVISION_TAXONOMIES,
    label_passages_csv,
)
from govatlas.classify.provisions.model import save_model
from govatlas.classify.provisions.reviewed import (
    ReviewedPassage,
    decisions_on,
    reviewed_passages,
)
from govatlas.classify.provisions.training import gold_vectors, train_taxonomy
from govatlas.commands.common import new_console, new_typer, open_engine
from govatlas.commands.run_events import ConsoleEvents
from govatlas.config import load_settings
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.interrupts import Stop
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies
from govatlas.taxonomy.schema import TaxonomyFile

app = new_typer("Label passages with the measured provision classifiers.")
gold_app = new_typer(
    "The project's gold set: agreement between annotators, training and measuring the "
    "provision classifiers."
)
PACKAGE_MODELS = Path(__file__).parents[1] / "classify" / MODELS_FOLDER


def _taxonomy(value: str) -> str:
    if value not in PROVISION_TAXONOMIES:
        raise InvalidInputError(
            f"no provision classifier for {value!r}",
            f"choose one of {', '.join(PROVISION_TAXONOMIES)}",
        )
    return value


@app.command("label-passages")
def label_passages_command(
    source: Annotated[Path, typer.Argument(help="CSV with columns id,text (one passage each).")],
    out: Annotated[
        Path, typer.Option("--out", help="CSV to write: id, then one 0/1 column per concept.")
    ],
    taxonomy: Annotated[
        str,
        typer.Option("--taxonomy", help=f"One of {', '.join(PROVISION_TAXONOMIES)}."),
    ] = "fli-blocks",
) -> None:
    """Label each passage (a paragraph of a law, a point of a strategy) with the concepts
    of a taxonomy, at the thresholds the product itself uses.

    The output has `id`, then one column per concept id exactly as `govatlas taxonomy
    show TAXONOMY` lists them, each 0 or 1. Only the classifiers shipped in the package
    are used: no database, nothing downloaded. A parent concept (OECD's "1" and "2") is 1
    when one of its children is. See `govatlas gold` for how the classifiers are measured.

    Example: [bold]govatlas label-passages --taxonomy fli-risks passages.csv --out risks.csv[/]
    """
    chosen = _taxonomy(taxonomy)
    console = new_console()
    with console.status(f"Labelling passages with the {chosen} classifier"):
        count = label_passages_csv(chosen, source, out, provision_embedder())
    console.print(f"Labelled {count} passage(s) with {chosen}: {out}", highlight=False)


def _gold_folder(folder: Path | None) -> Path:
    found = folder or Path(GOLD_FOLDER)
    if not any(found.glob("passages-*.jsonl")):
        raise NotFoundError(
            f"no gold set in {found}", "run from the repository root or give --gold eval/gold"
        )
    return found


def _gold_passages(gold: Path | None, silver: bool = False) -> list[GoldPassage]:
    """The gold's passages with their texts, read from the mirror; with ``silver``, the
    silver passages beside the gold folder (``silver/``) too, when there are any."""
    mirror = load_settings().mirror_dir
    if mirror is None or not mirror.is_dir():
        raise NotFoundError("the gold's texts are read from the mirror", "set GOVATLAS_MIRROR")
    folder = _gold_folder(gold)
    passages = read_gold(folder, mirror)
    silver_folder = folder.parent / SILVER
    if silver and (silver_folder / "labels.jsonl").is_file():
        extra = read_gold(silver_folder, mirror)
        train = {g.instrument for g in passages if g.split == "train"}
        strays = sorted({g.instrument for g in extra if g.instrument not in train})
        if strays or any(g.split != SILVER for g in extra):
            raise InvalidInputError(
                f"{silver_folder}: silver passages must be of the gold's train instruments "
                f"and split {SILVER!r}" + (f" (not: {', '.join(strays[:3])})" if strays else ""),
                "silver never comes from an instrument that dev or test measures on",
            )
        passages += extra
    return passages


GoldOption = Annotated[
    Path | None, typer.Option("--gold", help="Folder of the gold set (default: eval/gold).")
]


@gold_app.command("agreement")
def agreement_command(gold: GoldOption = None) -> None:
    """Cohen's kappa per concept between the two independent annotation passes, and how far
    each pass agrees with the adjudicated gold; writes agreement.json and agreement.md.
    When the silver passages beside the gold (silver/) have a second pass on a sample
    (silver/passes/second.jsonl), their agreement is written to silver/ the same way.

    Example: [bold]govatlas gold agreement[/]
    """
    folder = _gold_folder(gold)
    report = agreement_report(folder)
    paths = write_agreement(report, folder)
    console = new_console()
    console.print(
        f"{report['passages']} passages, {len(report['concepts'])} concepts; median kappa "
        f"{report['median_kappa']:.2f}: {', '.join(str(p) for p in paths)}",
        highlight=False,
    )
    silver = folder.parent / SILVER
    if (silver / "passes" / "second.jsonl").is_file():
        found = silver_agreement_report(silver, folder)
        paths = write_silver_agreement(found, silver)
        median = found["median_kappa"]
        console.print(
            f"silver: {found['passages']} of {found['silver_passages']} passages labelled "
            f"twice; median kappa {'n/a' if median is None else f'{median:.2f}'}: "
            f"{', '.join(str(p) for p in paths)}",
            highlight=False,
        )


def _summary(report: dict[str, Any]) -> tuple[int, int, int]:
    measured = [
        c for c in report["concepts"].values() if (c.get("test") or {}).get("positives", 0) >= 10
    ]
    floor = [
        c
        for c in measured
        if (c["test"].get("precision") or 0) >= PRECISION_FLOOR
        and (c["test"].get("predicted") or 0) >= MIN_TEST_PREDICTED
    ]
    return len(report["concepts"]), len(measured), len(floor)


@gold_app.command("encoder")
def encoder_command(
    gold: GoldOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write to (default: the package's own encoders)."),
    ] = None,
    epochs: Annotated[
        float, typer.Option("--epochs", min=0.01, help="Passes over train and dev.")
    ] = TuningSettings.epochs,
) -> None:
    """Fine-tune MiniLM on the gold's train and dev labels (every concept of every taxonomy
    with 5+ positives) and write it as an int8 ONNX encoder with its card; the English
    provision classifiers are then trained on it by `govatlas gold train`. None ships:
    classifiers built on it did not score better on test (docs/gold-encoder.md). The test split
    is never read. Needs the train extra (torch on the CPU, transformers, onnx) and the
    mirror; about 20 minutes on two cores. Running the result needs only onnxruntime.

    Example: [bold]govatlas gold encoder --epochs 3[/]
    """
    passages = _gold_passages(gold)
    console = new_console()
    target = out or ENCODERS
    with console.status("Fine-tuning the encoder") as status:
        card = tune_encoder(passages, target, TuningSettings(epochs=epochs), status.update)
    console.print(
        f"{card['model_id']}: fine-tuned on {card['trained_on']['passages']} passages "
        f"({card['trained_on']['concepts']} concepts, {card['trained_on']['steps']} steps); "
        f"int8 cosine to float {card['int8_cosine_to_float']}; written to {target}. "
        "Next: govatlas gold train",
        highlight=False,
    )


@gold_app.command("train")
def train_command(
    taxonomy: Annotated[
        list[str] | None,
        typer.Option("--taxonomy", help="Only these taxonomies (repeatable); default: all six."),
    ] = None,
    gold: GoldOption = None,
    models: Annotated[
        Path | None,
        typer.Option("--models", help="Where to write the models (default: the package's own)."),
    ] = None,
    reports: Annotated[
        Path, typer.Option("--reports", help="Where to write the evaluation reports.")
    ] = Path("eval/reports"),
    reviewed: Annotated[
        bool,
        typer.Option(
            "--reviewed",
            help="Also learn from the provision labels people accepted or rejected in the "
            "database (GOVATLAS_DB): each is an example of its concept only, positive or "
            "negative; provisions of the gold's test instruments are left out.",
        ),
    ] = False,
    silver: Annotated[
        bool,
        typer.Option(
            "--silver/--no-silver",
            help="Also fit on the silver passages beside the gold (eval/silver: other "
            "passages of the train instruments, labelled in one pass); they never choose "
            "a calibration or a threshold, and are never measured.",
        ),
    ] = True,
    multilingual: Annotated[
        bool,
        typer.Option(
            "--multilingual",
            help="Train the multilingual readings instead (multilingual-e5-small and the "
            "structural markers only), which label texts in languages the gold does not "
            "hold; written to multilingual/ beside the English models, reports "
            "provision-<taxonomy>-multilingual.*.",
        ),
    ] = False,
) -> None:
    """Fit the provision classifiers on the gold's train and dev splits and measure them on
    its test split (per concept: precision, recall, F1 with 95% bootstrap intervals, beside
    the zero-shot matcher and the keyword baseline). Needs the mirror for the texts.

    With --reviewed, reviewed provision labels (`govatlas review`, /reviews/labels) join
    the fit: an accepted label is a positive example of its concept, a rejected one a
    negative, and the provision counts neither way for the taxonomy's other concepts.
    The test split still measures the model on instruments no fit saw.

    Silver passages (eval/silver, on by default; --no-silver leaves them out) are other
    passages of the gold's train instruments labelled in one pass from the same
    guidelines: they join the fits, while calibration and thresholds are chosen on the
    adjudicated gold alone (python -m benchmarks.silver_value measures what they buy).

    The English classifiers read passages through MiniLM, or through a gold-tuned
    encoder once `govatlas gold encoder` has written one (none ships: it did not
    help on test, docs/gold-encoder.md).

    With --multilingual, the readings for texts in other languages are trained the same
    way on multilingual-e5-small embeddings (about 5 minutes to embed the gold); they are
    measured on the English test split, and `python -m benchmarks.cross_lingual` measures
    how far their labels carry to a Chinese text.

    Example: [bold]govatlas gold train --taxonomy fli-blocks --reviewed[/]
    """
    chosen = [_taxonomy(t) for t in (taxonomy or PROVISION_TAXONOMIES)]
    passages = _gold_passages(gold, silver)
    taxonomies = load_taxonomies()
    console = new_console()
    if found := sum(p.split == SILVER for p in passages):
        console.print(
            f"{found} silver passage(s) join the fits (not calibration, thresholds or "
            "figures; --no-silver leaves them out)",
            highlight=False,
        )
    extra = _reviewed(console, passages, [taxonomies[n] for n in chosen]) if reviewed else []
    embedder = get_embedder(EmbeddingModel.E5_SMALL) if multilingual else provision_embedder()
    target = (models or PACKAGE_MODELS) / (MULTILINGUAL_FOLDER if multilingual else "")
    suffix = "-multilingual" if multilingual else ""
    reports.mkdir(parents=True, exist_ok=True)
    with console.status(f"Embedding {len(passages) + len(extra)} passages"):
        vectors = gold_vectors([*passages, *(r.passage for r in extra)], embedder)
    for name in chosen:
        mine = [r for r in extra if decisions_on([r], name)]
        with console.status(f"Training {name}") as status:
            result = train_taxonomy(
                passages,
                taxonomies[name],
                taxonomies,
                embedder,
                status.update,
                vectors,
                mine,
                multilingual=multilingual,
            )
        save_model(result.model, target / f"{name}.json")
        (reports / f"provision-{name}{suffix}.json").write_text(
            json.dumps(result.report, indent=2) + "\n", encoding="utf-8"
        )
        (reports / f"provision-{name}{suffix}.md").write_text(
            _markdown(result.report), encoding="utf-8"
        )
        concepts, measured, floor = _summary(result.report)
        console.print(
            f"{name}: {concepts} concepts, {measured} with 10+ test positives, {floor} of them "
            f"at precision {PRECISION_FLOOR} or more; model {target / f'{name}.json'}",
            highlight=False,
        )


def _reviewed(
    console: Console, gold: Sequence[GoldPassage], taxonomies: Sequence[TaxonomyFile]
) -> list[ReviewedPassage]:
    """The store's reviewed provision labels on these taxonomies, as training passages
    (none from the gold's test instruments)."""
    engine = open_engine()
    require_current(engine)
    test = {g.instrument for g in gold if g.split == "test"}
    with transaction(engine) as session:
        found = reviewed_passages(session, taxonomies, leave_out=test)
    counts = ", ".join(f"{t.id} {decisions_on(found, t.id)}" for t in taxonomies)
    console.print(
        f"{len(found)} reviewed provision(s) join training (decisions: {counts})",
        highlight=False,
    )
    return found


def _figure(block: dict[str, Any] | None, key: str) -> str:
    if not block or block.get(key) is None:
        return "–"
    ci = block.get(f"{key}_ci")
    return f"{block[key]:.2f}" + (f" [{ci[0]:.2f}–{ci[1]:.2f}]" if ci else "")


def _markdown(report: dict[str, Any]) -> str:
    lines: Sequence[str] = [
        f"# Provision classifier: {report['taxonomy']}"
        + (
            f" (multilingual reading, {report.get('embedding_model')}: for texts in other "
            "languages; measured here on the English gold)"
            if report.get("reading") == "multilingual"
            else ""
        ),
        "",
        f"Fitted on {report['passages']['train+dev']} gold passages (train + dev)"
        + (
            f" and {report['passages']['silver']} silver passages (one annotation pass, train "
            "instruments only; they never choose a calibration or a threshold)"
            if report["passages"].get("silver")
            else ""
        )
        + f", measured on {report['passages']['test']} test passages of instruments no fold "
        "saw. Figures are precision, recall and F1 with 95% bootstrap intervals.",
        "",
        "| concept | test positives | precision | recall | F1 | zero-shot F1 | keyword F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = list(lines)
    for concept, entry in report["concepts"].items():
        test = entry.get("test") or {}
        rows.append(
            f"| {concept} | {test.get('positives', 0)} | {_figure(test, 'precision')} | "
            f"{_figure(test, 'recall')} | {_figure(test, 'f1')} | "
            f"{_figure(entry.get('zero_shot'), 'f1')} | {_figure(entry.get('keyword'), 'f1')} |"
        )
    gate = report["gate"]["test"]
    rows += [
        "",
        f"Operative gate (passage kind is operative or definition) on test: precision "
        f"{_figure(gate, 'precision')}, recall {_figure(gate, 'recall')}.",
        "",
    ]
    words = report.get("features", {}).get("words", {})
    if "mean_average_precision_with_words" in words:
        rows += [
            f"Words (tf-idf over {words['lexicon_terms']} terms) stacked with the dense "
            f"reading: mean out-of-fold average precision on train and dev "
            f"{words['mean_average_precision_with_words']:.3f}, against "
            f"{words['mean_average_precision_dense']:.3f} for the dense reading alone.",
            "",
        ]
    return "\n".join(rows)


def label_provisions(
    console: Console,
    engine: Engine,
    taxonomies: Sequence[str] = PROVISION_TAXONOMIES,
    instruments: Sequence[str] | None = None,
    stop: Stop | None = None,
) -> int:
    """Label the reading versions of the instruments (default: those not read yet by the
    current models) with the shipped provision classifiers, on the terminal
    (``classify.labelling_runs.label_with_provision_classifiers``)."""
    events = ConsoleEvents(console)
    return label_with_provision_classifiers(engine, events, taxonomies, instruments, stop).labels
