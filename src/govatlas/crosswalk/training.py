"""The trained ranker: fitted on every human crosswalk in the store, kept as a file.

``govatlas crosswalk train`` learns the fused ranker's weights
(``evaluate.fit_weights``) and the score from which a pair is called related
(``evaluate.related_threshold``) from the imported published tables and from
people's own judgements (``crosswalk.reviewed_tasks``), and writes them as a small
JSON file in the data folder (``saved_ranker_path``). ``crosswalk suggest``
ranks with it from then on; ``crosswalk align`` only when asked (``--ranker``),
so by default its output depends on the installed package alone.

The file records what the ranker learnt from and how many judgements the store
held, so a later run can tell that reviews have been made since
(``unlearnt_judgements``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import Embedder
from govatlas.config import models_dir
from govatlas.crosswalk.align import FEATURES, SHIPPED_RANKER, Ranker
from govatlas.crosswalk.evaluate import fit_weights, gold_tables, related_threshold, score_tables
from govatlas.crosswalk.published import CITATION_PREFIX
from govatlas.crosswalk.reviewed_tasks import judgement_count, reviewed_tables
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.crosswalk_rows import citations_starting

FORMAT = "govatlas-crosswalk-ranker"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LearntTable:
    """One task the ranker learnt from: a published table or a reviewed instrument pair."""

    key: str
    sources: int
    pairs: int
    published: bool


@dataclass(frozen=True)
class TrainedRanker:
    ranker: Ranker
    tables: tuple[LearntTable, ...]
    judgements: int  # people's decisions in the store when it was trained
    trained_at: str

    def pairs(self, published: bool) -> int:
        return sum(t.pairs for t in self.tables if t.published is published)

    def describe(self) -> str:
        published = [t for t in self.tables if t.published]
        return (
            f"trained {self.trained_at[:10]} on {len(published)} published tables "
            f"({self.pairs(True):,} pairs) and {self.pairs(False):,} reviewed pairs"
        )


def saved_ranker_path() -> Path:
    return models_dir() / "crosswalk" / "ranker.json"


def _published_citations(session: Session) -> list[str]:
    return citations_starting(session, CITATION_PREFIX)


def train_ranker(
    session: Session,
    embedder: Embedder | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> TrainedRanker:
    """Fit the ranker on every published table and every reviewed instrument pair."""
    tables = gold_tables(session, _published_citations(session)) + reviewed_tables(session)
    if not tables:
        raise NotFoundError(
            "no human crosswalks to learn from",
            "import the published ones (`govatlas crosswalk import`) or review suggestions",
        )
    scored = score_tables(tables, embedder, progress)
    weights = fit_weights(scored.features, scored.labels)
    return TrainedRanker(
        Ranker(weights, related_threshold(scored, weights)),
        tuple(LearntTable(t.key, len(t.sources), t.pairs, t.evaluated) for t in tables),
        judgement_count(session),
        datetime.now(UTC).isoformat(timespec="seconds"),
    )


def write_ranker(trained: TrainedRanker, path: Path) -> Path:
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "trained_at": trained.trained_at,
        "weights": dict(trained.ranker.weights),
        "related_score": trained.ranker.related_score,
        "judgements": trained.judgements,
        "learnt_from": [vars(t) for t in trained.tables],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def _number(document: dict[str, Any], key: str, path: Path) -> float:
    value = document.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(f"{path}: {key!r} is not a finite number", _REMEDY)
    return float(value)


_REMEDY = (
    "train it again (`govatlas crosswalk train`, with --out FILE for another path) or delete it"
)


def read_ranker(path: Path) -> TrainedRanker:
    """A ranker file, checked: the format, a finite weight for every feature, a threshold."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFoundError(
            f"no ranker file {path}", "train one: `govatlas crosswalk train`"
        ) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError(f"cannot read the ranker file {path}: {exc}", _REMEDY) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInputError(f"{path} is not a govatlas crosswalk ranker", _REMEDY)
    weights = document.get("weights")
    if not isinstance(weights, dict) or not weights or not set(weights) <= set(FEATURES):
        raise InvalidInputError(
            f"{path}: 'weights' must give features among {', '.join(FEATURES)}", _REMEDY
        )
    ranker = Ranker(
        # a feature added since the file was written weighs nothing in it
        {name: _number(weights, name, path) if name in weights else 0.0 for name in FEATURES},
        _number(document, "related_score", path),
    )
    try:
        tables = tuple(
            LearntTable(str(t["key"]), int(t["sources"]), int(t["pairs"]), bool(t["published"]))
            for t in document.get("learnt_from", [])
        )
        judgements = int(document.get("judgements", 0))
    except (TypeError, ValueError, KeyError) as exc:
        raise InvalidInputError(
            f"{path}: malformed 'learnt_from' or 'judgements'", _REMEDY
        ) from exc
    return TrainedRanker(ranker, tables, judgements, str(document.get("trained_at", "")))


def chosen_ranker(path: Path | None) -> tuple[Ranker, TrainedRanker | None]:
    """The ranker ``path`` holds; without a path the saved one, else the shipped one."""
    if path is not None:
        trained = read_ranker(path)
        return trained.ranker, trained
    saved = saved_ranker_path()
    if saved.is_file():
        trained = read_ranker(saved)
        return trained.ranker, trained
    return SHIPPED_RANKER, None


def unlearnt_judgements(session: Session, trained: TrainedRanker | None) -> int:
    """Decisions recorded since the ranker was trained (all of them for the shipped one)."""
    return max(judgement_count(session) - (trained.judgements if trained else 0), 0)
