"""AGORA document labelling: training on demand, evaluation against the dev gold,
and the ``label-docs`` contract (a CSV of 0/1 tags for a folder of texts).

The contract never reads labels for the documents it is asked to label: any
stored AGORA document with the same id (file stem) or the same text is left out
of training, and a saved model that saw one of them is not used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from govatlas.classify.agora.documents import (
    TAXONOMY,
    AgoraDocument,
    agora_documents,
    decision_count,
    split,
)
from govatlas.classify.agora.tfidf_model import ModelSettings, TfidfLinearModel, parent_map
from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.gold.label_agreement import Agreement, near_duplicate_agreement
from govatlas.classify.gold.metrics import Report, concept_row, evaluate, summary, write_report
from govatlas.classify.gold.passages import LabelledPassage
from govatlas.classify.measured.experimental import (
    EXPERIMENTAL_BELOW,
    ConceptQuality,
    load_quality,
    save_quality,
)
from govatlas.config import models_dir
from govatlas.errors import GovatlasError, InvalidInputError
from govatlas.ingest.formats import decode_text
from govatlas.spreadsheet_cells import csv_writer
from govatlas.store.models import content_hash
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies

MIN_DEV_POSITIVES = 5
# How many times a validated document counts in training. The documents to label
# (validated ones, held out) are shorter and more often defence provisions than the
# other annotated rows, so the rows most like them are weighted up. Measured by
# 5-fold cross-fitting on the dev gold (macro-F1 of the model as shipped): weight 1
# 0.586, 3 0.595, 6 0.600, 8 0.602, 10 0.596.
VALIDATED_WEIGHT = 6.0
Progress = Callable[[str], None]


def _fit(model: TfidfLinearModel, documents: list[AgoraDocument]) -> TfidfLinearModel:
    """Train on ``documents``, validated ones weighted up (``VALIDATED_WEIGHT``), each
    reviewed one teaching only the tags a person decided on."""
    weights = [VALIDATED_WEIGHT if d.tier == "validated" else 1.0 for d in documents]
    passages, hashes = [d.passage for d in documents], [d.text_hash for d in documents]
    return model.fit(passages, hashes, weights, [d.known for d in documents])


def model_dir() -> Path:
    return models_dir() / "agora"


def agora_tags() -> tuple[list[str], dict[str, str]]:
    """The 77 tag names in AGORA's column order, and each tag's parent tag or group."""
    concepts = load_taxonomies()["agora"].concepts
    tags = [c.id for c in concepts if ": " in c.id]
    return tags, parent_map({c.id: c.parent for c in concepts})


def agora_keywords() -> KeywordClassifier:
    """The keyword baseline over the 77 tags' names and alternative labels."""
    return KeywordClassifier([c for c in load_taxonomies()["agora"].concepts if ": " in c.id])


def new_agora_model(settings: ModelSettings | None = None) -> TfidfLinearModel:
    tags, parents = agora_tags()
    return TfidfLinearModel(tags, parents, settings or ModelSettings(), agora_keywords())


def train_model(
    engine: Engine,
    *,
    exclude_ids: set[str] | frozenset[str] = frozenset(),
    exclude_hashes: set[str] | frozenset[str] = frozenset(),
    include_dev: bool = True,
    settings: ModelSettings | None = None,
) -> TfidfLinearModel:
    """Train on the human-annotated AGORA rows in the store (dev too, unless told not to)."""
    with transaction(engine) as session:
        documents = agora_documents(session)
        decisions = decision_count(session)
    train, dev = split(documents)
    pool = train + (dev if include_dev else [])
    chosen = [
        d for d in pool if d.passage.id not in exclude_ids and d.text_hash not in exclude_hashes
    ]
    if not chosen:
        raise GovatlasError(
            "no human-annotated AGORA documents in the store to train on",
            "run `govatlas ingest --source agora` (or `govatlas build`) first",
        )
    model = _fit(new_agora_model(settings), chosen)
    model.decisions_learnt = decisions
    return model


def unlearnt_decisions(engine: Engine, model: TfidfLinearModel) -> int:
    """Review decisions on AGORA tags made since ``model`` was trained."""
    with transaction(engine) as session:
        return max(decision_count(session) - model.decisions_learnt, 0)


@dataclass(frozen=True)
class Evaluation:
    model: Report
    keyword: Report
    concepts: list[str]
    train_size: int
    dev_size: int
    model_version: str
    model_id: str
    agreement: Agreement
    shipped: Report | None = None
    cross_fit_folds: int = 0


def cross_fit(
    train: list[AgoraDocument],
    dev: list[AgoraDocument],
    folds: int,
    concepts: list[str],
    settings: ModelSettings | None = None,
    progress: Progress = lambda _: None,
) -> Report:
    """The quality of the model as shipped (trained on every annotated document,
    validated ones included) on validated documents it has not seen: the dev gold
    is cut into ``folds`` parts, and each part is labelled by a model trained on
    the train split plus the other parts."""
    parts = [dev[start::folds] for start in range(folds)]
    predicted: list[LabelledPassage] = []
    gold: list[LabelledPassage] = []
    for number, part in enumerate(parts, 1):
        progress(f"Cross-fitting: fold {number} of {folds}")
        rest = [d for other in parts if other is not part for d in other]
        model = _fit(new_agora_model(settings), train + rest)
        gold += [d.passage for d in part]
        predicted += model.predict([d.passage for d in part])
    return evaluate(gold, predicted, concepts)


def evaluate_agora(
    engine: Engine,
    settings: ModelSettings | None = None,
    cross_fit_folds: int = 0,
    progress: Progress = lambda _: None,
) -> Evaluation:
    """Train on the train split, score model and keyword baseline on the dev gold;
    with ``cross_fit_folds`` (2 or more), also estimate the model as shipped."""
    with transaction(engine) as session:
        documents = agora_documents(session)
    train, dev = split(documents)
    if not dev:
        raise GovatlasError("no validated AGORA documents in the store", "ingest AGORA first")
    if cross_fit_folds < 0 or cross_fit_folds == 1 or cross_fit_folds > len(dev):
        raise InvalidInputError(
            f"cannot cross-fit {len(dev)} dev documents in {cross_fit_folds} folds",
            "use 0 (no cross-fitting) or between 2 and the number of dev documents",
        )
    progress("Training on the train split and scoring the dev split")
    model = _fit(new_agora_model(settings), train)
    gold = [d.passage for d in dev]
    concepts = [t for t in model.concepts if sum(t in g.labels for g in gold) >= MIN_DEV_POSITIVES]
    keyword = agora_keywords()
    shipped = (
        cross_fit(train, dev, cross_fit_folds, concepts, settings, progress)
        if cross_fit_folds
        else None
    )
    return Evaluation(
        model=evaluate(gold, model.predict(gold), concepts),
        keyword=evaluate(gold, keyword.predict(gold), concepts),
        concepts=concepts,
        train_size=len(train),
        dev_size=len(dev),
        model_version=model.version,
        model_id=model.model_id,
        agreement=near_duplicate_agreement([d.passage for d in train + dev]),
        shipped=shipped,
        cross_fit_folds=cross_fit_folds,
    )


def save_agora_quality(evaluation: Evaluation) -> Path:
    """Keep each tag's dev F1 beside the models, so labels can be flagged experimental."""
    f1 = {
        c: (
            round(evaluation.model.per_concept[c].f1, 4)
            if c in evaluation.model.per_concept
            else None
        )
        for c in agora_tags()[0]
    }
    return save_quality(ConceptQuality(TAXONOMY, f1, evaluation.model_id), model_dir())


def agora_quality() -> ConceptQuality | None:
    """The saved dev F1 of the AGORA tags, or ``None`` before any evaluation."""
    return load_quality(model_dir())


def _report_json(evaluation: Evaluation) -> dict[str, object]:
    return {
        "taxonomy": "agora",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "split": {"train": "annotated, not validated", "dev": "validated (gold)"},
        "train_documents": evaluation.train_size,
        "dev_documents": evaluation.dev_size,
        "concepts_evaluated": len(evaluation.concepts),
        "min_dev_positives": MIN_DEV_POSITIVES,
        "model": {
            "id": evaluation.model_id,
            "version": evaluation.model_version,
            **summary(evaluation.model),
        },
        "keyword_baseline": summary(evaluation.keyword),
        "gold_agreement": evaluation.agreement.as_dict(),
        "shipped_model_cross_fit": (
            {"folds": evaluation.cross_fit_folds, **summary(evaluation.shipped)}
            if evaluation.shipped is not None
            else None
        ),
        "per_concept": {
            c: {
                **concept_row(evaluation.model, c),
                "keyword_f1": round(evaluation.keyword.per_concept[c].f1, 4),
                "experimental": evaluation.model.per_concept[c].f1 < EXPERIMENTAL_BELOW,
            }
            for c in evaluation.concepts
        },
    }


def _report_markdown(data: dict[str, object]) -> str:
    model = data["model"]
    keyword = data["keyword_baseline"]
    assert isinstance(model, dict) and isinstance(keyword, dict)
    lines = [
        "# AGORA tag classification: evaluation",
        "",
        f"Train: {data['train_documents']} annotated documents; dev: {data['dev_documents']} "
        f"validated documents; {data['concepts_evaluated']} tags with at least "
        f"{data['min_dev_positives']} dev positives. Intervals: 95% bootstrap over documents.",
        "",
        "| classifier | macro-F1 | 95% CI | micro-F1 | 95% CI |",
        "|---|---|---|---|---|",
    ]
    rows = [("tf-idf logistic regression + keywords", model), ("keyword baseline", keyword)]
    shipped = data["shipped_model_cross_fit"]
    if isinstance(shipped, dict):
        rows.insert(
            1, (f"the same as shipped (train + other dev folds, {shipped['folds']}-fold)", shipped)
        )
    for name, scores in rows:
        lines.append(
            f"| {name} | {scores['macro_f1']:.3f} | {scores['macro_f1_95ci'][0]:.3f}-"
            f"{scores['macro_f1_95ci'][1]:.3f} | {scores['micro_f1']:.3f} | "
            f"{scores['micro_f1_95ci'][0]:.3f}-{scores['micro_f1_95ci'][1]:.3f} |"
        )
    agreement = data["gold_agreement"]
    assert isinstance(agreement, dict)
    if agreement["near_identical_pairs"]:
        lines += [
            "",
            f"How consistent the human tags are: {agreement['near_identical_pairs']} pairs of "
            f"annotated documents with near-identical texts (tf-idf cosine at least "
            f"{agreement['similarity_threshold']}) share their tags with a mean Dice "
            f"(F1 of one tag set against the other) of {agreement['mean_tag_dice']:.2f}; "
            f"identical tag sets in {agreement['identical_tag_sets']}. No classifier can be "
            "expected to agree with the gold much more than the gold agrees with itself.",
        ]
    lines += [
        "",
        "| tag | support | P | R | F1 | 95% CI | keyword F1 | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    per_concept = data["per_concept"]
    assert isinstance(per_concept, dict)
    for tag, row in per_concept.items():
        flag = "experimental" if row["experimental"] else ""
        lines.append(
            f"| {tag} | {row['support']} | {row['precision']:.2f} | {row['recall']:.2f} | "
            f"{row['f1']:.2f} | {row['f1_95ci'][0]:.2f}-{row['f1_95ci'][1]:.2f} | "
            f"{row['keyword_f1']:.2f} | {flag} |"
        )
    return "\n".join(lines) + "\n"


def write_evaluation(evaluation: Evaluation, out_dir: Path) -> tuple[Path, Path]:
    data = _report_json(evaluation)
    return write_report(out_dir, "eval-agora", data, _report_markdown(data))


def _read_folder(folder: Path) -> list[LabelledPassage]:
    if not folder.is_dir():
        raise InvalidInputError(f"{folder} is not a folder", "give a folder of .txt files")
    passages = []
    for path in sorted(folder.glob("*.txt")):
        passages.append(LabelledPassage(path.stem, decode_text(path.name, path.read_bytes())))
    if not passages:
        raise InvalidInputError(f"{folder} has no .txt files", "give a folder of .txt files")
    return passages


def saved_models() -> list[Path]:
    """Saved AGORA models, newest first."""
    paths = model_dir().glob(f"{TfidfLinearModel.model_id}-*.pkl")
    return sorted(paths, key=lambda p: p.stat().st_mtime, reverse=True)


def latest_model() -> TfidfLinearModel | None:
    paths = saved_models()
    return TfidfLinearModel.load(paths[0]) if paths else None


def _usable_saved_model(ids: set[str], hashes: set[str]) -> TfidfLinearModel | None:
    for path in saved_models():
        model = TfidfLinearModel.load(path)
        if not (set(model.trained_on) & ids or model.trained_hashes & hashes):
            return model
    return None


def model_blind_to(
    engine: Engine, passages: list[LabelledPassage], progress: Progress = lambda _: None
) -> TfidfLinearModel:
    """A saved model that never saw these passages (by id or text), else a new one
    trained without them (and saved)."""
    ids = {p.id for p in passages}
    hashes = {content_hash(p.text) for p in passages}
    model = _usable_saved_model(ids, hashes)
    if model is None:
        progress("Training on the annotated AGORA documents in the store")
        model = train_model(engine, exclude_ids=ids, exclude_hashes=hashes)
        model.save(model_dir())
    return model


@dataclass(frozen=True)
class LabelledFolder:
    documents: int
    model: TfidfLinearModel  # the model that labelled them


def label_docs(
    engine: Engine, folder: Path, out: Path, progress: Progress = lambda _: None
) -> LabelledFolder:
    """Write ``out`` (id + one 0/1 column per AGORA tag) for every ``*.txt`` in ``folder``."""
    passages = _read_folder(folder)
    model = model_blind_to(engine, passages, progress)
    progress(f"Labelling {len(passages)} documents")
    predictions = model.predict(passages)
    tags, _ = agora_tags()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow(["id", *tags])
        for prediction in predictions:
            writer.writerow([prediction.id, *(int(t in prediction.labels) for t in tags)])
    return LabelledFolder(len(predictions), model)
