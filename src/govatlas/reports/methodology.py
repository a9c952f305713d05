"""What a reader needs to judge a report: sources, classifier quality, known gaps.

Sources are the connectors that brought texts into the store, with how many
instruments and versions each brought, and the licence statement of the
mirror's ``SOURCE.md`` when the mirror is at hand. Classifier quality is the
evaluation ``govatlas eval`` runs (AGORA model on the validated dev split, with
the keyword baseline and 95% intervals), recomputed from the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.classify.agora.measured_once import measured_agora
from govatlas.classify.measured.shipped import shipped_quality
from govatlas.errors import GovatlasError
from govatlas.i18n import gettext
from govatlas.reports.annexes import Annex
from govatlas.sources.discovery import connectors
from govatlas.store.versions import text_counts_by_source

LICENCE_LINE = re.compile(r"\*\*licen[cs]e[^*]*\*\*\s*:?\s*(.+)", re.I)
LICENCE_HEADING = re.compile(r"^#+\s*licen[cs]e", re.I)


@dataclass(frozen=True)
class SourceRow:
    name: str
    description: str
    instruments: int
    versions: int
    licence: str


def licence_statement(source_md: Path) -> str:
    """The first licence statement of a SOURCE.md, or a pointer to the file."""
    if not source_md.is_file():
        return gettext("see the source's SOURCE.md")
    lines = source_md.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        found = LICENCE_LINE.search(line)
        if found:
            return _short(found.group(1))
        if LICENCE_HEADING.match(line):
            said = [f for f in lines[index + 1 :] if f.strip()]
            if said and not said[0].startswith("#"):
                # "X's page says:" introduces the statement: quote it, not the colon
                if said[0].rstrip().endswith(":") and len(said) > 1:
                    return _short(f"{said[0].strip()} {said[1].lstrip('> ').strip()}")
                return _short(said[0])
    mentions = [line for line in lines if re.search(r"licen[cs]e", line, re.I)]
    if mentions and not mentions[0].startswith("#"):  # a sentence that names the licence
        return _short(mentions[0])
    file = f"{source_md.parent.name}/SOURCE.md"
    return gettext("see %(file)s", file=file)


def _short(text: str) -> str:
    text = re.sub(r"[*`]|\[([^\]]*)\]\([^)]*\)", r"\1", text).strip()
    return text if len(text) <= 220 else text[:219] + "…"


def source_rows(session: Session, mirror: Path | None) -> list[SourceRow]:
    counts = text_counts_by_source(session)
    rows = []
    for name, connector in connectors().items():
        if name not in counts:
            continue
        instruments, versions = counts[name]
        licence = (
            licence_statement(mirror / connector.folder / "SOURCE.md")
            if mirror is not None
            else gettext("see the source's SOURCE.md")
        )
        rows.append(SourceRow(name, connector.description, instruments, versions, licence))
    return rows


def classifier_quality(engine: Engine) -> dict[str, Any]:
    """The AGORA evaluation (measured once per state of its inputs: ``measured_once``),
    or why it is not available."""
    try:
        evaluation = measured_agora(engine)
    except (GovatlasError, ValueError) as exc:
        return {"available": False, "reason": getattr(exc, "message", str(exc))}
    model = evaluation.model
    return {
        "available": True,
        "train": evaluation.train_size,
        "dev": evaluation.dev_size,
        "macro_f1": model.macro_f1,
        "macro_low": model.macro_interval.low,
        "macro_high": model.macro_interval.high,
        "keyword_macro_f1": evaluation.keyword.macro_f1,
        "concepts": [
            {
                "concept": concept,
                "support": model.per_concept[concept].support,
                "precision": model.per_concept[concept].precision,
                "recall": model.per_concept[concept].recall,
                "f1": model.per_concept[concept].f1,
                "low": model.concept_intervals[concept].low,
                "high": model.concept_intervals[concept].high,
                "keyword_f1": evaluation.keyword.per_concept[concept].f1,
            }
            for concept in sorted(evaluation.concepts)
        ],
    }


def agora_quality_annex(quality: dict[str, Any], letter: str) -> Annex:
    """The AGORA tag model per tag, beside the keyword baseline (the body gives the macro)."""
    return Annex(
        "agora-tags",
        letter,
        gettext("AGORA tag model per tag"),
        gettext(
            "The TF-IDF logistic-regression model for AGORA's tags, trained on %(train)s "
            "annotated documents and scored on %(dev)s validated ones, per tag: support, "
            "precision, recall, F1 with its 95%% bootstrap interval, and a keyword baseline's "
            "F1. AGORA tags are a regression check; coverage does not rest on them.",
            train=quality["train"],
            dev=quality["dev"],
        ),
        # the CSV's column names, also the HTML annex's headers: machine-readable, English
        ("Tag", "Support", "Precision", "Recall", "F1", "F1 low", "F1 high", "Keyword F1"),
        [
            (
                c["concept"],
                c["support"],
                round(c["precision"], 3),
                round(c["recall"], 3),
                round(c["f1"], 3),
                round(c["low"], 3),
                round(c["high"], 3),
                round(c["keyword_f1"], 3),
            )
            for c in quality["concepts"]
        ],
    )


def provision_figures(taxonomies: Sequence[str]) -> list[dict[str, object]]:
    """Each concept's measured precision and recall (test split) for the shipped provision
    classifiers, and whether it reaches the floor coverage needs."""
    rows: list[dict[str, object]] = []
    for taxonomy in taxonomies:
        for concept, measured in shipped_quality(taxonomy).items():
            rows.append(
                {
                    "taxonomy": taxonomy,
                    "concept": concept,
                    "positives": measured.test_positives,
                    "precision": measured.precision,
                    "recall": measured.recall,
                    "precision_ci": measured.precision_interval,
                    "recall_ci": measured.recall_interval,
                    "assessable": measured.assessable,
                }
            )
    return rows
